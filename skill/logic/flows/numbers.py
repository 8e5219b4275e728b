"""A number heard as a temperature or as how long the lump has been there, read by what is being
asked: a number without a unit counts as hours only while "How long has the lump been there?"
waits; anywhere else one that can be a body temperature is one ("almost 38", "about 102 an hour
ago", even when Alexa sent it as a duration), and any other is asked about. A loose reading that
may be a fever ("over a hundred", "a hundred and something") is never said to be under the line:
the exact number is asked for. flows/triage.py reads the numbers themselves."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..replies import reply
from ..speech import digits
from ..temperature import read_temperature
from ..turn import Event, Turn
from . import triage

if TYPE_CHECKING:
    from ..speech import Reply
    from ..turn import Context, Intents

DURATION_QUESTION = "lump_duration"
# What Alexa's duration samples put around a number alone ("almost", "over", "about") is not sent:
# read as "almost" (TEMP_QUALIFIER id), such a number is a fever only if just under it still is one.
LOOSE = "near"


def heard_temperature(c: Context, t: Turn) -> Reply:
    slot = t.event.slot
    if duration_asked(t) and not (slot("scale") or slot("fraction")):  # "about 30", "36"
        return triage.duration(c, with_slots(t, "GiveDurationIntent", amount=slot("whole")))
    reading = read_temperature(slot("whole"), slot("fraction"), slot("scale"), c.thresholds, slot("qualifier"))
    if reading is not None and reading.unsure:
        return reply(c, c.dialog.say("temperature_loose"), next_key="temperature_exact")
    return triage.temperature(c, t)


def heard_duration(c: Context, t: Turn) -> Reply:
    slot = t.event.slot
    amount = digits(slot("amount"))
    if slot("unit") or slot("since") or amount is None or duration_asked(t):  # no number: "didn't catch how long"
        return triage.duration(c, t)
    if read_temperature(amount, None, None, c.thresholds) is not None:
        return heard_temperature(c, with_slots(t, "GiveTemperatureIntent", whole=amount, qualifier=LOOSE))
    return triage.ask_again_or_reply(c, t, c.dialog.say("number_unclear"), "number_example")


def duration_asked(t: Turn) -> bool:
    return t.state["pending"] == "triage" and t.state["triage"]["asking"] == DURATION_QUESTION


def with_slots(t: Turn, intent: str, **slots: str | None) -> Turn:
    """The same turn, as if Alexa had sent `intent` with these slots."""
    filled = {name: value for name, value in slots.items() if value is not None}
    return Turn(Event(intent, filled), t.state, t.memory, t.now, t.time_zone, t.temperature_unit)


INTENTS: Intents = {
    "GiveTemperatureIntent": heard_temperature,
    "GiveDurationIntent": heard_duration,
}
