"""Body temperature from spoken numbers: scale inference and the fever line.

AMAZON.NUMBER carries no decimals, so "thirty eight point three" arrives as whole=38 and
fraction=3; the fraction's digits are kept as spoken ("point zero five" is .05, "point three
three three" is .333). A longer fraction is not a reading anyone gives: it is asked again.
"""
from __future__ import annotations

from typing import Any

from .speech import Dialog, Value, digits

FAHRENHEIT = "fahrenheit"
CELSIUS = "celsius"
MOST_FRACTION_DIGITS = 3


class Reading(Value):
    __slots__ = ("value", "scale", "fever", "low", "number")

    def __init__(self, value: float, scale: str, fever: bool, number: str, low: bool = False):
        self.value, self.scale, self.fever, self.low = value, scale, fever, low
        self.number = number  # the digits as said: 38.29 must never be heard as the 38.3 line

    def spoken(self, dialog: Dialog) -> str:
        return dialog.text("temperature_reading", number=self.number, scale=dialog.text(f"scale_{self.scale}"))


def fever_line(thresholds: dict[str, Any], scale: str, mastitis: bool = False) -> float:
    """The provider-advice line (CDC: 100.4 F / 38.0 C), or the seeds' mastitis line."""
    prefix = "mastitis_fever" if mastitis else "fever"
    line: float = thresholds[f"{prefix}_f" if scale == FAHRENHEIT else f"{prefix}_c"]
    return line


def read_temperature(whole: str | None, fraction: str | None, scale: str | None,
                     thresholds: dict[str, Any]) -> Reading | None:
    """A plausible body temperature, or None when the words do not make one."""
    whole_digits = digits(whole, most=3)
    if whole_digits is None:
        return None
    fraction_digits = digits(fraction, most=MOST_FRACTION_DIGITS) if fraction is not None else ""
    if fraction_digits is None:
        return None
    number = f"{int(whole_digits)}.{fraction_digits}".rstrip("0").rstrip(".")
    value = float(number)
    ranges = {FAHRENHEIT: thresholds["fahrenheit_range"], CELSIUS: thresholds["celsius_range"]}
    if scale not in ranges:
        scale = next((name for name, (low, high) in ranges.items() if low <= value <= high), None)
        if scale is None:
            return None
    low, high = ranges[scale]
    if not low <= value <= high:
        return None
    # Under the low line it is no fever, but no reassurance either (see content/triage.yaml).
    low = value < thresholds["low_f" if scale == FAHRENHEIT else "low_c"]
    return Reading(value=value, scale=scale, fever=bool(value >= fever_line(thresholds, scale)), number=number, low=low)
