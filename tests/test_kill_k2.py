"""Issue 16, track k2: what the last surviving mutants of flows/information and locale showed
untested. Help out of the routine, answers told in parts (what is left after a new question,
the session record once all is said, an offer whose parts were lost), "how long" once she has
left the routine mid-hold, where the clog is during the routine, gravity advice of more than
one line, the follow-up the lump's clearing skips to, and a market's words that begin alike.
Every expected sentence is written out here, from the content."""
import copy as copying
from datetime import datetime, timezone

import pytest

from skill.content import ContentError, compile_content
from skill.logic import locale as locales
from skill.logic.conversation import Conversation, Event
from test_conversation import start_routine
from test_gentle import copy, edit  # noqa: F401  (a fixture)
from test_information_replies import DISCLAIMER, NEXT_IDLE, NEXT_IN_ROUTINE, TWO_WAYS
from test_routine_language import begin, parent  # noqa: F401  (a fixture)

HELP_NEXT = "You can say 'start', 'switch routines', or ask 'what's the newer advice'."
AFTER_TOPIC = "Ask me another question, or say 'start'."
WHAT_IS = ("A clogged milk duct is a blockage in one of the small tubes that carry milk. Milk backs up behind "
           "it, so the spot gets sore. A clog is not an infection.")
NOT_INFECTION = ("A clog on its own does not bring a fever, or make you feel achy and sick, like the flu. If you "
                 "do, that points toward mastitis, an infection, so call your healthcare provider.")
HOW_LONG = ("Keep feeding or pumping often from that side until the lump is gone. If it hasn't cleared after 24 "
            "to 48 hours of steady draining, call your provider. Once it clears, keep it up for another day.")
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def test_help_out_of_the_routine_says_what_the_skill_does_and_what_she_can_say(user):
    user.launch()
    turn = user.say("AMAZON.HelpIntent")
    assert turn.text == ("I guide you through warmth, gentle massage, and feeding positions for a clogged duct. "
                         f"Tell me any symptom at any time. {TWO_WAYS} {DISCLAIMER} {HELP_NEXT}")
    assert turn.reprompt == HELP_NEXT


def test_a_new_question_drops_the_rest_of_the_last_answer(user):
    user.launch()
    assert user.say("WhatIsClog").text == f"{WHAT_IS} Would you like to hear more?"
    assert user.say("HowLong").text == f"{HOW_LONG} {AFTER_TOPIC}"
    more = user.say("More")  # the rest was about what a clog is: no longer what she asked
    assert more.text == f"Tell me what you'd like to know more about, like 'what is mastitis'. {NEXT_IDLE}"


def test_once_the_last_part_is_said_no_question_waits(user):
    user.launch()
    user.say("WhatIsClog")
    rest = user.say("AMAZON.YesIntent")
    assert rest.text == f"{NOT_INFECTION} {AFTER_TOPIC}"
    assert rest.attributes["pending"] is None and "more" not in rest.attributes


@pytest.mark.parametrize("lost", [{}, {"more": 5}], ids=["no parts", "parts of the wrong shape"])
def test_an_offer_whose_parts_were_lost_takes_a_yes_calmly(user, lost):
    """A session record from an older skill, or a damaged one: the offer waits, its parts do not."""
    user.launch()
    kept = {key: value for key, value in user.session.attributes.items() if key != "more"}
    user.session.attributes = {**kept, "pending": "topic_more", **lost}
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"Okay. {NEXT_IDLE}"
    assert turn.attributes["pending"] is None


def test_how_long_after_leaving_the_routine_mid_hold_is_the_topic_alone(parent):
    begin(parent)
    parent.say("AMAZON.NextIntent")
    assert "with 3 minutes to go" in parent.say("AMAZON.NextIntent").text  # the warm compress, 2 minutes paced
    parent.say("AMAZON.NavigateHomeIntent")
    turn = parent.say("HowLong")  # no step is being timed now
    assert turn.text == f"{HOW_LONG} {AFTER_TOPIC}"


def test_where_the_clog_is_during_the_routine_ends_with_the_routine_words(user):
    start_routine(user)
    turn = user.say("SetClogLocation", side="left", location="outer")
    assert turn.text == ("Try the football hold. Tuck baby under your arm, along your side, in a football hold. "
                         "Their chin then points toward the outer breast. Leaning forward, so that breast hangs "
                         f"down, helps too. {NEXT_IN_ROUTINE}")
    assert turn.reprompt == NEXT_IN_ROUTINE


def test_gravity_advice_of_two_lines_is_said_as_two_sentences(content):
    """The content may give any advice in several lines (the schema's topic shape)."""
    changed = copying.deepcopy(content)
    changed["positions"]["gravity"]["say"] = ["Lean forward.", "Let that breast hang down."]
    memory = {"prefs": {"disclaimer_heard": True, "feeding": "pumping"}}  # no nursing hold: the advice alone
    said = Conversation(changed).handle(Event("SetClogLocationIntent", {"side": "left", "location": "outer"}),
                                        {}, memory, NOW)
    assert [say.text for say in said.speech] == ["Lean forward. Let that breast hang down.",
                                                 "Say 'start' when you'd like me to guide you."]


@pytest.mark.parametrize("rel", ["routine.yaml", "gentle_routine.yaml"])
def test_the_follow_up_must_open_with_the_step_the_lump_clearing_skips(copy, rel):  # noqa: F811
    def swap_first_steps(routine):
        steps = next(s for s in routine["sections"] if s["id"] == "followup")["steps"]
        steps[0], steps[1] = steps[1], steps[0]

    edit(copy, rel, swap_first_steps)
    with pytest.raises(ContentError, match="the 'followup' section must open with step 'check_cleared'"):
        compile_content(copy)


@pytest.mark.parametrize("words, said, reworded", [
    ({"football": "soccer", "football hold": "rugby ball hold"},
     "A football hold, not football.", "A rugby ball hold, not soccer."),
    # Matching ignores case, so a market word written with a capital is still the longer one.
    ({"football": "soccer", "Football hold": "rugby ball hold"},
     "A football hold, not football.", "A rugby ball hold, not soccer."),
])
def test_the_longer_of_two_market_words_that_begin_alike_wins(words, said, reworded):
    assert locales.rewording(words)({"say": [said]}) == {"say": [reworded]}
