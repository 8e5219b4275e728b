"""Go-on words ("ok", "next", "I'm ready", "carry on") while a question waits: a yes where the
question takes one, else the question again in the form that names its answers where it declares
the word (`Pending.again`), else the word is a request of its own and an offer is left behind.
The stories in tests/conversations/go_on.yaml walk each case in her words; here, the declaration
rules, every real question's choice (written out), what a screen offers when the routine choice
is asked again, and the emergency rule."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from screen_checks import problems_of, render_documents

from driver import Driver
from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.logic.conversation import Event
from skill.logic.turn import GO_ON, MOVES_ON, OKAY_ONLY, Pending

OK, NEXT, RESUME = "ContinueIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent"
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)


def read(c, t, yes):
    raise AssertionError("not called")


# --- how a question declares them (built here: see test_pending_declaration.py for why) ----------
def test_ok_alone_asks_an_ordinary_question_again():
    assert Pending(read, "shall_i", "shall_i_reprompt").again == frozenset({OK})


def test_a_question_about_her_declares_the_words_that_ask_it_again():
    asked = Pending(read, "lump_check_reprompt", "lump_check_reprompt", again=frozenset({OK, NEXT}))
    assert asked.again == frozenset({OK, NEXT}) and asked.blocking is False


def test_a_safety_question_is_asked_again_whatever_go_on_word_is_said():
    safety = Pending(read, None, None, blocking=True, again=OKAY_ONLY)
    assert safety.again == GO_ON == frozenset({OK, NEXT, RESUME})


# --- every real question: what each go-on word does to it ----------------------------------------
YES, AGAIN, LEAVE, DECLINED = "yes", "asked again", "left behind", "declined, saying so"
CHOICES = {  # per question: "ok", "next", "carry on" (s7: at a "Shall I?", "next" declines it saying so)
    "precheck": (AGAIN, AGAIN, AGAIN),
    "triage": (AGAIN, AGAIN, AGAIN),
    "routine_choice": (AGAIN, AGAIN, AGAIN),
    "lump_check": (AGAIN, AGAIN, LEAVE),  # "carry on" resumes, and resuming checks a lump that is due
    "start_offer": (YES, YES, YES),
    "resume_offer": (YES, YES, YES),
    "topic_more": (YES, YES, YES),
    "reminder_offer": (YES, DECLINED, AGAIN),
    "timer_confirm": (YES, DECLINED, AGAIN),
    "reminder_confirm": (YES, DECLINED, AGAIN),
    "delete_confirm": (AGAIN, DECLINED, AGAIN),
}


def test_every_question_is_in_the_table(conversation):
    assert set(conversation.with_every_flow().pending) == set(CHOICES)


@pytest.mark.parametrize("name", sorted(CHOICES))
def test_each_go_on_word_does_to_each_question_what_the_table_says(conversation, name):
    question = conversation.with_every_flow().pending[name]
    done = tuple(YES if word in question.yes_words else AGAIN if word in question.again
                 else DECLINED if word in MOVES_ON and question.declined else LEAVE for word in (OK, NEXT, RESUME))
    assert done == CHOICES[name]


# --- the routine choice asked again, on a screen -------------------------------------------------
def test_the_routine_choice_asked_again_still_shows_the_routines_to_say(make_skill):
    show = Driver(make_skill(), Session(now=NOW, supported_interfaces=SCREEN_DEVICE))
    show.launch()
    show.say("StartRoutine")
    show.say("AMAZON.NoIntent")
    again = show.say(OK)  # "next" is "you pick" (declared in the question's answers, before `again`)
    assert again.text == "Say 'the classic one', 'the gentle one', or 'you pick'."
    [directive] = render_documents(again.body)
    assert problems_of(directive) == []
    assert directive["datasources"]["screen"]["hints"] == ["the classic one", "the gentle one", "you pick"]


# --- an emergency heard this session comes first ------------------------------------------------
def returning_after_an_emergency(conversation):
    """A returning parent who reported an emergency sign and is then asked the lump check in the
    same session. No path asks it there any more (a launch within the session gets the call
    advice), so the question is set waiting by hand: the rule must hold if one ever asks it."""
    state: dict = {}
    memory = {"prefs": {"disclaimer_heard": True},
              "episode": {"started": "2026-11-20T03:00:00+00:00", "side": "left", "tried": [], "signs": []}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    told = conversation.handle(Event("ReportSymptomIntent", {"symptom": "chest_pain"}), state, memory, NOW)
    assert told.keys()[0] == "outcome:emergency"
    state["pending"] = "lump_check"
    return state, memory


@pytest.mark.parametrize("word", [OK, NEXT, RESUME])
def test_after_an_emergency_a_go_on_word_to_the_lump_check_gets_the_call_to_make(conversation, word):
    state, memory = returning_after_an_emergency(conversation)
    turn = conversation.handle(Event(word), state, memory, NOW)
    assert turn.keys()[0] == "outcome:emergency"
    assert turn.speech[0].text.startswith("Please call 9 1 1 now, from a phone.")


@pytest.mark.parametrize("word", [OK, NEXT, RESUME])
def test_after_an_emergency_a_safety_question_is_still_asked_again(conversation, word):
    """No path asks a safety question after an emergency today (every sign then gets the
    emergency advice), so the state is built: the rule must hold if one ever does."""
    state = {"emergency": True, "pending": "triage",
             "triage": {"signs": ["emergency_screen"], "answered": ["emergency_screen"], "asking": "fever",
                        "lump_hours": None}}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    again = conversation.handle(Event(word), state, memory, NOW)
    assert [s.text for s in again.speech] == ["Please call 9 1 1 now, from a phone, if you haven't.",
                                              "Do you have a fever? Say yes, no, the number, or that you're not sure."]
    assert state["pending"] == "triage"
