"""Episode memory: persistent attributes kept across sessions of the same Alexa user.

`adapter_from_env()` picks the store: DynamoDB when `MILKDUCT_TABLE` is set (AWS), else a
local SQLite file. Either way it comes wrapped in `ResilientAdapter`, so a storage fault
never crashes a turn. Backends are imported only when chosen: botocore costs ~85 ms of
import time and nothing of it is loaded on the local path; sqlite3 a few ms.

Shared rules for both backends:
- the key is the raw Alexa user id (as the SDK's `user_id_partition_keygen`); never log it;
- a save is read-modify-write: if another turn of the same user wrote since this turn read,
  both turns' changes are kept by `merge.merge` (red flags and answers united), through a
  conditional write on DynamoDB and a write transaction on SQLite;
- each record expires `ttl_seconds` after the request that last saved it, counted from the
  request timestamp (user activity), not the machine clock. A caller may set its own
  `expires_at` (epoch seconds) inside the attributes; the adapters honour it and never add
  one themselves (an adapter-written value would be read back and frozen on every save).
"""
from __future__ import annotations

import os
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from ask_sdk_core.exceptions import PersistenceException

from ..serializer import EARLIEST, LATEST

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

    from .resilient import ResilientAdapter

TTL_ATTRIBUTE = "expires_at"
DEFAULT_TTL_SECONDS = 30 * 24 * 3600
REPO_ROOT = Path(__file__).resolve().parents[2]
STORE_FILE = "milkduct.sqlite3"  # in the data directory


class CorruptRecordError(PersistenceException):
    """A stored record that cannot be read as an attributes dict; retrying will not help."""


class ReadOnlyStoreError(PersistenceException):
    """The store can be read but not written (`can_remember` is False); retrying will not help."""


def user_key(request_envelope: RequestEnvelope) -> str:
    """The record's key: the Alexa user id, as the SDK's `user_id_partition_keygen` gives it."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    if not isinstance(user_id, str):
        raise PersistenceException("no user id in the request envelope")
    return user_id


def request_id(request_envelope: RequestEnvelope) -> str | None:
    return getattr(getattr(request_envelope, "request", None), "request_id", None)


class LastRead:
    """What a request last read or wrote, kept per thread for its next save: the record as
    stored, and as the request's own memory began (`base`: the same, unless a save had to
    merge in another turn's changes). `version` is the DynamoDB item's."""

    __slots__ = ("request_id", "key", "stored", "base", "version")

    def __init__(self, request_id: str | None, key: str, stored, base, version: int | None = None) -> None:
        self.request_id, self.key, self.stored, self.base, self.version = request_id, key, stored, base, version

    @property
    def unchanged(self) -> bool:
        return self.stored == self.base


def last_read(local, request_envelope: RequestEnvelope, key: str) -> LastRead | None:
    """This request's `LastRead` from the thread-local `local`, if it has one for `key`."""
    read = getattr(local, "read", None)
    if read is None or read.key != key or read.request_id != request_id(request_envelope):
        return None
    return read


def request_epoch(request_envelope: RequestEnvelope, clock: Callable[[], float]) -> int:
    """The request's timestamp in epoch seconds; `clock()` only if the request has none (or one
    the serializer clamped: counted from it, a record would expire at once or not for ages)."""
    request = getattr(request_envelope, "request", None)
    moment = getattr(request, "timestamp", None)
    if moment is None:
        return int(clock())
    if moment.tzinfo is None:  # Alexa sends UTC ("...Z"); a naive value means the same
        moment = moment.replace(tzinfo=timezone.utc)
    if not EARLIEST < moment < LATEST:  # the serializer's mark for a missing or nonsense time
        return int(clock())
    return int(moment.timestamp())


def expiry(attributes: Mapping, now: int, ttl_seconds: int) -> int:
    """When a record saved now expires: the caller's `expires_at` if set, else now + ttl."""
    chosen = attributes.get(TTL_ATTRIBUTE)
    if isinstance(chosen, (int, float)) and not isinstance(chosen, bool):
        return int(chosen)
    return now + ttl_seconds


def adapter_from_env(environ: Mapping[str, str] = os.environ) -> ResilientAdapter:
    """The skill's persistence adapter, chosen by environment variables.

    MILKDUCT_TABLE: DynamoDB table name (optional DYNAMODB_ENDPOINT_URL, e.g. DynamoDB Local).
    Otherwise SQLite at $MILKDUCT_DATA_DIR/milkduct.sqlite3 (default <repo>/data).
    """
    from .resilient import ResilientAdapter

    table = environ.get("MILKDUCT_TABLE")
    if table:
        from .dynamodb import dynamodb_adapter

        return ResilientAdapter(dynamodb_adapter(
            table, endpoint_url=environ.get("DYNAMODB_ENDPOINT_URL") or None))
    from .sqlite import SQLitePersistenceAdapter

    data_dir = Path(environ.get("MILKDUCT_DATA_DIR") or REPO_ROOT / "data")
    return ResilientAdapter(SQLitePersistenceAdapter(data_dir / STORE_FILE))
