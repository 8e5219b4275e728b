""""Resume" picks up where she really was: this session's place (which the store may not hold
yet: the place is written at the session's end), else the stored one if the routine still has
that step. Through the real skill and its SQLite memory."""
import json
import sqlite3

from driver import Driver

NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."


def test_resume_after_going_home_picks_up_this_sessions_step(user):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")  # step 1: ways to warm the breast
    user.say("AMAZON.NextIntent")  # step 2: no compress at hand
    user.say("AMAZON.NextIntent")  # step 3: the warmth held on the lump
    assert user.say("AMAZON.NavigateHomeIntent").text.startswith("Back at the start.")
    resumed = user.say("AMAZON.ResumeIntent")
    assert resumed.text.startswith("Picking up where you left off. Now hold the warmth right on the lump")


def test_a_stored_place_the_routine_no_longer_has_is_not_resumed(make_skill, db_path):
    first = Driver(make_skill())
    first.launch()
    first.say("StartRoutine")
    first.say("AMAZON.NoIntent")
    first.say("ChooseRoutine", routine="classic")
    first.say("AMAZON.PauseIntent")
    with sqlite3.connect(db_path) as db:
        (raw,), = db.execute("SELECT attributes FROM attributes").fetchall()
        record = json.loads(raw)
        record["episode"]["pos"] = {"section": 40, "step": 0}  # a section the content no longer has
        db.execute("UPDATE attributes SET attributes = ?", (json.dumps(record),))
    later = Driver(make_skill(), first.session)
    turn = later.say("AMAZON.ResumeIntent")
    assert turn.text == ("There's no routine in progress to pick up. Would you like me to guide you through "
                         "easing it?")
    assert not turn.ended


def test_where_was_i_next_session_says_the_stored_step_and_offers_to_pick_it_up(make_skill):
    first = Driver(make_skill())
    first.launch()
    first.say("StartRoutine")
    first.say("AMAZON.NoIntent")
    first.say("ChooseRoutine", routine="classic")
    first.say("AMAZON.NextIntent")  # step 2: no compress at hand
    assert first.say("AMAZON.StopIntent").ended
    later = Driver(make_skill(), first.session)
    asked = later.say("WhereAmIIntent")
    assert asked.text == ("Last time, you stopped at step 2 of 6 in the warmth and preparation section: "
                          "diaper compress. Would you like to pick up the routine? Say yes or no.")
    assert asked.attributes["pending"] == "resume_offer" and not asked.ended
    resumed = later.say("AMAZON.YesIntent")
    assert resumed.text.startswith("Picking up where you left off. No compress at hand?")


def test_where_was_i_with_nothing_started_says_so(user):
    user.launch()
    turn = user.say("WhereAmIIntent")
    assert turn.text == "We haven't started the guided routine yet. Would you like me to guide you through easing it?"
