"""Timers and reminders: what to offer, what to confirm, what to say after the handler layer
has tried to set them (or the user answered Alexa's permission question)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ..replies import (CREATED, confirm, confirmed, duration_words, emergency_again, idle_next, in_routine,
                       red_flag_reminder, reminder_plan, reply)
from ..speech import Reply, Say, digits
from ..state import ReminderKind
from ..steps import at_step, present_step, saved_position
from ..turn import OKAY_ONLY, Pending

if TYPE_CHECKING:
    from ..state import Position
    from ..turn import Context, Intents, Questions, Turn

# The routine steps whose holds a compress timer can take over (the compiler checks the ids).
COMPRESS_STEPS = {"warm": "warm_compress", "cool": "cool_compress"}
MAX_TIMER_MINUTES = 60


def own_compress(c: Context) -> str:
    """The compress the parent's routine has: warm in the classic one; the gentle one has only
    the cold pack, and a timer there must never suggest heat (the content compiler checks that
    each routine has one)."""
    return next(kind for kind, step in COMPRESS_STEPS.items() if c.routine.locate(step))


def compress_position(c: Context, compress: str) -> Position:
    """Where that compress is in the parent's routine (`compress_in_routine` names only one it has)."""
    pos = c.routine.locate(COMPRESS_STEPS[compress])
    assert pos is not None
    return pos


def compress_in_routine(c: Context, named: object) -> str:
    """The compress named, if the parent's routine has it; else the one it has."""
    if named in COMPRESS_STEPS and c.routine.locate(COMPRESS_STEPS[str(named)]) is not None:
        return str(named)
    return own_compress(c)


def set_timer(c: Context, t: Turn) -> Reply:
    """A timer of the length she asks, named for the step it is for; without a length, the
    step's own hold, when whole minutes (Alexa's timers count minutes)."""
    step = timer_step(c, t)
    minutes = t.event.slot("minutes")
    if minutes is None:
        return timer_offered(c, t, step)
    if digits(minutes) is None or not 1 <= int(minutes) <= MAX_TIMER_MINUTES:
        return reply(c, c.dialog.say("timer_unclear", most=MAX_TIMER_MINUTES), next_key="timer_example",
                     minutes=example_minutes(step))
    return confirm_timer(c, t, int(minutes), step)


def timer_step(c: Context, t: Turn) -> dict[str, Any] | None:
    """The step a timer is for: the compress she names (the one her routine has), else the timed
    step she is at; None where no step applies (out of the routine, or a step with no hold)."""
    named = t.event.slot("compress")
    if named is not None:
        return c.routine.step(compress_position(c, compress_in_routine(c, named)))
    step = c.routine.step(t.state["pos"]) if in_routine(t) else {}
    return step if "hold_seconds" in step else None


def hold_of(step: dict[str, Any] | None) -> int:
    """The seconds the step is timed for; 0 for no step, or a step with nothing to time."""
    return int(step.get("hold_seconds", 0)) if step else 0


def hold_minutes(step: dict[str, Any] | None) -> int | None:
    """The step's hold as an Alexa timer's length: whole minutes, within the timer's range."""
    hold = hold_of(step)
    return hold // 60 if hold % 60 == 0 and 1 <= hold // 60 <= MAX_TIMER_MINUTES else None


def example_minutes(step: dict[str, Any] | None) -> int:
    """The length an example offers: enough for the step's hold (the next whole minute), else ten."""
    hold = hold_of(step)
    return min(MAX_TIMER_MINUTES, -(-hold // 60)) if hold else 10


def timer_offered(c: Context, t: Turn, step: dict[str, Any] | None) -> Reply:
    minutes = hold_minutes(step)
    if minutes is not None:
        return confirm_timer(c, t, minutes, step)
    if step is not None:  # a hold of odd seconds (90): a timer would not fit it, so it is paced here
        return time_here(c, t, c.dialog.say("timer_paced_here"))
    return reply(c, c.dialog.say("timer_how_long", most=MAX_TIMER_MINUTES), next_key="timer_example",
                 minutes=example_minutes(None))


def confirm_timer(c: Context, t: Turn, minutes: int, step: dict[str, Any] | None) -> Reply:
    """Say exactly what will be set, then wait for the yes: the step's name, or a plain timer."""
    action: dict[str, object] = {"type": "timer", "minutes": minutes}
    if step is None:
        label, said = c.dialog.text("timer_label_plain"), c.dialog.say("timer_confirm_plain", minutes=minutes)
    else:
        label = timer_label(c, step)
        said = c.dialog.say("timer_confirm", minutes=minutes, label=label)
        action["step"] = step["id"]
    action.update(label=label, announce=c.dialog.text("timer_announce", label=label))
    asked = confirm(c, t, "timer_confirm", action, said)
    asked.reprompt = [c.dialog.say("timer_confirm_reprompt", minutes=minutes)]  # the question, not just "yes or no"
    return asked


def timer_label(c: Context, step: dict[str, Any]) -> str:
    """A compress by the words she can name it with ("cool compress"), any other step by its title."""
    compress = next((kind for kind, step_id in COMPRESS_STEPS.items() if step_id == step["id"]), None)
    return c.dialog.text(f"compress_{compress}") if compress else str(step["title"])


def set_reminder(c: Context, t: Turn) -> Reply:
    kind = t.event.slot("reminder")
    if kind in ("feed", "checkin"):
        return confirm_reminder(c, t, cast(ReminderKind, kind))
    return reply(c, c.dialog.say("reminder_which"), next_key="reminder_example")


def offer_answered(c: Context, t: Turn, yes: bool) -> Reply:
    """The offer said exactly which reminders: a yes sets them (confirmed once, not twice)."""
    kind = t.state.pop("offer", None)
    t.state["pending"] = None
    if yes and kind is not None:
        return Reply(actions=[reminder_plan(c, t, kind)[0]])
    return reply(c, c.dialog.say("okay"), next_key="next_idle")


def confirm_reminder(c: Context, t: Turn, kind: ReminderKind) -> Reply:
    action, values = reminder_plan(c, t, kind)
    return confirm(c, t, "reminder_confirm", action, c.dialog.say(f"reminder_confirm_{kind}", **values))


def timer_done(c: Context, t: Turn, action: dict[str, object], outcome: str) -> Reply:
    if outcome != CREATED:
        return keep_time_here(c, t, action, outcome)
    move_past_step(c, t, action.get("step"))
    key = "timer_set" if "step" in action else "timer_set_plain"
    return Reply(end_session=True).add(
        c.dialog.say(key, minutes=action["minutes"], label=action["label"]), red_flag_reminder(c, t))


def reminders_done(c: Context, t: Turn, action: dict[str, object], outcome: str) -> Reply:
    # The check-in is one reminder (`after_hours`); the feeding reminders are several.
    done = "reminder_set" if "after_hours" in action else "reminders_set"
    key = done if outcome == CREATED else f"alert_{outcome.lower()}"
    return reply(c, c.dialog.say(key), next_key=idle_next(t))


def move_past_step(c: Context, t: Turn, step_id: object) -> None:
    """Alexa keeps time now, so "resume" afterwards goes on past the timer's step (the
    permission answer may come in a new session: then the saved position counts)."""
    if not isinstance(step_id, str):
        return  # a plain timer: no step to move past
    if t.state["mode"] != "routine":
        pos = saved_position(c, t)
        if pos is None:
            return
        t.state.update({"mode": "routine", "pos": pos})
    if at_step(c, t, step_id):
        c.routine.advance(t.state["pos"])


def keep_time_here(c: Context, t: Turn, action: dict[str, object], outcome: str) -> Reply:
    """No timer: pace the step's hold with SSML instead (after an emergency, the call advice;
    for a plain timer, what she can say next)."""
    why = c.dialog.say(f"alert_{outcome.lower()}")
    if t.state["emergency"]:
        return emergency_again(c, t, why)
    step_id = action.get("step")
    pos = c.routine.locate(step_id) if isinstance(step_id, str) else None
    hold = hold_of(c.routine.step(pos) if pos else None)
    if pos is None or not hold:  # a plain timer: no step to keep time for
        return reply(c, why, next_key=idle_next(t))
    if not at_step(c, t, str(step_id)):
        t.state.update({"mode": "routine", "pos": pos})
    asked = action.get("minutes")
    if isinstance(asked, int) and asked * 60 != hold:  # say so, rather than time another length
        return time_here(c, t, why, c.dialog.say("timer_step_length", asked=duration_words(c, asked * 60),
                                                 duration=duration_words(c, hold)))
    return time_here(c, t, why, c.dialog.say("keep_time_here"))


def time_here(c: Context, t: Turn, *before: Say) -> Reply:
    """The current step's hold paced here, with SSML; from the start if its time was up."""
    if not c.routine.hold_remaining(t.state["pos"]):
        t.state["pos"]["held"] = 0
    return present_step(c, t, *before)


INTENTS: Intents = {"SetTimerIntent": set_timer, "SetReminderIntent": set_reminder}
PENDING: Questions = {
    "timer_confirm": Pending(confirmed, "shall_i", "shall_i_reprompt", yes_words=OKAY_ONLY, declined="timer_not_set"),
    "reminder_confirm": Pending(confirmed, "shall_i", "shall_i_reprompt", yes_words=OKAY_ONLY,
                                declined="reminders_not_set"),
    "reminder_offer": Pending(offer_answered, "reminder_offer_reprompt", "reminder_offer_reprompt", yes_words=OKAY_ONLY,
                              declined="reminders_not_set"),
}
AFTER_ACTION = {"timer": timer_done, "reminders": reminders_done}
