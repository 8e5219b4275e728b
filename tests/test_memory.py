"""Episode memory across sessions and days: the 24-48 hour rule, resume, time zones,
forgetting, two users at once, and a corrupt record."""
import json
import threading
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.console.envelopes import Session

NIGHT = datetime(2026, 11, 20, 3, 30, tzinfo=timezone.utc)  # 10:30 pm the evening before in Chicago


def report_left_clog(user):
    user.launch()
    user.say("StartRoutine", side="left", location="outer")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    user.say("AMAZON.NextIntent")
    user.say("AMAZON.StopIntent")


@pytest.fixture
def night_user(make_skill):
    return Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))


def test_returning_user_is_welcomed_about_their_clog(night_user):
    report_left_clog(night_user)
    night_user.session.advance(hours=8)
    turn = night_user.launch()
    assert "Welcome back" in turn.text and "left side" in turn.text and "Is the lump still there?" in turn.text


@pytest.mark.parametrize("hours, expect", [
    (0.5, "Would you like to pick up the routine?"),
    (23, "Would you like to pick up the routine?"),
    (30, "about 30 hours"),
    (49, "So it has lasted about 2 days."),
])
def test_lump_still_there_follows_the_24_48_hour_rule(night_user, content, hours, expect):
    report_left_clog(night_user)
    night_user.session.advance(hours=hours)
    night_user.launch()
    turn = night_user.say("AMAZON.YesIntent")
    assert expect in turn.text
    if hours >= 24:
        # the warning-sign questions follow, emergency first, then the outcome for the lump's age
        assert content["triage"]["questions"]["emergency_screen"]["ask"] in turn.text
        level = "watch" if hours < 48 else "provider"
        # watch: emergency signs, fever, chills and aches, red streaks; provider: emergency signs only
        for _ in range(4 if level == "watch" else 1):
            turn = night_user.say("AMAZON.NoIntent")
        assert content["triage"]["outcomes"][level]["say"][0] in turn.text


def test_resume_after_a_yes_under_24_hours_picks_up_the_step(night_user, content):
    report_left_clog(night_user)
    night_user.session.advance(hours=5)
    night_user.launch()
    night_user.say("AMAZON.YesIntent")
    turn = night_user.say("AMAZON.YesIntent")
    assert "Picking up where you left off" in turn.text
    assert content["routine"]["sections"][0]["steps"][1]["say"] in turn.text


def test_lump_gone_on_return_closes_the_episode(night_user):
    report_left_clog(night_user)
    night_user.session.advance(hours=20)
    night_user.launch()
    turn = night_user.say("AMAZON.NoIntent")
    assert "keep feeding or pumping often on that side" in turn.text and "cool compress" in turn.text
    night_user.say("AMAZON.StopIntent")
    night_user.session.advance(hours=2)
    assert "Is the lump still there?" not in night_user.launch().text


def test_red_flag_on_record_is_repeated_after_the_lump_clears(night_user):
    night_user.launch()
    night_user.say("SetClogLocation", side="left", location="outer")  # a clog told: the lump is asked about
    night_user.say("ReportSymptom", symptom="red_streaks")
    night_user.say("AMAZON.NoIntent")  # no emergency signs: the stop leaves no question waiting
    night_user.say("AMAZON.StopIntent")
    night_user.session.advance(hours=10)
    assert "Is the lump still there?" in night_user.launch().text
    turn = night_user.say("AMAZON.NoIntent")
    assert "healthcare provider" in turn.text and "red streaks" in turn.text


def test_a_new_red_flag_wins_over_the_welcome_back_question(night_user, content):
    report_left_clog(night_user)
    night_user.session.advance(hours=10)
    night_user.launch()
    turn = night_user.say("ReportSymptom", symptom="fainting")
    assert turn.text.startswith("Please call 9 1 1 now, from a phone. Alexa can't place that call.")


def test_an_old_episode_is_not_brought_up(night_user, content):
    report_left_clog(night_user)
    night_user.session.advance(days=content["triage"]["thresholds"]["episode_max_days"] + 1)
    assert "Is the lump still there?" not in night_user.launch().text


@pytest.mark.parametrize("zone, opening", [
    ("America/Chicago", "Welcome back. Last night, you told me"),   # 12:30 UTC is 6:30 am there
    ("Asia/Tokyo", "Welcome back. This afternoon, you told me"),    # clog at 12:30 pm, now 9:30 pm
])
def test_times_are_spoken_in_the_users_time_zone(make_skill, fake_alexa_api, zone, opening):
    fake_alexa_api.time_zone = zone
    user = Driver(make_skill(), Session(now=NIGHT, api_endpoint=fake_alexa_api.url))
    report_left_clog(user)
    user.session.advance(hours=9)
    assert user.launch().text.startswith(opening)


def test_the_time_zone_is_looked_up_once_not_every_launch(make_skill, fake_alexa_api):
    user = Driver(make_skill(), Session(now=NIGHT, api_endpoint=fake_alexa_api.url))
    report_left_clog(user)
    for _ in range(3):
        user.session.advance(hours=2)
        user.launch()
        user.say("AMAZON.StopIntent")
    lookups = [r for r in fake_alexa_api.requests if r.path.endswith("System.timeZone")]
    assert len(lookups) == 1


def test_time_zone_failure_falls_back_to_the_default(night_user):
    report_left_clog(night_user)
    night_user.session.advance(hours=9)
    # the endpoint is unreachable: the locale's default zone (New York) is used
    assert night_user.launch().text.startswith("Welcome back. Last night, you told me")


def test_delete_my_data_needs_confirmation(night_user, db_path):
    report_left_clog(night_user)
    night_user.launch()
    asked = night_user.say("DeleteData")
    assert "erases everything" in asked.text and "Shall I?" in asked.text
    assert "Okay, I won't" in night_user.say("AMAZON.NoIntent").text
    night_user.say("DeleteData")
    done = night_user.say("AMAZON.YesIntent")
    assert "erased" in done.text
    import sqlite3
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM attributes").fetchone() == (0,)
    night_user.say("AMAZON.StopIntent")
    night_user.session.advance(hours=1)
    welcome = night_user.launch()
    assert "Is the lump still there?" not in welcome.text
    assert "not medical advice" in welcome.text  # even the disclaimer preference is gone


def test_two_users_at_once_do_not_share_anything(make_skill):
    skill = make_skill()
    sides = {"left": "outer", "right": "lower"}
    errors = []

    def talk(side):
        try:
            user = Driver(skill, Session(user_id=f"amzn1.ask.account.{side}", now=NIGHT, api_endpoint="http://127.0.0.1:9"))
            for _ in range(5):
                user.launch()
                user.say("SetClogLocation", side=side, location=sides[side])
                user.say("AMAZON.StopIntent")
                user.session.advance(hours=3)
                turn = user.launch()
                assert f"{side} side" in turn.text, turn.text
                assert ({"left", "right"} - {side}).pop() + " side" not in turn.text
                user.say("AMAZON.StopIntent")
        except AssertionError as error:
            errors.append(error)

    threads = [threading.Thread(target=talk, args=(side,)) for side in sides]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


def test_a_corrupt_record_never_crashes_a_session(make_skill, db_path):
    import sqlite3

    user = Driver(make_skill())
    report_left_clog(user)
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE attributes SET attributes = '{not json'")
    assert user.launch().text == FRESH_START_HISTORY_LOST


# A record that cannot be read is started afresh: she hears the disclaimer again, as a new user.
FRESH_START = ("Hi, I'm Milk Duct Helper. I can walk you through easing a clogged milk duct, hands-free. "
               "This skill gives general information, not medical advice. In an emergency, call 9 1 1 from a "
               "phone. You can say 'start', tell me a symptom like 'I have a fever', or ask what "
               "causes a clog.")
# A record that is not a JSON object is lost, and with it any red flag she told before (issue 10:
# the store reads as unreadable): the fresh start adds the careful reminder before what to say next.
FRESH_START_HISTORY_LOST = (
    "Hi, I'm Milk Duct Helper. I can walk you through easing a clogged milk duct, hands-free. "
    "This skill gives general information, not medical advice. In an emergency, call 9 1 1 from a phone. "
    "I can't check what you've told me before right now. If you've had a fever, chills, "
    "body aches, or red streaks, please contact your healthcare provider today, and in an emergency, call "
    "9 1 1. You can say 'start', tell me a symptom like 'I have a fever', or ask what "
    "causes a clog.")


@pytest.mark.parametrize("record, welcome", [([1, 2], FRESH_START_HISTORY_LOST),
                                             ({"episode": "yesterday", "prefs": 3}, FRESH_START),
                                             ({"episode": {"started": "soon"}}, FRESH_START)])
def test_an_old_or_odd_record_format_is_survived(make_skill, db_path, record, welcome):
    import json
    import sqlite3

    user = Driver(make_skill())
    report_left_clog(user)
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE attributes SET attributes = ?", (json.dumps(record),))
    assert user.launch().text == welcome
    assert user.say("ReportSymptom", symptom="fever").text == (
        "You mentioned a fever. Right now, any trouble breathing, chest pain, a racing heart, "
        "confusion, or feeling faint or dizzy?")


def test_memory_fingerprints_see_every_change_and_nothing_else():
    from decimal import Decimal

    from skill.interceptors import fingerprint

    memory = {"prefs": {"disclaimer_heard": True}, "episode": {"signs": ["fever"], "pos": {"step": 1}}}
    copy = json.loads(json.dumps(memory))  # equal, but shares no objects
    assert fingerprint(memory) == fingerprint(copy)
    copy["episode"]["signs"].append("chills")
    assert fingerprint(memory) != fingerprint(copy)
    assert fingerprint({"v": 1}) != fingerprint({"v": True}) != fingerprint({"v": 1.0})
    assert fingerprint({"n": Decimal("1.5")}) == fingerprint({"n": Decimal("1.5")}) != fingerprint({"n": Decimal("2")})


class CountingStore:
    """The real store, with every record it is asked to write kept for the test to read."""

    def __init__(self, store):
        self.writes = []

        class Counting(type(store)):
            def save_attributes(inner, request_envelope, attributes):
                self.writes.append(json.loads(json.dumps(attributes)))
                return super().save_attributes(request_envelope, attributes)

        self.adapter = Counting(store.inner)

    @property
    def last(self) -> dict:
        return self.writes[-1]["episode"]


@pytest.fixture
def counted(make_skill, store):
    counting = CountingStore(store)
    return counting, Driver(make_skill(counting.adapter), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))


def step_ids(content, section=0, count=3) -> list[str]:
    return [step["id"] for step in content["routine"]["sections"][section]["steps"][:count]]


def test_the_store_is_written_on_the_turns_that_learn_something_and_only_then(counted):
    store, user = counted
    user.launch()  # the disclaimer was heard
    user.say("StartRoutine", side="left")  # an episode opens
    assert len(store.writes) == 2 and store.last["side"] == "left"
    for quiet in ("AMAZON.RepeatIntent", "WhereAmI", "AMAZON.HelpIntent"):
        user.say(quiet)
    assert len(store.writes) == 2
    user.say("ReportSymptom", symptom="fever")  # a red flag is written the turn it is heard
    assert len(store.writes) == 3 and store.last["signs"] == ["fever"]


def test_a_failure_after_the_save_does_not_write_the_same_memory_again(counted, monkeypatch):
    """The error handler runs the saver again; what was saved this turn is not written twice."""
    from skill.handlers import RepeatKeeper

    store, user = counted
    user.launch()
    user.say("StartRoutine", side="left")
    written = len(store.writes)
    keep = RepeatKeeper.process
    failures = iter([RuntimeError("after the save")])

    def fails_once(self, handler_input, response):
        error = next(failures, None)
        if error:
            raise error
        return keep(self, handler_input, response)

    monkeypatch.setattr(RepeatKeeper, "process", fails_once)
    reply = user.say("ReportSymptom", symptom="fever")
    assert len(store.writes) == written + 1 and store.last["signs"] == ["fever"]
    assert reply.text.startswith("Sorry, something went wrong") and "call 9 1 1" in reply.text


def test_the_place_in_the_routine_is_written_when_the_session_ends(counted, content):
    store, user = counted
    user.launch()
    user.say("StartRoutine", side="left")
    user.say("AMAZON.NoIntent")  # the pre-check answer is kept at once
    user.say("ChooseRoutine", routine="classic")
    written = len(store.writes)
    user.say("AMAZON.NextIntent")
    user.say("AMAZON.NextIntent")
    assert len(store.writes) == written  # "next" costs no write
    user.say("AMAZON.StopIntent")
    assert store.last["pos"] == {"section": 0, "step": 2} and store.last["tried"] == step_ids(content)


@pytest.mark.parametrize("reason", ["EXCEEDED_MAX_REPROMPTS", "USER_INITIATED", "ERROR"])
def test_alexa_closing_the_session_saves_the_place(counted, content, reason):
    store, user = counted
    user.launch()
    user.say("StartRoutine", side="left")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    user.say("AMAZON.NextIntent")
    user.say("AMAZON.NavigateHomeIntent")  # out of the routine, but the place still counts
    user.send(user.session.session_ended(reason))
    assert store.last["pos"] == {"section": 0, "step": 1} and store.last["tried"] == step_ids(content, count=2)
    user.session.advance(hours=2)
    user.launch()
    turn = user.say("AMAZON.YesIntent")  # yes, the lump is still there: carry on
    turn = user.say("AMAZON.YesIntent")  # yes, pick up the routine
    assert content["routine"]["sections"][0]["steps"][1]["say"] in turn.text


def test_a_session_that_vanishes_keeps_every_red_flag_and_the_last_written_place(counted, content):
    """No SessionEndedRequest at all (a crash in between): only the place since the last
    write is lost, never a warning sign."""
    store, user = counted
    user.launch()
    user.say("StartRoutine", side="left")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    user.say("AMAZON.NextIntent")
    user.say("ReportSymptom", symptom="chills")  # written at once, with the place as it stands
    user.say("AMAZON.NoIntent")  # no emergency signs
    user.say("AMAZON.NextIntent")  # back to the routine, and on: not written
    assert store.last["signs"] == ["chills"] and store.last["pos"] == {"section": 0, "step": 1}
    user.session.session_id = None  # gone without a word
    user.session.advance(hours=1)
    turn = user.launch()
    assert "chills" in json.dumps(store.last) and "Is the lump still there?" in turn.text


def test_finishing_the_routine_leaves_nothing_to_resume(counted, content):
    store, user = counted
    user.launch()
    user.say("StartRoutine", side="left")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    user.say("GoToSection", section="followup")
    for _ in content["routine"]["sections"][-1]["steps"]:
        user.say("SkipStep")  # past the timed holds too
    assert "routine_done_at" in store.last and "pos" not in store.last and store.last["tried"]
    user.send(user.session.session_ended("EXCEEDED_MAX_REPROMPTS"))
    assert "pos" not in store.last
    assert "no routine in progress" in user.launch().text + user.say("AMAZON.ResumeIntent").text


@pytest.mark.parametrize("hours, said", [(0.3, "less than an hour"), (1.2, "about an hour"), (5, "about 5 hours")])
def test_time_since_the_clog_is_said_naturally(night_user, hours, said):
    report_left_clog(night_user)
    night_user.session.advance(hours=hours)
    night_user.launch()
    assert f"It's been {said}." in night_user.say("AMAZON.YesIntent").text


@pytest.mark.parametrize("told_at_utc, opening", [
    # New York is five hours behind UTC in November; the skill's default zone when the
    # settings API cannot be reached. Back three hours later, the same day there.
    ((16, 59), "This morning"), ((17, 0), "This afternoon"),
    ((21, 59), "This afternoon"), ((22, 0), "This evening"),
])
def test_the_part_of_day_turns_at_noon_and_at_five(make_skill, told_at_utc, opening):
    hour, minute = told_at_utc
    parent = Driver(make_skill(), Session(now=datetime(2026, 11, 20, hour, minute, tzinfo=timezone.utc),
                                          api_endpoint="http://127.0.0.1:9"))
    report_left_clog(parent)
    parent.session.advance(hours=3)
    assert parent.launch().text.startswith(f"Welcome back. {opening}, you told me about a clog")


@pytest.mark.parametrize("told_at_utc, later, opening", [
    ((8, 0), {"hours": 6}, "Last night"),             # told at 3 am in New York, back at 9 am
    ((15, 0), {"hours": 1, "minutes": 59}, "A little while ago"),
    ((15, 0), {"hours": 2}, "This morning"),          # two hours on, it is no longer "a little while"
])
def test_recent_and_small_hours_clogs_are_placed_in_the_day(make_skill, told_at_utc, later, opening):
    hour, minute = told_at_utc
    parent = Driver(make_skill(), Session(now=datetime(2026, 11, 20, hour, minute, tzinfo=timezone.utc),
                                          api_endpoint="http://127.0.0.1:9"))
    report_left_clog(parent)
    parent.session.advance(**later)
    assert parent.launch().text.startswith(f"Welcome back. {opening}, you told me about a clog")


def test_an_unknown_time_zone_falls_back_to_the_default(make_skill, fake_alexa_api):
    fake_alexa_api.time_zone = "Mars/Olympus_Mons"
    parent = Driver(make_skill(), Session(now=datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc),
                                          api_endpoint=fake_alexa_api.url))
    report_left_clog(parent)
    parent.session.advance(hours=3)
    # 10 am in New York (the default), not 3 pm as in UTC
    assert parent.launch().text.startswith("Welcome back. This morning, you told me about a clog")


def stored_record(db_path) -> dict:
    import sqlite3

    with sqlite3.connect(db_path) as db:
        [(attributes,)] = db.execute("SELECT attributes FROM attributes").fetchall()
    return json.loads(attributes)


def stored_episode(db_path) -> dict:
    return stored_record(db_path)["episode"]


def test_the_record_keeps_what_triage_found_in_utc(make_skill, db_path, monkeypatch):
    import time

    # Times are stored in UTC whatever the machine's own zone.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()  # the C library keeps this zone until the next tzset, after TZ is restored
    monkeypatch.undo()
    try:
        parent = Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))
        parent.launch()
        parent.say("ReportSymptom", symptom="fever")
        parent.say("GiveTemperature", whole="99")  # a normal reading answers the fever question again
        parent.session.advance(minutes=1)
        assert "Please contact your healthcare provider today." in parent.say("AMAZON.NoIntent").text
        record = stored_record(db_path)
        episode = record["episode"]
        assert record["v"] == 1  # the record format, for whoever reads it later
        # No "answered": issue 8 removed it from the episode (written, never read).
        # She told only a fever: the record knows of no clog yet (no lump to ask about next time).
        assert set(episode) == {"started", "tried", "signs", "outcome", "outcome_at", "signs_only"}
        assert episode["signs_only"] is True
        assert episode["started"] == "2026-11-20T03:30:00+00:00" and episode["tried"] == []
        assert episode["signs"] == ["fever"]
        assert (episode["outcome"], episode["outcome_at"]) == ("provider", "2026-11-20T03:31:00+00:00")
        assert "lump_hours" not in episode  # never asked, so nothing is made up

        parent.say("GiveDuration", amount="30", unit="hours")
        episode = stored_episode(db_path)
        assert episode["lump_hours"] == 30
        assert "signs_only" not in episode  # the lump's age tells of the clog
    finally:
        time.tzset()


def test_where_the_clog_is_is_stored_and_nothing_is_resumable_before_the_routine(make_skill, db_path):
    parent = Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))
    parent.launch()
    parent.say("SetClogLocation", side="left", location="outer")
    parent.say("AMAZON.StopIntent")
    episode = stored_episode(db_path)
    assert (episode["side"], episode["location"], episode["tried"]) == ("left", "outer", [])
    assert "pos" not in episode
    parent.session.advance(hours=1)
    parent.launch()
    assert "There's no routine in progress to pick up." in parent.say("AMAZON.ResumeIntent").text


@pytest.mark.parametrize("started", ["2026-11-18T21:30:00", "2026-11-18T16:30:00-05:00"])
def test_a_stored_start_without_or_with_another_offset_is_read_right(make_skill, db_path, started):
    """Naive times are UTC; an offset is honoured (30 hours before NIGHT either way)."""
    import sqlite3

    parent = Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))
    parent.launch()
    parent.say("AMAZON.StopIntent")
    record = {"prefs": {"disclaimer_heard": True}, "episode": {"started": started, "tried": [], "signs": []}}
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE attributes SET attributes = ?", (json.dumps(record),))
    parent.launch()
    assert "So it has lasted about 30 hours." in parent.say("AMAZON.YesIntent").text
