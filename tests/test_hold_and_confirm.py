"""s7 "hold": a section jumped to directly opens without "Next,", and every "Shall I?" that a
move through the routine ("next", "go on", "carry on", "skip", "go back") leaves behind says so,
then moves, through the real skill. The words are written out here
(content/locale/en-US/responses.yaml, content/routine.yaml), so a change of wording or of
behaviour fails."""
import pytest

from skill.logic.turn import GO_ON, MOVES_ON, NEXT, OKAY_ONLY, Context, Pending

NO_REMINDERS = "Okay, I haven't set any reminders."
NOTHING_ERASED = "Okay, I haven't erased anything."
# The routine's second step, which "next" from the first one reaches.
SECOND_STEP = "No compress at hand? Pour warm water into a disposable diaper."
FIRST_STEP = "Pick one way to warm the breast."
MOVES = ["AMAZON.NextIntent", "SkipStep", "AMAZON.PreviousIntent"]


def test_no_section_asked_for_first_thing_opens_with_next(make_skill):
    from driver import Driver

    for section in ["prepare", "massage", "positioning", "followup"]:
        user = Driver(make_skill())
        user.launch()
        assert "Next," not in user.say("GoToSection", section=section).text, section


def test_the_positioning_section_asked_for_first_thing_opens_with_its_own_words(user):
    user.launch()
    jumped = user.say("GoToSection", section="positioning")
    assert jumped.text.startswith("Let baby and gravity help. Say where the lump is,")


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "en-AU", "en-CA", "en-IN"])
def test_no_section_of_either_routine_opens_with_next(content, locale):
    """Any section can be the first one heard ("go to ..."), so none opens as if one came before."""
    c = Context(content, locale)
    intros = [section.get(key, "") for routine in c.routines.values() for section in routine.sections
              for key in ("intro", "intro_pumping")]
    assert intros and not [intro for intro in intros if intro.startswith("Next")]


def test_no_question_lets_next_drop_it_without_a_word(conversation):
    """Every declared question takes "next" as a yes, asks again, answers it its own way, or
    declines it saying so: none is left behind in silence."""
    table = conversation.with_every_flow().pending
    silent = [name for name, q in table.items()
              if not (NEXT in q.yes_words or NEXT in q.again or NEXT in q.answers or q.declined)]
    assert not silent
    assert {name for name, q in table.items() if q.declined} == {
        "timer_confirm", "reminder_confirm", "reminder_offer", "delete_confirm"}
    # At those, every go-on or move word is a yes, asks again, or declines saying so.
    for q in (q for q in table.values() if q.declined):
        assert GO_ON | MOVES_ON <= q.yes_words | q.again | MOVES_ON


def read(c, t, yes):
    raise AssertionError("not called")


def test_a_confirmation_names_its_declined_words_and_asks_again_at_carry_on():
    """Built here, as test_pending_declaration.py does: the flows' tables are built at import."""
    shall_i = Pending(read, "shall_i", "shall_i_reprompt", yes_words=OKAY_ONLY, declined="timer_not_set")
    assert shall_i.declined == "timer_not_set"
    assert shall_i.again == frozenset({"ContinueIntent", "AMAZON.ResumeIntent"})
    plain = Pending(read, "shall_i", "shall_i_reprompt")
    assert plain.declined is None and plain.again == frozenset({"ContinueIntent"})


def in_the_routine(user):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")  # the quick check
    started = user.say("ChooseRoutine", routine="classic")
    assert FIRST_STEP in started.text


def nothing_waits(turn):
    assert turn.attributes.get("pending") is None
    assert "action" not in turn.attributes and "offer" not in turn.attributes
    assert not turn.body.get("directives")


@pytest.mark.parametrize("move", MOVES)
def test_a_move_at_the_reminders_shall_i_says_none_were_set_then_moves(user, move):
    in_the_routine(user)
    user.say("AMAZON.NextIntent")  # the second step
    asked = user.say("SetReminder", reminder="feed")
    assert asked.text.endswith("Shall I?")
    moved = user.say(move)
    assert moved.text.startswith(NO_REMINDERS)
    nothing_waits(moved)
    expected = {"AMAZON.NextIntent": "Now hold the warmth right on the lump",
                "SkipStep": "Now hold the warmth right on the lump", "AMAZON.PreviousIntent": FIRST_STEP}[move]
    assert expected in moved.text
    user.say("SetReminder", reminder="checkin")
    taken = user.say("Continue")  # "ok" is still a yes: the reminder is tried (Alexa asks her permission)
    assert taken.text.startswith("I'll need your permission for that.") and NO_REMINDERS not in taken.text


@pytest.mark.parametrize("ask, slots", [("SetReminder", {"reminder": "feed"}), ("DeleteData", {}),
                                        ("SetTimer", {"minutes": "5"})])
def test_carry_on_or_go_ahead_at_shall_i_may_mean_either_so_it_is_asked_again(user, ask, slots):
    in_the_routine(user)
    user.say(ask, **slots)
    asked_again = user.say("AMAZON.ResumeIntent")
    assert asked_again.text == "Please say yes or no."
    assert asked_again.attributes["pending"] and asked_again.attributes["action"]


def test_next_at_the_erase_shall_i_erases_nothing_says_so_and_moves_on(user):
    in_the_routine(user)
    asked = user.say("DeleteData")
    assert asked.text.endswith("Shall I?")
    moved = user.say("AMAZON.NextIntent")
    assert moved.text.startswith(f"{NOTHING_ERASED} {SECOND_STEP}")
    nothing_waits(moved)
    # Nothing was erased: the routine chosen is still known, so "start over" asks no question.
    assert "Which would you like?" not in user.say("AMAZON.StartOverIntent").text


def test_next_at_the_reminder_offer_after_the_routine_says_none_were_set(user):
    in_the_routine(user)
    user.say("GoToSection", section="followup")
    turn = user.say("SkipStep")
    while turn.attributes.get("pending") != "reminder_offer":
        turn = user.say("SkipStep")
    assert "Would you like 8 reminders to feed or pump" in turn.text
    moved = user.say("AMAZON.NextIntent")
    assert moved.text.startswith(NO_REMINDERS)
    nothing_waits(moved)


@pytest.mark.parametrize("ask, slots, declined", [("SetReminder", {"reminder": "checkin"}, NO_REMINDERS),
                                                  ("DeleteData", {}, NOTHING_ERASED)])
def test_after_an_emergency_a_move_at_shall_i_gives_the_call_first_and_does_nothing(user, ask, slots, declined):
    user.launch()
    user.say("ReportSymptom", symptom="chest_pain")
    assert user.say(ask, **slots).text.endswith("Shall I?")
    moved = user.say("SkipStep")
    assert moved.text.startswith("Please call 9 1 1 now, from a phone.") and declined in moved.text
    nothing_waits(moved)


@pytest.mark.parametrize("said, intent", [
    ("yeah go on", "AMAZON.YesIntent"), ("sure, go ahead", "AMAZON.YesIntent"), ("yes carry on", "AMAZON.YesIntent"),
    ("yes next", "AMAZON.YesIntent"), ("no, next", "AMAZON.NoIntent"), ("nah skip it", "AMAZON.NoIntent"),
])
def test_a_yes_or_no_said_before_a_go_on_word_is_that_answer_in_the_console(said, intent):
    """In the console's stand-in for Alexa: the go-on word only carries the answer, so "yeah go on"
    to a "Shall I?" sets what was offered rather than declining it."""
    from skill.console.nlu import default_nlu

    assert default_nlu().resolve(said).intent == intent
