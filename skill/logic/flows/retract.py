"""A false alarm: "I said that by mistake", "that was wrong", "I didn't mean that".

The most serious signs on record are taken back: no longer counted, never deleted (the
episode keeps them under `retracted`, and a store merge can only add signs, never lose one).
The number is said once more in case, and the conversation goes back to where it was: the
warning-sign questions if other signs are still being checked, else the routine's step (one
"continue" away), else what can be said next.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from ..replies import ask_pending_again, idle_next, in_routine, question_waits, reply, sign_names
from ..speech import Reply
from ..triage import Ask
from .triage import triage_step

if TYPE_CHECKING:
    from ..turn import Context, Intents, Turn


def false_alarm(c: Context, t: Turn) -> Reply:
    triage_state = t.state["triage"]
    taken_back = c.triage.most_serious(triage_state["signs"])
    if not taken_back:
        nothing = c.dialog.say("false_alarm_nothing")
        if question_waits(c, t):
            return ask_pending_again(c, t, nothing)  # the question still waits for its answer
        return reply(c, nothing, next_key=idle_next(t))
    c.triage.retract(triage_state, taken_back)
    episode = episodes.current(t.memory)
    if episode is not None:  # the episode they are on record in, even once its lump has cleared
        kept = episode.get("retracted", [])
        episode["retracted"] = kept + [s for s in taken_back if s not in kept]
    # Every sign at the most serious level went back, so none left is an emergency sign.
    t.state["emergency"] = False
    if not triage_state["signs"]:
        # The questions that stood in for the quick check may have stopped at the sign taken
        # back, before chills or streaks were asked: "start" asks the quick check again.
        triage_state["answered"] = [q for q in triage_state["answered"] if q != "precheck"]
    confirmed = c.dialog.say("false_alarm", signs=sign_names(c, taken_back))
    step = c.triage.next(triage_state)
    # Back to the questions she was answering, or to the advice her other signs still call for.
    if triage_state["signs"] and (isinstance(step, Ask) or c.triage.red_flags(triage_state["signs"])):
        return triage_step(c, t, step, confirmed)
    t.state["pending"] = None
    if in_routine(t):  # one word back to the step, rather than the whole step again
        return reply(c, confirmed, next_key="after_triage_routine", title=c.routine.step(t.state["pos"])["title"])
    return reply(c, confirmed, next_key="next_idle")


INTENTS: Intents = {"FalseAlarmIntent": false_alarm}
