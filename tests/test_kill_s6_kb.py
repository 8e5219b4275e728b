"""Kill tests for the mutation run on e117bc8 (round s6, track kb): the lump's age at its edges,
the warning signs said when she pauses or finishes, a safety check a pause left waiting, and a
timer that fails after an emergency. Each test fails on one or more surviving mutants of
skill/logic/triage.py or flows/triage.py, routine.py, alerts.py, through the real skill as the
parent meets it.

Everything expected is written out here (the words as the parent hears them), never read from
the content or code under test: a lump still there after 24 hours means contacting a provider
today, from 48 hours it counts as a provider sign (the seeds' 24-48 hours, the careful side).
"""
from driver import Driver
from skill.console.envelopes import Session
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
# Asked from the first question again, so its introduction too (no question answered this session).
BACK_TO_CHECK = ("Welcome back. Last time, we stopped partway through the questions. "
                 f"I'll ask a few quick questions to check for warning signs. {EMERGENCY_QUESTION}")


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


# --- out of the routine: what she is told keeps the warning signs on record ----------------------
def fever_advised(parent):
    """A fever told, no emergency signs: the provider advice (no routine begun)."""
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    assert "Please contact your healthcare provider today." in parent.say("AMAZON.NoIntent").text


def test_next_after_the_routine_ended_says_it_is_finished_and_reminds_a_fever(parent):
    fever_advised(parent)
    parent.say("StartRoutine")
    parent.say("ChooseRoutine", routine="gentle")
    for _ in range(30):  # the gentle routine, every step skipped to its end
        if "That's the end of the routine." in parent.say("SkipStep").text:
            break
    parent.say("AMAZON.NoIntent")  # no check-in reminder
    assert parent.say("AMAZON.NextIntent").text == (
        f"You've finished the routine. {FEVER_ON_RECORD} "
        "You can say 'start over' to go through it again, or ask me a question.")


def test_a_pause_out_of_the_routine_after_a_fever_says_whom_to_call(parent):
    fever_advised(parent)
    assert parent.say("AMAZON.PauseIntent").text == (
        f"Okay, let's pause. {FEVER_ON_RECORD} When you're ready, say 'Alexa, open milk duct helper'.")


def test_where_am_i_next_session_offers_the_first_step_she_stopped_at(parent):
    parent.launch()
    parent.say("StartRoutine")
    parent.say("AMAZON.NoIntent")  # no fever, chills, aches or streaks
    parent.say("ChooseRoutine", routine="gentle")  # step one is said
    parent.say("AMAZON.StopIntent")
    parent.session.advance(hours=2)
    said = parent.say("WhereAmI").text
    assert said.startswith("Last time, you stopped at step 1 of 2 in the feeding as usual section: feed as usual."), said
    assert NOT_STARTED not in said


# --- a pause at a safety question: the questions come back next time ----------------------------
def paused_at_the_emergency_question(parent):
    parent.launch()
    assert parent.say("ReportSymptom").text.endswith(EMERGENCY_QUESTION)  # "I don't feel well"
    assert parent.say("AMAZON.PauseIntent").text == PAUSE_CHECK


def test_resume_next_session_goes_back_to_the_questions_a_pause_left(parent):
    paused_at_the_emergency_question(parent)
    parent.session.advance(hours=1)
    assert parent.say("AMAZON.ResumeIntent").text == BACK_TO_CHECK


def test_a_pause_after_her_record_was_erased_on_another_device_still_keeps_the_check(parent, make_skill):
    parent.launch()
    parent.say("ReportSymptom")  # "I don't feel well": the emergency question waits
    kitchen = Driver(make_skill(), Session(now=T0, device_id="amzn1.ask.device.KITCHEN", api_endpoint="http://127.0.0.1:9"))
    kitchen.say("DeleteData")
    assert kitchen.say("AMAZON.YesIntent").text.startswith("Done. I've erased what I remembered about you.")
    assert parent.say("AMAZON.PauseIntent").text == PAUSE_CHECK
    parent.session.advance(hours=1)
    # The disclaimer first: that she heard it was erased too.
    assert parent.say("AMAZON.ResumeIntent").text == (
        "This skill gives general information, not medical advice. In an emergency, call 9 1 1 from a phone. "
        + BACK_TO_CHECK)


def test_advice_in_the_same_second_as_the_pause_still_leaves_the_check_waiting(parent):
    """Alexa's request times count whole seconds: advice and a pause in the same one count as the
    question left unanswered (asking again is the careful side)."""
    parent.launch()
    parent.say("ReportSymptom")  # "I don't feel well": she asked for the check
    assert parent.say("ReportSymptom", symptom="trouble_breathing").text.startswith("Please call 9 1 1 now")
    taken_back = parent.say("FalseAlarm").text  # the emergency question again, at the same second
    assert taken_back.startswith("Okay, I've taken back trouble breathing.") and taken_back.endswith(EMERGENCY_QUESTION)
    assert parent.say("AMAZON.PauseIntent").text == PAUSE_CHECK
    assert come_back(parent, hours=1).text == BACK_TO_CHECK


# --- a timer that fails after an emergency: the call to make, and why no timer -------------------
def test_a_timer_that_fails_after_an_emergency_gives_the_call_advice_and_says_it_failed(make_skill, fake_alexa_api):
    fake_alexa_api.respond_with("/v1/alerts/timers", 500)
    parent = Driver(make_skill(), Session(now=T0, api_endpoint=fake_alexa_api.url, permissions_granted=True))
    parent.launch()
    assert parent.say("ReportSymptom", symptom="chest_pain").text.startswith("Please call 9 1 1 now, from a phone.")
    parent.say("SetTimer", minutes="10", compress="warm")
    assert parent.say("AMAZON.YesIntent").text == (
        "Please call 9 1 1 now, from a phone. Alexa can't place that call. This could be serious, and it's best "
        "to get help right away. I couldn't set that just now. Say 'repeat' to hear this again.")
