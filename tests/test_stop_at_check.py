"""A "stop", or silence until Alexa closes the session, while a safety question waits: the next
session asks the questions again, as after a pause, until their advice is given. The expected
words are written out."""
from test_safety_edges import EMERGENCY_QUESTION, come_back, parent  # noqa: F401 (parent: a fixture)

UNFINISHED = "Welcome back. Last time, we stopped partway through the questions."


def fever_then_left_at_the_emergency_question(parent, leave):
    parent.launch()
    assert parent.say("ReportSymptom", symptom="fever").text.endswith(EMERGENCY_QUESTION)
    leave(parent)


def test_stop_at_the_emergency_question_asks_it_again_next_session(parent):
    fever_then_left_at_the_emergency_question(parent, lambda p: p.say("AMAZON.StopIntent"))
    again = come_back(parent, minutes=10)
    assert UNFINISHED in again.text and again.text.endswith(EMERGENCY_QUESTION)


def test_silence_until_the_session_closes_asks_it_again_next_session(parent):
    fever_then_left_at_the_emergency_question(
        parent, lambda p: p.send(p.session.session_ended("EXCEEDED_MAX_REPROMPTS")))
    again = come_back(parent, minutes=10)
    assert UNFINISHED in again.text and again.text.endswith(EMERGENCY_QUESTION)


def test_stop_after_the_check_gave_its_advice_asks_nothing_again(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    for _ in range(4):  # no emergency signs, no chills or aches, no red streaks, lump age unknown
        turn = parent.say("AMAZON.NoIntent")
        if not turn.text.endswith("?"):
            break
    parent.say("AMAZON.StopIntent")
    assert UNFINISHED not in come_back(parent, minutes=10).text
