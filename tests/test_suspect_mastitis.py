""""I think I have mastitis" (SuspectMastitisIntent) in the conversation logic: the warning-sign
questions from the first, the emergency question first, and nothing recorded as a sign, since
what she suspects is not a sign she reported. Stories: tests/conversations/suspect_mastitis.yaml."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from skill.logic.conversation import Event
from skill.logic.speech import Say

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)
SUSPECT = Event("SuspectMastitisIntent")
NO = Event("AMAZON.NoIntent")
# The questions in the order of content/triage.yaml, with "no" to each ("feel_feverish" is asked
# only when the temperature is unknown; the lump's age is answered in hours).
ANSWERS = [("question:emergency_screen", NO), ("question:fever", NO), ("question:chills_aches", NO),
           ("question:red_streaks", NO), ("question:lump_duration", Event("GiveDurationIntent",
                                                                           {"amount": "5", "unit": "hours"}))]


def said(reply) -> list[str]:
    return [s.key for s in reply.speech if isinstance(s, Say)]


@pytest.mark.parametrize("locale", ["en-US", "en-CA", "en-GB", "en-AU", "en-IN"])
def test_the_check_begins_with_the_emergency_question_in_every_market(conversation, locale):
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    reply = conversation.handle(SUSPECT, state, memory, NOW, locale=locale)
    assert said(reply) == ["suspect_mastitis", "triage_intro", "question:emergency_screen"]
    assert state["pending"] == "triage" and state["triage"]["asking"] == "emergency_screen"
    assert [s.key for s in reply.reprompt] == ["question:emergency_screen"]


def test_no_to_every_question_ends_in_self_care_with_no_sign_recorded(conversation):
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    reply = conversation.handle(SUSPECT, state, memory, NOW)
    for question, answer in ANSWERS:
        assert question in said(reply)
        reply = conversation.handle(answer, state, memory, NOW)
    assert "outcome:self_care" in said(reply)
    # What she suspects is not a sign: only what the questions found counts.
    assert state["triage"]["signs"] == []
    assert memory.get("episode", {}).get("signs", []) == []


def test_a_yes_to_the_emergency_question_is_the_number_to_call_first(conversation):
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    conversation.handle(SUSPECT, state, memory, NOW)
    reply = conversation.handle(Event("AMAZON.YesIntent"), state, memory, NOW)
    assert said(reply)[0] == "outcome:emergency"
    assert reply.speech[0].text.startswith("Please call 9 1 1 now, from a phone.")


def test_after_an_emergency_it_keeps_the_number_first(conversation):
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "chest_pain"}), state, memory, NOW)
    reply = conversation.handle(SUSPECT, state, memory, NOW)
    assert said(reply)[:2] == ["outcome:emergency", "suspect_mastitis"]
    assert reply.speech[0].text.startswith("Please call 9 1 1 now, from a phone.")


def test_a_fever_told_earlier_still_counts(conversation):
    """A sign she told before keeps its level: the check goes on from it, not from nothing."""
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "fever"}), state, memory, NOW)
    reply = conversation.handle(SUSPECT, state, memory, NOW)
    # Why the questions come, though one was answered already (the fever counts as told).
    assert said(reply) == ["suspect_mastitis", "triage_intro", "question:emergency_screen"]
    reply = conversation.handle(NO, state, memory, NOW)
    assert "outcome:provider" in said(reply)


def test_once_the_check_is_done_it_gives_the_advice_again_without_promising_questions(conversation):
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "fever"}), state, memory, NOW)
    conversation.handle(NO, state, memory, NOW)
    reply = conversation.handle(SUSPECT, state, memory, NOW)
    assert said(reply)[:2] == ["suspect_mastitis", "outcome:provider"]
    assert "triage_intro" not in said(reply)
