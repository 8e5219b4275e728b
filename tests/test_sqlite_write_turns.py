"""The SQLite store's saves take turns within the process (skill/persistence/sqlite.py
`_write_turn`): a save waits while another thread's is under way and is woken when it ends,
rather than polling SQLite's busy handler, whose sleeps grow to 100 ms and let newcomers
overtake it (on a loaded 2-core box a waiting save in the load test passed its 1 s busy
timeout). A turn that does not come in time fails like a busy store, and every save, failed
or not, gives the turn back."""
import sqlite3
import threading
from contextlib import closing

import pytest
from ask_sdk_core.exceptions import PersistenceException

from moto_server import envelope
from skill.persistence.sqlite import SQLitePersistenceAdapter

MEMORY = {"episode": {"side": "left", "started": "2025-03-01T09:30:00Z"}}


@pytest.fixture
def adapter(tmp_path):
    return SQLitePersistenceAdapter(tmp_path / "milkduct.sqlite3")


def stored_ids(adapter):
    with closing(sqlite3.connect(adapter.path)) as conn:
        return [key for (key,) in conn.execute("SELECT id FROM attributes ORDER BY id")]


def test_a_save_waits_for_the_turn_of_the_one_under_way_then_writes(adapter):
    failures: list[BaseException] = []

    def save():
        try:
            adapter.save_attributes(envelope("u1"), MEMORY)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    adapter._write_turn.acquire()  # another thread's save under way
    waiting = threading.Thread(target=save)
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive() and stored_ids(adapter) == [], "the save went ahead of its turn"
    adapter._write_turn.release()
    waiting.join(5)
    assert not waiting.is_alive() and failures == []
    assert stored_ids(adapter) == ["u1"]


def test_a_turn_that_does_not_come_in_time_fails_the_save_like_a_busy_store(adapter):
    adapter.busy_timeout_seconds = 0.2
    adapter._write_turn.acquire()
    with pytest.raises(PersistenceException, match="waited too long for its turn"):
        adapter.save_attributes(envelope("u1"), MEMORY)
    adapter._write_turn.release()
    assert stored_ids(adapter) == []
    adapter.save_attributes(envelope("u1"), MEMORY)
    assert stored_ids(adapter) == ["u1"]


def test_a_save_that_fails_in_sqlite_gives_the_turn_back(adapter):
    adapter.busy_timeout_seconds = 0.2  # read by the connection the new thread opens
    errors: list[BaseException] = []

    def save():
        try:
            adapter.save_attributes(envelope("u1"), MEMORY)
        except PersistenceException as error:
            errors.append(error)

    with closing(sqlite3.connect(adapter.path, isolation_level=None)) as other_process:
        other_process.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        failing = threading.Thread(target=save)
        failing.start()
        failing.join(5)
        other_process.execute("ROLLBACK")
    assert [str(error) for error in errors] == ["SQLite OperationalError"]
    assert not adapter._write_turn.locked()
    adapter.save_attributes(envelope("u1"), MEMORY)
    assert stored_ids(adapter) == ["u1"]
