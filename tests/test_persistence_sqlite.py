import sqlite3
from contextlib import closing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from ask_sdk_core.exceptions import PersistenceException

from moto_server import T0, envelope
from skill.persistence import CorruptRecordError, adapter_from_env
from skill.persistence.resilient import ResilientAdapter
from skill.persistence.sqlite import SQLitePersistenceAdapter

EPISODE = {"episode": {"side": "left", "location": "outer", "temps_c": [38.4, 39],
                       "started": "2025-03-01T09:30:00Z"}, "sessions": 3, "cleared": False}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "milkduct.sqlite3"


def rows(path):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id, expires_at FROM attributes ORDER BY id").fetchall()


def test_round_trip_survives_restart_and_creates_data_dir(db):
    SQLitePersistenceAdapter(db).save_attributes(envelope("u1"), EPISODE)
    assert db.parent.is_dir()
    assert SQLitePersistenceAdapter(db).get_attributes(envelope("u1")) == EPISODE
    assert SQLitePersistenceAdapter(db).get_attributes(envelope("u2")) == {}


def test_record_is_keyed_by_raw_user_id_like_the_dynamodb_adapter(db):
    SQLitePersistenceAdapter(db).save_attributes(envelope("amzn1.ask.account.XYZ"), EPISODE)
    assert [key for key, _ in rows(db)] == ["amzn1.ask.account.XYZ"]


def test_delete(db):
    adapter = SQLitePersistenceAdapter(db)
    adapter.save_attributes(envelope("u1"), EPISODE)
    adapter.save_attributes(envelope("u2"), {"n": 1})
    adapter.delete_attributes(envelope("u1"))
    assert adapter.get_attributes(envelope("u1")) == {}
    assert adapter.get_attributes(envelope("u2")) == {"n": 1}


def test_expiry_counts_from_the_request_timestamp_not_the_machine_clock(db):
    adapter = SQLitePersistenceAdapter(db, clock=lambda: pytest.fail("machine clock used"))
    adapter.save_attributes(envelope("u1", T0), EPISODE)
    assert rows(db) == [("u1", int((T0 + timedelta(days=30)).timestamp()))]
    assert adapter.get_attributes(envelope("u1", T0 + timedelta(days=29))) == EPISODE
    assert adapter.get_attributes(envelope("u1", T0 + timedelta(days=31))) == {}
    assert rows(db) == []  # the expired read deleted it


def test_activity_extends_expiry(db):
    adapter = SQLitePersistenceAdapter(db)
    adapter.save_attributes(envelope("u1", T0), EPISODE)
    adapter.save_attributes(envelope("u1", T0 + timedelta(days=20)), EPISODE)
    assert adapter.get_attributes(envelope("u1", T0 + timedelta(days=31))) == EPISODE


def test_caller_set_expires_at_is_honoured(db):
    adapter = SQLitePersistenceAdapter(db)
    short = {**EPISODE, "expires_at": int((T0 + timedelta(hours=1)).timestamp())}
    adapter.save_attributes(envelope("u1", T0), short)
    assert adapter.get_attributes(envelope("u1", T0 + timedelta(minutes=59))) == short
    assert adapter.get_attributes(envelope("u1", T0 + timedelta(hours=2))) == {}


def test_clock_is_used_only_for_a_request_without_timestamp(db):
    adapter = SQLitePersistenceAdapter(db, ttl_seconds=100, clock=lambda: 1_000)
    request = envelope("u1")
    request.request.timestamp = None
    adapter.save_attributes(request, EPISODE)
    assert rows(db) == [("u1", 1_100)]


@pytest.mark.parametrize("stored", ["{not json", "[1, 2]"])
def test_corrupt_row_raises_persistence_exception(db, stored):
    adapter = SQLitePersistenceAdapter(db)
    adapter.save_attributes(envelope("u1"), EPISODE)
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("UPDATE attributes SET attributes = ?", (stored,))
    with pytest.raises(CorruptRecordError) as caught:
        adapter.get_attributes(envelope("u1"))
    assert isinstance(caught.value, PersistenceException)


def test_unserialisable_attributes_raise_persistence_exception(db):
    with pytest.raises(PersistenceException):
        SQLitePersistenceAdapter(db).save_attributes(envelope("u1"), {"when": object()})


def test_concurrent_writes_from_threads_for_two_users(db):
    adapter = SQLitePersistenceAdapter(db)
    users = ["amzn1.ask.account.A", "amzn1.ask.account.B"]
    start = threading.Barrier(8)

    def turns(worker):
        user = users[worker % 2]
        start.wait()
        seen = []
        for turn in range(40):
            adapter.save_attributes(envelope(user), {"user": user, "worker": worker, "turn": turn})
            seen.append(adapter.get_attributes(envelope(user))["user"])
        return user, seen

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(turns, range(8)))  # re-raises any 'database is locked'
    for user, seen in results:
        assert set(seen) == {user}
    assert [key for key, _ in rows(db)] == users


def test_adapter_from_env_honours_data_dir(tmp_path):
    data_dir = tmp_path / "elsewhere"
    adapter = adapter_from_env({"MILKDUCT_DATA_DIR": str(data_dir)})
    assert isinstance(adapter, ResilientAdapter)
    assert adapter.inner.path == data_dir / "milkduct.sqlite3"
    adapter.save_attributes(envelope("u1"), EPISODE)
    assert rows(data_dir / "milkduct.sqlite3") == [("u1", int((T0 + timedelta(days=30)).timestamp()))]


def test_a_write_in_between_is_merged_not_lost(db):
    """Two requests read the same record; the second to write finds it changed inside its
    write transaction and merges: both red flags are kept."""
    first, second = SQLitePersistenceAdapter(db), SQLitePersistenceAdapter(db)
    first.save_attributes(envelope("u1"), {"episode": {"started": "2025-03-01T09:00:00+00:00", "signs": []}})
    on_a, on_b = envelope("u1"), envelope("u1")
    memory_a, memory_b = first.get_attributes(on_a), second.get_attributes(on_b)
    memory_a["episode"]["signs"].append("fever")
    memory_b["episode"]["signs"].append("red_streaks")
    first.save_attributes(on_a, memory_a)
    second.save_attributes(on_b, memory_b)
    assert first.get_attributes(envelope("u1"))["episode"]["signs"] == ["fever", "red_streaks"]
    # A second save in the same request (its memory still without the fever) keeps the fever.
    memory_b["episode"]["side"] = "left"
    second.save_attributes(on_b, memory_b)
    assert first.get_attributes(envelope("u1"))["episode"] == {
        "started": "2025-03-01T09:00:00+00:00", "signs": ["fever", "red_streaks"], "side": "left"}
