"""Confirm, then act: nothing is created or erased before the user has heard exactly what it
will be and said yes. The handler layer carries out the action and reports back."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .replies import idle_next, reply
from .speech import Reply, Say
from .state import PendingName

if TYPE_CHECKING:
    from .turn import Context, Turn

CREATED = "CREATED"


def confirm(c: Context, t: Turn, pending: PendingName, action: dict[str, object], described: Say) -> Reply:
    t.state.update({"pending": pending, "action": action})
    built = Reply().add(described, c.dialog.say("shall_i"))
    built.reprompt = [c.dialog.say("shall_i_reprompt")]
    return built


def confirmed(c: Context, t: Turn, yes: bool) -> Reply:
    action = t.state.pop("action", None)
    t.state["pending"] = None
    if not yes or action is None:
        return reply(c, c.dialog.say("not_done"), next_key=idle_next(t))
    return Reply(actions=[action])
