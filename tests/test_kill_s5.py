"""Kill tests for the mutation run of 2026-11-29 (evening): the first-use disclaimer said once
whatever the first turn is, and the welcome replies' screens and next steps."""
from __future__ import annotations

from datetime import datetime, timezone

from skill.logic.conversation import Event
from skill.logic.speech import Shown

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
DISCLAIMER = "This skill gives general information, not medical advice."
IN_AN_EMERGENCY = "In an emergency, call 9 1 1 from a phone."


def text(reply) -> str:
    return " ".join(s.text for s in reply.speech if hasattr(s, "text"))


def test_help_as_the_first_turn_says_the_disclaimer_once(conversation):
    memory: dict = {}
    said = text(conversation.handle(Event("AMAZON.HelpIntent"), {}, memory, NOW))
    assert said.count(DISCLAIMER) == 1 and said.count(IN_AN_EMERGENCY) == 1
    assert memory["prefs"]["disclaimer_heard"] is True


def test_misheard_words_as_the_first_turn_say_the_number_once(conversation):
    said = text(conversation.handle(Event("AMAZON.FallbackIntent"), {}, {}, NOW))
    assert said.startswith(f"{DISCLAIMER} Sorry, I didn't catch that. If this is an emergency, call 9 1 1 from a phone.")
    assert IN_AN_EMERGENCY not in said


def test_a_question_as_the_first_turn_gets_the_whole_disclaimer_first(conversation):
    said = text(conversation.handle(Event("WhatIsClogIntent"), {}, {}, NOW))
    assert said.startswith(f"{DISCLAIMER} {IN_AN_EMERGENCY} A clogged milk duct is")


def test_the_first_launch_shows_the_welcome_and_the_disclaimer(conversation):
    reply = conversation.handle(Event("Launch"), {}, {}, NOW)
    assert reply.screen == Shown("info", "welcome", ids=("welcome_first", "topic:disclaimer"))


def test_a_returning_launch_with_no_open_clog_is_a_short_welcome_and_what_to_say(conversation):
    reply = conversation.handle(Event("Launch"), {}, {"prefs": {"disclaimer_heard": True}}, NOW)
    assert reply.keys() == ["welcome_back", "next_idle"]
    assert reply.screen == Shown("info", "welcome", ids=("welcome_back",))


def test_start_within_the_session_that_heard_the_fever_does_not_name_it_again(conversation):
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "fever"}), state, memory, NOW)
    advised = conversation.handle(Event("AMAZON.NoIntent"), state, memory, NOW)  # no emergency signs
    assert "Please contact your healthcare provider today." in text(advised)
    started = text(conversation.handle(Event("StartRoutineIntent"), state, memory, NOW))
    assert not started.startswith("Because you mentioned"), started
