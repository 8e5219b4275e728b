"""CanFulfillIntentRequest answers per the CanFulfill interface; platform events get an empty
acknowledgement; neither speaks nor changes memory."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest

from skill import envelope_guard
from skill.console.envelopes import Session, slot
from skill.platform_handlers import IN_SESSION_ONLY, name_free_intents
from skill.serializer import AlexaSerializer

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
YES, NO, MAYBE = "YES", "NO", "MAYBE"


@pytest.fixture
def skill(make_skill, fast_store):
    return make_skill(persistence_adapter=fast_store)


def can_fulfill_request(intent: str, slots: list[dict]) -> dict:
    """As Alexa sends it: outside any session."""
    event = Session(now=NOW).intent(intent, slots)
    event["request"]["type"] = "CanFulfillIntentRequest"
    del event["request"]["dialogState"]
    del event["session"]
    return event


def ambiguous(name: str, value: str, *ids: str) -> dict:
    body = slot(name, value, ids[0])
    body["resolutions"]["resolutionsPerAuthority"][0]["values"] = [{"value": {"name": i, "id": i}} for i in ids]
    return body


def no_match(name: str, value: str) -> dict:
    body = slot(name, value, "x")
    authority = body["resolutions"]["resolutionsPerAuthority"][0]
    authority["status"]["code"], authority["values"] = "ER_SUCCESS_NO_MATCH", []
    return body


def understood(can_understand: str) -> dict:
    return {"canUnderstand": can_understand, "canFulfill": NO if can_understand == NO else YES}


@pytest.mark.parametrize("intent, slots, expected", [
    ("ReportSymptomIntent", [slot("symptom", "fever", "fever")],
     {"canFulfill": YES, "slots": {"symptom": understood(YES)}}),
    ("ReportSymptomIntent", [slot("symptom", "chills", "chills"), slot("symptomTwo", "red streaks", "red_streaks")],
     {"canFulfill": YES, "slots": {"symptom": understood(YES), "symptomTwo": understood(YES)}}),
    ("ReportSymptomIntent", [slot("symptom", "fever", "fever"), slot("symptomTwo", None)],  # unfilled: left out
     {"canFulfill": YES, "slots": {"symptom": understood(YES)}}),
    ("ReportSymptomIntent", [no_match("symptom", "sore toe")],
     {"canFulfill": MAYBE, "slots": {"symptom": understood(NO)}}),
    ("StartRoutineIntent", [ambiguous("side", "the other one", "left", "right")],
     {"canFulfill": MAYBE, "slots": {"side": understood(MAYBE)}}),
    ("StartRoutineIntent", [], {"canFulfill": YES}),
    ("GiveTemperatureIntent", [slot("whole", "101")], {"canFulfill": YES, "slots": {"whole": understood(YES)}}),
    ("GiveTemperatureIntent", [slot("whole", "?")], {"canFulfill": MAYBE, "slots": {"whole": understood(NO)}}),
    ("WhatIsClogIntent", [], {"canFulfill": YES}),
    ("MastitisInfoIntent", [], {"canFulfill": YES}),
    # answers, navigation, timers, reminders and erasing are for a running session only
    ("SetTimerIntent", [slot("minutes", "10")], {"canFulfill": NO}),
    ("GiveDurationIntent", [slot("amount", "2")], {"canFulfill": NO}),
    ("DeleteDataIntent", [], {"canFulfill": NO}),
    ("AMAZON.HelpIntent", [], {"canFulfill": NO}),
    ("AMAZON.StopIntent", [], {"canFulfill": NO}),
    ("PlaySoundIntent", [slot("sound", "crickets")], {"canFulfill": NO}),
])
def test_can_fulfill_answers_per_the_interface(skill, fast_store, intent, slots, expected):
    event = can_fulfill_request(intent, slots)
    response = envelope_guard.answer_event(skill, event)
    assert response["response"] == {"canFulfillIntent": expected}  # no speech, no session flag
    assert "sessionAttributes" not in response
    # nothing was written for this user
    assert fast_store.get_attributes(AlexaSerializer().request_from_event(Session(now=NOW).launch())) == {}


def test_can_fulfill_without_a_user_id_is_answered(skill):
    event = can_fulfill_request("ReportSymptomIntent", [slot("symptom", "fever", "fever")])
    del event["context"]["System"]["user"]
    assert envelope_guard.answer_event(skill, event)["response"]["canFulfillIntent"]["canFulfill"] == YES


def test_can_fulfill_without_an_intent_is_no(skill):
    event = can_fulfill_request("ReportSymptomIntent", [])
    del event["request"]["intent"]
    assert envelope_guard.answer_event(skill, event)["response"] == {"canFulfillIntent": {"canFulfill": NO}}


def test_name_free_intents_are_the_skills_own_minus_those_for_a_session(conversation):
    claimed = name_free_intents(conversation.intents)
    assert claimed == {"StartRoutineIntent", "ReportSymptomIntent", "GiveTemperatureIntent", "SetClogLocationIntent",
                       "WhatIsClogIntent", "CausesIntent", "SymptomsInfoIntent", "ClearedSignsIntent",
                       "PreventionIntent", "MastitisInfoIntent", "SuspectMastitisIntent", "SelfCareIntent", "WarningSignsIntent",
                       "HowLongIntent", "RecurringClogIntent", "PainReliefIntent", "KeepFeedingIntent",
                       "ExtraPumpingIntent", "BabyUnwellIntent", "BothSidesIntent", "NewerAdviceIntent"}
    assert IN_SESSION_ONLY <= conversation.intents  # no stale names


def platform_event(request: dict, *, in_session: bool) -> dict:
    event = Session(now=NOW).launch()
    event["request"] = {"requestId": "amzn1.echo-api.request.1", "timestamp": "2026-11-20T15:00:00Z",
                        "locale": "en-US", **request}
    if not in_session:
        del event["session"]
    return event


EVENTS = [
    {"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": "fever 103 in speech"},
     "cause": {"requestId": "amzn1.echo-api.request.0"}},
    {"type": "AudioPlayer.PlaybackStarted", "token": "t", "offsetInMilliseconds": 0},
    {"type": "AudioPlayer.PlaybackFinished", "token": "t", "offsetInMilliseconds": 10},
    {"type": "AudioPlayer.PlaybackStopped", "token": "t", "offsetInMilliseconds": 10},
    {"type": "AudioPlayer.PlaybackNearlyFinished", "token": "t", "offsetInMilliseconds": 10},
    {"type": "AudioPlayer.PlaybackFailed", "token": "t", "error": {"type": "MEDIA_ERROR_UNKNOWN", "message": "m"}},
    {"type": "PlaybackController.PlayCommandIssued"},
    {"type": "PlaybackController.NextCommandIssued"},
    {"type": "PlaybackController.PauseCommandIssued"},
    {"type": "AlexaSkillEvent.SkillEnabled"},
    {"type": "AlexaSkillEvent.SkillPermissionChanged", "body": {"acceptedPermissions": []}},
    {"type": "Connections.Response", "name": "Buy", "status": {"code": "200", "message": "OK"}, "token": "t"},
]


@pytest.mark.parametrize("request_body", EVENTS, ids=lambda r: r["type"] + r.get("name", ""))
@pytest.mark.parametrize("in_session", [False, True])
def test_platform_events_are_acknowledged_without_speech(skill, fast_store, request_body, in_session):
    response = envelope_guard.answer_event(skill, platform_event(request_body, in_session=in_session))
    assert response["response"] == {}
    assert response.get("sessionAttributes", {}) == {}
    assert fast_store.get_attributes(AlexaSerializer().request_from_event(Session(now=NOW).launch())) == {}


def test_an_error_alexa_reports_is_logged_by_type_only(skill, caplog):
    with caplog.at_level(logging.WARNING):
        envelope_guard.answer_event(skill, platform_event(EVENTS[0], in_session=False))
    assert "Alexa reported an error with a response: INVALID_RESPONSE" in caplog.text
    assert "103" not in caplog.text


@pytest.mark.parametrize("request_type, reads", [
    ("CanFulfillIntentRequest", 0), ("AudioPlayer.PlaybackStarted", 0), ("LaunchRequest", 1)])
def test_only_requests_that_use_memory_read_the_store(skill, fast_store, monkeypatch, request_type, reads):
    asked = []
    real_get = fast_store.get_attributes
    monkeypatch.setattr(fast_store, "get_attributes", lambda request_envelope: asked.append(1) or real_get(request_envelope))
    event = {"CanFulfillIntentRequest": can_fulfill_request("ReportSymptomIntent", [slot("symptom", "fever", "fever")]),
             "AudioPlayer.PlaybackStarted": platform_event(EVENTS[1], in_session=True),
             "LaunchRequest": Session(now=NOW).launch()}[request_type]
    envelope_guard.answer_event(skill, event)
    assert len(asked) == reads
