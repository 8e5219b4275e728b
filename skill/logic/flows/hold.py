"""A short hold: "wait", "one sec", "give me a minute" partway through a step. The session stays
open and the step is kept; "continue" picks it up (the step again, or the rest of its timed
hold). At a safety question the same words pause, as "pause" does (`routine.pause`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..replies import ask_pending_again, confirmed, emergency_again, in_routine, question_waits, reply
from . import routine

if TYPE_CHECKING:
    from ..speech import Reply, Say
    from ..turn import Context, Intents, Turn

HOLD_ON = "HoldOnIntent"
# In the replies that leave her holding a step: words not understood next were most likely not
# said to Alexa.
HOLDING_KEY = "hold_on_next"


def hold_on(c: Context, t: Turn) -> Reply:
    """Mid-step, a hold. At a safety question it pauses instead: the pause names the signs not
    to wait on and keeps the question for the next session, which a hold that Alexa closes
    after its reprompt would not. After an emergency this session, no "take your time": the
    call to make, as for any move through the routine. Away from the routine, "take your
    time", then what she can say."""
    if question_waits(c, t):
        return routine.pause(c, t)
    if t.state["emergency"]:
        return emergency_again(c, t)
    if not in_routine(t):
        return idle_hold(c, t)
    t.state["pending"] = None  # an offer not taken up: "continue" must not be a yes to it
    return holding(c, t, c.dialog.say("hold_on"))


def idle_hold(c: Context, t: Turn) -> Reply:
    """Out of the routine: an offer or a choice waiting is asked again in its short form; a
    confirmation is left behind (asked again it would be a bare "yes or no", as the fallback
    says)."""
    pending = t.state["pending"]
    if pending and c.pending[pending].read is not confirmed:
        return ask_pending_again(c, t, c.dialog.say("hold_on"), briefly=True)
    t.state["pending"] = None
    return reply(c, c.dialog.say("hold_on"), next_key="next_idle")


def still_holding(c: Context, t: Turn) -> Reply:
    """Words not understood while she holds (a cough, "shh" to the baby): most likely not said
    to Alexa, so no "sorry" and the hold goes on; but, as every fallback does, it points to the
    number to call, since she may be telling of an emergency in words we missed. (A hold is
    never given after an emergency this session, so the number is not said twice.)"""
    return holding(c, t, c.dialog.say("hold_on_still"), c.dialog.say("emergency_pointer"))


def holding(c: Context, t: Turn, *said: Say | None) -> Reply:
    built = reply(c, *said, next_key="hold_on_next")
    built.reprompt = [c.dialog.say("hold_on_reprompt")]
    built.repeatable = False  # "repeat" says the step again, not "take your time"
    return built


def note_holding(t: Turn, said: Reply) -> None:
    """Whether this reply left her holding a step, for the next turn's fallback."""
    if HOLDING_KEY in said.keys():
        t.state["holding"] = True
    else:
        t.state.pop("holding", None)


INTENTS: Intents = {HOLD_ON: hold_on}
