"""Every response the skill can reach, explored breadth-first over a representative set of
requests: well-formed SSML within Alexa's limits, a reprompt whenever the session stays
open, a valid screen on an Echo Show, and safety judged by an oracle independent of the triage
code: the walker keeps what the parent reported from her own words and the question she heard,
and checks that no reply reassures her after a warning sign, that an emergency is answered with
the number to call, that every closing and an easing lump repeat the advice, and that the routine
gives way to the call after an emergency."""
import copy
import json
from datetime import datetime, timezone
from typing import NamedTuple
from xml.etree import ElementTree

import pytest

from skill import render
from skill.logic.conversation import Event
from skill.logic.speech import Pause, Reply

EMERGENCY, PROVIDER = "emergency", "provider"

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)
TOPICS = ["WhatIsClogIntent", "CausesIntent", "SymptomsInfoIntent", "ClearedSignsIntent",
          "PreventionIntent", "MastitisInfoIntent", "WarningSignsIntent", "HowLongIntent", "RecurringClogIntent",
          "PainReliefIntent", "KeepFeedingIntent", "BothSidesIntent", "NewerAdviceIntent", "ExtraPumpingIntent",
          "BabyUnwellIntent"]
BUILT_INS = ["Help", "Stop", "Cancel", "Fallback", "NavigateHome", "Next", "Previous", "Repeat",
             "Pause", "Resume", "StartOver", "Yes", "No"]
EVENTS = [
    Event("Launch"),
    Event("StartRoutineIntent"), Event("StartRoutineIntent", {"side": "left", "location": "outer"}),
    Event("ReportSymptomIntent", {"symptom": "fever"}), Event("ReportSymptomIntent", {"symptom": "lump"}),
    Event("ReportSymptomIntent", {"symptom": "chest_pain", "symptomTwo": "chills"}),
    Event("ReportSymptomIntent"), Event("ReportSymptomIntent", {"symptom": "sneezing"}),
    Event("GiveTemperatureIntent", {"whole": "101"}), Event("GiveTemperatureIntent", {"whole": "37"}),
    Event("GiveTemperatureIntent", {"whole": "38", "fraction": "3", "scale": "celsius"}),
    Event("GiveTemperatureIntent", {"whole": "250"}), Event("GiveTemperatureIntent"),
    Event("GiveDurationIntent", {"amount": "2", "unit": "days"}), Event("GiveDurationIntent", {"amount": "5", "unit": "hours"}),
    Event("GiveDurationIntent", {"amount": "30", "unit": "hours"}), Event("GiveDurationIntent", {"since": "yesterday"}),
    Event("GiveDurationIntent"),
    Event("SetClogLocationIntent", {"side": "right", "location": "lower"}), Event("SetClogLocationIntent"),
    Event("GoToSectionIntent", {"section": "massage"}), Event("GoToSectionIntent", {"section": "positioning"}),
    Event("GoToSectionIntent", {"section": "nowhere"}),
    Event("WhereAmIIntent"), Event("LumpGoneIntent"), Event("LumpStillThereIntent"), Event("SkipStepIntent"),
    Event("NoSuchIntent"),
    # the safety track: thoughts of harm, an urgent CDC sign, "I don't know", a false alarm
    Event("ReportSymptomIntent", {"symptom": "self_harm"}), Event("ReportSymptomIntent", {"symptom": "headache"}),
    Event("GiveTemperatureIntent", {"whole": "100", "fraction": "6"}),
    Event("DontKnowIntent"), Event("FalseAlarmIntent"), Event("SuspectMastitisIntent"),
    Event("SetTimerIntent"), Event("SetTimerIntent", {"minutes": "10", "compress": "cool"}),
    Event("SetTimerIntent", {"minutes": "500"}), Event("SetReminderIntent", {"reminder": "feed"}),
    Event("SetReminderIntent", {"reminder": "checkin"}), Event("SetReminderIntent"), Event("DeleteDataIntent"),
    Event("ChooseRoutineIntent", {"routine": "either"}), Event("SwitchRoutineIntent"),
    Event("SwitchRoutineIntent", {"routine": "classic"}), Event("GoToSectionIntent", {"section": "cold"}),
    Event("ContinueIntent"), Event("StillHurtsIntent"), Event("MoreIntent"), Event("FeedingMethodIntent", {"method": "pumping"}),
    Event("FeedingMethodIntent"), Event("HoldOnIntent"),
    *[Event(name) for name in TOPICS],
    *[Event(f"AMAZON.{name}Intent") for name in BUILT_INS],
]
REASSURANCE = ["all is well", "nothing to worry", "you're fine", "you are fine", "no need to see",
               "good sign", "all clear", "you're all set", "nothing serious"]
MAX_EXPANDED = 900
MAX_WORDS = 60  # one breath of speech for a tired listener; a timed hold's pauses are exempt
OUTCOMES = ["CREATED", "NEEDS_PERMISSION", "DENIED", "NOT_ANSWERED", "UNSUPPORTED", "FAILED"]


# Nothing reported yet (see told_after).
BLANK = {"session": None, "stored": None, "keep": None}


class Heard(NamedTuple):
    event: Event
    reply: Reply
    told: dict  # her record once this reply was said (see told_after)
    reported: str | None  # the level this very event reported


def seeds(conversation):
    """Start points deep in the conversation that a breadth-first walk would not reach, each
    with her record and the last reply she heard: a returning user with an open episode,
    without and with a fever told in that earlier session; a yes to the pre-check; a provider
    outcome, for a fever alone and after where the clog is; an emergency and a fever told at
    several steps of each routine; and every step and hold of both routines."""
    found = [({}, {}, BLANK, None)]
    for signs, told in (([], BLANK), (["fever"], dict(BLANK, stored=PROVIDER))):
        returning = {"prefs": {"disclaimer_heard": True},
                     "episode": {"started": "2026-11-20T03:00:00+00:00", "side": "left", "tried": [], "signs": signs}}
        found.append(({}, returning, told, None))
    # Warning signs first: the walk is breadth-first and bounded, so what follows them is
    # reached before the many steps of the two routines use up the expansions.
    found += walk(conversation, [Event("Launch"), Event("StartRoutineIntent"), Event("AMAZON.YesIntent")])
    found += walk(conversation, [Event("Launch"), Event("ReportSymptomIntent", {"symptom": "fever"}),
                                 Event("AMAZON.NoIntent")])
    # The same fever after telling where the clog is: a fever alone asks about no lump, so only
    # this one's lump check (and its "I'm glad it's eased") comes back to her.
    found += walk(conversation, [Event("Launch"), Event("SetClogLocationIntent", {"side": "right", "location": "lower"}),
                                 Event("ReportSymptomIntent", {"symptom": "fever"}), Event("AMAZON.NoIntent")])[-1:]
    # A lump with every warning-sign question answered no: the next answer, how long it has
    # lasted ("5 hours", "2 days", "I don't know"), is the first-night outcome and its offer.
    found += walk(conversation, [Event("Launch"), Event("ReportSymptomIntent", {"symptom": "lump"})]
                  + [Event("AMAZON.NoIntent")] * 4)
    emergency = [Event("ReportSymptomIntent", {"symptom": "chest_pain", "symptomTwo": "chills"})]
    fever = [Event("ReportSymptomIntent", {"symptom": "fever"}), Event("AMAZON.NoIntent")]
    routines = [[Event("Launch"), Event("StartRoutineIntent"), Event("AMAZON.NoIntent"),
                 Event("ChooseRoutineIntent", {"routine": routine})] for routine in ("classic", "gentle")]
    for start in routines:
        for steps in range(0, 24, 4):
            for told in (emergency, fever):
                found += walk(conversation, start + [Event("AMAZON.NextIntent")] * steps + told)[-1:]
    for start in routines:
        found += walk(conversation, start + [Event("AMAZON.NextIntent")] * 60)
    return found


def walk(conversation, path: list[Event]) -> list[tuple]:
    """(state, memory, her record, the reply she heard) after each event of `path`, up to the
    end of the session or the offer at the routine's end."""
    found = []
    state, memory, told, heard = {}, {}, BLANK, None
    for event in path:
        reply = conversation.handle(event, state, memory, NOW)
        told, heard = told_after(told, event, heard, deleted=False), reply
        found.append((copy.deepcopy(state), copy.deepcopy(memory), told, heard))
        if reply.end_session or state.get("pending") == "reminder_offer":
            break
    return found


# What the simulated parent has told the skill, kept by the walker from her own words and the
# questions she heard, never from the triage code: the most serious level she reported in this
# session and in earlier ones, and which yes/no question she is answering.
# Her reports, written out by hand from the guidelines (a temperature of 101 °F or 38.3 °C is a
# fever; a lump of two days is past the 48-hour line).
SAID = [
    (Event("ReportSymptomIntent", {"symptom": "fever"}), PROVIDER),
    (Event("ReportSymptomIntent", {"symptom": "chest_pain", "symptomTwo": "chills"}), EMERGENCY),
    (Event("GiveTemperatureIntent", {"whole": "101"}), PROVIDER),
    (Event("GiveTemperatureIntent", {"whole": "38", "fraction": "3", "scale": "celsius"}), PROVIDER),
    (Event("GiveDurationIntent", {"amount": "2", "unit": "days"}), PROVIDER),
]
# A yes to one of these questions (known by the reprompt she heard) reports a warning sign.
YES_TO = {
    "Any trouble breathing, chest pain, confusion, or feeling faint or dizzy?": EMERGENCY,
    "Do you have a fever? Say yes": PROVIDER,
    "Do you feel hot or shivery?": PROVIDER,  # no thermometer: feeling feverish counts (CDC, issue 9)
    "Any chills, aches, or flu-like feeling?": PROVIDER,
    "Any red streaks on the breast?": PROVIDER,
    "Do you have a fever, chills, body aches, or red streaks?": PROVIDER,
}
# Her words for "the lump is gone", and the question a "no" answers that way.
LUMP_GONE_QUESTION = "Is the lump still there?"
ROUTINE_REQUESTS = {"StartRoutineIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent", "GoToSectionIntent",
                    "AMAZON.StartOverIntent", "SkipStepIntent", "ChooseRoutineIntent", "SwitchRoutineIntent"}
# How the skill names the number to call in each market (content/services.yaml, written out here).
EMERGENCY_NUMBER = {"en-US": "9 1 1", "en-CA": "9 1 1", "en-GB": "9 9 9", "en-AU": "triple zero, or in New Zealand, 1 1 1", "en-IN": "1 1 2"}


def _worst(*levels):
    return EMERGENCY if EMERGENCY in levels else PROVIDER if PROVIDER in levels else None


def reported(event: Event, heard: Reply | None) -> str | None:
    """The level of warning sign this event reports, from her words and the question she heard."""
    if event.kind == "AMAZON.YesIntent" and heard is not None:
        question = render.plain_text(heard.reprompt or [])
        return next((level for start, level in YES_TO.items() if start in question), None)
    # By kind and slots: Event has no equality of its own.
    return next((level for said, level in SAID if (said.kind, said.slots) == (event.kind, event.slots)), None)


def told_after(told: dict, event: Event, heard: Reply | None, deleted: bool) -> dict:
    """Her record after this event. `session`: the worst she reported in this session, which
    every reply of the session must respect. `stored`: the worst from earlier sessions that
    still stands; `keep`: what this session adds to it. A cleared lump, erased data or a false
    alarm drops what came before (conservatively: later replies then need not repeat it)."""
    said = reported(event, heard)
    told = dict(told, session=_worst(told["session"], said), keep=_worst(told["keep"], said))
    heard_question = render.plain_text(heard.reprompt or []) if heard else ""
    if event.kind == "LumpGoneIntent" or (event.kind == "AMAZON.NoIntent" and LUMP_GONE_QUESTION in heard_question):
        told.update(stored=None, keep=None)
    if deleted or event.kind == "FalseAlarmIntent":
        # "I said that by mistake" takes a sign back: conservatively, nothing before it need be repeated.
        told.update(session=None, stored=None, keep=None)
    return told


def next_session(told: dict) -> dict:
    return {"session": None, "stored": _worst(told["stored"], told["keep"]), "keep": None}


def explore(conversation):
    queue = seeds(conversation)
    seen = {json.dumps([s, m, told], sort_keys=True) for s, m, told, _ in queue}
    replies = []
    expanded = 0
    while queue and expanded < MAX_EXPANDED:
        state, memory, told, heard = queue.pop(0)
        expanded += 1
        for event in EVENTS:
            s, m = copy.deepcopy(state), copy.deepcopy(memory)
            reply = conversation.handle(event, s, m, NOW, time_zone=lambda: None)
            # An action's reply is silent: what is said comes after the handler layer acts.
            results = [(s, m, reply, False)] if not reply.actions else [
                (s2, m2, conversation.after_action(reply.actions[0], outcome, s2, m2, NOW),
                 reply.actions[0]["type"] == "delete_memory" and outcome == "CREATED")
                for outcome in OUTCOMES for s2, m2 in [(copy.deepcopy(s), copy.deepcopy(m))]]
            for s, m, reply, deleted in results:
                after = told_after(told, event, heard, deleted)
                replies.append(Heard(event, reply, after, reported(event, heard)))
                if reply.end_session:
                    s, after = {}, next_session(after)
                key = json.dumps([s, m, after], sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    queue.append((s, m, after, None if reply.end_session else reply))
    return replies, len(seen)


class InLocale:
    """The conversation as a device in one market talks to it (the walk runs in each)."""

    def __init__(self, conversation, locale):
        self.conversation, self.locale = conversation, locale

    def handle(self, *args, **options):
        return self.conversation.handle(*args, locale=self.locale, **options)

    def after_action(self, *args):
        return self.conversation.after_action(*args, locale=self.locale)

    def __getattr__(self, name):
        return getattr(self.conversation, name)


@pytest.fixture(scope="module", params=["en-US", *[pytest.param(locale, marks=pytest.mark.slow) for locale in
                                                   ("en-CA", "en-GB", "en-AU", "en-IN")]])
def locale(request):
    return request.param


@pytest.fixture(scope="module")
def explored(conversation, locale):
    return explore(InLocale(conversation, locale))


@pytest.fixture(scope="module")
def number(locale):
    return EMERGENCY_NUMBER[locale]


def test_exploration_is_broad(explored):
    replies, states = explored
    assert states >= 2000 and len(replies) >= 40_000
    assert any("end of the routine" in render.plain_text(r.speech) for _, r, *_ in replies)


def test_every_response_is_valid_ssml_within_limits(explored):
    for event, reply, *_ in explored[0]:
        for segments in (reply.speech, reply.reprompt or []):
            markup = render.ssml(segments)  # raises on a break over 10 s, 8,000 chars or 240 s
            ElementTree.fromstring(markup)
            assert all(p.seconds <= 10 for p in segments if isinstance(p, Pause))
        assert reply.speech, event


def test_every_open_response_says_what_to_say_next(explored):
    for event, reply, *_ in explored[0]:
        if not reply.end_session:
            assert reply.reprompt, (event, render.plain_text(reply.speech))
            assert render.plain_text(reply.reprompt).strip()


def flagged(heard: Heard) -> str | None:
    return _worst(heard.told["session"], heard.told["stored"])


def words(reply: Reply) -> str:
    return render.plain_text(reply.speech)


def test_no_reassurance_once_she_reported_a_warning_sign(explored):
    checked = [h for h in explored[0] if flagged(h)]
    assert len(checked) > 1000
    for heard in checked:
        said = words(heard.reply).lower()
        assert not [p for p in REASSURANCE if p in said], (heard.event, said)


def test_a_reported_emergency_is_answered_with_the_number_to_call(explored, number):
    answers = [h for h in explored[0] if h.reported == EMERGENCY]
    assert len(answers) > 100 and {h.event.kind for h in answers} == {"ReportSymptomIntent", "AMAZON.YesIntent"}
    for heard in answers:
        first = words(heard.reply).split(". ")[0]  # the rule: the first sentence names the number
        assert f"call {number} now" in first and "from a phone" in first, (heard.event, words(heard.reply))


def test_closing_after_a_warning_sign_repeats_the_advice(explored, number):
    closings = [h for h in explored[0] if flagged(h) and h.reply.end_session]
    assert len(closings) > 100
    assert any(h.told["session"] is None for h in closings)  # some in a later session
    for heard in closings:
        said = words(heard.reply)
        assert "healthcare provider" in said or number in said, (heard.event, said)
        if flagged(heard) == EMERGENCY:
            assert number in said, (heard.event, said)


def test_an_easing_lump_after_a_warning_sign_is_not_the_all_clear(explored, number):
    easing = [h for h in explored[0] if flagged(h) and "glad" in words(h.reply)]
    assert len(easing) >= 10  # 10 on 2026-11-29 (a launch after an emergency in-session gets the call advice)
    for heard in easing:
        said = words(heard.reply)
        assert "Because you mentioned" in said, (heard.event, said)
        assert "healthcare provider" in said or number in said, (heard.event, said)


def test_after_an_emergency_the_routine_gives_way_to_the_call(explored, number):
    asked = [h for h in explored[0] if h.told["session"] == EMERGENCY and h.event.kind in ROUTINE_REQUESTS]
    assert len(asked) > 100
    for heard in asked:
        assert number in words(heard.reply), (heard.event, words(heard.reply))


def test_no_response_outside_a_timed_hold_is_over_sixty_words(explored, number):
    """Speech stays short, every reply with no exemption: the first-use disclaimer, the triage
    outcomes and the longer answers (said a part at a time, "would you like to hear more?")
    included. The number to call counts as one word, however many it takes to say ("triple
    zero, or in New Zealand, 1 1 1")."""
    long = {}
    for event, reply, *_ in explored[0]:
        if any(isinstance(s, Pause) for s in reply.speech):
            continue
        words = len(render.plain_text(reply.speech).replace(number, "number").split())
        if words > MAX_WORDS:
            long[tuple(reply.keys())] = (event.kind, words, render.plain_text(reply.speech))
    assert not long, "\n".join(f"{k}: {v}" for k, v in list(long.items())[:5])


def test_on_an_echo_show_each_screen_is_one_valid_render_document_and_voice_only_gets_none(explored, conversation):
    """The walk's replies through the handler layer's respond(), on an Echo Show and on a
    voice-only Echo (each distinct reply once): the speech is the same on both."""
    from screen_checks import MAX_RESPONSE_BYTES, SHOW, VOICE_ONLY, problems_of, render_documents, response_on

    from skill.render.apl.screen import KINDS

    seen, shown_kinds = set(), set()
    for heard in explored[0]:
        event, reply = heard.event, heard.reply
        key = (repr(reply.screen), repr(reply.speech), repr(reply.reprompt), reply.end_session)
        if key in seen:
            continue
        seen.add(key)
        on_show = response_on(SHOW, reply, conversation.context)
        voice = response_on(VOICE_ONLY, reply, conversation.context)
        assert not voice.get("directives"), event
        assert on_show["outputSpeech"] == voice["outputSpeech"], event
        assert on_show.get("reprompt") == voice.get("reprompt"), event
        screens = render_documents(on_show)
        # What the flow shows, else the reply itself when it waits for her answer (not a fallback's).
        waits = bool(reply.reprompt) and not reply.end_session and reply.repeatable
        assert len(on_show.get("directives", [])) == len(screens) == (reply.screen is not None or waits), event
        if reply.keys() and any(k.startswith(("step:", "outcome:")) for k in reply.keys()):
            assert screens, (event, reply.keys())  # the routine and triage outcomes always show
        for directive in screens:
            assert problems_of(directive) == [], (event, directive["datasources"])
            assert len(json.dumps(on_show, separators=(",", ":")).encode()) < MAX_RESPONSE_BYTES, event
            shown_kinds.add(directive["token"].rpartition("-")[2])
            if flagged(heard):
                shown = json.dumps(directive["datasources"]).lower()
                assert not [p for p in REASSURANCE if p in shown], (event, shown)
    assert shown_kinds == set(KINDS)
    assert len(seen) > 500
