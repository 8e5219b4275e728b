"""Timers and reminders: what to offer, what to confirm, what to say after the handler layer
has tried to set them (or the user answered Alexa's permission question)."""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..replies import (CREATED, confirm, confirmed, duration_words, emergency_again, idle_next, red_flag_reminder,
                       reminder_plan, reply)
from ..speech import Reply, digits
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
    compress = compress_in_routine(c, t.event.slot("compress") or compress_here(c, t))
    minutes = t.event.slot("minutes")
    if minutes is None:  # the compress step's own hold (whole minutes: the content compiler checks)
        minutes = str(c.routine.step(compress_position(c, compress))["hold_seconds"] // 60)
    elif digits(minutes) is None or not 1 <= int(minutes) <= MAX_TIMER_MINUTES:
        return reply(c, c.dialog.say("timer_unclear", most=MAX_TIMER_MINUTES), next_key="timer_example")
    label = c.dialog.text(f"compress_{compress}")
    action: dict[str, object] = {"type": "timer", "minutes": int(minutes), "compress": compress, "label": label,
                                 "announce": c.dialog.text("timer_announce", label=label)}
    return confirm(c, t, "timer_confirm", action, c.dialog.say("timer_confirm", minutes=int(minutes), label=label))


def compress_here(c: Context, t: Turn) -> str | None:
    return next((kind for kind, step in COMPRESS_STEPS.items() if at_step(c, t, step)), None)


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
    move_past_compress(c, t, action.get("compress"))
    return Reply(end_session=True).add(
        c.dialog.say("timer_set", minutes=action["minutes"], label=action["label"]), red_flag_reminder(c, t))


def reminders_done(c: Context, t: Turn, action: dict[str, object], outcome: str) -> Reply:
    key = "reminders_set" if outcome == CREATED else f"alert_{outcome.lower()}"
    return reply(c, c.dialog.say(key), next_key=idle_next(t))


def move_past_compress(c: Context, t: Turn, compress: object) -> None:
    """Alexa keeps time now, so "resume" afterwards goes on past this compress (the
    permission answer may come in a new session: then the saved position counts)."""
    if t.state["mode"] != "routine":
        pos = saved_position(c, t)
        if pos is None:
            return
        t.state.update({"mode": "routine", "pos": pos})
    if compress_here(c, t) == compress:
        c.routine.advance(t.state["pos"])


def keep_time_here(c: Context, t: Turn, action: dict[str, object], outcome: str) -> Reply:
    """No timer: pace the compress hold with SSML instead (after an emergency, the call advice)."""
    why = c.dialog.say(f"alert_{outcome.lower()}")
    if t.state["emergency"]:
        return emergency_again(c, t, why)
    compress = compress_in_routine(c, action.get("compress"))
    if not at_step(c, t, COMPRESS_STEPS[compress]):
        t.state.update({"mode": "routine", "pos": compress_position(c, compress)})
    hold = c.routine.step(t.state["pos"])["hold_seconds"]
    asked = action.get("minutes")
    if isinstance(asked, int) and asked * 60 != hold:  # say so, rather than time another length
        return present_step(c, t, why, c.dialog.say("timer_step_length", asked=duration_words(c, asked * 60),
                                                    duration=duration_words(c, hold)))
    return present_step(c, t, why, c.dialog.say("keep_time_here"))


INTENTS: Intents = {"SetTimerIntent": set_timer, "SetReminderIntent": set_reminder}
PENDING: Questions = {
    "timer_confirm": Pending(confirmed, "shall_i", "shall_i_reprompt", yes_words=OKAY_ONLY),
    "reminder_confirm": Pending(confirmed, "shall_i", "shall_i_reprompt", yes_words=OKAY_ONLY),
    "reminder_offer": Pending(offer_answered, "reminder_offer_reprompt", "reminder_offer_reprompt", yes_words=OKAY_ONLY),
}
AFTER_ACTION = {"timer": timer_done, "reminders": reminders_done}
