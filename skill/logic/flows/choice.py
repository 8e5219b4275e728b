"""Two ways to care: the classic routine (warmth and massage) and the gentle one (cold and
light strokes, from newer guidance). The parent chooses the first time a routine starts, and
can switch at any time; the choice is kept in her preferences."""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .. import episode as episodes
from ..replies import idle_next, in_routine, reply
from ..speech import Reply
from ..state import RoutineName
from ..steps import present_step
from ..turn import GO_ON, Pending
from . import information, routine

if TYPE_CHECKING:
    from ..turn import Context, Intents, Questions, Turn

# "I don't mind", "either", "you pick": the gentle routine, the one newer guidance prefers.
EITHER, PICKED_FOR_HER = "either", "gentle"


def choose(c: Context, t: Turn) -> Reply:
    """The answer to which routine (or "do the gentle one" at any time): kept, then started."""
    named = t.event.slot("routine")
    name = cast(RoutineName, named if named in c.routines else PICKED_FOR_HER)
    if in_routine(t):
        return switch_to(c, t, name)
    key = "routine_picked" if name == PICKED_FOR_HER and named in (None, EITHER) else "routine_chosen"
    chosen = remember(c, t, name)
    started = routine.start(chosen, t)
    started.speech.insert(0, c.dialog.say(key, routine=routine_words(c, name)))
    return started


def switch(c: Context, t: Turn) -> Reply:
    """"Switch to the gentle routine", "the classic one", or just "switch routines"."""
    named = t.event.slot("routine")
    other = next(name for name in c.routines if name != c.routine.name)
    return switch_to(c, t, cast(RoutineName, named if named in c.routines else other))


def switch_to(c: Context, t: Turn, name: RoutineName) -> Reply:
    words = routine_words(c, name)
    if name == c.routine.name and "routine" in t.memory.get("prefs", {}):
        return reply(c, c.dialog.say("routine_already", routine=words), next_key=idle_next(t))
    chosen = remember(c, t, name)
    if not in_routine(t):
        return reply(c, c.dialog.say("routine_switched", routine=words), next_key="next_idle")
    return present_step(chosen, t, c.dialog.say("routine_switched", routine=words))


def remember(c: Context, t: Turn, name: RoutineName) -> Context:
    """Keep the choice, and carry the place in the routine (this session's and the one saved
    for a later "resume") to the start of the section that does the same job."""
    chosen = c.using(name)
    t.memory.setdefault("prefs", {})["routine"] = name
    if chosen.routine is not c.routine:
        t.state["pos"] = chosen.routine.place_from(c.routine, t.state["pos"])
        episode, saved = episodes.current(t.memory), episodes.saved_position(t.memory)
        if episode is not None and saved is not None and c.routine.valid(saved):
            place = chosen.routine.place_from(c.routine, saved)
            episode["pos"] = {"section": place["section"], "step": place["step"]}
    return chosen


def routine_words(c: Context, name: RoutineName) -> str:
    return c.dialog.text(f"routine_name_{name}")


def cancel_choice(c: Context, t: Turn) -> Reply:
    """"Cancel" drops the question."""
    t.state["pending"] = None
    return reply(c, c.dialog.say("okay"), next_key="next_idle")


INTENTS: Intents = {"ChooseRoutineIntent": choose, "SwitchRoutineIntent": switch}
# Yes, no or a go-on word doesn't say which routine: the question again, naming the answers.
# "I don't know" which: picked for her, as "you pick" is.
PENDING: Questions = {"routine_choice": Pending(routine.ask_again, "routine_choice", "routine_choice_reprompt",
                                                answers={"AMAZON.CancelIntent": cancel_choice, "DontKnowIntent": choose,
                                                         "HowLongIntent": information.routine_lengths},
                                                again=GO_ON)}
