"""What triage learns about the lump while the store cannot save is carried until a save
succeeds, red flag or not (skill/logic/carry.py): the clog she told the skill about during the
fault is checked on her return, counted from when it really began.

The fault is a read-only SQLite file (reads go on, every save fails); once the file is writable
again, the next turn of the same session saves what the session carried. Expected sentences are
written out here, not read from the content.
"""
from __future__ import annotations

import pytest

from moto_server import envelope
from skill.persistence import STORE_FILE, adapter_from_env
from skill.persistence.sqlite import SQLitePersistenceAdapter
from test_persistence_nothing_lost import read_only, talker

EMERGENCY_QUESTION = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
CANNOT_SAVE = "I can't save anything right now"
SELF_CARE = "Call your healthcare provider for chills, aches, red streaks on the breast, or a fever of 100.4 degrees Fahrenheit, or 38 Celsius, or higher."
WATCH = "A lump that lasts 24 to 48 hours needs checking, so please contact your healthcare provider today."
PROVIDER = "Please contact your healthcare provider today."
PICK_UP = "Keep draining that side often. Would you like to pick up the routine?"
USER = "amzn1.ask.account.carried-lump"


@pytest.fixture
def parent(make_skill, tmp_path):
    """A parent who has heard the disclaimer, on a SQLite store that works (for now)."""
    parent = talker(make_skill(adapter_from_env({"MILKDUCT_DATA_DIR": str(tmp_path)})), USER)
    parent.launch()
    parent.say("AMAZON.StopIntent")
    return parent


def during_a_fault(parent, make_skill, tmp_path, first_words: tuple[str, dict]) -> str:
    """A new session on a store that cannot save: `first_words` (intent, slots), then "no" to
    every warning-sign question. Then the store is back and she says "stop" (that save works).
    Returns the advice she heard."""
    env = {"MILKDUCT_DATA_DIR": str(tmp_path)}
    with read_only(tmp_path / STORE_FILE):
        parent.skill = make_skill(adapter_from_env(env))
        assert CANNOT_SAVE in parent.launch().text
        intent, slots = first_words
        turn = parent.say(intent, **slots)
        assert EMERGENCY_QUESTION in turn.text
        for _ in range(5):  # emergency, fever, chills, streaks (and the lump's age, if not told)
            turn = parent.say("AMAZON.NoIntent")
            if "Shall I remind you" in turn.text:
                break
        advice = turn.text
    parent.skill = make_skill(adapter_from_env(env))
    parent.say("AMAZON.StopIntent")
    return advice


def stored_episode(tmp_path) -> dict | None:
    return SQLitePersistenceAdapter(tmp_path / STORE_FILE).get_attributes(envelope(USER)).get("episode")


def test_a_clog_triaged_without_a_warning_sign_during_a_fault_is_checked_the_next_day(parent, make_skill, tmp_path):
    """No red flag, no duration: only the outcome makes the episode worth carrying."""
    advice = during_a_fault(parent, make_skill, tmp_path, ("ReportSymptom", {}))
    assert SELF_CARE in advice
    assert stored_episode(tmp_path)["outcome"] == "self_care"

    parent.session.advance(hours=24)
    back = parent.launch()
    assert "you told me about a clog. Is the lump still there?" in back.text
    still = parent.say("AMAZON.YesIntent")
    assert "So it has lasted about 24 hours." in still.text and EMERGENCY_QUESTION in still.text


def test_a_lump_age_told_during_a_fault_still_counts_from_when_the_lump_began(parent, make_skill, tmp_path):
    """40 hours told during the fault, 10 more until she returns: past the 48-hour line."""
    advice = during_a_fault(parent, make_skill, tmp_path, ("GiveDuration", {"amount": "40", "unit": "hours"}))
    assert WATCH in advice
    assert stored_episode(tmp_path)["lump_hours"] == 40

    parent.session.advance(hours=10)
    assert "you told me about a clog. Is the lump still there?" in parent.launch().text
    still = parent.say("AMAZON.YesIntent")
    assert "So it has lasted about 2 days." in still.text
    assert EMERGENCY_QUESTION in still.text and PICK_UP not in still.text
    assert PROVIDER in parent.say("AMAZON.NoIntent").text
