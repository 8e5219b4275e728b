"""Red flags are never lost to a store fault, and nothing reassures while memory is unknown
(issue 10, phase 2).

Each storage fault of the issue, on SQLite (locked by another process for longer than the
retry budget, corrupt, read-only) and on moto's DynamoDB behind a loopback fault proxy
(throttled, hanging): a fever reported during the fault gets the usual advice, is remembered
once the store is back (carried in the session until a save succeeds), and no later reply,
in that session or the next, sounds as if all were well: the reminder is said.
"""
from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from moto_server import envelope
from skill.persistence import STORE_FILE, adapter_from_env
from skill.persistence.resilient import ResilientAdapter
from skill.persistence.sqlite import SQLitePersistenceAdapter
from test_persistence_nothing_lost import fault, locked_by_another_process, read_only, talker


@pytest.fixture(scope="module")
def words(content):
    """What the skill says, from the content's responses (the safety track may reword them)."""
    responses = content["responses"]
    return {
        "reminder": responses["reminder_provider"],
        "fever": responses["reminder_provider"].format(signs="a fever"),
        "streaks": responses["reminder_provider"].format(signs="red streaks on the breast"),
        "unknown": responses["reminder_history_unknown"].format(emergency="9 1 1"),  # en-US: 911
        "cannot_read": responses["store_unreadable"],
        "read_only": responses["store_read_only"],
        "good_sign": responses["lump_gone"],
        "heard": responses["symptom_heard"].format(signs="a fever"),
    }


class Scenario:
    """A store, a fault, and the store once the fault is over (maybe after a restart)."""

    def __init__(self, before, during, after, stored):
        self.before = before  # the skill before the fault
        self.during = during  # a context manager making the fault; yields the skill to talk to
        self.after = after  # () -> the skill once the fault is over
        self.stored = stored  # (user id) -> the user's record as the store has it now


def sqlite_scenario(tmp_path: Path, make_skill, kind: str) -> Scenario:
    path = tmp_path / STORE_FILE

    def restarted():
        return make_skill(adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)}))

    running = restarted()

    @contextmanager
    def during():
        if kind == "locked":  # the write lock, held past the retry budget: reads go on
            with locked_by_another_process(path):
                yield running
        elif kind == "read-only":  # the skill restarts on a file it cannot write
            with read_only(path):
                yield restarted()
        else:  # the file is found corrupt at a restart: set aside, and a fresh one begun
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            path.write_bytes(b"not a database " * 100)
            yield restarted()

    after = (lambda: running) if kind == "locked" else restarted
    return Scenario(running, during, after, lambda user_id: SQLitePersistenceAdapter(path).get_attributes(
        envelope(user_id)))


def dynamodb_scenario(request, make_skill, kind: str) -> Scenario:
    proxy = request.getfixturevalue("proxy")
    moto = request.getfixturevalue("moto_dynamodb")
    # Throttling answers at once: no backoff sleeps. A hang is given up at the real deadline.
    sleep = {"sleep": lambda _: None} if kind != "hang" else {}
    skill = make_skill(ResilientAdapter(moto.adapter(endpoint_url=proxy.url), **sleep))

    @contextmanager
    def during():
        with fault(proxy, kind):  # every operation: the read, the save and its retries
            yield skill

    return Scenario(skill, during, lambda: skill,
                    lambda user_id: moto.adapter().get_attributes(envelope(user_id)))


@pytest.fixture
def proxy(moto_dynamodb):
    from moto_server import FaultProxy

    relay = FaultProxy(moto_dynamodb.endpoint_url)
    yield relay
    relay.close()


@pytest.fixture
def user_id():
    return f"amzn1.ask.account.{uuid.uuid4()}"


SCENARIOS = [
    pytest.param(("sqlite", "locked"), id="sqlite-locked", marks=pytest.mark.slow),
    pytest.param(("sqlite", "corrupt"), id="sqlite-corrupt"),
    pytest.param(("sqlite", "read-only"), id="sqlite-read-only"),
    pytest.param(("dynamodb", "ProvisionedThroughputExceededException"), id="dynamodb-throttled"),
    pytest.param(("dynamodb", "hang"), id="dynamodb-hanging", marks=pytest.mark.slow),
]


@pytest.fixture
def scenario(request, tmp_path, make_skill) -> Scenario:
    backend, kind = request.param
    if backend == "sqlite":
        return sqlite_scenario(tmp_path, make_skill, kind)
    return dynamodb_scenario(request, make_skill, kind)


def later_session(user) -> list[str]:
    """Hours later, a new session: open, 'the lump is gone', 'stop'."""
    user.session.advance(hours=5)
    return [user.launch().text, user.say("LumpGone").text, user.say("AMAZON.StopIntent").text]


@pytest.mark.parametrize("scenario", SCENARIOS, indirect=True)
def test_a_fever_reported_during_a_fault_is_remembered_and_nothing_later_reassures(scenario, user_id, words):
    user = talker(scenario.before, user_id)
    user.launch()
    with scenario.during() as skill:
        user.skill = skill
        said = user.say("ReportSymptom", symptom="fever").text
    assert words["heard"] in said  # the same advice, fault or not

    user.skill = scenario.after()
    # the first turn after the fault, the save: no emergency signs, so the stop leaves no question waiting
    user.say("AMAZON.NoIntent")
    assert scenario.stored(user_id)["episode"]["signs"] == ["fever"]
    closing = user.say("AMAZON.StopIntent").text
    assert words["fever"] in closing
    assert scenario.stored(user_id)["episode"]["signs"] == ["fever"]

    opening, lump_gone, goodbye = later_session(user)
    assert words["good_sign"] not in lump_gone
    assert words["fever"] in lump_gone and words["fever"] in goodbye
    assert scenario.stored(user_id)["episode"]["signs"] == ["fever"]


@pytest.mark.parametrize("fails", [{"GetItem"}, None], ids=["reads-fail", "everything-fails"])
def test_a_red_flag_on_record_is_not_forgotten_while_memory_cannot_be_read(
        moto_dynamodb, proxy, make_skill, user_id, words, fails):
    adapter = ResilientAdapter(moto_dynamodb.adapter(endpoint_url=proxy.url), sleep=lambda _: None)
    user = talker(make_skill(adapter), user_id)
    user.launch()
    user.say("ReportSymptom", symptom="red_streaks")
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=5)
    with fault(proxy, "ProvisionedThroughputExceededException", only=fails):
        opening = user.launch().text
        lump_gone = user.say("LumpGone").text
        goodbye = user.say("AMAZON.StopIntent").text
    # Said once, with the warning signs; then every closing line reminds her again.
    assert opening.count(words["cannot_read"]) == 1 and words["unknown"] in opening
    assert "Welcome back" not in opening
    assert words["good_sign"] not in lump_gone and words["unknown"] in lump_gone
    assert words["cannot_read"] not in lump_gone + goodbye
    assert words["unknown"] in goodbye
    # Nothing on record was overwritten, and once the store is back the sign is named again.
    assert moto_dynamodb.adapter().get_attributes(envelope(user_id))["episode"]["signs"] == ["red_streaks"]
    user.launch()
    assert words["streaks"] in user.say("AMAZON.StopIntent").text


def test_a_corrupt_store_set_aside_leaves_every_history_unknown(tmp_path, make_skill, user_id, words):
    """The old file may hold anyone's red flags: a user without a record in the fresh store is
    answered as if memory could not be read."""
    user = talker(make_skill(adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})), user_id)
    user.launch()
    user.say("ReportSymptom", symptom="red_streaks")
    user.say("AMAZON.StopIntent")
    path = tmp_path / STORE_FILE
    with sqlite3.connect(path) as conn:  # fold the journal in, as a clean shutdown would
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path.write_bytes(b"\0" * 100 + path.read_bytes()[100:])  # the header gone: not a database
    user.skill = make_skill(adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)}))
    user.session.advance(hours=5)
    opening = user.launch().text
    lump_gone = user.say("LumpGone").text
    assert words["cannot_read"] in opening and words["unknown"] in opening
    assert words["good_sign"] not in lump_gone and words["unknown"] in lump_gone


def test_a_read_only_store_says_once_a_session_that_it_cannot_remember(tmp_path, make_skill, user_id, words):
    adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})  # the file exists
    with read_only(tmp_path / STORE_FILE):
        user = talker(make_skill(adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})), user_id)
        first = [user.launch().text, user.say("ReportSymptom", symptom="fever").text,
                 user.say("AMAZON.NoIntent").text, user.say("AMAZON.StopIntent").text]
        second = [user.launch().text, user.say("AMAZON.HelpIntent").text]
    for session in (first, second):
        assert " ".join(session).count(words["read_only"]) == 1
        assert words["read_only"] in session[0]
    # The fever is carried through the session: the goodbye still names it.
    assert words["fever"] in first[-1]


def test_a_fever_heard_before_a_turn_fails_is_still_saved(make_skill, store, user_id, content, monkeypatch):
    """The SDK runs no response interceptor after an error: the error handler runs the saver."""
    from skill.logic.conversation import Conversation

    user = talker(make_skill(store), user_id)
    user.launch()

    def broken(self, t):
        raise RuntimeError("after the fever was recorded")

    monkeypatch.setattr(Conversation, "sync", broken)
    said = user.say("ReportSymptom", symptom="fever").text
    assert said.startswith(content["responses"]["error"].format(emergency="9 1 1"))  # en-US: 911
    assert store.get_attributes(envelope(user_id))["episode"]["signs"] == ["fever"]


FORGED_CARRIES = [
    pytest.param({"episode": {"started": "soon", "signs": ["fever"]}}, id="no-start"),
    pytest.param({"episode": {"started": "2025-03-01T09:00:00+00:00", "signs": [float("nan"), "x" * 100_000]}},
                 id="bad-signs"),
    pytest.param({"episode": ["fever"], "prefs": "yes"}, id="wrong-types"),
    pytest.param("fever", id="not-an-object"),
]


@pytest.mark.parametrize("forged", FORGED_CARRIES)
def test_a_forged_carry_is_dropped_and_the_turn_served(make_skill, store, user_id, forged):
    from skill.interceptors import CARRIED

    honest, forger = talker(make_skill(store), user_id), talker(make_skill(store), user_id + "-forger")
    expected = [honest.launch().text, honest.say("AMAZON.HelpIntent").text]
    forger.launch()
    forger.session.attributes[CARRIED] = forged
    turn = forger.say("AMAZON.HelpIntent")
    assert [expected[1], CARRIED in turn.attributes] == [turn.text, False]
    assert store.get_attributes(envelope(user_id + "-forger")).get("episode") is None


def test_a_carried_red_flag_is_merged_into_what_the_store_holds(make_skill, store, user_id, words):
    from skill.interceptors import CARRIED

    user = talker(make_skill(store), user_id)
    user.launch()
    user.say("ReportSymptom", symptom="red_streaks")
    user.say("AMAZON.StopIntent")
    user.launch()
    # As a store fault earlier in this session would have left it: a fever not yet saved.
    user.session.attributes[CARRIED] = {"episode": {"started": "2025-03-01T08:00:00+00:00", "signs": ["fever"]}}
    goodbye = user.say("AMAZON.StopIntent").text
    assert words["reminder"].format(signs="red streaks on the breast and a fever") in goodbye
    episode = store.get_attributes(envelope(user_id))["episode"]
    assert episode["signs"] == ["red_streaks", "fever"] and episode["started"] == "2025-03-01T08:00:00+00:00"
