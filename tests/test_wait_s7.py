"""Small wordings a tester heard wrong (round 7): one reminder said as one, the timer's
"Shall I?" asked again in full, and the newer-advice answer naming the classic advice as the
content's other answers do. Expectations are written out by hand from
content/locale/en-US/responses.yaml and content/topics.yaml."""
from datetime import datetime, timezone

import pytest

from driver import Driver
from test_alerts_edges import in_the_warm_compress_hold
from skill.console.envelopes import Session

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."


@pytest.fixture
def parent(make_skill, fake_alexa_api):
    return Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=True))


def test_the_check_in_is_one_reminder_and_is_said_as_one_while_the_feeding_reminders_stay_several(parent):
    parent.launch()
    asked = parent.say("SetReminder", reminder="checkin")
    assert "I'll set one reminder" in asked.text
    done = parent.say("AMAZON.YesIntent")
    assert done.text == f"Done. Your reminder is set. You can see it in the Alexa app. {NEXT_IDLE}"
    asked = parent.say("SetReminder", reminder="feed")
    assert "I'll set 8 reminders" in asked.text
    done = parent.say("AMAZON.YesIntent")
    assert done.text == f"Done. Your reminders are set. You can see them in the Alexa app. {NEXT_IDLE}"


@pytest.mark.parametrize("slots, minutes", [({}, 5), ({"minutes": "3"}, 3)])
def test_the_timers_shall_i_is_asked_again_as_the_question(parent, slots, minutes):
    """In the warm compress's hold (5 minutes); a timer she names at another length is set as asked."""
    in_the_warm_compress_hold(parent)
    asked = parent.say("SetTimer", **slots)
    assert asked.text.endswith("Shall I?")
    assert asked.reprompt == f"Shall I set the {minutes} minute timer? Say yes or no."


def test_a_plain_timer_is_asked_again_as_the_question(parent):
    parent.launch()
    asked = parent.say("SetTimer", minutes="7")
    assert asked.text == "I'll set a 7 minute timer. Alexa will announce when it's done, even after I close. Shall I?"
    assert asked.reprompt == "Shall I set the 7 minute timer? Say yes or no."


def test_the_newer_advice_names_the_classic_advice_as_the_other_answers_do(parent):
    parent.launch()
    answer = parent.say("NewerAdvice").text
    assert answer.startswith("The classic advice uses warmth and massage. Newer guidance, from the Academy")
    assert "articles" not in answer
