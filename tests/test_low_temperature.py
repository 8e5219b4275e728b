"""A reading under the low line (content/triage.yaml thresholds low_c / low_f) is a warning sign
kept in the session and the episode, as a fever is; a later reading that is not low settles it,
kept on record under `retracted` as a take-back is. The conversations are in
tests/conversations/low_temperature.yaml; these check the record and the levels themselves."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from skill.logic.conversation import Event

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
ONE_BREATH = 60  # words outside a timed hold (tests/test_every_response.py), the number as one


def reading(whole: str, fraction: str | None = None, scale: str | None = None) -> Event:
    slots = {"whole": whole, "fraction": fraction, "scale": scale}
    return Event("GiveTemperatureIntent", {k: v for k, v in slots.items() if v is not None})


def talk(conversation, memory: dict, *events: Event, now: datetime = NOW):
    """One session of these events; the replies."""
    state: dict = {}
    return [conversation.handle(event, state, memory, now) for event in events]


def words(reply) -> int:
    return sum(len(s.text.replace("9 1 1", "number").split()) for s in reply.speech if hasattr(s, "text"))


@pytest.fixture
def memory() -> dict:
    return {"prefs": {"disclaimer_heard": True}}


@pytest.mark.parametrize("low", [reading("35", "1", "celsius"), reading("96", "2"), reading("35")])
def test_a_low_reading_is_a_warning_sign_on_record(conversation, memory, low):
    """35.1 C, 96.2 F (the Fahrenheit markets' reading, its scale inferred) and 35 alone."""
    talk(conversation, memory, Event("Launch"), low)
    assert memory["episode"]["signs"] == ["low_temperature"]
    assert "retracted" not in memory["episode"]


def test_its_level_comes_from_the_content_and_the_check_ends_with_the_provider(conversation, memory, content):
    assert content["triage"]["signs"]["low_temperature"]["level"] == "provider"
    assert "NICE NG51" in content["triage"]["signs"]["low_temperature"]["source"]
    replies = talk(conversation, memory, Event("Launch"), reading("35", "1", "celsius"), Event("AMAZON.NoIntent"))
    assert replies[1].keys()[:2] == ["temperature_low", "note:low_temperature"]
    assert "outcome:provider" in replies[2].keys() and "outcome:self_care" not in replies[2].keys()
    assert memory["episode"]["outcome"] == "provider"


def test_the_next_session_opens_with_it(conversation, memory):
    talk(conversation, memory, Event("Launch"), reading("35", "1", "celsius"), Event("AMAZON.StopIntent"))
    opened = talk(conversation, memory, Event("Launch"), now=NOW + timedelta(hours=5))[0]
    assert opened.keys()[0] == "reminder_provider"
    assert opened.speech[0].text == "Because you mentioned a low temperature, please contact your healthcare provider today."


@pytest.mark.parametrize("normal", [reading("36", "8", "celsius"), reading("98", "2")])
def test_a_normal_retake_the_next_day_settles_it_and_keeps_it_on_record(conversation, memory, normal):
    talk(conversation, memory, Event("Launch"), reading("35", "1", "celsius"), Event("AMAZON.NoIntent"))
    retake = talk(conversation, memory, Event("Launch"), normal, now=NOW + timedelta(hours=20))[1]
    assert retake.keys()[:2] == ["temperature_settled", "note:low_temperature_settled"]
    assert memory["episode"]["signs"] == ["low_temperature"]  # never deleted
    assert memory["episode"]["retracted"] == ["low_temperature"]
    again = talk(conversation, memory, Event("Launch"), now=NOW + timedelta(hours=21))[0]
    assert not any(key.startswith("reminder_") for key in again.keys())


def test_a_fever_after_a_low_reading_replaces_it_and_says_nothing_of_it(conversation, memory):
    replies = talk(conversation, memory, Event("Launch"), reading("35", scale="celsius"),
                   reading("38", "5", "celsius"))
    assert not {"temperature_settled", "note:low_temperature_settled"} & set(replies[2].keys())
    assert replies[2].keys()[0] == "temperature_fever"
    assert memory["episode"]["retracted"] == ["low_temperature"]
    assert "fever" in memory["episode"]["signs"]


def test_a_low_reading_after_a_settled_one_counts_again(conversation, memory):
    talk(conversation, memory, Event("Launch"), reading("35", scale="celsius"), reading("36", "8", "celsius"))
    talk(conversation, memory, Event("Launch"), reading("35", "2", "celsius"), now=NOW + timedelta(hours=1))
    assert memory["episode"]["retracted"] == []
    opened = talk(conversation, memory, Event("Launch"), now=NOW + timedelta(hours=2))[0]
    assert opened.keys()[0] == "reminder_provider"


def test_a_fever_reading_after_a_fever_was_taken_back_counts_again(conversation, memory):
    """The reading is a new report: the take-back no longer holds (as a sign said again)."""
    talk(conversation, memory, Event("Launch"), Event("ReportSymptomIntent", {"symptom": "fever"}),
         Event("FalseAlarmIntent"))
    assert memory["episode"]["retracted"] == ["fever"]
    talk(conversation, memory, Event("Launch"), reading("39", scale="celsius"), now=NOW + timedelta(hours=1))
    assert memory["episode"]["retracted"] == []
    opened = talk(conversation, memory, Event("Launch"), now=NOW + timedelta(hours=2))[0]
    assert opened.speech[0].text == "Because you mentioned a fever, please contact your healthcare provider today."



MASTITIS_CHECK_ALL_NO = (Event("Launch"), Event("SuspectMastitisIntent"), Event("AMAZON.NoIntent"), Event("AMAZON.NoIntent"),
                         Event("AMAZON.NoIntent"), Event("AMAZON.NoIntent"),
                         Event("GiveDurationIntent", {"amount": "10", "unit": "hours"}), Event("AMAZON.NoIntent"))


def test_a_low_reading_after_the_check_gives_the_advice_in_one_breath(conversation, memory):
    """The check is over (every answer no): the low reading calls for the provider's advice at
    once, with only "take it again" before it, so that it fits one breath."""
    low, retake = talk(conversation, memory, *MASTITIS_CHECK_ALL_NO, reading("35", scale="celsius"),
                       reading("36", "8", "celsius"))[-2:]
    assert low.keys()[:3] == ["temperature_low", "note:low_temperature", "outcome:provider"]
    assert low.speech[1].text == "Please take it again."
    # settled, the check ends as it did, with the self-care advice: what was said before it
    assert retake.keys()[:2] == ["temperature_settled", "outcome:self_care"]
    assert words(low) <= ONE_BREATH and words(retake) <= ONE_BREATH
