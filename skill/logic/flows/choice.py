"""Two ways to care: the classic routine (warmth and massage) and the gentle one (cold and
light strokes, from newer guidance). The parent chooses the first time a routine starts, and
can switch at any time; the choice is kept in her preferences."""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .. import episode as episodes
from ..replies import ask_pending_again, asking, idle_next, in_routine, remembered_flags, reply, topic_text
from ..speech import Reply, Say
from ..state import RoutineName
from ..steps import PICKED_FOR_HER, present_step
from ..triage import WATCH
from ..turn import GO_ON, NEXT, Pending
from . import information, positions, routine

if TYPE_CHECKING:
    from ..turn import Context, Intents, Questions, Turn

# "I don't mind", "either", "you pick": the gentle routine, the one newer guidance prefers.
EITHER = "either"
# Said before the classic routine once a sign of mastitis or worse is on record (topics.yaml).
CLASSIC_CAUTION = "classic_caution"


def choose(c: Context, t: Turn) -> Reply:
    """The answer to which routine (or "do the gentle one" at any time): kept, then started."""
    named = t.event.slot("routine")
    name = cast(RoutineName, named if named in c.routines else PICKED_FOR_HER)
    if in_routine(t):
        return switch_to(c, t, name)
    key = "routine_picked" if name == PICKED_FOR_HER and named in (None, EITHER) else "routine_chosen"
    chosen = remember(c, t, name)
    started = routine.start(chosen, t)
    started.speech[0:0] = [said for said in (caution(c, t, name), c.dialog.say(key, routine=routine_words(c, name)))
                           if said is not None]
    return started


def caution(c: Context, t: Turn, name: RoutineName) -> Say | None:
    """The classic routine chosen with a sign of mastitis or worse on record (a lump's age
    alone is not one): newer guidance (ABM #36) avoids heat and deep massage with inflammation,
    so that is said first, in one sentence; her choice stands."""
    inflamed = any(c.triage.level(sign) != WATCH for sign in remembered_flags(c, t))
    return topic_text(c, CLASSIC_CAUTION) if name == "classic" and inflamed else None


def switch(c: Context, t: Turn) -> Reply:
    """"Switch to the gentle routine", "the classic one", or just "switch routines"."""
    named = t.event.slot("routine")
    other = next(name for name in c.routines if name != c.routine.name)
    return switch_to(c, t, cast(RoutineName, named if named in c.routines else other))


def switch_to(c: Context, t: Turn, name: RoutineName) -> Reply:
    words, cautioned = routine_words(c, name), caution(c, t, name)
    if name == c.routine.name and "routine" in t.memory.get("prefs", {}):
        return reply(c, cautioned, c.dialog.say("routine_already", routine=words), next_key=idle_next(t))
    chosen = remember(c, t, name)
    if not in_routine(t):
        return reply(c, cautioned, c.dialog.say("routine_switched", routine=words), next_key="next_idle")
    return present_step(chosen, t, cautioned, c.dialog.say("routine_switched", routine=words))


def remember(c: Context, t: Turn, name: RoutineName) -> Context:
    """Keep the choice, and carry the place in the routine (this session's and the one saved
    for a later "resume") to the start of the section that does the same job."""
    chosen = c.using(name)
    t.memory.setdefault("prefs", {})["routine"] = name
    if chosen.routine is not c.routine:
        t.state["pos"] = chosen.routine.place_from(c.routine, t.state["pos"])
        episode, saved = episodes.current(t.memory), episodes.saved_position(t.memory, t.now, c.thresholds["episode_max_days"])
        if episode is not None and saved is not None and c.routine.valid(saved):
            place = chosen.routine.place_from(c.routine, saved)
            episode["pos"] = {"section": place["section"], "step": place["step"]}
    return chosen


def routine_words(c: Context, name: RoutineName) -> str:
    return c.dialog.text(f"routine_name_{name}")


def choice_answered(c: Context, t: Turn, yes: bool) -> Reply:
    """A yes says nothing about which: the question again, naming its answers. A no ("not
    really") gets a way out: she can have one picked for her, or leave it."""
    if yes:
        return routine.ask_again(c, t)
    return asking(t, "routine_choice", c.dialog.say("routine_choice_declined"), c.dialog.say("routine_choice_reprompt"))


def located(c: Context, t: Turn) -> Reply:
    """Where the clog is, told while the choice waits: its hold (kept for the routine's own
    hold step), then the question again, since the routine cannot begin without it."""
    told = positions.location(c, t)
    hint = told.reprompt or []
    return ask_pending_again(c, t, *(said for said in told.speech if said not in hint), briefly=True)


def cancel_choice(c: Context, t: Turn) -> Reply:
    """"Cancel" drops the question."""
    t.state["pending"] = None
    return reply(c, c.dialog.say("okay"), next_key="next_idle")


INTENTS: Intents = {"ChooseRoutineIntent": choose, "SwitchRoutineIntent": switch}
# "I don't know", "next" or "skip" (she wants to move on): picked for her, as "you pick" is.
# "Ok", "carry on" or "go back" doesn't say which routine: the question again, naming the answers.
# "How long will this take": each routine's timed length, then the question again; so too
# where the clog is ("it's near my armpit"): its hold.
PENDING: Questions = {"routine_choice": Pending(
    choice_answered, "routine_choice", "routine_choice_reprompt",
    answers={"AMAZON.CancelIntent": cancel_choice, "DontKnowIntent": choose, NEXT: choose, routine.SKIP: choose,
             "HowLongIntent": information.routine_lengths, "SetClogLocationIntent": located},
    again=GO_ON)}
