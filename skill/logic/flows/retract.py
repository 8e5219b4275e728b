"""A false alarm: "I said that by mistake", "that was wrong", "I didn't mean that".

The sign she names is taken back ("no wait, I don't have a fever"), or else the sign told last:
no longer counted, never deleted (the episode keeps it under `retracted`, and a store merge can
only add signs, never lose one). A sign told before it stays, with its advice: a second "that
was wrong" is about what she was just told back, so it takes back only a sign told since (there
is nothing more to take back, and the waiting question is asked again); a sign she names, she
can always take back.
What to do if it does happen is said once more, at the level of the signs taken back (the
number to call for an emergency sign, the provider today for a fever), or the advice her other
signs still call for, which says whom to call: never an all-clear.
Then the conversation goes on from where it was: the warning-sign questions while the check
still has a reason to run (other signs, a lump a day old, or she asked for it), the quick check
again when its yes was taken back before the routine, else the routine's step (one "continue"
away), else what can be said next.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from ..replies import ask, ask_pending_again, idle_next, in_routine, question_waits, reply, sign_names
from ..speech import Reply, Say
from ..triage import ASKED_FOR, EMERGENCY, LUMP_AGE, SELF_CARE, Ask
from .triage import triage_step

if TYPE_CHECKING:
    from ..state import TriageState
    from ..turn import Context, Intents, Turn


def false_alarm(c: Context, t: Turn) -> Reply:
    triage_state = t.state["triage"]
    taken_back = taken_back_by(c, t, triage_state["signs"])
    if not taken_back:
        nothing = nothing_to_take_back(c, t)
        if question_waits(c, t):
            return ask_pending_again(c, t, *nothing)  # the question still waits for its answer
        return reply(c, *nothing, next_key=idle_next(t))
    level = c.triage.outcome_key(c.triage.level(taken_back[0]), taken_back)
    confirmed = [c.dialog.say("false_alarm", signs=sign_names(c, taken_back)), c.dialog.say(f"false_alarm_{level}")]
    c.triage.retract(triage_state, taken_back)
    t.state["taken_back"] = [s for s in t.state.get("taken_back", []) if s not in taken_back] + taken_back
    t.state["told_before"] = list(triage_state["signs"])
    episodes.take_back(t.memory, taken_back)
    # The emergency's advice stands while an emergency sign told this session is left.
    t.state["emergency"] = t.state["emergency"] and EMERGENCY in map(c.triage.level, triage_state["signs"])
    if "precheck" in taken_back and not in_routine(t):
        return ask(c, t, "precheck", *confirmed)  # her yes to the quick check: it is asked again
    step = c.triage.next(triage_state)
    if isinstance(step, Ask) and check_goes_on(c, triage_state):  # back to the questions
        return triage_step(c, t, step, *confirmed)
    if c.triage.red_flags(triage_state["signs"]):
        # An urgent sign taken back (an emergency sign opens the emergency question again): the
        # advice her other signs call for says whom to call, so no more before it (one breath).
        return triage_step(c, t, step, confirmed[0])
    t.state["pending"] = None
    if in_routine(t):  # one word back to the step, rather than the whole step again
        return reply(c, *confirmed, next_key="after_triage_routine", title=c.routine.step(t.state["pos"])["title"])
    return reply(c, *confirmed, next_key="next_idle")


def taken_back_by(c: Context, t: Turn, signs: list[str]) -> list[str]:
    """The red flag she names, if it is on record ("no wait, I don't have a fever"); else the one
    told last, if she told it since her last take-back: the words are about what she just said,
    and one at a time never takes back a graver sign she meant, nor one she never named. None
    when the sign she names is not on record. A lump's age stays (`told_flags`)."""
    flags = told_flags(c, signs)
    named = t.event.slot("symptom")
    if named:
        return [named] if named in flags else []
    return [s for s in flags if s not in t.state.get("told_before", [])][-1:]


def told_flags(c: Context, signs: list[str]) -> list[str]:
    """The red flags she told: a lump's age is the clock's count, not a sign she said."""
    return [s for s in c.triage.red_flags(signs) if s not in LUMP_AGE]


def nothing_to_take_back(c: Context, t: Turn) -> list[Say | None]:
    """Why nothing was taken back: the sign she named was never told by name (a yes to "any
    chest pain...?" is kept whole); or what she took back already, and what she told before it,
    kept; or there is nothing at all."""
    named = t.event.slot("symptom")
    if named in c.signs:
        return [c.dialog.say("false_alarm_not_named", signs=sign_names(c, [named]))]
    signs = t.state["triage"]["signs"]
    # Not told again since; a sign the skill knows (the session's words come back from the request).
    taken = [s for s in t.state.get("taken_back", []) if s in c.triage.levels and s not in signs]
    if not taken:
        return [c.dialog.say("false_alarm_nothing")]
    kept = told_flags(c, signs)
    return [c.dialog.say("false_alarm_no_more", signs=sign_names(c, taken)),
            c.dialog.say("false_alarm_kept", signs=sign_names(c, kept)) if kept else None]


def check_goes_on(c: Context, triage_state: TriageState) -> bool:
    """The warning-sign check still has a reason to run once the signs are taken back: other
    signs, a lump that has lasted a day, or she asked for it. A check that only a sign said out
    of the blue began ends with that sign: she never asked for the questions."""
    return bool(triage_state["signs"]) or ASKED_FOR in triage_state["answered"] \
        or c.triage.outcome_level(triage_state) != SELF_CARE


INTENTS: Intents = {"FalseAlarmIntent": false_alarm}
