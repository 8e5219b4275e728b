"""Help, fallback, home, repeat, feeding method and where the clog is: each said in full, ending
with what she can say next, and shown on a screen by the right ids. Through the real skill, and
the conversation's replies for what a screen is given."""
from datetime import datetime, timezone

import pytest

from skill.logic.conversation import Event
from skill.logic.speech import Shown
from test_conversation import start_routine

NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NEXT_IN_ROUTINE = "You can say 'next', 'repeat', 'go back', or 'pause'."
DISCLAIMER = "This skill gives general information, not medical advice. In an emergency, call 9 1 1 from a phone."
TWO_WAYS = "There are two routines, classic with warmth, gentle with cold."
SCREEN_ASK = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
GRAVITY = "Leaning forward, so that breast hangs down, helps too."
LOCATION_NEXT = "Say 'start' when you'd like me to guide you."
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def test_help_while_a_safety_question_waits_explains_then_asks_it_again(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    turn = user.say("AMAZON.HelpIntent")
    assert turn.text == f"I'm asking a few quick questions to check for warning signs. {DISCLAIMER} {SCREEN_ASK}"


def test_help_in_the_routine_says_how_the_routine_works(user):
    start_routine(user)
    turn = user.say("AMAZON.HelpIntent")
    assert turn.text == ("I'm keeping time for you, so your hands stay free. "
                         f"If you feel unwell, tell me at any time. {TWO_WAYS} {DISCLAIMER} {NEXT_IN_ROUTINE}")
    assert turn.reprompt == NEXT_IN_ROUTINE


def test_help_is_shown_by_its_parts_and_a_topic_by_its_own(conversation):
    state, memory = {}, {}
    conversation.handle(Event("Launch"), state, memory, NOW)
    helped = conversation.handle(Event("AMAZON.HelpIntent"), state, memory, NOW)
    assert helped.screen == Shown("info", "help", ids=("help_idle", "help_two_ways", "topic:disclaimer"))
    answered = conversation.handle(Event("CausesIntent"), state, memory, NOW)
    assert answered.screen == Shown("info", "topic", ids=("topic:causes",))


def test_not_understood_asks_an_offer_again(user):
    """Misheard words are no answer: the offer is asked again, briefly, and a "yes" still takes it."""
    user.launch()
    user.say("AMAZON.NextIntent")  # offers to start
    turn = user.say("AMAZON.FallbackIntent")
    assert turn.text == ("Sorry, I didn't catch that. If this is an emergency, call 9 1 1 from a phone. "
                         "Would you like to start the guided routine? Say yes or no.")
    assert turn.attributes["pending"] == "start_offer"
    assert "Before we start, a quick check." in user.say("AMAZON.YesIntent").text


def test_going_home_says_what_she_can_say(user):
    start_routine(user)
    home = user.say("AMAZON.NavigateHomeIntent")
    assert home.text == f"Back at the start. {NEXT_IDLE}" and home.reprompt == NEXT_IDLE


def test_repeat_with_nothing_said_yet_says_so(user):
    turn = user.say("AMAZON.RepeatIntent")  # the very first request: nothing to repeat
    assert turn.text == f"{DISCLAIMER} There's nothing to repeat yet. {NEXT_IDLE}"


def test_the_feeding_method_is_asked_for_then_noted(user):
    user.launch()
    unsure = user.say("FeedingMethod")
    assert unsure.text == f"Tell me 'I'm pumping' or 'I'm nursing', and I'll word the steps to fit. {NEXT_IDLE}"
    noted = user.say("FeedingMethod", method="pumping")
    assert noted.text == f"Got it, you're pumping. I'll word the steps for a pump session. {NEXT_IDLE}"


def test_the_feeding_method_in_the_routine_points_back_to_the_step(user):
    start_routine(user)
    noted = user.say("FeedingMethod", method="nursing")
    assert noted.text == ("Got it, you're nursing. I'll word the steps for feeding your baby. "
                          "Say 'continue' to go back to ways to add warmth.")


def test_a_parent_who_pumps_hears_the_gravity_advice_and_no_nursing_hold(user):
    user.launch()
    user.say("FeedingMethod", method="pumping")
    turn = user.say("SetClogLocation", side="left", location="outer")
    assert turn.text == f"{GRAVITY} {LOCATION_NEXT}"


@pytest.mark.parametrize("side, words", [("right", "on the right side"), ("both", "on both sides")])
def test_a_side_without_a_place_is_noted_and_the_place_asked_for(user, side, words):
    user.launch()
    turn = user.say("SetClogLocation", side=side)
    assert turn.text == (f"Got it, a clog {words}. Where on the breast is it? For example, 'near my "
                         "armpit', 'on the underside', or 'near the nipple'.")
