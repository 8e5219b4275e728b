"""Timers and reminders through the real skill and the SDK's API clients, against a local fake
of the Alexa API endpoint: what is said before, the exact requests, and every answer."""
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.console.envelopes import Session

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
TIMERS, REMINDERS = "/v1/alerts/timers", "/v1/alerts/reminders"


@pytest.fixture
def user(make_skill, fake_alexa_api):
    return Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=True))


def sent(api, path):
    return [r for r in api.requests if r.path == path]


def test_timer_is_described_then_created_on_yes(user, fake_alexa_api):
    user.launch()
    asked = user.say("SetTimer", minutes="10", compress="warm")
    assert "10 minute timer for the warm compress" in asked.text and "Shall I?" in asked.text
    assert not sent(fake_alexa_api, TIMERS)  # nothing before the yes
    done = user.say("AMAZON.YesIntent")
    [request] = sent(fake_alexa_api, TIMERS)
    assert request.method == "POST" and request.authorization == "Bearer console-token"
    body = request.json
    assert body["duration"] == "PT10M" and body["timerLabel"] == "warm compress"
    announce = body["triggeringBehavior"]["operation"]["textToAnnounce"][0]
    assert announce == {"locale": "en-US", "text": "Your warm compress time is up."}
    assert done.ended and "timer for the warm compress is running" in done.text


def test_timer_defaults_to_the_compress_step_hold(user, fake_alexa_api, content):
    user.launch()
    user.say("GoToSection", section="followup")
    asked = user.say("SetTimer", compress="cool")
    cool = next(s for s in content["routine"]["sections"][3]["steps"] if s["id"] == "cool_compress")
    assert f"{cool['hold_seconds'] // 60} minute timer for the cool compress" in asked.text


def test_no_to_the_timer_creates_nothing(user, fake_alexa_api):
    user.launch()
    user.say("SetTimer", minutes="5")
    assert "won't" in user.say("AMAZON.NoIntent").text
    assert not sent(fake_alexa_api, TIMERS)


@pytest.mark.parametrize("status, said", [(400, "can't take that"), (500, "couldn't set that")])
def test_timer_failure_falls_back_to_pacing_the_hold(user, fake_alexa_api, status, said):
    fake_alexa_api.respond_with(TIMERS, status)
    user.launch()
    user.say("SetTimer", minutes="5", compress="warm")
    turn = user.say("AMAZON.YesIntent")
    assert said in turn.text and "keep time here instead" in turn.text
    assert "[pause 10s]" in turn.text and not turn.ended


def test_without_permission_alexa_asks_for_it_and_yes_creates_the_timer(make_skill, fake_alexa_api):
    user = Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=False))
    user.launch()
    user.say("SetTimer", minutes="5", compress="warm")
    asking = user.say("AMAZON.YesIntent")
    [directive] = asking.body["directives"]
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"]["permissionScope"] == "alexa::alerts:timers:skill:readwrite"
    assert "reprompt" not in asking.body and asking.body.get("shouldEndSession") in (None, True)
    assert not sent(fake_alexa_api, TIMERS)
    user.session.permissions_granted = True
    done = user.send(user.session.connections_response("AskFor", "ACCEPTED", token="timer"))
    [request] = sent(fake_alexa_api, TIMERS)
    assert request.json["duration"] == "PT5M" and "running" in done.text


@pytest.mark.parametrize("answer, said", [("DENIED", "without permission"), ("NOT_ANSWERED", "leave that for now")])
def test_permission_refused_or_unanswered(make_skill, fake_alexa_api, answer, said):
    user = Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url))
    user.launch()
    user.say("SetTimer", minutes="5", compress="warm")
    user.say("AMAZON.YesIntent")
    turn = user.send(user.session.connections_response("AskFor", answer, token="timer"))
    assert said in turn.text and "keep time here" in turn.text
    assert not sent(fake_alexa_api, TIMERS)


def test_a_stray_permission_answer_is_harmless(user):
    turn = user.send(user.session.connections_response("AskFor", "ACCEPTED"))
    assert turn.text and not turn.ended


def test_feed_reminders_every_few_hours_for_a_day(user, fake_alexa_api, content):
    thresholds = content["triage"]["thresholds"]
    every, within = thresholds["feed_reminder_every_hours"], thresholds["followup_hours"]
    user.launch()
    user.say("SetClogLocation", side="left", location="outer")
    asked = user.say("SetReminder", reminder="feed")
    count = within // every
    assert f"{count} reminders to feed or pump on the left side: one every {every} hours" in asked.text
    done = user.say("AMAZON.YesIntent")
    requests = sent(fake_alexa_api, REMINDERS)
    assert len(requests) == count and "reminders are set" in done.text
    offsets = [r.json["trigger"]["offsetInSeconds"] for r in requests]
    assert offsets == [every * 3600 * n for n in range(1, count + 1)]
    spoken = requests[0].json["alertInfo"]["spokenInfo"]["content"][0]
    assert spoken["text"] == "Milk Duct Helper: time to feed or pump on the left side."
    assert all(r.json["trigger"]["type"] == "SCHEDULED_RELATIVE" for r in requests)
    assert requests[0].json["requestTime"].startswith("2026-11-21T02:00:00")


def test_check_in_is_offered_after_self_care_and_set_for_tomorrow(user, fake_alexa_api, content):
    user.launch()
    user.say("ReportSymptom", symptom="lump")
    for _ in range(4):
        turn = user.say("AMAZON.NoIntent")
    turn = user.say("GiveDuration", amount="3", unit="hours")
    assert content["triage"]["outcomes"]["self_care"]["say"][-1] in turn.text
    # The offer says exactly what it sets, so one yes sets it: confirmed once, not twice.
    assert "Shall I remind you in 24 hours to check on the lump?" in turn.text
    done = user.say("AMAZON.YesIntent")
    assert "Your reminder is set." in done.text and "Shall I" not in done.text
    [request] = sent(fake_alexa_api, REMINDERS)
    assert request.json["trigger"]["offsetInSeconds"] == 24 * 3600


def test_feed_reminders_are_offered_when_the_routine_ends_and_a_yes_sets_them(user, fake_alexa_api):
    user.launch()
    user.say("GoToSection", section="followup")
    turn = user.say("AMAZON.NextIntent")
    for _ in range(30):
        if "end of the routine" in turn.text:
            break
        turn = user.say("SkipStep")
    assert "Would you like 8 reminders to feed or pump, one every 3 hours for the next 24 hours?" in turn.text
    user.say("AMAZON.YesIntent")  # one yes sets the feed reminders the offer described
    requests = sent(fake_alexa_api, REMINDERS)
    assert [r.json["trigger"]["offsetInSeconds"] for r in requests] == [3 * 3600 * n for n in range(1, 9)]
    assert requests[0].json["alertInfo"]["spokenInfo"]["content"][0]["text"] == "Milk Duct Helper: time to feed or pump."


def test_reminders_unsupported_are_explained(user, fake_alexa_api):
    fake_alexa_api.respond_with(REMINDERS, 403)
    user.launch()
    user.say("SetReminder", reminder="checkin")
    turn = user.say("AMAZON.YesIntent")  # 403 despite a token: Alexa asks for the permission again
    assert turn.body["directives"][0]["payload"]["permissionScope"] == "alexa::alerts:reminders:skill:readwrite"


def test_resume_after_a_compress_timer_goes_on_past_the_compress(user, fake_alexa_api, content):
    user.launch()
    user.say("GoToSection", section="prepare")
    turn = user.say("AMAZON.NextIntent")
    while "keep time" not in turn.text:
        turn = user.say("AMAZON.NextIntent")
    user.say("SetTimer", compress="warm")
    assert user.say("AMAZON.YesIntent").ended
    user.session.advance(minutes=6)
    resumed = user.say("AMAZON.ResumeIntent")
    steps = content["routine"]["sections"][0]["steps"]
    after = steps[[s["id"] for s in steps].index("warm_compress") + 1]
    assert after["say"] in resumed.text


def test_a_timer_allowed_in_a_new_session_also_moves_past_the_compress(make_skill, fake_alexa_api, content):
    user = Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url))
    user.launch()
    turn = user.say("GoToSection", section="prepare")
    while "keep time" not in turn.text:
        turn = user.say("AMAZON.NextIntent")
    user.say("SetTimer", compress="warm")
    user.say("AMAZON.YesIntent")  # AskFor: the session is handed to Alexa's consent dialog
    user.session.session_id = None  # the answer arrives in a new session
    user.session.permissions_granted = True
    assert "running" in user.send(user.session.connections_response("AskFor", "ACCEPTED")).text
    steps = content["routine"]["sections"][0]["steps"]
    after = steps[[s["id"] for s in steps].index("warm_compress") + 1]
    assert after["say"] in user.say("AMAZON.ResumeIntent").text
