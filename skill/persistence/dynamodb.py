"""Episode store on DynamoDB through the low-level client, with versioned conditional writes.

Import this module only when DynamoDB is in use: botocore costs ~85 ms of import and a client
~50 ms to create (~25 ms with the leaner data loader below). It does not import boto3 (the client below is the one `boto3.client` returns,
made through botocore's session: boto3's own import adds ~10 ms and nothing used here), nor the
SDK's `ask_sdk_dynamodb.adapter`, which builds a boto3 *resource* as an import-time default
argument (~80 ms more). Items keep that adapter's layout, so tables it wrote still read, and
it can read ours:

    {"id": S user id, "attributes": M memory, "expires_at": N epoch seconds, "version": N}
"""
from __future__ import annotations

import gzip
import json
import math
import os
import threading
import time
from typing import TYPE_CHECKING, Callable

import botocore.session
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.loaders import JSONFileLoader, Loader

from . import (DEFAULT_TTL_SECONDS, TTL_ATTRIBUTE, CorruptRecordError, LastRead, expiry, last_read, request_epoch,
               request_id, user_key)
from .merge import merge

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

KEY = "id"  # the SDK adapter's default partition key name
ATTRIBUTES = "attributes"  # ... and attribute name
VERSION = "version"
# Alexa allows a skill 8 s per turn and ResilientAdapter retries within its own deadline,
# so each call fails fast and botocore does not retry on its own. The requests are built
# here from JSON data, so botocore's client-side parameter validation is skipped.
DEFAULT_CONFIG = Config(connect_timeout=0.5, read_timeout=1.0, retries={"total_max_attempts": 1},
                        parameter_validation=False)
CONFLICT_RETRIES = 5  # writes of the same user in the same instant: two devices at most

_session_lock = threading.Lock()
_session = None


class _PlainJSONFileLoader(JSONFileLoader):
    """botocore's bundled JSON as plain dicts. Its own loader builds an OrderedDict for every
    JSON object (~12 ms of a client's ~50 ms set-up); dicts keep their order anyway."""

    def load_file(self, file_path):
        for extension, opener in ((".json", open), (".json.gz", gzip.open)):
            try:
                with opener(file_path + extension, "rb") as stream:
                    return json.loads(stream.read())
            except FileNotFoundError:
                continue
        return None


class _LeanLoader(Loader):
    """botocore's data loader, listing the services it knows without opening each one."""

    def list_available_services(self, type_name):
        # Every directory on the search path is a service; botocore also checks each of ~400 for
        # a `type_name` file (~2,700 stat calls, ~12 ms). A service without one fails just the
        # same a moment later, when its model is loaded.
        return sorted({name for path in self.search_paths if os.path.isdir(path) for name in os.listdir(path)})


def botocore_session():
    """One botocore session per process: it caches the loaded service models for every client.
    Its data loader is the leaner one above (botocore's documented `data_loader` component):
    together they halve the client's creation time, which every cold start pays."""
    global _session
    with _session_lock:
        if _session is None:
            _session = botocore.session.get_session()
            paths = _session.get_config_variable("data_path") or ""
            _session.register_component("data_loader", _LeanLoader(
                extra_search_paths=[os.path.expanduser(p) for p in paths.split(os.pathsep) if p],
                file_loader=_PlainJSONFileLoader()))
        return _session


class DynamoDbStore(AbstractPersistenceAdapter):
    """`AbstractPersistenceAdapter` on one DynamoDB table: one GetItem per read, one PutItem per
    save, a conditional one: if the item's version moved since this request read it, another
    turn of the same user wrote in between, and the save merges (`merge.merge`) and tries again.

    The client is made once, with the adapter (once per process), and kept with its
    connection pool, so warm turns reuse an open connection. Expiry (`expires_at`) is
    honoured on read, because DynamoDB deletes expired items only eventually (often days later).
    """

    def __init__(self, table_name: str, client, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.table_name = table_name
        self.client = client
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self._local = threading.local()

    def _fetch(self, key: str, now: int) -> tuple[int | None, dict | None]:
        """(version, attributes as stored) of the user's item: {} if there is none or it has
        expired, None if it holds no map of attributes."""
        try:
            response = self.client.get_item(TableName=self.table_name, Key={KEY: {"S": key}},
                                            ConsistentRead=True)
        except Exception as error:
            raise PersistenceException(f"DynamoDB GetItem failed: {type(error).__name__}") from error
        item = response.get("Item")
        if item is None:
            return None, {}
        version = int(item[VERSION]["N"]) if VERSION in item else None
        expires_at = item.get(TTL_ATTRIBUTE, {}).get("N")
        if expires_at is not None and float(expires_at) <= now:
            return version, {}  # TTL will delete it; the next save overwrites it anyway
        return version, item.get(ATTRIBUTES, {}).get("M")

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        key = user_key(request_envelope)
        self._local.read = None
        version, stored = self._fetch(key, request_epoch(request_envelope, self.clock))
        attributes = _plain(stored)
        # Noted even for a corrupt item (as {}), so the save that replaces it knows its version.
        stored = stored if attributes is not None else {}
        self._local.read = LastRead(request_id(request_envelope), key, stored, stored, version)
        if attributes is None:
            raise CorruptRecordError("stored attributes are not a map of JSON values")
        return attributes

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        key = user_key(request_envelope)
        now = request_epoch(request_envelope, self.clock)
        ours = to_item(attributes)
        read = last_read(self._local, request_envelope, key)
        if read is None:  # no read this request (it failed): merge with what is stored
            version, theirs = self._fetch(key, now)
        else:
            version, theirs = read.version, None if read.unchanged else read.stored
        base = read.base if read else None
        for _ in range(CONFLICT_RETRIES + 1):
            written = ours if theirs is None else to_item(
                merge(from_item(base or {}), attributes, _plain(theirs) or {}))
            try:
                self._put(key, written, version, expiry(attributes, now, self.ttl_seconds))
            except ClientError as error:
                code = error.response.get("Error", {}).get("Code")
                if code != "ConditionalCheckFailedException":
                    raise PersistenceException(f"DynamoDB PutItem failed: {code}") from error
                version, theirs = self._fetch(key, now)  # another turn wrote since: merge with it
                continue
            except Exception as error:
                raise PersistenceException(f"DynamoDB PutItem failed: {type(error).__name__}") from error
            self._local.read = LastRead(request_id(request_envelope), key, written, ours, (version or 0) + 1)
            return
        raise PersistenceException("DynamoDB PutItem: the item kept changing under this write")

    def _put(self, key: str, attributes: dict, version: int | None, expires_at: int) -> None:
        condition = {"ConditionExpression": "#v = :v", "ExpressionAttributeValues": {":v": {"N": str(version)}}} \
            if version is not None else {"ConditionExpression": "attribute_not_exists(#v)"}
        self.client.put_item(
            TableName=self.table_name,
            Item={KEY: {"S": key}, ATTRIBUTES: {"M": attributes},
                  TTL_ATTRIBUTE: {"N": str(expires_at)}, VERSION: {"N": str((version or 0) + 1)}},
            ExpressionAttributeNames={"#v": VERSION}, **condition)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        try:
            self.client.delete_item(TableName=self.table_name, Key={KEY: {"S": user_key(request_envelope)}})
        except Exception as error:
            raise PersistenceException(f"DynamoDB DeleteItem failed: {type(error).__name__}") from error
        self._local.read = None


def _plain(stored: dict | None) -> dict | None:
    """Stored attributes as plain JSON data; None if they are missing or not JSON values."""
    if stored is None:
        return None
    try:
        return from_item(stored)
    except (TypeError, ValueError, AttributeError):
        return None


# DynamoDB's typed JSON for the JSON values the memory holds. Written here rather than taken
# from boto3.dynamodb.types, which imports boto3 (~10 ms) and reads numbers as Decimal, which
# would need converting back anyway.

def to_item(value) -> dict:
    """A JSON-like dict as a DynamoDB map's members; raises PersistenceException otherwise."""
    return {name: _to_attribute(member) for name, member in value.items()}


def _to_attribute(value) -> dict:
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int) or isinstance(value, float) and math.isfinite(value):
        return {"N": repr(value)}
    if value is None:
        return {"NULL": True}
    if isinstance(value, dict):
        return {"M": to_item(value)}
    if isinstance(value, (list, tuple)):
        return {"L": [_to_attribute(member) for member in value]}
    raise PersistenceException(f"attributes are not JSON-safe: {type(value).__name__}")


def from_item(members: dict) -> dict:
    """A DynamoDB map's members as plain JSON data: numbers as int when whole, else float
    (DynamoDB keeps numbers without trailing zeros, so 39.0 is stored, and read back, as 39)."""
    return {name: _from_attribute(member) for name, member in members.items()}


def _from_attribute(attribute: dict):
    (kind, value), = attribute.items()
    if kind == "S" or kind == "BOOL":
        return value
    if kind == "N":
        try:
            return int(value)
        except ValueError:
            number = float(value)
            return int(number) if number.is_integer() else number
    if kind == "NULL":
        return None
    if kind == "M":
        return from_item(value)
    if kind == "L":
        return [_from_attribute(member) for member in value]
    raise ValueError(f"unexpected DynamoDB type {kind}")


def dynamodb_adapter(table_name: str, *, endpoint_url: str | None = None, region: str | None = None,
                     config: Config = DEFAULT_CONFIG, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                     clock: Callable[[], float] = time.time) -> DynamoDbStore:
    """The store on an existing table (partition key "id", TTL attribute "expires_at")."""
    session = botocore_session()
    region = region or session.get_config_variable("region")
    if region is None:
        raise PersistenceException("no AWS region: set AWS_DEFAULT_REGION or pass region=")
    client = session.create_client("dynamodb", region_name=region, endpoint_url=endpoint_url, config=config)
    return DynamoDbStore(table_name, client, ttl_seconds=ttl_seconds, clock=clock)
