"""The Alexa timer a step sets is labelled and announced with that step's name; a timer where no
step applies is plain; when it cannot be set, the step it was for is timed here instead, and a
plain one leaves her where she was. Real requests, against the local fake of the Alexa API."""
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.console.envelopes import Session

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
TIMERS = "/v1/alerts/timers"


@pytest.fixture
def user(make_skill, fake_alexa_api):
    return Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=True))


def timer_requests(api) -> list[dict]:
    return [r.json for r in api.requests if r.path == TIMERS]


def at_massage(user: Driver) -> None:
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    assert "I'll keep time for 1 minute and 30 seconds" in user.say("GoToSection", section="massage").text


def test_a_timer_at_a_massage_step_is_labelled_and_announced_for_that_step(user, fake_alexa_api):
    at_massage(user)
    asked = user.say("SetTimer", minutes="10")
    assert asked.text.startswith("I'll set a 10 minute timer for the toothpaste tube strokes.")
    done = user.say("AMAZON.YesIntent")
    [body] = timer_requests(fake_alexa_api)
    assert (body["duration"], body["timerLabel"]) == ("PT10M", "toothpaste tube strokes")
    announce = body["triggeringBehavior"]["operation"]["textToAnnounce"][0]["text"]
    assert announce == "Your toothpaste tube strokes time is up."
    assert done.ended and done.text.startswith("Your 10 minute timer for the toothpaste tube strokes is running.")


def test_a_timer_where_no_step_applies_is_plain(user, fake_alexa_api):
    user.launch()
    asked = user.say("SetTimer", minutes="5")
    assert asked.text == "I'll set a 5 minute timer. Alexa will announce when it's done, even after I close. Shall I?"
    done = user.say("AMAZON.YesIntent")
    [body] = timer_requests(fake_alexa_api)
    assert (body["duration"], body["timerLabel"]) == ("PT5M", "Milk Duct Helper")
    assert body["triggeringBehavior"]["operation"]["textToAnnounce"][0]["text"] == "Your Milk Duct Helper time is up."
    assert done.text.startswith("Your 5 minute timer is running. When it ends, say 'Alexa, open milk duct helper'.")
    assert "compress" not in done.text


def test_a_step_timer_that_cannot_be_set_times_that_step_here(user, fake_alexa_api):
    fake_alexa_api.respond_with(TIMERS, 500)
    at_massage(user)
    user.say("AMAZON.NextIntent")  # the milk mover: two minutes
    assert user.say("SetTimer").text.startswith("I'll set a 2 minute timer for the milk mover.")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text.startswith("I couldn't set that just now. I'll keep time here instead.")
    assert "Rest your fingertips or thumb on the firm spot." in turn.text and "[pause 10s]" in turn.text
    assert "warm" not in turn.text.lower() and not turn.ended


def test_a_plain_timer_that_cannot_be_set_leaves_her_where_she_was(user, fake_alexa_api):
    fake_alexa_api.respond_with(TIMERS, 500)
    user.launch()
    user.say("SetTimer", minutes="5")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == ("I couldn't set that just now. You can say 'start', tell me a symptom like "
                         "'I have a fever', or ask what causes a clog.")
    assert turn.attributes["mode"] == "idle" and not turn.ended
