"""After an emergency sign and "I already called 911", every reply that follows, whatever she asks,
still opens with the number to call, in the called form ("If anything gets worse before help
arrives, call 9 1 1 again, from a phone."), never "if you haven't", and in one breath; an
emergency sign she had not told before the call gets the full "Please call 9 1 1 now, from a
phone". The oracle is her words, written out here: which sign she told, and which request reports
a sign. Fails on the code before the change, where every reply after the call said "please call
now" as if she had not called."""
import copy
from datetime import datetime, timezone

import pytest
from screen_checks import render_documents

from driver import Driver
from skill import render
from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.logic.conversation import Event
from skill.logic.speech import Pause
from test_every_response import EMERGENCY_NUMBER, EVENTS, MAX_WORDS, NOW

CALLED = Event("CalledForHelpIntent", {"helper": "emergency"})
# The emergency signs she tells before the call (thoughts of harm get the crisis line too).
TOLD = {"chest_pain": "chest pain", "self_harm": "thoughts of harming yourself"}
# Requests that report what she feels: their advice may be said in full again, the number first.
# And "what are the warning signs?": the answer says which call for the number now.
REPORTS = {"ReportSymptomIntent", "GiveTemperatureIntent", "GiveDurationIntent", "SuspectMastitisIntent",
           "WarningSignsIntent"}
# Each emergency sign an event of EVENTS reports, by hand from content/triage.yaml's levels.
EMERGENCY_SIGNS_OF = {("ReportSymptomIntent", "chest_pain"): "chest_pain", ("ReportSymptomIntent", "self_harm"): "self_harm"}
# "I said that by mistake" takes the sign back: what follows need not name the number.
TAKES_BACK = "FalseAlarmIntent"
# Her second request, after the first (answers and the likeliest words while she waits).
THEN = [Event("AMAZON.YesIntent"), Event("AMAZON.NoIntent"), Event("ContinueIntent"), Event("AMAZON.HelpIntent"),
        Event("AMAZON.FallbackIntent"), Event("CausesIntent"), Event("AMAZON.StopIntent"), Event("AMAZON.NextIntent")]


def after_the_call(conversation, locale, sign):
    state, memory = {}, {}
    for event in (Event("Launch"), Event("ReportSymptomIntent", {"symptom": sign}), CALLED):
        conversation.handle(event, state, memory, NOW, locale=locale)
    return state, memory


def answer(conversation, locale, event, state, memory):
    """Her request's reply; an action's (a timer, reminders, erasing) is the one said once it is done."""
    reply = conversation.handle(event, state, memory, NOW, locale=locale, time_zone=lambda: None)
    if reply.actions:
        reply = conversation.after_action(reply.actions[0], "CREATED", state, memory, NOW, locale=locale)
    return reply


def new_emergency_sign(event, sign):
    return EMERGENCY_SIGNS_OF.get((event.kind, event.slots.get("symptom")), sign) != sign


def check(reply, event, sign, number):
    said = render.plain_text(reply.speech)
    first = said.split(". ")[0]
    where = (event.kind, event.slots, said)
    if new_emergency_sign(event, sign):
        assert first == f"Please call {number} now, from a phone", where
        return
    assert "if you haven't" not in said, where
    if event.kind in REPORTS:
        assert f"call {number.lower()}" in first.lower(), where
    else:  # a closing, or the end of something, names the signs as well
        called = f"call {number} again, from a phone"
        assert first == f"If anything gets worse before help arrives, {called}" or (
            first.startswith(f"Because you mentioned {TOLD[sign]}")
            and first.endswith(f", {called}, if anything gets worse before help arrives")), where
    if not any(isinstance(s, Pause) for s in reply.speech):
        assert len(said.replace(number, "number").split()) <= MAX_WORDS, where


@pytest.mark.parametrize("sign", TOLD)
@pytest.mark.parametrize("locale", EMERGENCY_NUMBER)
def test_every_reply_after_the_call_opens_with_the_called_form(conversation, locale, sign):
    checked = 0
    for event in EVENTS:
        if event.kind == TAKES_BACK:
            continue
        state, memory = after_the_call(conversation, locale, sign)
        check(answer(conversation, locale, event, state, memory), event, sign, EMERGENCY_NUMBER[locale])
        checked += 1
    assert checked > 60


def test_two_requests_after_the_call_both_open_with_the_called_form(conversation):
    """Each request, then each of her likeliest next words: the called form lasts the session
    (unless a new emergency sign came in between)."""
    number, checked = EMERGENCY_NUMBER["en-US"], 0
    for sign in TOLD:
        for event in EVENTS:
            state, memory = after_the_call(conversation, "en-US", sign)
            first = answer(conversation, "en-US", event, state, memory)
            if first.end_session or event.kind == TAKES_BACK or new_emergency_sign(event, sign):
                continue
            for then in THEN:
                s, m = copy.deepcopy(state), copy.deepcopy(memory)
                check(answer(conversation, "en-US", then, s, m), then, sign, number)
                checked += 1
    assert checked > 800


@pytest.mark.parametrize("locale", EMERGENCY_NUMBER)
def test_a_new_emergency_sign_after_the_call_brings_please_call_now_back_until_she_calls_again(conversation, locale):
    number = EMERGENCY_NUMBER[locale]
    state, memory = after_the_call(conversation, locale, "chest_pain")
    said = [render.plain_text(answer(conversation, locale, event, state, memory).speech)
            for event in (Event("ReportSymptomIntent", {"symptom": "trouble_breathing"}), Event("ContinueIntent"),
                          CALLED, Event("ContinueIntent"))]
    assert said[0].startswith(f"Please call {number} now, from a phone. Alexa can't place that call.")
    assert said[1].startswith(f"Please call {number} now, from a phone. Alexa can't place that call.")
    assert said[2].startswith(f"You did the right thing calling {number}.")
    assert said[3].startswith(f"If anything gets worse before help arrives, call {number} again, from a phone.")


def test_the_call_is_not_carried_into_the_next_session(conversation):
    """The session's closing knows of the call; a call made yesterday brings no one today: the
    next session's opening names the sign with "please call now, if you haven't", as before any call."""
    state, memory = after_the_call(conversation, "en-US", "chest_pain")
    closing = conversation.handle(Event("AMAZON.StopIntent"), state, memory, NOW)
    assert render.plain_text(closing.speech).startswith(
        "Because you mentioned chest pain, call 9 1 1 again, from a phone, if anything gets worse before help arrives.")
    opening = conversation.handle(Event("Launch"), {}, memory, NOW)
    assert render.plain_text(opening.speech).startswith(
        "Because you mentioned chest pain, please call 9 1 1 now, from a phone, if you haven't.")
    assert "called" not in str(memory)


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_on_an_echo_show_the_called_form_is_the_safety_line_with_the_number(make_skill, locale):
    """She may read the screen rather than listen: after the call, its first line is the called
    form too, with the number written as she would dial it."""
    show = Driver(make_skill(), Session(now=datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc), locale=locale,
                                        supported_interfaces=SCREEN_DEVICE))
    show.launch()
    show.say("ReportSymptom", symptom="trouble_breathing")
    show.say("CalledForHelpIntent", helper="emergency")
    topic = show.say("CausesIntent")
    written = {"en-US": "911", "en-GB": "999"}[locale]
    assert topic.text.startswith(f"If anything gets worse before help arrives, call {EMERGENCY_NUMBER[locale]} again")
    [directive] = render_documents(topic.body)
    assert directive["datasources"]["screen"]["safety"] == {
        "line": f"If anything gets worse before help arrives, call {written} again, from a phone.", "number": written}
