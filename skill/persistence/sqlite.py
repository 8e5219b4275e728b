"""Local episode store: one SQLite row per Alexa user, same key and expiry rules as DynamoDB."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_dynamodb.partition_keygen import user_id_partition_keygen

from . import DEFAULT_TTL_SECONDS, CorruptRecordError, expiry, request_epoch

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

_SCHEMA = """CREATE TABLE IF NOT EXISTS attributes (
    id TEXT PRIMARY KEY,
    attributes TEXT NOT NULL,
    expires_at INTEGER NOT NULL
)"""


class SQLitePersistenceAdapter(AbstractPersistenceAdapter):
    """`AbstractPersistenceAdapter` over a SQLite file, safe under a threaded web server.

    A kept connection per thread (see `_connection`). WAL lets readers run beside the single writer, every write is
    a single autocommit statement, and the busy timeout makes concurrent writers queue
    instead of failing with "database is locked".

    Expiry is counted from the request timestamp; `clock` (epoch seconds) is used only for a
    request without one. A read of an expired record deletes it and returns {}.
    """

    busy_timeout_seconds = 1.0  # inside Alexa's 8 s budget, beyond any single write

    def __init__(self, path: str | Path, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        # Held open, idle, for the adapter's life: otherwise each call's close is the last one,
        # which checkpoints and deletes the WAL (measured 10x slower, and longer lock holds).
        # Closed on collection or exit, from whichever thread that happens in.
        keepalive = sqlite3.connect(self.path, timeout=self.busy_timeout_seconds,
                                    isolation_level=None, check_same_thread=False)
        weakref.finalize(self, keepalive.close)
        keepalive.execute("PRAGMA synchronous=NORMAL")  # creating the file: no fsync per statement
        keepalive.execute("PRAGMA journal_mode=WAL")  # persistent: stored in the file
        keepalive.execute(_SCHEMA)
        self._local.conn = keepalive  # this thread's connection too: a second one costs ~0.2 ms

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread, kept for the thread's life: opening one costs ~70 µs,
        # far more than the query. Threads never share one.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # isolation_level=None: autocommit, so no implicit transaction is left open.
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout_seconds, isolation_level=None)
            # With WAL, NORMAL syncs at checkpoints rather than every commit: still safe against
            # a crashed process, and writers hold the lock for far less time (no fsync each).
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def _run(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as error:
            self._local.conn = None  # a broken connection is not reused
            raise PersistenceException(f"SQLite {type(error).__name__}") from error

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        key = user_id_partition_keygen(request_envelope)
        now = request_epoch(request_envelope, self.clock)
        rows = self._run("SELECT attributes, expires_at FROM attributes WHERE id = ?", (key,))
        if not rows:
            return {}
        text, expires_at = rows[0]
        if expires_at <= now:
            # Conditional, so a fresh save racing this read is never removed.
            self._run("DELETE FROM attributes WHERE id = ? AND expires_at <= ?", (key, now))
            return {}
        try:
            attributes = json.loads(text)
        except ValueError as error:
            raise CorruptRecordError("stored attributes are not JSON") from error
        if not isinstance(attributes, dict):
            raise CorruptRecordError("stored attributes are not an object")
        return attributes

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        key = user_id_partition_keygen(request_envelope)
        expires_at = expiry(attributes, request_epoch(request_envelope, self.clock), self.ttl_seconds)
        try:
            text = json.dumps(attributes, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as error:
            raise PersistenceException(f"attributes are not JSON-safe: {type(error).__name__}") from error
        self._run("INSERT OR REPLACE INTO attributes (id, attributes, expires_at) VALUES (?, ?, ?)",
                  (key, text, expires_at))

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._run("DELETE FROM attributes WHERE id = ?", (user_id_partition_keygen(request_envelope),))
