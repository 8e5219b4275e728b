"""Timers and reminders at their edges, through the real skill against the local fake of the
Alexa API: the shortest and longest timer, an offer turned down, a timer set while a red flag is
on record, reminders that fail, and a compress timer that fails partway through a hold.

Expectations are written out by hand from content/locale/en-US/responses.yaml and
content/routine.yaml (the warm compress holds 5 minutes, the cool compress 10)."""
import shutil
from datetime import datetime, timezone

import pytest
import yaml

from driver import Driver
from skill import content
from skill.content import ContentError, compile_content
from skill.console.envelopes import Session

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
TIMERS, REMINDERS = "/v1/alerts/timers", "/v1/alerts/reminders"
NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NEXT_IN_ROUTINE = "You can say 'next', 'repeat', 'go back', or 'pause'."
YES_NO_UNEXPECTED = "I wasn't asking a yes or no question just then."
TIMER_FAILED = "I couldn't set that just now."
WARM_COMPRESS = "Now hold the warmth right on the lump, or let the water soak or run over it."
COOL_COMPRESS = "A cool compress or an ice pack can ease leftover swelling."


@pytest.fixture
def user(make_skill, fake_alexa_api):
    return Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=True))


def sent(api, path):
    return [r for r in api.requests if r.path == path]


def offered_a_check_in(user):
    user.launch()
    user.say("ReportSymptom", symptom="lump")
    for _ in range(4):
        user.say("AMAZON.NoIntent")
    turn = user.say("GiveDuration", amount="3", unit="hours")
    assert "Shall I remind you in 24 hours to check on the lump?" in turn.text
    return turn


def in_the_warm_compress_hold(user):
    """The classic routine, at the warm compress, one turn into its five-minute hold."""
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")  # the pre-check: no warning signs
    turn = user.say("ChooseRoutine", routine="classic")
    while WARM_COMPRESS not in turn.text:
        turn = user.say("AMAZON.NextIntent")
    assert "to go" in turn.text  # the hold spans turns: part of it is already paced
    return turn


# --- timers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("minutes", [1, 60])
def test_the_shortest_and_longest_timers_are_offered(user, fake_alexa_api, minutes):
    user.launch()
    asked = user.say("SetTimer", minutes=str(minutes), compress="warm")
    assert asked.text == (f"I'll set a {minutes} minute timer for the warm compress. Alexa will announce when it's "
                          "done, even after I close. Shall I?")
    user.say("AMAZON.YesIntent")
    [request] = sent(fake_alexa_api, TIMERS)
    assert request.json["duration"] == f"PT{minutes}M"


@pytest.mark.parametrize("minutes", [0, 61])
def test_a_timer_outside_one_to_sixty_minutes_is_explained(user, fake_alexa_api, minutes):
    user.launch()
    turn = user.say("SetTimer", minutes=str(minutes), compress="warm")
    # The example fits the compress she named: its own five minutes.
    assert turn.text == "I can set a timer from 1 to 60 minutes. For example, say 'set a 5 minute timer'."


def test_a_timer_set_after_a_fever_still_names_the_fever(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    user.say("AMAZON.NoIntent")  # no emergency signs: contact the provider today
    user.say("SetTimer", minutes="5", compress="warm")
    done = user.say("AMAZON.YesIntent")
    assert done.ended
    assert done.text == ("Your 5 minute timer for the warm compress is running. When it ends, say 'Alexa, ask milk "
                         "duct helper to resume'. Because you mentioned a fever, please contact your healthcare "
                         "provider today.")


@pytest.mark.parametrize("minutes, said", [
    ("5", f"{TIMER_FAILED} I'll keep time here instead. {WARM_COMPRESS} I'll keep time for 5 minutes."),
    ("10", f"{TIMER_FAILED} I'll keep time here instead, for this step's 5 minutes rather than 10 minutes. "
           f"{WARM_COMPRESS} I'll keep time for 5 minutes."),
])
def test_a_failed_timer_paces_the_steps_own_hold_and_says_when_that_differs(user, fake_alexa_api, minutes, said):
    fake_alexa_api.respond_with(TIMERS, 500)
    user.launch()
    user.say("SetTimer", minutes=minutes, compress="warm")
    assert user.say("AMAZON.YesIntent").text.startswith(said)


def test_a_failed_cool_compress_timer_paces_the_cool_compress(user, fake_alexa_api):
    fake_alexa_api.respond_with(TIMERS, 500)
    user.launch()
    user.say("SetTimer", minutes="10", compress="cool")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text.startswith(f"{TIMER_FAILED} I'll keep time here instead. {COOL_COMPRESS}")
    assert "warmth" not in turn.text


def test_after_a_failed_timer_next_goes_on_with_the_routine(user, fake_alexa_api):
    fake_alexa_api.respond_with(TIMERS, 500)
    user.launch()
    user.say("SetTimer", minutes="5", compress="warm")
    user.say("AMAZON.YesIntent")
    turn = user.say("AMAZON.NextIntent")
    assert "to go" in turn.text and "haven't started" not in turn.text


def test_a_timer_failing_partway_through_the_hold_keeps_what_was_paced(user, fake_alexa_api):
    in_the_warm_compress_hold(user)
    fake_alexa_api.respond_with(TIMERS, 500)
    asked = user.say("SetTimer")  # the compress she is at, for its own length
    assert asked.text.startswith("I'll set a 5 minute timer for the warm compress.")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text.startswith(f"{TIMER_FAILED} I'll keep time here instead.")
    assert WARM_COMPRESS not in turn.text and "I'll keep time for" not in turn.text  # the hold goes on


# --- reminders --------------------------------------------------------------------------------
def test_a_reminder_without_saying_which_is_asked_about(user):
    user.launch()
    turn = user.say("SetReminder")
    example = "Say 'remind me to feed from that side', or 'remind me to check in tomorrow'."
    assert turn.text == ("I can remind you to feed or pump from the sore side, or to check in on the lump tomorrow. "
                         f"{example}")
    assert turn.reprompt == example


def test_no_to_the_check_in_offer_sets_nothing_and_leaves_no_question(user, fake_alexa_api):
    offered_a_check_in(user)
    turn = user.say("AMAZON.NoIntent")
    assert turn.text == f"Okay. {NEXT_IDLE}" and turn.reprompt == NEXT_IDLE
    assert user.say("AMAZON.YesIntent").text.startswith(YES_NO_UNEXPECTED)
    assert not sent(fake_alexa_api, REMINDERS)


def test_an_offer_whose_kind_was_lost_sets_nothing(user, fake_alexa_api):
    offered_a_check_in(user)
    user.session.attributes["offer"] = "lunch"  # tampered with: not a kind of reminder
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"Okay. {NEXT_IDLE}"
    assert not sent(fake_alexa_api, REMINDERS)


def test_reminders_set_then_what_she_can_say_next(user):
    user.launch()
    user.say("SetReminder", reminder="checkin")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"Done. Your reminder is set. You can see it in the Alexa app. {NEXT_IDLE}"
    assert turn.reprompt == NEXT_IDLE


def test_reminders_set_during_the_routine_offer_the_routine_words(user):
    in_the_warm_compress_hold(user)
    user.say("SetReminder", reminder="checkin")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"Done. Your reminder is set. You can see it in the Alexa app. {NEXT_IN_ROUTINE}"


def test_reminders_that_fail_say_so(user, fake_alexa_api):
    fake_alexa_api.respond_with(REMINDERS, 500)
    user.launch()
    user.say("SetReminder", reminder="checkin")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"{TIMER_FAILED} {NEXT_IDLE}"



# --- the content a compress timer relies on ---------------------------------------------------
def without_compress(data):
    for section in data["sections"]:
        for step in section["steps"]:
            if step["id"] == "cool_compress":
                step["id"] = "cold_pack"


def odd_hold(data):
    for section in data["sections"]:
        for step in section["steps"]:
            if step["id"] == "cool_compress":
                step["hold_seconds"] = 90


@pytest.mark.parametrize("change, problem", [
    (without_compress, "no compress step: a compress timer needs one"),
    (odd_hold, "step 'cool_compress' must hold whole minutes, 1 to 60, for its timer"),
])
def test_the_compiler_refuses_a_routine_no_compress_timer_can_take_over(tmp_path, change, problem):
    copy = tmp_path / "content"
    shutil.copytree(content.DEFAULT_DIR, copy, ignore=shutil.ignore_patterns(".compiled.json*"))
    path = copy / "gentle_routine.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as raised:
        compile_content(copy)
    assert str(raised.value) == f"{path}: {problem}"


def test_a_timer_without_a_step_or_length_asks_how_long(user):
    user.launch()
    asked = user.say("SetTimer")
    assert asked.text == ("How long should the timer be? I can set one from 1 to 60 minutes. "
                          "For example, say 'set a 10 minute timer'.")
    assert "compress" not in asked.text
