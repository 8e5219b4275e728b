"""lambda_handler answers every envelope: a missing context, unreadable envelopes, failures
outside the handlers, and timestamps that are naive, missing or out of range."""
from __future__ import annotations

import copy
import logging
from datetime import datetime, timezone

import pytest
from ask_sdk_core.skill_builder import SkillBuilder

from driver import Driver, Turn
from skill import envelope_guard
from skill.console.envelopes import Session, slot
from skill.logic import episode
from skill.serializer import AlexaSerializer

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
DISCLAIMER = "This skill gives general information, not medical advice."
SAFE_ERROR = ("<speak>Sorry, something went wrong on my side. If you feel unwell, contact your healthcare "
              "provider, and in an emergency, call 9 1 1. You can say 'start over', "
              "'help', or 'stop'.</speak>")
PROVIDER = "Please contact your healthcare provider today."


@pytest.fixture
def skill(make_skill, fast_store):
    return make_skill(persistence_adapter=fast_store)


def launch_without_context(context) -> dict:
    event = Session(now=NOW).launch()
    if context == "absent":
        del event["context"]
    else:
        event["context"] = context
    return event


@pytest.mark.parametrize("context", ["absent", None, 5, "text", [], {}, {"System": None}, {"System": 7},
                                     {"System": []}, {"Viewport": {}}])
def test_a_launch_without_a_usable_context_is_welcomed(skill, context):
    turn = Turn(envelope_guard.answer_event(skill, launch_without_context(context)))
    assert turn.text.startswith("Hi, I'm Milk Duct Helper.") and DISCLAIMER in turn.text
    assert turn.body["shouldEndSession"] is False and turn.reprompt


def test_the_lambda_entry_point_goes_through_the_guard():
    from skill.lambda_function import lambda_handler

    turn = Turn(lambda_handler(launch_without_context("absent"), None))
    assert turn.text.startswith("Hi, I'm Milk Duct Helper.")


def test_a_usable_context_is_passed_on_untouched():
    event = Session(now=NOW).launch()
    assert envelope_guard.with_context(event) is event
    broken = {"request": {}, "context": {"Viewport": {"x": 1}, "System": None}}
    fixed = envelope_guard.with_context(broken)
    assert fixed == {"request": {}, "context": {"Viewport": {"x": 1}, "System": {}}}
    assert broken["context"]["System"] is None  # the caller's event is not changed


@pytest.mark.parametrize("event", [
    None, 5, "text", [], {}, {"request": None}, {"request": 5}, {"request": {"type": 5}, "version": []},
    {"request": {"type": "NoSuchRequest"}}, {"request": {"type": "LaunchRequest"}, "session": 5},
    {"request": {"type": "AudioPlayer.PlaybackStarted", "offsetInMilliseconds": "many"}},
])
def test_unreadable_envelopes_get_the_skills_own_safe_reply(skill, event, caplog):
    with caplog.at_level(logging.WARNING, logger="skill.envelope_guard"):
        response = envelope_guard.answer_event(skill, event)
    assert response == {"version": "1.0", "response": {
        "outputSpeech": {"type": "SSML", "ssml": SAFE_ERROR},
        "reprompt": {"outputSpeech": {"type": "SSML", "ssml": "<speak>You can say 'start over', 'help', or 'stop'.</speak>"}},
        "shouldEndSession": False}}
    assert "unreadable request envelope" in caplog.text


def test_a_failure_outside_the_handlers_gets_the_safe_reply_and_logs_no_details(skill, monkeypatch, caplog):
    def boom(**kwargs):
        raise RuntimeError("fever 103 for amzn1.ask.account.SECRET")

    monkeypatch.setattr(skill, "invoke", boom)
    with caplog.at_level(logging.ERROR):
        response = envelope_guard.answer_event(skill, Session(now=NOW).launch())
    assert response["response"]["outputSpeech"]["ssml"] == SAFE_ERROR
    assert "RuntimeError" in caplog.text and "103" not in caplog.text and "SECRET" not in caplog.text


def test_a_request_for_another_skill_is_answered_not_raised(make_skill, fast_store, monkeypatch):
    monkeypatch.setenv("MILKDUCT_SKILL_ID", "amzn1.ask.skill.someone-else")
    response = envelope_guard.answer_event(make_skill(persistence_adapter=fast_store), Session(now=NOW).launch())
    assert response["response"]["outputSpeech"]["ssml"] == SAFE_ERROR
    assert "sessionAttributes" not in response


def test_a_skill_without_an_exception_handler_still_answers():
    bare = SkillBuilder().create()
    assert envelope_guard.answer_event(bare, {"request": 5}) == {"version": "1.0", "response": {"shouldEndSession": True}}
    assert envelope_guard.answer_event(bare, Session(now=NOW).launch()) == {
        "version": "1.0", "response": {"shouldEndSession": True}}


# --- timestamps: the turn goes on and a fever in it is remembered --------------------------

def memory_of(store, session: Session) -> dict:
    probe = Session(user_id=session.user_id, now=NOW)
    return store.get_attributes(AlexaSerializer().request_from_event(probe.launch()))


@pytest.mark.parametrize("stamp", ["2026-11-20T16:00:00", None, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                                   "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", 1e300, "nonsense"])
def test_a_fever_is_recorded_whatever_the_timestamp(skill, fast_store, stamp):
    user = Driver(skill, Session(now=NOW, api_endpoint="http://127.0.0.1:9"))
    user.launch()
    user.say("StartRoutine", side="left", location="outer")  # an open episode, started NOW
    assert episode.current(memory_of(fast_store, user.session)) is not None
    event = user.session.intent("ReportSymptomIntent", [slot("symptom", "fever", "fever")])
    if stamp is None:
        del event["request"]["timestamp"]
    else:
        event["request"]["timestamp"] = stamp
    response = envelope_guard.answer_event(skill, copy.deepcopy(event))
    user.session.absorb(response)
    assert Turn(response).text.startswith("You mentioned a fever. Right now, any trouble breathing")
    assert "fever" in episode.flags(memory_of(fast_store, user.session))
    # and the next turn, back on time, still knows it: no emergency sign, so a provider today
    assert PROVIDER in user.say("AMAZON.NoIntent").text
