"""The safety rules at their edges, as a parent meets them through the real skill.

Written to fail when a comparison, a default or a remembered time is wrong (each of these
once survived a mutation run). Every expected sentence and number is written out here from
the guidelines in the seeds, never read from the content under test:
- a fever, for provider advice, is 100.4 °F / 38.0 °C or higher: the CDC "Hear Her" postpartum
  warning sign (the seeds' 101 °F / 38.3 °C is the mastitis line, said only to explain); spoken body temperatures outside 93-110 °F and
  34-43.5 °C are asked again, not judged;
- a lump that has lasted 24 hours without easing means contacting a provider today (the seeds'
  24-48 hours read on the careful side), and from 48 hours it counts as a provider sign;
- a clog not marked cleared within 7 days is over.
"""
import json
import sqlite3
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.console.envelopes import Session

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)

EMERGENCY_QUESTION = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
PROVIDER = "Please contact your healthcare provider today."
WATCH = "A lump that lasts 24 to 48 hours needs checking, so please contact your healthcare provider today."
SELF_CARE = "Call your healthcare provider for chills, aches, red streaks on the breast, or a fever of 100.4 degrees Fahrenheit, or 38 Celsius, or higher."
PICK_UP = "Keep draining that side often. Would you like to pick up the routine?"
# With no routine begun (only the clog told), the routine is offered from its start.
START_IT = "Keep draining that side often. Would you like me to guide you through easing it?"
UNCLEAR = "That doesn't sound like a body temperature I can use. Please say it again."
PLAIN_WELCOME_BACK = "Welcome back to Milk Duct Helper."
ERROR = "Sorry, something went wrong on my side."


@pytest.fixture
def parent(make_skill):
    """A parent who has heard the disclaimer, at T0 on the skill's own clock."""
    parent = Driver(make_skill(), Session(now=T0, api_endpoint="http://127.0.0.1:9"))
    parent.launch()
    parent.say("AMAZON.StopIntent")
    return parent


def tell_clog(parent, side="left", location="outer"):
    """Tell the skill about a clog (this starts the episode's clock) and leave."""
    parent.launch()
    turn = parent.say("SetClogLocation", side=side, location=location)
    assert f"{side} side" in turn.text or "hold" in turn.text.lower()
    parent.say("AMAZON.StopIntent")


def come_back(parent, **later):
    parent.session.advance(**later)
    return parent.launch()


# --- how long the lump has lasted sets when the clog began ---------------------------------
def test_a_told_duration_counts_from_when_the_lump_began(parent):
    parent.launch()
    heard = parent.say("GiveDuration", amount="40", unit="hours")
    assert "About 40 hours, got it." in heard.text and EMERGENCY_QUESTION in heard.text
    parent.say("AMAZON.NoIntent")  # no emergency signs: the stop leaves no question waiting
    parent.say("AMAZON.StopIntent")

    back = come_back(parent, hours=10)
    assert "you told me about a clog" in back.text and "Is the lump still there?" in back.text
    still = parent.say("AMAZON.YesIntent")
    # 40 hours before, plus 10 since: past the 48-hour line, so the provider advice, not "keep draining"
    assert "So it has lasted about 2 days." in still.text
    assert EMERGENCY_QUESTION in still.text and PICK_UP not in still.text
    assert PROVIDER in parent.say("AMAZON.NoIntent").text


def test_a_shorter_told_duration_does_not_move_the_start_later(parent):
    parent.launch()
    parent.say("SetClogLocation", side="left", location="outer")  # the clog is known from T0
    parent.session.advance(hours=10)
    heard = parent.say("GiveDuration", amount="2", unit="hours").text  # the older age counts, said so
    assert heard.startswith("You told me about this clog about 10 hours ago, so I'll count from then.")
    assert heard.endswith(EMERGENCY_QUESTION)
    parent.say("AMAZON.NoIntent")  # no emergency signs: the stop leaves no question waiting
    parent.say("AMAZON.StopIntent")

    come_back(parent, hours=20)
    assert "So it has lasted about 30 hours." in parent.say("AMAZON.YesIntent").text


# --- a cleared clog, then a new one -------------------------------------------------------
def test_a_new_clog_after_a_cleared_one_gets_its_own_lump_check(parent):
    tell_clog(parent, side="left")
    parent.launch()
    parent.say("LumpGone")
    parent.say("AMAZON.StopIntent")

    assert PLAIN_WELCOME_BACK in come_back(parent, hours=2).text  # the cleared clog is not brought up
    parent.say("SetClogLocation", side="right", location="lower")
    parent.say("AMAZON.StopIntent")

    back = come_back(parent, hours=30)
    assert "you told me about a clog on the right side. Is the lump still there?" in back.text
    still = parent.say("AMAZON.YesIntent")
    assert "So it has lasted about 30 hours." in still.text and EMERGENCY_QUESTION in still.text


# --- exactly at the 24-hour, 48-hour and 7-day lines ----------------------------------------
@pytest.mark.parametrize("later, said, outcome", [
    ({"hours": 23, "minutes": 59}, "It's been about 24 hours. " + START_IT, None),
    ({"hours": 24}, "So it has lasted about 24 hours.", WATCH),
    ({"hours": 47}, "So it has lasted about 47 hours.", WATCH),
    ({"hours": 48}, "So it has lasted about 2 days.", PROVIDER),
])
def test_a_lump_still_there_on_return_at_the_lines(parent, later, said, outcome):
    tell_clog(parent)
    come_back(parent, **later)
    still = parent.say("AMAZON.YesIntent")
    assert said in still.text
    if outcome is None:
        assert EMERGENCY_QUESTION not in still.text
        return
    assert EMERGENCY_QUESTION in still.text
    turn = parent.say("AMAZON.NoIntent")
    if outcome == WATCH:  # the fever, chills and red-streak questions come before the outcome
        for _ in range(3):
            turn = parent.say("AMAZON.NoIntent")
    assert outcome in turn.text
    assert (PROVIDER in turn.text) == (outcome == PROVIDER)


@pytest.mark.parametrize("later, asked", [({"hours": 23, "minutes": 59}, False), ({"hours": 24}, True)])
def test_starting_the_routine_after_a_day_asks_about_the_lump_first(parent, later, asked):
    """A one-shot "start the routine" (no launch) also meets the 24-hour line."""
    tell_clog(parent)
    parent.session.advance(**later)
    turn = parent.say("StartRoutine")
    check = "So the lump has lasted about 24 hours. Is it still there?"
    assert (check in turn.text) is asked, turn.text


@pytest.mark.parametrize("later, still_open", [
    ({"days": 7}, True), ({"days": 7, "minutes": 1}, False), ({"days": 6, "hours": 23}, True),
])
def test_a_clog_counts_as_over_after_seven_days(parent, later, still_open):
    tell_clog(parent)
    back = come_back(parent, **later)
    if still_open:
        assert "you told me about a clog on the left side. Is the lump still there?" in back.text
    else:
        assert PLAIN_WELCOME_BACK in back.text and "Is the lump still there?" not in back.text


# --- temperatures at the edges of what a body can be ----------------------------------------
@pytest.mark.parametrize("whole, fraction, scale, said", [
    # under the low line (96.8 F / 36 C): no fever, and no reassurance either (track s6-signs)
    ("93", None, None, "93 degrees Fahrenheit isn't a fever, but it's lower than usual."),
    ("93", None, "fahrenheit", "93 degrees Fahrenheit isn't a fever, but it's lower than usual."),
    ("92", "9", None, UNCLEAR),
    ("92", "9", "fahrenheit", UNCLEAR),
    ("110", None, None, "110 degrees Fahrenheit counts as a fever."),
    ("110", None, "fahrenheit", "110 degrees Fahrenheit counts as a fever."),
    ("110", "1", None, UNCLEAR),
    ("110", "1", "fahrenheit", UNCLEAR),
    ("34", None, None, "34 degrees Celsius isn't a fever, but it's lower than usual."),
    ("34", None, "celsius", "34 degrees Celsius isn't a fever, but it's lower than usual."),
    ("33", "9", None, UNCLEAR),
    ("33", "9", "celsius", UNCLEAR),
    ("43", "5", None, "43.5 degrees Celsius counts as a fever."),
    ("43", "5", "celsius", "43.5 degrees Celsius counts as a fever."),
    ("43", "6", None, UNCLEAR),
    ("43", "6", "celsius", UNCLEAR),
    # the fever lines themselves, and just under them
    ("101", None, None, "101 degrees Fahrenheit counts as a fever."),
    # CDC Hear Her: 100.4 F / 38.0 C is the line for provider advice after a birth
    ("100", "4", None, "100.4 degrees Fahrenheit counts as a fever."),
    ("100", "39", None, "100.39 degrees Fahrenheit is under the fever line of 100.4 degrees."),
    ("100", "9", None, "100.9 degrees Fahrenheit counts as a fever."),
    ("38", "3", None, "38.3 degrees Celsius counts as a fever."),
    ("38", "29", None, "38.29 degrees Celsius counts as a fever."),
    ("38", "2", "celsius", "38.2 degrees Celsius counts as a fever."),
    ("38", None, "celsius", "38 degrees Celsius counts as a fever."),
    ("37", "99", None, "37.99 degrees Celsius is under the fever line of 38 degrees."),
    # no body temperature has four whole digits: a misheard number is asked again
    ("0101", None, None, UNCLEAR),
    ("0038", None, "celsius", UNCLEAR),
])
def test_temperatures_at_the_edges(parent, whole, fraction, scale, said):
    parent.launch()
    turn = parent.say("GiveTemperature", whole=whole, fraction=fraction, scale=scale)
    assert said in turn.text
    assert not turn.ended and turn.reprompt
    if said == UNCLEAR:
        assert "You can say a number like '101', or 'thirty eight point three Celsius'." in turn.text
    else:
        assert EMERGENCY_QUESTION in turn.text  # a usable reading starts the warning-sign questions


# --- "since ..." answers --------------------------------------------------------------------
# At T0, 10 am in New York (the market's default time zone: this fixture has no settings API),
# "last night" counts from 9 pm and "yesterday" from 5 am yesterday; the rest have no clock time.
@pytest.mark.parametrize("since, hours, outcome", [
    ("today", 6, SELF_CARE),
    ("last_night", 13, SELF_CARE),
    ("yesterday", 29, WATCH),
    ("two_days", 48, PROVIDER),
    ("longer", 72, PROVIDER),
])
def test_every_since_answer_has_its_outcome(parent, since, hours, outcome):
    parent.launch()
    parent.say("ReportSymptom", symptom="lump")
    for _ in range(4):  # emergency signs, fever, chills and aches, red streaks
        turn = parent.say("AMAZON.NoIntent")
    assert "How long has the lump been there?" in turn.text
    turn = parent.say("GiveDuration", since=since)
    assert f"About {hours} hours, got it." in turn.text
    assert outcome in turn.text
    for other in {PROVIDER, WATCH, SELF_CARE} - {outcome}:
        assert other not in turn.text


@pytest.mark.parametrize("since, outcome", [("yesterday", WATCH), ("two_days", PROVIDER), ("last_night", None)])
def test_since_answers_on_return_count_from_when_the_lump_began(parent, since, outcome):
    """Said first thing ("it's been there since two days ago"), then back a few hours later."""
    parent.launch()
    assert parent.say("GiveDuration", since=since).text.endswith(EMERGENCY_QUESTION)
    parent.say("AMAZON.NoIntent")  # no emergency signs: the stop leaves no question waiting
    parent.say("AMAZON.StopIntent")
    come_back(parent, hours=1)
    still = parent.say("AMAZON.YesIntent")
    if outcome is None:
        assert "It's been about 14 hours. " + START_IT in still.text  # from 9 pm, an hour after 10 am
        return
    assert EMERGENCY_QUESTION in still.text
    turn = parent.say("AMAZON.NoIntent")
    if outcome == WATCH:
        for _ in range(3):
            turn = parent.say("AMAZON.NoIntent")
    assert outcome in turn.text


# --- a stored sign this version does not know -------------------------------------------------
def test_a_stored_sign_from_another_version_is_ignored_not_fatal(parent, db_path):
    tell_clog(parent)
    record = {"prefs": {"disclaimer_heard": True},
              "episode": {"started": T0.isoformat(), "side": "left", "tried": [], "signs": ["retired_sign", "chills"]}}
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE attributes SET attributes = ?", (json.dumps(record),))
    back = come_back(parent, hours=2)
    assert ERROR not in back.text
    assert "Is the lump still there?" in back.text
    # the known red flag is still repeated; the unknown one is not named
    assert "Because you mentioned chills, please contact your healthcare provider today." in back.text
    assert "retired_sign" not in back.text
    still = parent.say("AMAZON.YesIntent")
    assert ERROR not in still.text and "retired_sign" not in still.text
    bye = parent.say("AMAZON.StopIntent")
    assert bye.ended and "Because you mentioned chills, please contact your healthcare provider today." in bye.text


def test_an_unknown_sign_counts_as_no_warning_sign(content):
    from skill.logic.triage import Triage

    triage = Triage(content["triage"])
    assert triage.level("retired_sign") == "self_care"
    assert triage.red_flags(["retired_sign", "fever", "lump"]) == ["fever"]


# --- the follow-up day's reminders ------------------------------------------------------------
@pytest.mark.parametrize("reminder, described", [
    # frequent feeding flushes the duct: every 3 hours through the next day
    ("feed", "I'll set 8 reminders to feed or pump on the left side: one every 3 hours, "
             "starting 3 hours from now, for the next 24 hours."),
    ("checkin", "I'll set one reminder, 24 hours from now, asking whether the lump is gone."),
])
def test_reminders_cover_the_next_day(parent, reminder, described):
    parent.launch()
    parent.say("SetClogLocation", side="left", location="outer")
    assert described in parent.say("SetReminder", reminder=reminder).text


# --- found by the mutation run: known bugs, kept here until skill/logic is fixed -------------------
def test_a_reading_with_a_long_fraction_is_not_judged_without_it(parent):
    """38.333 °C is over the 38.3 line: it must count as a fever or be asked again, never be
    heard as 38 and declared under the line."""
    parent.launch()
    turn = parent.say("GiveTemperature", whole="38", fraction="333", scale="celsius")
    assert "under the fever line" not in turn.text
    assert "counts as a fever" in turn.text or UNCLEAR in turn.text


def finish_aftercare_after_the_lump_cleared(parent):
    parent.launch()
    parent.say("SetClogLocation", side="left", location="outer")
    parent.say("LumpGone")  # the routine jumps to its aftercare section
    turn = parent.say("AMAZON.NextIntent")
    for _ in range(20):
        if "That's the end of the routine." in turn.text:
            break
        turn = parent.say("AMAZON.NextIntent")
    return turn


def test_the_aftercare_after_a_cleared_lump_runs_to_its_end(parent):
    turn = finish_aftercare_after_the_lump_cleared(parent)
    assert "That's the end of the routine." in turn.text and not turn.ended


def test_finishing_the_aftercare_does_not_bring_a_cleared_clog_back(parent):
    finish_aftercare_after_the_lump_cleared(parent)
    parent.say("AMAZON.NoIntent")
    parent.say("AMAZON.StopIntent")
    assert PLAIN_WELCOME_BACK in come_back(parent, hours=30).text


def test_after_an_emergency_the_routine_gives_way_to_the_call_with_a_reprompt(parent):
    parent.launch()
    parent.say("ReportSymptom", symptom="chest_pain")
    turn = parent.say("AMAZON.NextIntent")
    # en-US: the first sentence names 911, to call from a phone (content/services.yaml)
    assert turn.text.startswith("Please call 9 1 1 now, from a phone. Alexa can't place that call.")
    assert turn.reprompt == "Say 'repeat' to hear this again." and not turn.ended
