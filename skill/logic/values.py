"""Checks of single untrusted values, and of a dict key by key (skill/logic/state.py builds the
conversation's state from them): the clean value, or None (or DROP) when it cannot be trusted.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timezone

MAX_TEXT = 200  # longest string kept from a request or the store (ids and ISO times are far shorter)
MAX_LIST = 40
MAX_NUMBER = 10**9


def bounded(value: object) -> str | None:
    return value if type(value) is str and 0 < len(value) <= MAX_TEXT else None


def number(value: object) -> float | None:
    """A finite number of sane size (never a bool, NaN or infinity)."""
    if type(value) is not int and type(value) is not float:
        return None
    return float(value) if math.isfinite(value) and -MAX_NUMBER <= value <= MAX_NUMBER else None


def whole(value: object) -> int | None:
    """A non-negative int (1.0 from a store that keeps only floats counts; 0.5 does not)."""
    found = number(value)
    return int(found) if found is not None and found >= 0 and found == int(found) else None


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_time(value: object) -> datetime | None:
    if type(value) is not str:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def texts(value: object) -> list[str]:
    if type(value) is not list:
        return []
    if len(value) <= MAX_LIST and all(type(v) is str and 0 < len(v) <= MAX_TEXT for v in value) \
            and len(set(value)) == len(value):
        return list(value)  # the usual case, already clean
    found = [t for t in (bounded(v) for v in value[:MAX_LIST]) if t is not None]
    return list(dict.fromkeys(found))  # no repeats


DROP = object()
Checker = Callable[[object], object]


def checked(raw: object, checkers: dict[str, Checker]) -> dict[str, object]:
    """The keys `checkers` knows, each value checked, in the order of `raw` (the memory saver
    compares records byte for byte, so a reordering alone would cost a write)."""
    found: dict[str, object] = {}
    if type(raw) is dict:
        for key, value in raw.items():
            check = checkers.get(key)
            if check is not None:
                clean = check(value)
                if clean is not DROP:
                    found[key] = clean
    return found
