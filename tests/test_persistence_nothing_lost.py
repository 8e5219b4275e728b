"""Store faults through the whole skill (issue 10): a corrupt, read-only or locked SQLite file,
and DynamoDB throttled or hanging behind a loopback fault proxy. In every case the turn gets
the same advice as with a healthy store (the disclaimer may come again, when hearing it could
not be remembered, and the skill says once a session when memory cannot be read or saved);
what is remembered afterwards is checked too, including a sign reported *during* a fault and
then carried by the session until a save succeeds (tests/test_persistence_carried.py checks
that no later reply reassures)."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from driver import Driver
from moto_server import T0, FaultProxy, envelope
from skill.console.envelopes import Session
from skill.persistence import STORE_FILE, adapter_from_env
from skill.persistence.resilient import ResilientAdapter
from skill.persistence.sqlite import SQLitePersistenceAdapter

def talker(skill, user_id: str) -> Driver:
    return Driver(skill, Session(user_id=user_id, now=T0, api_endpoint="http://127.0.0.1:9"))


def signs(adapter, user_id: str) -> list[str]:
    return adapter.get_attributes(envelope(user_id)).get("episode", {}).get("signs", [])


@pytest.fixture
def healthy(make_skill, tmp_path):
    """What the skill says to a new user reporting a fever, on a store that works."""
    user = talker(make_skill(ResilientAdapter(SQLitePersistenceAdapter(tmp_path / "healthy.sqlite3"))), "u-healthy")
    return [user.launch().text, user.say("ReportSymptom", symptom="fever").text]


@pytest.fixture
def unread(content):
    """Checks `text` has what the skill says once when memory cannot be read (with the warning
    signs, unless a sign was just heard), and gives the text without it."""
    notice = content["responses"]["store_unreadable"] + " "
    signs = content["responses"]["reminder_history_unknown"].format(emergency="9 1 1") + " "  # en-US: 911

    def without_notice(text: str, sign_heard: bool = False) -> str:
        said = notice if sign_heard else notice + signs
        assert text.count(said) == 1, text
        return text.replace(said, "")
    return without_notice


def fever_visit(skill, user_id: str, during=None) -> list[str]:
    """Launch, then report a fever (inside `during`, a context manager making the fault)."""
    user = talker(skill, user_id)
    said = [user.launch().text]
    with during or _nothing():
        said.append(user.say("ReportSymptom", symptom="fever").text)
    return said


@contextmanager
def _nothing():
    yield


# --- SQLite ---------------------------------------------------------------------------------

LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":  # nobody else may even read (taken before anyone opens the file)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("CREATE TABLE IF NOT EXISTS attributes (id TEXT PRIMARY KEY, attributes TEXT, expires_at INT)")
else:  # the write lock: readers go on, writers wait
    conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


@contextmanager
def locked_by_another_process(path: Path, mode: str = "write"):
    holder = subprocess.Popen([sys.executable, "-c", LOCKER, str(path), mode],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


@contextmanager
def read_only(path: Path):
    """The file cannot be written, even by root (immutable attribute) or by its owner (mode)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("running as root where chattr +i is not allowed: no way to make a file read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)


def test_a_corrupt_store_is_moved_aside_and_a_fresh_one_remembers(make_skill, tmp_path, healthy, caplog, unread):
    store = tmp_path / STORE_FILE
    garbage = b"this is not a database " * 100
    store.write_bytes(garbage)
    with caplog.at_level(logging.ERROR, logger="skill.persistence"):
        adapter = adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})
    (aside,) = tmp_path.glob(f"{STORE_FILE}.corrupt-*")
    assert aside.read_bytes() == garbage
    assert aside.name in caplog.text
    said = fever_visit(make_skill(adapter), "u1")
    # Anyone's history may be in the file set aside: the first turn says it cannot be read.
    assert [unread(said[0]), said[1]] == healthy
    assert signs(SQLitePersistenceAdapter(store), "u1") == ["fever"]


def test_a_read_only_store_guides_triages_and_still_reads_what_it_knew(make_skill, tmp_path, healthy, caplog,
                                                                        content):
    store = tmp_path / STORE_FILE
    SQLitePersistenceAdapter(store).save_attributes(
        envelope("u-known"), {"episode": {"started": "2025-03-01T09:00:00+00:00", "signs": ["red_streaks"]}})
    with read_only(store):
        with caplog.at_level(logging.ERROR, logger="skill.persistence"):
            adapter = adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})
        assert adapter.can_remember is False and "read-only" in caplog.text
        said = fever_visit(make_skill(adapter), "u1")
        # The same advice, and once that nothing will be remembered (the session carries the
        # disclaimer heard, so it is not said again).
        notice = content["responses"]["store_read_only"] + " "
        assert said[0].replace(notice, "") == healthy[0] and notice in said[0]
        assert said[1] == healthy[1]
        assert adapter.get_attributes(envelope("u-known"))["episode"]["signs"] == ["red_streaks"]
        assert adapter.last_error is None  # nothing was tried, so nothing failed
    assert signs(SQLitePersistenceAdapter(store), "u1") == []  # it could not remember, and did not


@pytest.mark.slow
def test_start_up_survives_a_store_locked_by_another_process(make_skill, tmp_path, healthy):
    store = tmp_path / STORE_FILE
    with locked_by_another_process(store, "exclusive"):
        adapter = adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})
        assert adapter.can_remember
    assert fever_visit(make_skill(adapter), "u1") == healthy
    assert signs(adapter, "u1") == ["fever"]


# What the user says once the fault is over: another triage answer (the triage, still under way
# in the session, records the fever again), or "stop" (nothing carries the fever any more).
NEXT_TURNS = [
    pytest.param("AMAZON.NoIntent", id="then-answers"),
    pytest.param("AMAZON.StopIntent", id="then-stops"),
]


def remembered_after(adapter, user: Driver, during, next_turn: str) -> list[str]:
    user.launch()
    with during:
        user.say("ReportSymptom", symptom="fever")
    user.say(next_turn)
    return signs(adapter, user.session.user_id)


@pytest.mark.slow
@pytest.mark.parametrize("next_turn", NEXT_TURNS)
def test_a_fever_reported_while_another_process_holds_the_lock_is_remembered(make_skill, tmp_path, next_turn):
    adapter = adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})
    user = talker(make_skill(adapter), "u1")
    during = locked_by_another_process(tmp_path / STORE_FILE)
    assert remembered_after(adapter, user, during, next_turn) == ["fever"]


# --- DynamoDB behind a fault proxy -------------------------------------------------------------

@pytest.fixture
def proxy(moto_dynamodb):
    relay = FaultProxy(moto_dynamodb.endpoint_url)
    yield relay
    relay.close()


@contextmanager
def fault(relay: FaultProxy, kind: str, only: set[str] | None = None, times: int | None = None):
    relay.fault, relay.only, relay.times = kind, only, times
    try:
        yield
    finally:
        relay.fault, relay.only, relay.times = None, None, None


@pytest.fixture
def user_id():
    return f"amzn1.ask.account.{uuid.uuid4()}"


def test_a_fever_reported_when_the_read_fails_and_the_store_comes_back_is_merged_into_memory(
        moto_dynamodb, proxy, make_skill, healthy, user_id, unread):
    adapter = ResilientAdapter(moto_dynamodb.adapter(endpoint_url=proxy.url), sleep=lambda _: None)
    talker(make_skill(adapter), user_id).launch()
    adapter.save_attributes(envelope(user_id), {"episode": {"started": "2025-03-01T09:00:00+00:00",
                                                            "signs": ["red_streaks"], "side": "left"}})
    said = fever_visit(make_skill(adapter), user_id,
                       during=fault(proxy, "ProvisionedThroughputExceededException", only={"GetItem"},
                                    times=adapter.retries + 1))  # the turn's read, every attempt
    assert unread(said[1], sign_heard=True).endswith(healthy[1])
    episode = adapter.get_attributes(envelope(user_id))["episode"]
    assert episode["signs"] == ["red_streaks", "fever"] and episode["side"] == "left"


@pytest.mark.parametrize("kind", ["ProvisionedThroughputExceededException", "InternalServerError"])
@pytest.mark.parametrize("next_turn", NEXT_TURNS)
def test_a_fever_reported_while_dynamodb_fails_is_remembered(moto_dynamodb, proxy, make_skill, user_id, kind,
                                                             next_turn):
    adapter = ResilientAdapter(moto_dynamodb.adapter(endpoint_url=proxy.url), sleep=lambda _: None)
    user = talker(make_skill(adapter), user_id)
    assert remembered_after(adapter, user, fault(proxy, kind), next_turn) == ["fever"]


@pytest.mark.slow
def test_a_hanging_dynamodb_still_gets_the_answer_out_in_time(moto_dynamodb, proxy, make_skill, healthy, user_id,
                                                              unread):
    adapter = ResilientAdapter(moto_dynamodb.adapter(endpoint_url=proxy.url))
    user = talker(make_skill(adapter), user_id)
    assert user.launch().text == healthy[0]
    with fault(proxy, "hang"):
        started = time.monotonic()
        assert unread(user.say("ReportSymptom", symptom="fever").text, sign_heard=True).endswith(healthy[1])
        took = time.monotonic() - started
    # One read and one save, each given up within the adapter's deadline: inside Alexa's 8 s.
    assert took < 2 * adapter.deadline_seconds + 1.0
    assert adapter.last_error == "TimeoutError"


@pytest.mark.slow
@pytest.mark.parametrize("next_turn", NEXT_TURNS)
def test_a_fever_reported_while_dynamodb_hangs_is_remembered(moto_dynamodb, proxy, make_skill, user_id, next_turn):
    adapter = ResilientAdapter(moto_dynamodb.adapter(endpoint_url=proxy.url))
    user = talker(make_skill(adapter), user_id)
    assert remembered_after(adapter, user, fault(proxy, "hang"), next_turn) == ["fever"]
