"""Kill tests for the mutation run on e117bc8 (round s6, track kb): the lump's age at its edges,
the warning signs said when she pauses or finishes, and a safety check a pause left waiting.
Each test fails on one or more surviving mutants of skill/logic/triage.py, flows/triage.py or
flows/routine.py, through the real skill as the parent meets it.

Everything expected is written out here (the words as the parent hears them), never read from
the content or code under test: a lump still there after 24 hours means contacting a provider
today, from 48 hours it counts as a provider sign (the seeds' 24-48 hours, the careful side).
"""
from test_safety_edges import EMERGENCY_QUESTION, T0, come_back, parent  # noqa: F401 (parent: a fixture)

LUMP_A_DAY = ("A lump still there after a day of draining should be checked, "
              "so please contact your healthcare provider today.")
STILL_AFTER_A_DAY = "Because you mentioned a lump still there after a day, please contact your healthcare provider today."
TWO_DAYS = "Because you mentioned a lump lasting two days or more, please contact your healthcare provider today."
FEVER_ON_RECORD = "Because you mentioned a fever, please contact your healthcare provider today."
NOT_STARTED = "We haven't started the guided routine yet."
PAUSE_CHECK = ("Okay, let's pause. If you have trouble breathing, chest pain, confusion, or fainting, call 9 1 1 now. "
               "Meanwhile, if you get a fever, chills, body aches, or red streaks, please contact your healthcare "
               "provider today. Say 'Alexa, open milk duct helper' to finish the questions.")
BACK_TO_CHECK = "Welcome back. Last time, we stopped partway through the questions. " + EMERGENCY_QUESTION


# --- a lump of exactly a day: the provider today, said at once and at the end -------------------
def test_a_lump_of_exactly_a_day_gets_the_provider_advice_as_soon_as_its_age_is_heard(parent):
    parent.launch()
    assert parent.say("GiveDuration", unit="days").text == f"About 24 hours, got it. {LUMP_A_DAY} {EMERGENCY_QUESTION}"


def test_a_lump_of_exactly_a_day_is_named_when_she_leaves(parent):
    parent.launch()
    parent.say("GiveDuration", unit="days")
    assert STILL_AFTER_A_DAY in parent.say("AMAZON.StopIntent").text


# --- a lump told a day old, then two days old: named once, by its graver age --------------------
def test_a_lump_told_past_a_day_then_past_two_days_is_named_by_the_two_days_only(parent):
    parent.launch()
    parent.say("GiveDuration", amount="30", unit="hours")
    parent.say("GiveDuration", amount="50", unit="hours")
    goodbye = parent.say("AMAZON.StopIntent").text
    assert TWO_DAYS in goodbye
    assert "after a day" not in goodbye, goodbye
