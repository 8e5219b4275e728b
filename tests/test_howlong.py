"""Track s6-howlong: "how long" in the routine is the step she is at, out of it how long a clog
lasts; asked which routine, how long each routine's timed steps take; "what positions help"
names the hold for the clog, or asks where it is. Through the conversation, with the session
state set where a tester would stand. Every expected sentence is written out here."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from skill.logic.conversation import Event

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
NEXT = "Say 'next' when you're ready."
CLOG_TOPIC = "Keep feeding or pumping often from that side until the lump is gone."
CHIN = "The hold that helps most points baby's chin at the clog, where the suction is strongest."
WHERE = "Where on the breast is it? For example, 'near my armpit', 'on the underside', or 'near the nipple'."


def text(reply) -> str:
    return " ".join(s.text for s in reply.speech if hasattr(s, "text"))


def in_routine(conversation, routine: str, section: int, step: int, held: int = 0, **prefs):
    """A session standing at a step of the chosen routine, the warning-sign check answered."""
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True, "routine": routine, **prefs}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    state.update(mode="routine", pos={"section": section, "step": step, "held": held})
    return state, memory


def ask(conversation, state, memory, kind: str = "HowLongIntent", **slots):
    return conversation.handle(Event(kind, slots), state, memory, NOW)


@pytest.mark.parametrize("held, said, key", [
    (0, f"This step takes about 5 minutes. {NEXT}", "step_length"),  # not started yet (a resumed place)
    (120, "This step has 3 minutes to go. Say 'continue' to go back to warm compress.", "hold_left"),
    (300, f"This step's time is up. {NEXT}", "step_time_up"),
], ids=["before its hold", "mid-hold", "hold done"])
def test_how_long_at_the_warm_compress_is_its_own_time(conversation, held, said, key):
    state, memory = in_routine(conversation, "classic", 0, 2, held)
    answer = ask(conversation, state, memory)
    assert text(answer) == said
    assert answer.keys()[0] == key
    assert state["pos"] == {"section": 0, "step": 2, "held": held}  # asking moves nothing


def test_how_long_at_an_untimed_step_says_so_and_how_to_go_on(conversation):
    state, memory = in_routine(conversation, "classic", 0, 5)  # timing: get baby or the pump ready
    assert text(ask(conversation, state, memory)) == f"This step has no set time: take as long as you need. {NEXT}"


def test_the_gentle_cold_pack_says_the_handouts_length_once_its_hold_is_done(conversation):
    state, memory = in_routine(conversation, "gentle", 2, 0, 600)
    answer = ask(conversation, state, memory)
    assert text(answer) == f"You can use the cold pack for about ten minutes, up to once an hour. {NEXT}"
    assert answer.keys() == ["length:cool_compress", "next_step_hint"]


def test_the_classic_cool_compress_never_says_cold_pack(conversation):
    """The classic routine never mentions the gentle routine's cold packs (content check)."""
    state, memory = in_routine(conversation, "classic", 3, 3, 600)
    assert text(ask(conversation, state, memory)) == (
        f"About ten minutes is enough. Never keep ice on for more than 20 minutes, and always wrapped. {NEXT}")


def test_the_same_question_is_the_step_in_the_routine_and_the_clog_out_of_it(conversation):
    state, memory = in_routine(conversation, "classic", 0, 5)
    assert text(ask(conversation, state, memory)).startswith("This step has no set time")
    ask(conversation, state, memory, "AMAZON.NavigateHomeIntent")
    assert text(ask(conversation, state, memory)).startswith(CLOG_TOPIC)


def test_how_long_asked_which_routine_adds_up_each_routines_holds_and_asks_again(conversation):
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    ask(conversation, state, memory, "StartRoutineIntent")
    ask(conversation, state, memory, "AMAZON.NoIntent")
    assert state["pending"] == "routine_choice"
    answer = ask(conversation, state, memory)
    # classic: 300 + 90 + 120 + 60 + 60 + 60 + 120 + 120 + 600 s; gentle: 60 + 60 + 600 s
    assert text(answer) == ("The timed steps take about 12 minutes in the gentle routine and 26 minutes in the "
                            "classic one. The rest go at your own pace. "
                            "Say 'the classic one', 'the gentle one', or 'you pick'.")
    assert state["pending"] == "routine_choice"


def test_what_positions_help_asks_where_the_clog_is_then_names_its_hold(conversation):
    state, memory = in_routine(conversation, "classic", 2, 0)
    answer = ask(conversation, state, memory, "SetClogLocationIntent")
    assert text(answer) == f"{CHIN} {WHERE}"
    assert "episode" not in memory  # a question opens no clog episode
    ask(conversation, state, memory, "SetClogLocationIntent", location="upper")
    answer = ask(conversation, state, memory, "SetClogLocationIntent")
    assert text(answer).startswith("Try the koala hold. Sit baby upright on your thigh")
    assert "Leaning forward, so that breast hangs down, helps too." in text(answer)


def test_what_positions_help_when_she_pumps_is_leaning_forward_without_a_hold(conversation):
    state, memory = in_routine(conversation, "classic", 2, 0, feeding="pumping")
    answer = ask(conversation, state, memory, "SetClogLocationIntent")
    assert text(answer) == ("Leaning forward, so that breast hangs down, helps too. "
                            "You can say 'next', 'repeat', 'go back', or 'pause'.")
    assert "hold" not in text(answer) and "chin" not in text(answer)
