"""Body temperature from spoken numbers: scale inference and the fever line.

AMAZON.NUMBER carries no decimals, so "thirty eight point three" arrives as whole=38 and
fraction=3; the fraction's digits are kept as spoken ("point zero five" is .05, "point three
three three" is .333). A longer fraction is not a reading anyone gives: it is asked again.

A word around the number (the TEMP_QUALIFIER slot) changes it: "and a half" adds .5; "over a
hundred", "a hundred and something", "almost 38", "about 99" are no exact reading. Such a loose
reading counts as a fever when whatever it means is at or over the line ("over 101", "about 102",
"almost 102"); any other is `unsure`: it may be a fever ("a hundred and something" may be 100.8),
so it is never said to be under the line, and the exact number is asked for instead.
"""
from __future__ import annotations

from typing import Any

from .speech import Dialog, Value, digits

FAHRENHEIT = "fahrenheit"
CELSIUS = "celsius"
MOST_FRACTION_DIGITS = 3
# TEMP_QUALIFIER ids with a rule of their own; any other word ("over", "about", or one not
# resolved) makes a loose reading of the number itself.
HALF = "half"
JUST_UNDER = "near"  # "almost 38" is under 38: a fever only when the number is over the line
UNDER = "under"  # "under 103" may be a fever, but never surely is


class Reading(Value):
    __slots__ = ("value", "scale", "fever", "low", "number", "unsure")

    def __init__(self, value: float, scale: str, fever: bool, number: str, low: bool = False, unsure: bool = False):
        self.value, self.scale, self.fever, self.low = value, scale, fever, low
        self.number = number  # the digits as said: 38.29 must never be heard as the 38.3 line
        self.unsure = unsure  # a loose reading that may or may not be a fever: ask for the number

    def spoken(self, dialog: Dialog) -> str:
        return dialog.text("temperature_reading", number=self.number, scale=dialog.text(f"scale_{self.scale}"))


def fever_line(thresholds: dict[str, Any], scale: str, mastitis: bool = False) -> float:
    """The provider-advice line (CDC: 100.4 F / 38.0 C), or the seeds' mastitis line."""
    prefix = "mastitis_fever" if mastitis else "fever"
    line: float = thresholds[f"{prefix}_f" if scale == FAHRENHEIT else f"{prefix}_c"]
    return line


def read_temperature(whole: str | None, fraction: str | None, scale: str | None,
                     thresholds: dict[str, Any], qualifier: str | None = None) -> Reading | None:
    """A plausible body temperature, or None when the words do not make one."""
    whole_digits = digits(whole, most=3)
    if whole_digits is None or (qualifier == HALF and fraction is not None):
        return None
    fraction_digits = digits(fraction, most=MOST_FRACTION_DIGITS) if fraction is not None else ""
    if qualifier == HALF:  # "thirty seven and a half" (no fraction said: checked above)
        fraction_digits = "5"
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
    line = fever_line(thresholds, scale)
    if qualifier not in (None, HALF):
        fever = qualifier != UNDER and (value > line if qualifier == JUST_UNDER else value >= line)
        return Reading(value=value, scale=scale, fever=fever, number=number, unsure=not fever)
    return Reading(value=value, scale=scale, fever=bool(value >= line), number=number, low=low)
