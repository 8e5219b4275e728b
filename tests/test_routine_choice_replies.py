"""Choosing and switching routines: every answer ends with what she can say next, and a
switch asked before anything is chosen is taken, through the real skill (SQLite memory)."""
# The hints, written out (content/locale/en-US/responses.yaml), so a missing one fails here.
NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NEXT_IN_ROUTINE = "You can say 'next', 'repeat', 'go back', or 'pause'."


def ask_which_routine(user):
    user.launch()
    user.say("StartRoutine")
    return user.say("AMAZON.NoIntent")  # no warning signs: which routine?


def test_cancelling_the_choice_says_okay_and_what_she_can_say(user):
    ask_which_routine(user)
    dropped = user.say("AMAZON.CancelIntent")
    assert dropped.text == f"Okay. {NEXT_IDLE}"
    assert dropped.reprompt == NEXT_IDLE and not dropped.ended


def test_a_switch_as_the_very_first_request_is_taken(user):
    """Nothing chosen nor kept yet (no preferences at all): "switch to the classic routine"
    chooses it, rather than saying she is already on it."""
    turn = user.say("SwitchRoutine", routine="classic")
    assert turn.text.endswith(f"Okay, the classic routine from now on. {NEXT_IDLE}")
    assert turn.reprompt == NEXT_IDLE and not turn.ended
    user.launch()
    user.say("StartRoutine")
    began = user.say("AMAZON.NoIntent")
    assert "Which way would you like?" not in began.text and "Let's begin." in began.text


def test_switching_while_idle_ends_with_what_she_can_say(user):
    user.launch()
    turn = user.say("SwitchRoutine", routine="gentle")
    assert turn.text == f"Okay, the gentle routine from now on. {NEXT_IDLE}"
    assert turn.reprompt == NEXT_IDLE


def test_already_on_that_routine_in_the_routine_ends_with_the_routine_hint(user):
    ask_which_routine(user)
    user.say("ChooseRoutine", routine="gentle")
    turn = user.say("SwitchRoutine", routine="gentle")
    assert turn.text == f"You're already on the gentle routine. {NEXT_IN_ROUTINE}"
    assert turn.reprompt == NEXT_IN_ROUTINE
