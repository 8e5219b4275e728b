"""Delete my data: confirmed first; what to say once the handler layer has erased it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..replies import CREATED, confirm, confirmed, red_flag_reminder, reply
from ..speech import Reply
from ..turn import Pending

if TYPE_CHECKING:
    from ..turn import Context, Intents, Questions, Turn


def delete_data(c: Context, t: Turn) -> Reply:
    return confirm(c, t, "delete_confirm", {"type": "delete_memory"}, c.dialog.say("delete_confirm"))


def deleted(c: Context, t: Turn, action: dict[str, object], outcome: str) -> Reply:
    key = "deleted" if outcome == CREATED else "delete_failed"
    return reply(c, c.dialog.say(key), red_flag_reminder(c, t), next_key="next_idle")


INTENTS: Intents = {"DeleteDataIntent": delete_data}
PENDING: Questions = {"delete_confirm": Pending(confirmed, "shall_i", "shall_i_reprompt", declined="delete_not_done")}
AFTER_ACTION = {"delete_memory": deleted}
