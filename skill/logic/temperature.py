"""Body temperature from spoken numbers: scale inference and the fever line.

AMAZON.NUMBER carries no decimals, so "thirty eight point three" arrives as whole=38 and
fraction=3; the fraction's digits are kept as spoken ("point zero five" is .05).
"""
from __future__ import annotations

from typing import NamedTuple

FAHRENHEIT = "fahrenheit"
CELSIUS = "celsius"


class Reading(NamedTuple):
    value: float
    scale: str
    fever: bool

    def spoken(self) -> str:
        number = f"{self.value:.1f}".rstrip("0").rstrip(".")
        return f"{number} degrees {self.scale.capitalize()}"


def _number(text: str | None) -> str | None:
    if text is None:
        return None
    text = str(text).strip()
    return text if text.isdigit() else None


def read_temperature(whole, fraction, scale, thresholds: dict) -> Reading | None:
    """A plausible body temperature, or None when the words do not make one."""
    whole_digits = _number(whole)
    if whole_digits is None:
        return None
    fraction_digits = _number(fraction)
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
    return Reading(value=value, scale=scale, fever=value >= line)
