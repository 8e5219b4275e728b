"""Triage, the lump check and the clog's record where a mutation run found nothing noticing a
wrong answer (issue 16, track k1): each test fails on one or more of those mutants.

Everything expected is written out here (the words as the parent hears them, the key of what was
said, the stored record), never read from the content or code under test. The guidelines behind
them are those of tests/test_safety_edges.py: a fever, for provider advice, from 100.4 °F /
38.0 °C (the seeds' 101 °F / 38.3 °C mastitis line is said only to explain a lower fever); a lump
of 24 hours or more means contacting a provider today; not being sure is the careful side.
"""
import json
import sqlite3
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.console.envelopes import Session
from test_safety_edges import EMERGENCY_QUESTION, ERROR, START_IT, T0, come_back, parent, tell_clog  # noqa: F401 (parent: a fixture)

NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
WATCH = "A lump that lasts 24 to 48 hours needs checking, so please contact your healthcare provider today."
FIRST_STEP = ("First, let's warm up and loosen the area. Pick one way to warm the breast. A warm compress, "
              "a warm shower, or a soak in a basin of warm water all work. Say 'next' when you're ready.")


def asked_about_the_lump(parent, hours=30):
    """A clog told at T0; `hours` later she opens the skill and is asked whether the lump is
    still there."""
    tell_clog(parent, side="left")
    assert come_back(parent, hours=hours).text.endswith("you told me about a clog on the left side. Is the lump still there?")


def other_device(parent):
    """The same parent on a second Echo, at the same moment."""
    return Driver(parent.skill, Session(now=parent.session.now, device_id="amzn1.ask.device.KITCHEN",
                                        api_endpoint="http://127.0.0.1:9"))


def stored_episode(db_path) -> dict:
    with sqlite3.connect(db_path) as db:
        (record,) = db.execute("SELECT attributes FROM attributes").fetchone()
    return json.loads(record)["episode"]


# --- the lump check: "I don't know", "no", and a yes after the record changed elsewhere -------
def test_not_sure_the_lump_is_gone_is_taken_as_still_there(parent):
    asked_about_the_lump(parent, hours=30)
    turn = parent.say("DontKnow")
    assert turn.text == ("So it has lasted about 30 hours. A lump still there after a day of draining should be "
                         "checked, so please contact your healthcare provider today. " + EMERGENCY_QUESTION)
    for _ in range(4):  # no emergency signs, no fever, no chills or aches, no red streaks
        turn = parent.say("AMAZON.NoIntent")
    assert turn.text.startswith(WATCH)


def test_the_lump_gone_closes_the_question_and_says_what_she_can_do_next(parent):
    asked_about_the_lump(parent, hours=30)
    gone = parent.say("AMAZON.NoIntent")
    assert gone.text == ("I'm glad it's eased. Today, keep feeding or pumping often on that side. "
                         "A cool compress can ease soreness. " + NEXT_IDLE)
    assert gone.reprompt == NEXT_IDLE
    assert gone.attributes["pending"] is None
    # A yes now answers nothing: it must not be read as "the lump is still there".
    stray = parent.say("AMAZON.YesIntent")
    assert stray.text == "I wasn't asking a yes or no question just then. " + NEXT_IDLE


def erased_on_another_device_while_asked_about_the_lump(parent):
    asked_about_the_lump(parent, hours=30)
    kitchen = other_device(parent)
    kitchen.launch()
    kitchen.say("DeleteData")
    assert kitchen.say("AMAZON.YesIntent").text.startswith("Done. I've erased what I remembered about you.")


def test_a_yes_after_her_data_was_erased_on_another_device_starts_a_new_record(parent, db_path):
    erased_on_another_device_while_asked_about_the_lump(parent)
    still = parent.say("AMAZON.YesIntent")
    assert ERROR not in still.text and still.text.endswith(START_IT)  # no routine of hers is left to pick up
    assert stored_episode(db_path)["started"] == "2026-11-21T21:00:00+00:00"  # a new clog, from this answer


# --- "the lump is still there" and "I don't know" with no question waiting ------------------
def test_the_lump_still_there_during_the_routine_keeps_her_place(parent):
    parent.launch()
    parent.say("StartRoutine", side="left", location="outer")
    parent.say("AMAZON.NoIntent")  # no fever, chills, aches or streaks
    parent.say("ChooseRoutine", routine="classic")
    turn = parent.say("LumpStillThere")
    assert turn.text == "Okay, let's keep working on it. " + FIRST_STEP


def test_not_sure_with_no_question_waiting_says_okay_and_what_to_say(parent):
    parent.launch()
    turn = parent.say("DontKnow")
    assert turn.text == "Okay. " + NEXT_IDLE


# --- not sure about the emergency question ----------------------------------------------------
def test_not_sure_of_the_emergency_signs_is_said_and_kept_as_that_advice(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    turn = parent.say("DontKnow")
    call = "If you're not sure, it's safest to call 9 1 1 now, from a phone."
    # The call alone: the fever's "contact your provider today" would contradict it (s7).
    assert turn.text.startswith(call + " Say 'repeat' to hear this again.")
    # What "repeat" will say again, with the key of each sentence.
    assert turn.attributes["_last"]["speech"][0] == "note:not_sure_emergency|" + call


# --- temperatures -----------------------------------------------------------------------------
@pytest.mark.parametrize("whole, fraction, scale, heard", [
    ("38", "3", "celsius", "38.3 degrees Celsius counts as a fever."),
    ("101", None, "fahrenheit", "101 degrees Fahrenheit counts as a fever."),
])
def test_a_fever_on_the_mastitis_line_is_not_explained_as_under_it(parent, whole, fraction, scale, heard):
    parent.launch()
    turn = parent.say("GiveTemperature", whole=whole, fraction=fraction, scale=scale)
    assert turn.text == f"{heard} {EMERGENCY_QUESTION}"


def test_a_temperature_after_a_lump_age_told_in_an_earlier_session_counts_that_age(parent):
    parent.launch()
    parent.say("GiveDuration", amount="30", unit="hours")
    parent.say("AMAZON.StopIntent")
    parent.session.advance(hours=2)
    parent.launch()
    turn = parent.say("GiveTemperature", whole="37", scale="celsius")
    assert turn.text == "37 degrees Celsius is under the fever line of 38 degrees. " + EMERGENCY_QUESTION
    for _ in range(3):  # no emergency signs, no chills or aches, no red streaks: not asked how long again
        turn = parent.say("AMAZON.NoIntent")
    assert turn.text.startswith(WATCH)


# --- how long the lump has lasted ---------------------------------------------------------------
@pytest.mark.parametrize("slots, heard", [
    # a number alone counts hours only at the duration question: tests/test_numbers_s7.py
    # the longest taken; past a day, the provider today before the questions
    ({"amount": "60", "unit": "days"}, "About 1440 hours, got it. A lump still there after a day of draining should "
                                       "be checked, so please contact your healthcare provider today."),
])
def test_a_lump_age_is_heard(parent, slots, heard):
    parent.launch()
    assert parent.say("GiveDuration", **slots).text == f"{heard} {EMERGENCY_QUESTION}"


@pytest.mark.parametrize("slots", [{"since": "a while"}, {"amount": "61", "unit": "days"}])
def test_a_lump_age_not_understood_is_asked_for_again(parent, slots):
    parent.launch()
    turn = parent.say("GiveDuration", **slots)
    assert turn.text.startswith("I didn't catch how long. Please tell me in hours or days.")


# --- taking back an emergency sign ---------------------------------------------------------------
def test_taking_back_an_emergency_sign_asks_the_emergency_question_again(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="fever")
    parent.say("AMAZON.NoIntent")  # no emergency signs: the provider advice for the fever
    parent.say("ReportSymptom", symptom="chest_pain")
    turn = parent.say("FalseAlarm")
    # She said no, then chest pain, then took it back: ask again rather than trust either.
    assert turn.text == ("Okay, I've taken back chest pain. If it does happen, call 9 1 1 from a phone. "
                         + EMERGENCY_QUESTION)


# --- the clog's record ----------------------------------------------------------------------------
def test_finishing_the_routine_records_when(parent, db_path):
    parent.launch()
    parent.say("StartRoutine", side="left", location="outer")
    parent.say("AMAZON.NoIntent")
    parent.say("ChooseRoutine", routine="classic")
    parent.say("GoToSection", section="followup")
    parent.session.advance(minutes=20)
    for _ in range(10):  # past the aftercare's steps, timed holds too
        if parent.say("SkipStep").attributes["pending"] == "reminder_offer":  # the routine is done
            break
    assert stored_episode(db_path)["routine_done_at"] == "2026-11-20T15:20:00+00:00"


@pytest.mark.parametrize("zone, started, later, when", [
    # 11:30 pm on the 20th there, now half past midnight on the 24th (New York: 3 days)
    ("Pacific/Kiritimati", datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc), {"days": 3, "hours": 1}, "4 days ago"),
    # 4 am on the 20th there, now 7 pm on the 23rd (New York: 1 am on the 24th, 4 days)
    ("Pacific/Pago_Pago", T0, {"days": 3, "hours": 15}, "3 days ago"),
])
def test_the_days_since_the_clog_are_counted_in_her_time_zone(make_skill, fake_alexa_api, zone, started, later, when):
    fake_alexa_api.time_zone = zone
    parent = Driver(make_skill(), Session(now=started, api_endpoint=fake_alexa_api.url))
    parent.launch()
    parent.say("SetClogLocation", side="left", location="outer")
    parent.say("AMAZON.StopIntent")
    parent.session.advance(**later)
    assert parent.launch().text.startswith(f"Welcome back. {when}, you told me about a clog on the left side.")


# --- "cancel" to the lump check --------------------------------------------------------------------
def test_cancel_to_the_lump_check_leaves_it_without_marking_the_clog_cleared(parent):
    asked_about_the_lump(parent, hours=30)
    bye = parent.say("AMAZON.CancelIntent")
    assert bye.ended and bye.text == "Take care. You can come back any time."  # not "I'm glad it's eased"
    parent.session.advance(hours=2)
    back = parent.launch()  # still on record, so asked again
    assert back.text.endswith("you told me about a clog on the left side. Is the lump still there?")


def test_i_think_its_infected_after_her_data_was_erased_on_another_device_starts_a_new_record(parent, db_path):
    erased_on_another_device_while_asked_about_the_lump(parent)
    worried = parent.say("SuspectMastitis")
    assert ERROR not in worried.text and worried.text.endswith(EMERGENCY_QUESTION)
    assert stored_episode(db_path)["started"] == "2026-11-21T21:00:00+00:00"  # a new clog, from this answer
