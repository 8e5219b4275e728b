"""Starting the routine, "where was I", "I think I have mastitis" and the lump check where a
mutation run found nothing noticing a wrong answer (issue 16, track k4): each test fails on one
or more of those mutants.

Everything expected is written out here (the words as the parent hears them, the key of what was
said), never read from the content or code under test.
"""
from test_safety_edges import EMERGENCY_QUESTION, ERROR, come_back, parent, tell_clog  # noqa: F401 (parent: a fixture)

ROUTINE_CHOICE = ("I can guide you two ways: warmth and massage, as in the classic advice, or the gentler "
                  "approach with cold and light strokes that newer guidance prefers. Which would you like?")
PRECHECK = "Before we start, a quick check. Do you have a fever, chills, body aches, or red streaks on the breast?"
BOTH_SIDES = "When both sides are sore, work on one at a time with the same routine."
SUSPECT = ("I can't tell you if it's mastitis or an infection. "
           "I'll ask a few quick questions to check for warning signs.")


def no_warning_signs(parent):
    """The emergency, chills and streaks questions answered no (the fever one already was)."""
    for _ in range(3):
        parent.say("AMAZON.NoIntent")


# --- "start" once the fever question was answered: no pre-check asked over it -----------------
def test_a_temperature_under_the_line_answers_the_precheck_fever_question(parent):
    parent.launch()
    parent.say("GiveTemperature", whole="98", fraction="6", scale="fahrenheit")
    no_warning_signs(parent)
    assert parent.say("GiveDuration", amount="2", unit="hours").text.startswith("About 2 hours, got it.")
    assert parent.say("StartRoutine").text == ROUTINE_CHOICE


# --- both sides sore: the advice comes whenever the routine begins ------------------------------
def test_both_sides_advice_when_start_is_said_again_after_the_precheck(parent):
    parent.launch()
    parent.say("SetClogLocation", side="both", location="outer")
    assert parent.say("StartRoutine").text == BOTH_SIDES + " " + PRECHECK
    parent.say("AMAZON.NoIntent")  # no fever, chills, aches or streaks: the routine choice
    # "start" again, the pre-check already answered: straight to the choice, the advice first.
    assert parent.say("StartRoutine").text == BOTH_SIDES + " " + ROUTINE_CHOICE


# --- "where was I" out of the routine: a red flag on record is reminded ------------------------
def test_where_was_i_out_of_the_routine_reminds_a_fever_on_record(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    parent.say("AMAZON.NoIntent")  # no emergency signs: the provider advice
    parent.say("StartRoutine")
    parent.say("ChooseRoutine", routine="classic")
    parent.say("AMAZON.NextIntent")
    parent.say("AMAZON.NavigateHomeIntent")  # out of the routine, the same session
    assert parent.say("WhereAmI").text == (
        "Last time, you stopped at step 2 of 6 in the warmth and preparation section: diaper compress. "
        "Because you mentioned a fever, please contact your healthcare provider today. "
        "Would you like to pick up the routine? Say yes or no.")
    parent.say("AMAZON.StopIntent")
    # The next session's launch names it; "where was I" then does not say it again.
    assert come_back(parent, hours=2).text.startswith("Because you mentioned a fever")
    assert "Because you mentioned" not in parent.say("WhereAmI").text


# --- "I think I have mastitis" with a lump age told in an earlier session ----------------------
def test_do_i_have_mastitis_counts_a_lump_age_told_last_session(parent):
    parent.launch()
    parent.say("GiveDuration", amount="10", unit="hours")
    parent.say("AMAZON.StopIntent")
    come_back(parent, hours=2)
    suspect = parent.say("SuspectMastitis")
    assert ERROR not in suspect.text
    assert suspect.text == SUSPECT + " " + EMERGENCY_QUESTION
    # not asked again; and she asked for the check, so it goes on past a sign taken back
    assert suspect.attributes["triage"]["answered"] == ["lump_duration", "asked_for"]


# --- the lump check: not asked back for an age told this session, nor for a clog that is over ---
def test_a_lump_age_told_this_session_is_not_asked_back_when_it_passes_a_day(parent):
    parent.launch()
    assert parent.say("GiveDuration", amount="23", unit="hours").text.startswith("About 23 hours, got it.")
    parent.say("AMAZON.NoIntent")  # no emergency signs
    parent.say("AMAZON.NoIntent")  # no fever
    no_warning_signs(parent)  # no chills or aches, no streaks, and no to the reminder
    parent.session.advance(hours=2)  # same session: the lump is now past 24 hours
    assert parent.say("StartRoutine").text == ROUTINE_CHOICE


def test_a_clog_over_a_week_old_is_not_asked_about(parent):
    tell_clog(parent)
    come_back(parent, days=8)
    assert parent.say("StartRoutine").text == PRECHECK


# --- "do I have mastitis": said to the pre-check it answers it (as "not sure" does), else not ---
TAKEN_BACK = ("Okay, I've taken back a fever. If it does happen, contact your healthcare provider today. "
              "Do you have a fever? If you took your temperature, tell me the number.")
CHILLS = "Do you have chills or body aches, or do you feel like you have the flu?"


def fever_said_then_taken_back(parent):
    """After the mastitis question's first answer (no emergency signs): a fever, then "I was
    wrong", which leaves the fever question unanswered again: the check she asked for asks it."""
    assert parent.say("AMAZON.NoIntent").text == "Do you have a fever? If you took your temperature, tell me the number."
    assert parent.say("AMAZON.YesIntent").text.startswith("Please contact your healthcare provider today.")
    assert parent.say("FalseAlarm").text == TAKEN_BACK


def test_do_i_have_mastitis_at_the_precheck_answers_it(parent):
    parent.launch()
    assert parent.say("StartRoutine").text == PRECHECK
    asked = parent.say("SuspectMastitis")
    assert asked.text == SUSPECT + " " + EMERGENCY_QUESTION
    # The pre-check is answered: its questions are asked one at a time instead.
    assert asked.attributes["pending"] == "triage" and "precheck" in asked.attributes["triage"]["answered"]
    fever_said_then_taken_back(parent)
    # Every sign taken back: the questions that stopped at the fever go on to chills and streaks.
    assert parent.say("AMAZON.NoIntent").text == CHILLS


def test_do_i_have_mastitis_with_no_precheck_waiting_leaves_it_to_ask(parent):
    parent.launch()
    asked = parent.say("SuspectMastitis")
    assert asked.text == SUSPECT + " " + EMERGENCY_QUESTION
    assert "precheck" not in asked.attributes["triage"]["answered"]  # left for "start" to ask
    fever_said_then_taken_back(parent)
    assert parent.say("AMAZON.NoIntent").text == CHILLS
