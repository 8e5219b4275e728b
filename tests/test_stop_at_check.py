"""A "stop", or silence until Alexa closes the session, while a safety question waits: the next
session asks the questions again, as after a pause, until their advice is given. The expected
words are written out."""
import pytest

from test_safety_edges import EMERGENCY_QUESTION, come_back, parent  # noqa: F401 (parent: a fixture)

UNFINISHED = "Welcome back. Last time, we stopped partway through the questions."
FEVER_FIRST = "Because you mentioned a fever, please contact your healthcare provider today. "
SIGNS_NOT_TO_WAIT_ON = "If you have trouble breathing, chest pain, confusion, or fainting, call 9 1 1 now. "


def fever_then_left_at_the_emergency_question(parent, leave):
    parent.launch()
    assert parent.say("ReportSymptom", symptom="fever").text.endswith(EMERGENCY_QUESTION)
    return leave(parent)


@pytest.mark.parametrize("word", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_at_the_emergency_question_asks_it_again_next_session(parent, word):
    bye = fever_then_left_at_the_emergency_question(parent, lambda p: p.say(word))
    assert bye.ended and bye.text.startswith(SIGNS_NOT_TO_WAIT_ON + FEVER_FIRST)
    again = come_back(parent, minutes=10)
    assert again.text.startswith(FEVER_FIRST + UNFINISHED) and again.text.endswith(EMERGENCY_QUESTION)


def test_silence_until_the_session_closes_asks_it_again_next_session(parent):
    fever_then_left_at_the_emergency_question(
        parent, lambda p: p.send(p.session.session_ended("EXCEEDED_MAX_REPROMPTS")))
    again = come_back(parent, minutes=10)
    assert again.text.startswith(FEVER_FIRST + UNFINISHED) and again.text.endswith(EMERGENCY_QUESTION)


def test_a_one_shot_resume_next_session_asks_the_questions_first(parent):
    fever_then_left_at_the_emergency_question(parent, lambda p: p.say("AMAZON.StopIntent"))
    parent.session.advance(hours=10)
    resumed = parent.say("AMAZON.ResumeIntent")  # "ask milk duct helper to resume": no launch first
    assert resumed.text.startswith(FEVER_FIRST + UNFINISHED) and resumed.text.endswith(EMERGENCY_QUESTION)


def test_a_stop_after_the_emergency_answer_was_taken_back_asks_it_again_next_session(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    assert parent.say("AMAZON.YesIntent").text.startswith("Please call 9 1 1 now, from a phone.")
    assert parent.say("FalseAlarm").text.endswith(EMERGENCY_QUESTION)  # said by mistake: asked again
    parent.say("AMAZON.StopIntent")
    again = come_back(parent, hours=3)
    assert again.text.startswith(FEVER_FIRST + UNFINISHED) and again.text.endswith(EMERGENCY_QUESTION)


def test_a_stop_once_the_emergency_question_was_answered_asks_nothing_again(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="lump")
    assert parent.say("AMAZON.NoIntent").text.startswith("Do you have a fever?")  # the check goes on
    parent.say("AMAZON.StopIntent")
    assert UNFINISHED not in come_back(parent, minutes=10).text


def test_stop_after_the_check_gave_its_advice_asks_nothing_again(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    for _ in range(4):  # no emergency signs, no chills or aches, no red streaks, lump age unknown
        turn = parent.say("AMAZON.NoIntent")
        if not turn.text.endswith("?"):
            break
    parent.say("AMAZON.StopIntent")
    assert UNFINISHED not in come_back(parent, minutes=10).text
