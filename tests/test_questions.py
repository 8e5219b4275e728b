"""The questions parents ask (issue 9), answered from content/topics.yaml: said as parents say
them, resolved through the real interaction model, and answered by the real skill."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from skill.console.nlu import default_nlu
from skill.logic.flows.information import TOPIC_INTENTS
from skill.logic.turn import Context

ISSUE = yaml.safe_load((Path(__file__).parent / "nlu/issue.yaml").read_text(encoding="utf-8"))
QUESTIONS = {
    "WarningSignsIntent": "warning_signs",
    "HowLongIntent": "how_long",
    "RecurringClogIntent": "recurring",
    "PainReliefIntent": "pain_relief",
    "KeepFeedingIntent": "keep_feeding",
    "ExtraPumpingIntent": "extra_pumping",
    "BabyUnwellIntent": "baby_unwell",
    "BothSidesIntent": "both_sides",
    "NewerAdviceIntent": "newer_advice",
}
MAX_WORDS = 60


def words(text: str) -> int:
    return len(re.sub(r"\[pause[^\]]*\]", " ", text).split())


def test_each_question_has_its_own_topic():
    assert {intent: TOPIC_INTENTS[intent] for intent in QUESTIONS} == {i: (t,) for i, t in QUESTIONS.items()}


@pytest.mark.parametrize("intent", QUESTIONS)
def test_the_answer_is_the_topic_short_and_says_what_next(user, content, intent):
    user.launch()
    turn = user.say(intent)
    said = Context(content).topics[QUESTIONS[intent]]["say"]  # with the market's numbers in
    for sentence in said:
        assert sentence in turn.text
    assert turn.text.endswith(content["responses"]["next_after_topic"]), "ends with what she can say next"
    assert words(turn.text) < MAX_WORDS, turn.text
    assert not turn.ended and turn.reprompt


def test_asked_mid_routine_the_answer_leads_back_to_the_step(user, content):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")  # no warning signs
    user.say("ChooseRoutine", routine="classic")  # the routine starts
    turn = user.say("PainReliefIntent")
    assert content["topics"]["topics"]["pain_relief"]["say"][0] in turn.text
    assert "Say 'continue' to go back to" in turn.text
    assert words(turn.text) < MAX_WORDS


def test_pain_relief_names_no_dose(content):
    said = " ".join(content["topics"]["topics"]["pain_relief"]["say"])
    assert not re.search(r"\d|milligram|\bmg\b|tablet|pill|every \w+ hours", said, re.IGNORECASE)
    assert "pharmacist" in said and "label" in said


def test_warning_signs_are_the_red_flags_not_the_clog_signs(user, content):
    user.launch()
    text = user.say(default_nlu().resolve("what are the warning signs").intent).text
    for sign in ("chest pain", "breathing", "fainting", "confusion", "fever", "chills", "red streaks"):
        assert sign in text
    assert "Call 9 1 1 now" in text and "provider today" in text  # the number itself
    assert content["topics"]["topics"]["symptoms"]["say"][0] not in text


@pytest.mark.parametrize("case", [c for c in ISSUE if c["intent"] in QUESTIONS], ids=lambda c: c["say"])
def test_the_issues_questions_reach_their_answer(user, content, case):
    resolution = default_nlu().resolve(case["say"])
    assert resolution.intent == case["intent"]
    user.launch()
    turn = user.say(resolution.intent)
    assert Context(content).topics[QUESTIONS[case["intent"]]]["say"][0] in turn.text



PRECHECK_AGAIN = "Do you have a fever, chills, body aches, or red streaks? Say yes, no, or not sure."


def precheck(user):
    user.launch()
    return user.say("StartRoutine")


@pytest.mark.parametrize("intent, answer", [
    ("PainReliefIntent", "considered compatible with breastfeeding"),
    ("KeepFeedingIntent", "keep feeding or pumping"),
    ("StillHurtsIntent", "Ease off to lighter pressure"),
])
def test_a_question_asked_during_the_safety_check_is_answered_then_the_check_asked_again(user, intent, answer):
    """Issue 9: not "let's finish this question first" to a parent asking about pain or her milk."""
    precheck(user)
    turn = user.say(intent)
    assert answer in turn.text and turn.text.endswith(PRECHECK_AGAIN), turn.text
    assert "finish this question first" not in turn.text
    # The check still waits for its answer: "no" starts the routine, as it would have.
    assert "Good to know" in user.say("AMAZON.NoIntent").text


def test_pumping_said_during_the_safety_check_is_remembered_and_the_check_asked_again(user):
    precheck(user)
    turn = user.say("FeedingMethod", method="pumping")
    assert turn.text == "Got it, you're pumping. I'll word the steps for a pump session. " + PRECHECK_AGAIN
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    assert "Let gravity and your hands help the pump." in user.say("GoToSection", section="positioning").text


def test_anything_else_during_the_safety_check_still_waits_for_its_answer(user):
    precheck(user)
    turn = user.say("GoToSection", section="massage")
    assert turn.text.startswith("Let's finish this question first"), turn.text
