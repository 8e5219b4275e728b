"""Where the clog is, and the nursing hold that points baby's chin at it ("it's near my
armpit", "what positions help", "how should I hold the baby")."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from ..replies import in_routine, reply, side_words
from ..speech import Reply, Say, Shown
from ..steps import hold_for_location, pumping, remember_location

if TYPE_CHECKING:
    from ..turn import Context, Intents, Turn


def location(c: Context, t: Turn) -> Reply:
    if not t.event.slots:  # "what positions help": a question, not where the clog is
        return positions_help(c, t)
    remember_location(t)
    episodes.open_if_needed(t.memory, t.now)
    suggestion = hold_for_location(c, t)
    if suggestion is None and t.state.get("location") not in c.positions["locations"]:
        return reply(c, c.dialog.say("location_noted", side=side_words(c, t.state.get("side"))),
                     next_key="location_ask")
    return holds(c, t, suggestion)


def positions_help(c: Context, t: Turn) -> Reply:
    """The hold for where the clog is (leaning forward alone when she pumps); else where is it."""
    if pumping(t) or t.state.get("location") in c.positions["locations"]:
        return holds(c, t, hold_for_location(c, t))
    return reply(c, c.dialog.say("positions_chin"), next_key="location_ask")


def holds(c: Context, t: Turn, suggestion: Say | None) -> Reply:
    gravity = Say(" ".join(c.positions["gravity"]["say"]), "position:gravity")
    answer = reply(c, suggestion, gravity, next_key="next_in_routine" if in_routine(t) else "location_next")
    where = t.state.get("location")
    if where:  # a parent who pumps may ask before saying where
        answer.screen = Shown("location", where)
    return answer


INTENTS: Intents = {"SetClogLocationIntent": location}
