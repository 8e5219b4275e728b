"""Presenting the routine's current step and pacing its hold; shared by the flows that lead
back into the routine (after triage, a lump check, a timer that could not be set)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import episode as episodes
from .replies import ask, duration_words, in_routine
from .speech import Reply, Say, Segment, Shown
from .state import new_position
from .values import bounded

if TYPE_CHECKING:
    from .turn import Context, Turn
    from .state import Position, RoutineName

# Content ids the code names; the content compiler checks that they exist.
POSITIONING, FOLLOWUP = "positioning", "followup"
CHECK_CLEARED = "check_cleared"  # skipped when she says the lump is gone
# The routine picked for her when she leaves the choice to the skill: the one newer guidance prefers.
PICKED_FOR_HER: RoutineName = "gentle"
OPPOSITE = {"left": "right", "right": "left"}  # SIDE ids; "other" is the one across from the last


def present_step(c: Context, t: Turn, *before: Segment | None) -> Reply:
    """The current step: section intro when entering it, the instruction, and its hold."""
    pos = t.state["pos"]
    section, step = c.routine.section(pos), c.routine.step(pos)
    words = "_pumping" if pumping(t) else ""
    built = Reply().add(*before)
    if c.routine.at_section_start(pos) and pos["held"] == 0:
        built.add(Say(section.get(f"intro{words}", section["intro"]), f"section:{section['id']}"))
        if section["id"] == POSITIONING and not words:  # the holds are ways to nurse
            built.add(hold_for_location(c, t, brief=True) or c.dialog.say("location_hint"))
    if pos["held"] == 0:
        built.add(Say(step.get(f"say{words}", step["say"]), f"step:{step['id']}"))
    if "hold_seconds" in step:
        return pace(c, t, built)
    hint = c.dialog.say("next_step_hint")
    built.add(hint)
    built.reprompt = [hint]
    built.screen = Shown("step", step["id"], ids=(f"say{words}",))
    return built


def pace(c: Context, t: Turn, built: Reply) -> Reply:
    pos = t.state["pos"]
    built.screen = Shown("step", c.routine.step(pos)["id"], ids=("say_pumping" if pumping(t) else "say",),
                         held=pos["held"])
    if pos["held"] == 0:
        total = c.routine.step(pos)["hold_seconds"]
        built.add(c.dialog.say("hold_start", duration=duration_words(c, total)))
    built.add(*c.routine.pace_hold(pos))
    remaining = c.routine.hold_remaining(pos)
    if remaining:
        hint = c.dialog.say("hold_more", elapsed=duration_words(c, pos["held"]),
                            remaining=duration_words(c, remaining))
    else:
        hint = c.dialog.say("hold_done")
    built.add(hint)
    built.reprompt = [c.dialog.say("hold_more_reprompt" if remaining else "next_step_hint")]
    return built


def continue_hold_or_step(c: Context, t: Turn) -> Reply:
    if c.routine.hold_in_progress(t.state["pos"]):
        return pace(c, t, Reply().add(c.dialog.say("hold_continue")))
    t.state["pos"]["held"] = 0
    return present_step(c, t)


def begin_routine(c: Context, t: Turn, *before: Segment | None) -> Reply:
    """The first step; the very first time, a question first: which of the two routines."""
    if "routine" not in t.memory.get("prefs", {}):
        return ask(c, t, "routine_choice", *before)
    t.state.update({"mode": "routine", "pos": new_position(), "pending": None})
    return present_step(c, t, *before, c.dialog.say("routine_begin"))


def offer_start(c: Context, t: Turn, *before: Segment | None) -> Reply:
    return ask(c, t, "start_offer", *before)


def not_started(c: Context, t: Turn) -> Reply:
    return offer_start(c, t, c.dialog.say("not_started"))


def saved_position(c: Context, t: Turn) -> Position | None:
    """Where this session left the routine, else where the last session did, if it still
    fits the content (the open clog's only: a cleared or closed clog's place is not offered)."""
    here = t.state["pos"]
    pos: Position | None = {"section": here["section"], "step": here["step"], "held": 0} if t.state["tried"] \
        else episodes.saved_position(t.memory, t.now, c.thresholds["episode_max_days"])
    return pos if c.routine.valid(pos) else None


def open_clog(c: Context, t: Turn) -> None:
    """The clog she asks help with is the open one; after one that cleared or closed, a new
    one (its own start, place and quick check; the signs told this session kept)."""
    if episodes.is_open(t.memory, t.now, c.thresholds["episode_max_days"]):
        episodes.open_if_needed(t.memory, t.now)  # told a clog after signs alone: no longer signs only
    else:
        episodes.open_anew(t.memory, t.now, t.state["triage"]["signs"])


def remember_location(t: Turn) -> None:
    side, location = bounded(t.event.slot("side")), bounded(t.event.slot("location"))
    if side == "other":  # "a new one on the other side": across from this session's side, else the last clog's
        episode = episodes.current(t.memory)
        side = OPPOSITE.get(t.state.get("side") or (episode.get("side", "") if episode else ""))
    if side:
        t.state["side"] = side
    if location:
        t.state["location"] = location


def pumping(t: Turn) -> bool:
    """She pumps instead of nursing (she told us, in this or an earlier session)."""
    return t.memory.get("prefs", {}).get("feeding") == "pumping"


def hold_for_location(c: Context, t: Turn, brief: bool = False) -> Say | None:
    """The nursing hold that points baby's chin at the clog (none for a parent who pumps);
    `brief`: its name only, where the step itself says why the chin goes to the clog."""
    if pumping(t):
        return None
    where = t.state.get("location")
    location = c.positions["locations"].get(where)
    if not location:
        return None
    named = c.dialog.text("hold_suggestion", hold=location["hold"])
    return Say(named if brief else named + " " + " ".join(location["say"]), f"location:{where}")


def at_step(c: Context, t: Turn, step_id: str) -> bool:
    return in_routine(t) and c.routine.step(t.state["pos"])["id"] == step_id


def aftercare_routine(c: Context, t: Turn) -> Context:
    """The routine whose aftercare she hears once the lump is gone: the one she chose; never
    chosen, the gentle one, as when she leaves the choice to the skill ("you pick"), kept so
    that her next steps walk it too. Its aftercare feeds on demand without emptying the breast
    (ABM #36); the classic one's "empty that breast as fully as you can" is what that guidance
    warns against, above all after a fever."""
    prefs = t.memory.setdefault("prefs", {})
    if "routine" not in prefs:
        prefs["routine"] = PICKED_FOR_HER
    return c.using(prefs["routine"])
