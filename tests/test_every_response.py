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
    *[Event(name) for name in TOPICS],
    *[Event(f"AMAZON.{name}Intent") for name in BUILT_INS],
]
REASSURANCE = ["all is well", "nothing to worry", "you're fine", "you are fine", "no need to see",
               "good sign", "all clear", "you're all set", "nothing serious"]
MAX_NODES = 2500


def explore(conversation):
    start = ({}, {})
    seen = {json.dumps(start)}
    queue = [start]
    replies = []
    while queue and len(seen) < MAX_NODES:
        state, memory = queue.pop(0)
        for event in EVENTS:
            s, m = copy.deepcopy(state), copy.deepcopy(memory)
            reply = conversation.handle(event, s, m, NOW, time_zone=lambda: None)
            flagged = bool(conversation.triage.red_flags(s["triage"])) or bool(
                [f for f in m.get("episode", {}).get("signs", []) if conversation.triage.level(f) != "self_care"])
            replies.append((event, reply, flagged))
            if reply.end_session:
                s = {}
            key = json.dumps([s, m], sort_keys=True)
            if key not in seen:
                seen.add(key)
                queue.append((s, m))
    return replies, len(seen)


@pytest.fixture(scope="module")
def explored(conversation):
    return explore(conversation)


def test_exploration_is_broad(explored):
    replies, states = explored
    assert states >= 500 and len(replies) >= 10_000


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
