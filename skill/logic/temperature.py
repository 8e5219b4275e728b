"""Body temperature from spoken numbers: scale inference and the fever line.

AMAZON.NUMBER carries no decimals, so "thirty eight point three" arrives as whole=38 and
fraction=3; the fraction's digits are kept as spoken ("point zero five" is .05).
"""
from __future__ import annotations

from typing import Any

from .speech import Dialog, Value, digits

FAHRENHEIT = "fahrenheit"
CELSIUS = "celsius"


class Reading(Value):
    __slots__ = ("value", "scale", "fever")

    def __init__(self, value: float, scale: str, fever: bool):
        self.value, self.scale, self.fever = value, scale, fever

    def spoken(self, dialog: Dialog) -> str:
        # As said, never rounded: 38.29 must not be heard as the 38.3 fever line.
        number = f"{self.value:.2f}".rstrip("0").rstrip(".")
        return dialog.text("temperature_reading", number=number, scale=dialog.text(f"scale_{self.scale}"))


def read_temperature(whole: str | None, fraction: str | None, scale: str | None,
                     thresholds: dict[str, Any]) -> Reading | None:
    """A plausible body temperature, or None when the words do not make one."""
    whole_digits = digits(whole, most=3)
    if whole_digits is None:
        return None
    fraction_digits = digits(fraction, most=2)
    value = float(f"{whole_digits}.{fraction_digits}" if fraction_digits else whole_digits)
    ranges = {FAHRENHEIT: thresholds["fahrenheit_range"], CELSIUS: thresholds["celsius_range"]}
    if scale not in ranges:
        scale = next((name for name, (low, high) in ranges.items() if low <= value <= high), None)
        if scale is None:
            return None
    low, high = ranges[scale]
    if not low <= value <= high:
        return None
    line = thresholds["fever_f"] if scale == FAHRENHEIT else thresholds["fever_c"]
    return Reading(value=value, scale=scale, fever=bool(value >= line))
