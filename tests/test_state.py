"""Untrusted state: forged session attributes and odd stored records never break a turn, and
the "repeat" cache replays what the skill chose, never markup from the request."""
import math
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.logic import state as states
from skill.logic import values
from skill.logic.conversation import Event

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)
HUGE = "x" * 100_000


def forged(user, attributes):
    user.launch()
    user.session.attributes = attributes
    return user


@pytest.mark.parametrize("attributes", [
    {"mode": "routine", "pos": {"section": 0, "step": 0.5, "held": 0}, "tried": ["a"]},
    {"mode": "routine", "pos": {"section": 0, "step": 0, "held": math.inf}},
    {"mode": "routine", "pos": {"section": True, "step": 0, "held": 0}},
    {"mode": "routine", "pos": {"section": 0, "step": 0, "held": math.nan}, "tried": "abc"},
])
def test_a_forged_position_restarts_the_routine(user, attributes):
    turn = forged(user, attributes).say("WhereAmI")
    assert "You're on step 1 of" in turn.text and not turn.ended
    assert turn.attributes["pos"] == {"section": 0, "step": 0, "held": 0}


def test_pending_triage_without_triage_data_is_no_question(user):
    turn = forged(user, {"pending": "triage"}).say("AMAZON.YesIntent")
    assert "I wasn't asking a yes or no question" in turn.text
    assert turn.attributes["pending"] is None


def test_a_forged_triage_state_is_dropped_not_trusted(user):
    bad = {"signs": ["fever"], "answered": [], "asking": "nonsense", "lump_hours": math.nan}
    turn = forged(user, {"triage": bad, "pending": "triage", "emergency": "yes"}).say("AMAZON.NextIntent")
    assert "We haven't started the guided routine yet" in turn.text
    assert turn.attributes["triage"]["lump_hours"] is None and turn.attributes["emergency"] is False


def test_a_forged_pending_action_is_not_carried_out(user):
    action = {"type": "timer", "minutes": [1], "label": {"x": 1}}
    turn = forged(user, {"pending": "timer_confirm", "action": action}).say("AMAZON.YesIntent")
    assert "Okay, I won't." in turn.text


def test_a_100_kb_slot_value_is_not_kept(user):
    user.launch()
    turn = user.say("SetClogLocation", side=HUGE, location=HUGE)
    assert "Got it, a clog." in turn.text
    assert len(str(turn.attributes)) < 5_000
    symptom = user.say("ReportSymptom", symptom=HUGE)
    assert "I'm sorry you're not feeling well" in symptom.text and HUGE not in symptom.text


def test_forged_markup_in_the_repeat_cache_is_spoken_as_words(user):
    attributes = {"_last": {"speech": ['x|<audio src="https://example.com/a.mp3"/>'], "reprompt": []}}
    turn = forged(user, attributes).say("AMAZON.RepeatIntent")
    assert "<audio" not in turn.ssml and "&lt;audio" in turn.ssml


def test_an_unreadable_repeat_cache_falls_back_to_the_conversation(user):
    turn = forged(user, {"_last": "<speak>hi</speak>"}).say("AMAZON.RepeatIntent")
    assert "There's nothing to repeat yet" in turn.text


def test_an_error_reply_is_repeated(make_skill, monkeypatch):
    from skill.logic.conversation import Conversation

    user = Driver(make_skill())
    user.launch()
    original = Conversation.handle
    monkeypatch.setattr(Conversation, "handle", lambda *a, **k: 1 / 0)
    failed = user.say("AMAZON.NextIntent")
    monkeypatch.setattr(Conversation, "handle", original)
    again = user.say("AMAZON.RepeatIntent")
    assert "something went wrong on my side" in failed.text and again.text == failed.text


def test_say_segments_carry_their_keys(conversation):
    reply = conversation.handle(Event("Launch"), {}, {}, NOW)
    assert reply.keys() == ["welcome_first", "topic:disclaimer", "next_idle"]
    reply = conversation.handle(Event("ReportSymptomIntent", {"symptom": "chest_pain"}), {}, {}, NOW)
    # The number to call first, and no first-use disclaimer in an emergency's answer.
    assert reply.keys() == ["outcome:emergency", "symptom_heard", "outcome:emergency", "after_emergency"]


# --- the normalisers on their own -------------------------------------------------------------
def test_session_state_keeps_only_known_keys_of_the_right_type():
    raw = {"mode": "routine", "pending": "lump_check", "pos": {"section": 1, "step": 2, "held": 30},
           "emergency": True, "tried": ["a", 3, "a", "b"], "side": "left", "offer": "feed",
           "resume_routine": 1, "injected": {"x": 1}}
    assert states.session_state(raw) == {
        "mode": "routine", "pending": "lump_check", "pos": {"section": 1, "step": 2, "held": 30},
        "emergency": True, "tried": ["a", "b"], "side": "left", "offer": "feed"}


@pytest.mark.parametrize("value, expected", [
    (3, 3), (3.0, 3), (0.5, None), (-1, None), (True, None), (math.nan, None), (math.inf, None),
    ("3", None), (10**12, None),
])
def test_whole_numbers(value, expected):
    assert values.whole(value) == expected


def test_memory_drops_what_it_cannot_read_and_keeps_the_order():
    raw = {"episode": {"started": "not a time"}, "prefs": {"tz": 5, "disclaimer_heard": True}, "v": 1.0,
           "other": 1}
    assert list(states.memory(raw).items()) == [("prefs", {"disclaimer_heard": True, "tz": None}), ("v", 1)]
    episode = {"signs": ["fever", None], "started": "2026-11-20T03:00:00+00:00", "lump_hours": math.inf,
               "pos": {"section": 1, "step": 0}, "cleared_at": "soon"}
    assert states.memory({"episode": episode}) == {"episode": {
        "signs": ["fever"], "started": "2026-11-20T03:00:00+00:00", "pos": {"section": 1, "step": 0},
        "tried": []}}


def test_a_permission_request_is_kept_for_repeat(make_skill, fake_alexa_api):
    from skill.console.envelopes import Session

    user = Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=False))
    user.launch()
    user.say("SetTimer", minutes="5", compress="warm")
    asking = user.say("AMAZON.YesIntent")
    assert asking.body["directives"] and "permission" in asking.text
    assert asking.attributes["_last"]["speech"] == [f"permission_lead|{asking.text}"]


def test_the_flows_declare_every_pending_question_once_and_no_intent_twice(conversation):
    from importlib import import_module

    from skill.logic.conversation import FLOWS, LATER_FLOWS

    flows = [*FLOWS, *(import_module(f"skill.logic.flows.{name}") for name in LATER_FLOWS)]
    assert set(conversation.with_every_flow().context.pending) == states.PENDING_NAMES
    declared = [intent for flow in flows for intent in flow.INTENTS]
    asked = [name for flow in flows for name in getattr(flow, "PENDING", {})]
    assert len(declared) == len(set(declared)) and len(asked) == len(set(asked))
    blocking = {name for name, question in conversation.context.pending.items() if question.blocking}
    assert blocking == {"triage", "precheck"}
