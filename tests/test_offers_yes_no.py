"""An offer to start or to pick up the routine: yes takes it up; no leaves things as they are,
says so, says what she can say next, and leaves no question behind. Through the real skill."""
from driver import Driver
from skill.console.envelopes import Session
from test_memory import NIGHT, report_left_clog

NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NOT_ASKING = f"I wasn't asking a yes or no question just then. {NEXT_IDLE}"
OFFER = "We haven't started the guided routine yet. Would you like me to guide you through easing it?"


def offered_a_start(user):
    user.launch()
    offer = user.say("AMAZON.NextIntent")  # "next" before anything started
    assert offer.text == OFFER and offer.attributes["pending"] == "start_offer"


def test_no_to_the_start_offer_says_okay_and_leaves_no_question(user):
    offered_a_start(user)
    declined = user.say("AMAZON.NoIntent")
    assert declined.text == f"Okay. {NEXT_IDLE}" and declined.reprompt == NEXT_IDLE
    assert declined.attributes["pending"] is None and not declined.ended
    assert user.say("AMAZON.YesIntent").text == NOT_ASKING  # the offer is not taken up later


def test_yes_to_the_start_offer_starts(user):
    offered_a_start(user)
    began = user.say("AMAZON.YesIntent")
    assert began.text == ("Before we start, a quick check. Do you have a fever, chills, body aches, "
                          "or red streaks on the breast?")
    assert began.attributes["pending"] == "precheck"


def returned_with_the_routine_unfinished(make_skill):
    user = Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))
    report_left_clog(user)  # at the second step, then stop
    user.session.advance(hours=5)
    user.launch()
    offer = user.say("AMAZON.YesIntent")  # the lump is still there, under 24 hours
    assert offer.text.endswith("Would you like to pick up the routine?")
    assert offer.attributes["pending"] == "resume_offer"
    return user


def test_no_to_picking_up_the_routine_says_okay_and_leaves_no_question(make_skill):
    user = returned_with_the_routine_unfinished(make_skill)
    declined = user.say("AMAZON.NoIntent")
    # "start" would offer her place again: how to begin afresh instead.
    assert declined.text == "Okay. You can say 'start over' to begin the routine again, or ask me a question."
    assert declined.attributes["pending"] is None
    assert user.say("AMAZON.YesIntent").text == NOT_ASKING


def test_yes_to_picking_up_the_routine_picks_it_up(make_skill):
    user = returned_with_the_routine_unfinished(make_skill)
    resumed = user.say("AMAZON.YesIntent")
    assert resumed.text.startswith("Picking up where you left off. No compress at hand?")
    assert resumed.attributes["mode"] == "routine" and resumed.attributes["pending"] is None
