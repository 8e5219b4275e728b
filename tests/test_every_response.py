"""Every response the skill can reach, explored breadth-first over a representative set of
requests: well-formed SSML within Alexa's limits, a reprompt whenever the session stays
open, and no reassurance once a red flag is on record."""
import copy
import json
from datetime import datetime, timezone
from xml.etree import ElementTree

import pytest

from skill import render
from skill.logic.conversation import Event
from skill.logic.speech import Pause

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)
TOPICS = ["WhatIsClogIntent", "CausesIntent", "SymptomsInfoIntent", "ClearedSignsIntent",
          "PreventionIntent", "MastitisInfoIntent"]
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
    Event("SetTimerIntent"), Event("SetTimerIntent", {"minutes": "10", "compress": "cool"}),
    Event("SetTimerIntent", {"minutes": "500"}), Event("SetReminderIntent", {"reminder": "feed"}),
    Event("SetReminderIntent", {"reminder": "checkin"}), Event("SetReminderIntent"), Event("DeleteDataIntent"),
    Event("ChooseRoutineIntent", {"routine": "either"}), Event("SwitchRoutineIntent"),
    Event("SwitchRoutineIntent", {"routine": "classic"}), Event("GoToSectionIntent", {"section": "cold"}),
    *[Event(name) for name in TOPICS],
    *[Event(f"AMAZON.{name}Intent") for name in BUILT_INS],
]
REASSURANCE = ["all is well", "nothing to worry", "you're fine", "you are fine", "no need to see",
               "good sign", "all clear", "you're all set", "nothing serious"]
MAX_EXPANDED = 900
OUTCOMES = ["CREATED", "NEEDS_PERMISSION", "DENIED", "NOT_ANSWERED", "UNSUPPORTED", "FAILED"]


def seeds(conversation):
    """Start points deep in the conversation that a breadth-first walk would not reach:
    every step and hold of the routine, and a returning user with an open episode."""
    found = [({}, {})]
    for routine in ("classic", "gentle"):
        state, memory = {}, {}
        for event in [Event("Launch"), Event("StartRoutineIntent"), Event("AMAZON.NoIntent"),
                      Event("ChooseRoutineIntent", {"routine": routine})] + [Event("AMAZON.NextIntent")] * 60:
            reply = conversation.handle(event, state, memory, NOW)
            found.append((copy.deepcopy(state), copy.deepcopy(memory)))
            if reply.end_session or state.get("pending") == "reminder_offer":
                break
    returning = {"prefs": {"disclaimer_heard": True},
                 "episode": {"started": "2026-11-20T03:00:00+00:00", "side": "left", "tried": [], "signs": []}}
    found.append(({}, returning))
    return found


def explore(conversation):
    queue = seeds(conversation)
    seen = {json.dumps(node, sort_keys=True) for node in queue}
    replies = []
    expanded = 0
    while queue and expanded < MAX_EXPANDED:
        state, memory = queue.pop(0)
        expanded += 1
        for event in EVENTS:
            s, m = copy.deepcopy(state), copy.deepcopy(memory)
            reply = conversation.handle(event, s, m, NOW, time_zone=lambda: None)
            # An action's reply is silent: what is said comes after the handler layer acts.
            results = [(s, m, reply)] if not reply.actions else [
                (s2, m2, conversation.after_action(reply.actions[0], outcome, s2, m2, NOW))
                for outcome in OUTCOMES for s2, m2 in [(copy.deepcopy(s), copy.deepcopy(m))]]
            for s, m, reply in results:
                flagged = bool(conversation.triage.red_flags(s["triage"]["signs"])) or bool(
                    [f for f in m.get("episode", {}).get("signs", []) if conversation.triage.level(f) != "self_care"])
                replies.append((event, reply, flagged))
                if reply.end_session:
                    s = {}
                key = json.dumps([s, m], sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    queue.append((s, m))
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
def explored(conversation, request):
    return explore(InLocale(conversation, request.param))


def test_exploration_is_broad(explored):
    replies, states = explored
    assert states >= 2000 and len(replies) >= 40_000
    assert any("end of the routine" in render.plain_text(r.speech) for _, r, _ in replies)


def test_every_response_is_valid_ssml_within_limits(explored):
    for event, reply, _ in explored[0]:
        for segments in (reply.speech, reply.reprompt or []):
            markup = render.ssml(segments)  # raises on a break over 10 s, 8,000 chars or 240 s
            ElementTree.fromstring(markup)
            assert all(p.seconds <= 10 for p in segments if isinstance(p, Pause))
        assert reply.speech, event


def test_every_open_response_says_what_to_say_next(explored):
    for event, reply, _ in explored[0]:
        if not reply.end_session:
            assert reply.reprompt, (event, render.plain_text(reply.speech))
            assert render.plain_text(reply.reprompt).strip()


def test_no_reassurance_once_a_red_flag_is_on_record(explored):
    checked = 0
    for event, reply, flagged in explored[0]:
        if flagged:
            checked += 1
            words = render.plain_text(reply.speech).lower()
            assert not [p for p in REASSURANCE if p in words], (event, words)
    assert checked > 1000


def test_closing_responses_after_a_red_flag_repeat_the_advice(explored):
    closings = [(e, r) for e, r, flagged in explored[0] if flagged and r.end_session]
    assert closings
    for event, reply in closings:
        words = render.plain_text(reply.speech).lower()
        assert "healthcare provider" in words or "emergency number" in words, (event, words)


def test_on_an_echo_show_each_screen_is_one_valid_render_document_and_voice_only_gets_none(explored, conversation):
    """The walk's replies through the handler layer's respond(), on an Echo Show and on a
    voice-only Echo (each distinct reply once): the speech is the same on both."""
    from screen_checks import MAX_RESPONSE_BYTES, SHOW, VOICE_ONLY, problems_of, render_documents, response_on

    from skill.render.apl.screen import KINDS

    seen, shown_kinds = set(), set()
    for event, reply, flagged in explored[0]:
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
        assert len(on_show.get("directives", [])) == len(screens) == (reply.screen is not None), event
        if reply.keys() and any(k.startswith(("step:", "outcome:")) for k in reply.keys()):
            assert screens, (event, reply.keys())  # the routine and triage outcomes always show
        for directive in screens:
            assert problems_of(directive) == [], (event, directive["datasources"])
            assert len(json.dumps(on_show, separators=(",", ":")).encode()) < MAX_RESPONSE_BYTES, event
            shown_kinds.add(directive["token"].rpartition("-")[2])
            if flagged:
                words = json.dumps(directive["datasources"]).lower()
                assert not [p for p in REASSURANCE if p in words], (event, words)
    assert shown_kinds == set(KINDS)
    assert len(seen) > 500
