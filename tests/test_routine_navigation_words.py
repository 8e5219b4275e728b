"""Moving through the routine says what happened in full, through the real skill: starting
over, going back from the first step mid-hold, where she is, pausing and finishing (with the
warning signs she told), and "resume" in a new session going on from there."""
import pytest

NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NEXT_IN_ROUTINE = "You can say 'next', 'repeat', 'go back', or 'pause'."
FIRST_STEP = ("Pick one way to warm the breast. A warm compress, a warm shower, or a soak in a basin of warm "
              "water all work.")
NOT_STARTED = "We haven't started the guided routine yet. Would you like me to guide you through easing it?"
FEVER_REMINDER = "Because you mentioned a fever, please contact your healthcare provider today."


def begin(user, fever=False):
    user.launch()
    if fever:
        user.say("ReportSymptom", symptom="fever")
        user.say("AMAZON.NoIntent")  # no emergency sign: the provider outcome
    user.say("StartRoutine")
    if not fever:
        user.say("AMAZON.NoIntent")  # no warning signs
    return user.say("ChooseRoutine", routine="classic")


def test_start_over_says_so_and_starts_from_the_first_step(user):
    begin(user)
    user.say("AMAZON.NextIntent")
    over = user.say("AMAZON.StartOverIntent")
    assert over.text == (f"Starting again from the beginning. First, let's warm up and loosen the area. {FIRST_STEP} "
                         "Say 'next' when you're ready.")
    assert over.attributes["mode"] == "routine"
    assert "No compress at hand?" in user.say("AMAZON.NextIntent").text  # still in the routine


def test_back_from_the_first_step_starts_its_words_again(user, content):
    begin(user)
    first = user.say("AMAZON.PreviousIntent")
    assert first.text == f"This is the first step. First, let's warm up and loosen the area. {FIRST_STEP} Say 'next' when you're ready."
    assert first.attributes["pos"] == {"section": 0, "step": 0, "held": 0}


@pytest.mark.parametrize("intent", ["AMAZON.PreviousIntent", "WhereAmI"])
def test_back_or_where_before_starting_offers_the_routine(user, intent):
    user.launch()
    assert user.say(intent).text == NOT_STARTED


def test_where_am_i_ends_with_what_she_can_say(user):
    begin(user)
    where = user.say("WhereAmI")
    assert where.text == ("You're on step 1 of 6 in the warmth and preparation section: ways to add warmth. "
                          f"{NEXT_IN_ROUTINE}")
    assert where.reprompt == NEXT_IN_ROUTINE


def test_pause_outside_the_routine_is_no_goodbye(user):
    user.launch()
    paused = user.say("AMAZON.PauseIntent")
    assert paused.text == "Okay, let's pause. When you're ready, say 'Alexa, open milk duct helper'."
    assert paused.ended


def test_pause_repeats_the_warning_sign_she_told(user):
    begin(user, fever=True)
    paused = user.say("AMAZON.PauseIntent")
    assert paused.text == ("Paused at step 1 of 6: ways to add warmth. When you're ready, say 'Alexa, ask milk duct helper to "
                           f"resume'. {FEVER_REMINDER}")
    assert paused.ended


def test_the_end_of_the_routine_repeats_the_warning_sign_and_leaves_the_routine(user):
    begin(user, fever=True)
    user.say("GoToSection", section="followup")
    for _ in range(30):
        end = user.say("SkipStep")
        if "end of the routine" in end.text:
            break
    assert end.text.startswith(f"That's the end of the routine. {FEVER_REMINDER} Would you like 8 reminders")
    assert end.attributes["mode"] == "idle"


def test_resume_in_a_new_session_carries_on_in_the_routine(user):
    begin(user)
    user.say("AMAZON.NextIntent")
    user.say("AMAZON.PauseIntent")
    resumed = user.say("AMAZON.ResumeIntent")  # a one-shot in a new session
    assert resumed.text.startswith("Picking up where you left off. No compress at hand?")
    assert resumed.attributes["mode"] == "routine"
    assert "Now hold the warmth right on the lump" in user.say("AMAZON.NextIntent").text
