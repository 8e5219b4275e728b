"""The device's settings (time zone, temperature unit), read through the Alexa Settings API
at most once a week and kept in the user's preferences: they rarely change, and each lookup
is a round trip the user waits for."""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .values import iso, parse_time

if TYPE_CHECKING:
    from .turn import Context, Lookup, Turn

RECHECK_DAYS = 7
TEMPERATURE_UNITS = ("fahrenheit", "celsius")


def device_setting(t: Turn, name: Literal["tz", "unit"], checked_key: Literal["tz_checked", "unit_checked"],
                   lookup: Lookup) -> str | None:
    """The setting kept under `name` in the preferences (looked up at `checked_key`), looked up
    again once it is a week old. Memory is checked before the turn, so what is kept is a string
    or None."""
    prefs = t.memory.setdefault("prefs", {})
    checked = parse_time(prefs.get(checked_key))
    if checked is None or (t.now - checked).days >= RECHECK_DAYS:
        prefs[name] = lookup() if callable(lookup) else lookup
        prefs[checked_key] = iso(t.now)
    return prefs.get(name)


def time_zone(t: Turn) -> str | None:
    return device_setting(t, "tz", "tz_checked", t.time_zone)


def temperature_unit(c: Context, t: Turn) -> str:
    """"fahrenheit" or "celsius": the device's setting, else the market's convention."""
    unit = device_setting(t, "unit", "unit_checked", t.temperature_unit)
    return unit if unit in TEMPERATURE_UNITS else c.dialog.text("default_temperature_unit")
