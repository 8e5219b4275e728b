""""Not sure" to the emergency question ("any trouble breathing, chest pain, confusion, or
fainting?"): the careful answer is to call the number now, from a phone, and that is the one
level said. Kept in the episode, so the next session asks the question again first
(`flows/routine.back_to_check`) until a yes or no answers it (`episode.sync`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import episode as episodes
from .speech import Card, Reply, Shown, lines
from .triage import EMERGENCY, Outcome

if TYPE_CHECKING:
    from collections.abc import Callable

    from .turn import Context, Turn

    # How the warning-sign check goes on: flows/triage.triage_step (that flow imports this module).
    GoOn = Callable[..., Reply]


def of_emergency(c: Context, t: Turn, go_on: GoOn) -> Reply:
    """The call to make, then the next question if any remains. Where the check ends here, the
    advice of her other signs ("contact your provider today... if you feel much worse, call")
    is not said after it, as it would contradict it: those signs are on record, their level
    too, and every closing names them."""
    c.triage.unsure_of_emergency(t.state["triage"])
    episodes.mark_unsure(t.memory, t.now)
    call = lines(c.notes["not_sure_emergency"]["say"], "note:not_sure_emergency")
    step = c.triage.unknown(t.state["triage"])
    if not isinstance(step, Outcome) or step.level == EMERGENCY:
        return go_on(c, t, step, *call)
    episodes.record_triage(t.memory, t.state["triage"], t.now)
    episodes.record_outcome(t.memory, step.level, t.now)
    t.state["pending"] = None
    hint = c.dialog.say("after_emergency")
    told = Reply(card=Card(c.dialog.say("card_outcome_title"), call), reprompt=[hint]).add(*call, hint)
    told.screen = Shown("outcome", EMERGENCY)  # the number to call, as said; no sign named as the reason
    return told
