"""Local episode store: one SQLite row per Alexa user, same key and expiry rules as DynamoDB."""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import (DEFAULT_TTL_SECONDS, CorruptRecordError, LastRead, ReadOnlyStoreError, expiry, last_read, request_epoch,
               request_id, user_key)

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

log = logging.getLogger(__name__)

_SCHEMA = """CREATE TABLE IF NOT EXISTS attributes (
    id TEXT PRIMARY KEY,
    attributes TEXT NOT NULL,
    expires_at INTEGER NOT NULL
)"""
_SELECT = "SELECT attributes, expires_at FROM attributes WHERE id = ?"


class SQLitePersistenceAdapter(AbstractPersistenceAdapter):
    """`AbstractPersistenceAdapter` over a SQLite file, safe under a threaded web server.

    A kept connection per thread (see `_connection`). WAL lets readers run beside the single
    writer; this process's saves take turns on a lock (`_write_turn`), and the busy timeout
    makes writers in other processes wait instead of failing with "database is locked". A
    save is one write transaction (BEGIN IMMEDIATE): if the row changed since this request
    read it (another device of the same user), the two versions are merged (`merge.merge`)
    rather than the last writer winning.

    Start-up survives a bad file: one that is not a database is moved aside (logged with its
    new name) and a fresh store created, where a user without a record reads as a corrupt
    record (their history may be in the old file: the skill must not sound as if it knew); one that cannot be written leaves the adapter
    read-only (`can_remember` False: reads work, saves raise ReadOnlyStoreError at once); a
    file locked by another process is used as it is (calls wait for the lock, then fail).

    Expiry is counted from the request timestamp; `clock` (epoch seconds) is used only for a
    request without one. A read of an expired record deletes it and returns {}.
    """

    busy_timeout_seconds = 1.0  # inside Alexa's 8 s budget, beyond any single write

    def __init__(self, path: str | Path, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self.can_remember = True
        self.set_aside = False  # a corrupt file was moved aside: any user's history may be in it
        self._unprepared = False  # the file was locked at start-up: WAL and schema still to do
        self._local = threading.local()
        # This process's saves take turns here: a waiting thread sleeps until the one before it
        # is done and is woken then. Left to SQLite's busy handler, waiting writers poll with
        # sleeps growing to 100 ms, so newcomers overtake the longest waiter; on a loaded 2-core
        # box one waited over a second (the load test's 8 threads: 1.07 s, holds under 0.2 ms
        # at p99). The busy timeout still covers writers in other processes.
        self._write_turn = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            keepalive = self._prepare()
        except sqlite3.DatabaseError as error:
            if error.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
                raise
            self._set_aside()
            self.set_aside = True
            keepalive = self._prepare()
        # Held open, idle, for the adapter's life: otherwise each call's close is the last one,
        # which checkpoints and deletes the WAL (measured 10x slower, and longer lock holds).
        # Closed on collection or exit, from whichever thread that happens in.
        weakref.finalize(self, keepalive.close)
        self._local.conn = keepalive  # this thread's connection too: a second one costs ~0.2 ms
        if self.can_remember and not os.access(self.path, os.W_OK):
            self._read_only("file not writable")

    def _prepare(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_seconds,
                               isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")  # creating the file: no fsync per statement
            conn.execute("PRAGMA journal_mode=WAL")  # persistent: stored in the file
            conn.execute(_SCHEMA)
        except sqlite3.OperationalError as error:
            code = error.sqlite_errorcode & 0xFF
            if code == sqlite3.SQLITE_BUSY:  # locked from outside: set up on a later call
                log.warning("SQLite store locked at start-up; starting anyway")
                self._unprepared = True
            elif code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
                self._read_only(error.sqlite_errorname)
            else:
                conn.close()
                raise
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _set_aside(self) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        corrupt = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("-wal", "-shm"):  # journals of the unreadable file belong with it
            journal = self.path.with_name(self.path.name + suffix)
            if journal.exists():
                journal.replace(corrupt.with_name(corrupt.name + suffix))
        self.path.replace(corrupt)
        log.error("SQLite store was not a database: moved aside to %s; starting a fresh one", corrupt.name)

    def _read_only(self, reason: str) -> None:
        self.can_remember = False
        log.error("SQLite store is read-only (%s): the skill runs without remembering", reason)

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
        if self._unprepared:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            self._unprepared = False
        return conn

    def _failed(self, error: sqlite3.Error) -> PersistenceException:
        self._local.conn = None  # a broken connection is not reused
        if isinstance(error, sqlite3.OperationalError) and error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_READONLY:
            self._read_only(error.sqlite_errorname)
            return ReadOnlyStoreError("SQLite store is read-only")
        return PersistenceException(f"SQLite {type(error).__name__}")

    def _run(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self._failed(error) from error

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        key = user_key(request_envelope)
        now = request_epoch(request_envelope, self.clock)
        rows = self._run(_SELECT, (key,))
        text = rows[0][0] if rows else None
        if text is not None and rows[0][1] <= now:
            if self.can_remember:
                # Conditional, so a fresh save racing this read is never removed.
                self._run("DELETE FROM attributes WHERE id = ? AND expires_at <= ?", (key, now))
            text = None
        # What this request read, to tell at save time whether another turn wrote since.
        self._local.read = LastRead(request_id(request_envelope), key, text, text)
        if not rows and self.set_aside:  # the user's record may be in the file moved aside
            raise CorruptRecordError("no record since the store was set aside")
        if text is None:
            return {}
        attributes = _decode(text)
        if attributes is None:
            raise CorruptRecordError("stored attributes are not a JSON object")
        return attributes

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        if not self.can_remember:
            raise ReadOnlyStoreError("SQLite store is read-only")
        key = user_key(request_envelope)
        now = request_epoch(request_envelope, self.clock)
        ours = _encode(attributes)
        read = last_read(self._local, request_envelope, key)
        conn = self._connection()
        if not self._write_turn.acquire(timeout=self.busy_timeout_seconds):
            raise PersistenceException("SQLite save waited too long for its turn")
        try:
            written = self._write(conn, key, now, attributes, ours, read)
        finally:
            self._write_turn.release()
        self._local.read = LastRead(request_id(request_envelope), key, written, ours)

    def _write(self, conn: sqlite3.Connection, key: str, now: int, attributes: dict, ours: str,
               read: LastRead | None) -> str:
        """One write transaction: `ours`, or merged with what another turn wrote since `read`."""
        written = ours
        try:
            # IMMEDIATE takes the write lock first, so no other writer slips in between the
            # read below and the write.
            conn.execute("BEGIN IMMEDIATE")
            try:
                rows = conn.execute(_SELECT, (key,)).fetchall()
                stored = rows[0][0] if rows else None
                if not (read and read.unchanged and stored == read.stored):  # another turn wrote
                    from .merge import merge  # only when two turns wrote at once

                    theirs = (_decode(stored) if rows and rows[0][1] > now else None) or {}
                    merged = merge(_decode(read.base) if read else None, attributes, theirs)
                    written = _encode(merged)
                conn.execute("INSERT OR REPLACE INTO attributes (id, attributes, expires_at) VALUES (?, ?, ?)",
                             (key, written, expiry(attributes, now, self.ttl_seconds)))
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise self._failed(error) from error
        return written

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._run("DELETE FROM attributes WHERE id = ?", (user_key(request_envelope),))


def _encode(attributes: dict) -> str:
    try:
        return json.dumps(attributes, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise PersistenceException(f"attributes are not JSON-safe: {type(error).__name__}") from error


def _decode(text: str | None) -> dict | None:
    """The stored attributes, or None when there are none or they are not a JSON object."""
    if text is None:
        return None
    try:
        attributes = json.loads(text)
    except (TypeError, ValueError):  # a row written from outside may hold anything
        return None
    return attributes if isinstance(attributes, dict) else None
