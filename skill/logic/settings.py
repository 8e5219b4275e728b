"""The device's settings (time zone, temperature unit), read through the Alexa Settings API
at most once a week and kept in the user's preferences: they rarely change, and each lookup
is a round trip the user waits for."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .values import iso, parse_time

if TYPE_CHECKING:
    from .turn import Context, Lookup, Turn

RECHECK_DAYS = 7
TEMPERATURE_UNITS = ("fahrenheit", "celsius")


def device_setting(t: Turn, name: str, lookup: Lookup) -> str | None:
    """The setting kept under `name` in the preferences, looked up again once it is a week old."""
    prefs = cast("dict[str, Any]", t.memory.setdefault("prefs", {}))  # Prefs, its keys chosen by name
    checked = parse_time(prefs.get(f"{name}_checked"))
    if checked is None or (t.now - checked).days >= RECHECK_DAYS:
        found = lookup() if callable(lookup) else lookup
        prefs.update({name: found, f"{name}_checked": iso(t.now)})
    found = prefs.get(name)
    return found if isinstance(found, str) else None


def time_zone(t: Turn) -> str | None:
    return device_setting(t, "tz", t.time_zone)


def temperature_unit(c: Context, t: Turn) -> str:
    """"fahrenheit" or "celsius": the device's setting, else the market's convention."""
    unit = device_setting(t, "unit", t.temperature_unit)
    return unit if unit in TEMPERATURE_UNITS else c.dialog.text("default_temperature_unit")
