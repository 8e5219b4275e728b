"""The conversation's state, typed, and the one place each untrusted dict is checked.

Session attributes come back from the request (anyone can forge them) and memory comes from
the store (old formats, other writers). Each has one normalising function that checks every
key and type and drops unknown keys, so the flows can trust what they read.
"""
from __future__ import annotations

import math
from datetime import datetime, timezone
from collections.abc import Mapping
from typing import Literal, TypedDict, TypeVar, cast, get_args

Mode = Literal["idle", "routine"]
PendingName = Literal["precheck", "triage", "start_offer", "resume_offer", "lump_check",
                      "timer_confirm", "reminder_confirm", "delete_confirm", "reminder_offer"]
ReminderKind = Literal["feed", "checkin"]
MAX_TEXT = 200  # longest string kept from a request or the store (ids and ISO times are far shorter)
MAX_LIST = 40
MAX_NUMBER = 10**9
T = TypeVar("T", bound=Mapping[str, object])


class Position(TypedDict):
    section: int
    step: int
    held: int


class TriageState(TypedDict):
    signs: list[str]
    answered: list[str]
    asking: str | None
    lump_hours: float | None


class SessionState(TypedDict, total=False):
    mode: Mode
    pending: PendingName | None
    pos: Position
    triage: TriageState
    emergency: bool
    tried: list[str]
    side: str
    location: str
    resume_routine: bool
    offer: ReminderKind
    action: dict[str, object]


class Prefs(TypedDict, total=False):
    disclaimer_heard: bool
    tz: str | None
    tz_checked: str


class Episode(TypedDict, total=False):
    started: str
    tried: list[str]
    signs: list[str]
    pos: dict[str, int]
    side: str
    location: str
    lump_hours: float
    outcome: str
    outcome_at: str
    cleared_at: str
    routine_done_at: str


class Memory(TypedDict, total=False):
    v: int
    prefs: Prefs
    episode: Episode
    pending_action: dict[str, object]


def bounded(value: object) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= MAX_TEXT else None


def number(value: object) -> float | None:
    """A finite number of sane size (never a bool, NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


def whole(value: object) -> int | None:
    """A non-negative int (1.0 from a store that keeps only floats counts; 0.5 does not)."""
    found = number(value)
    return int(found) if found is not None and found >= 0 and found == int(found) else None


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def texts(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    found = [t for t in (bounded(v) for v in value[:MAX_LIST]) if t is not None]
    return list(dict.fromkeys(found))  # no repeats


def in_order(raw: dict[str, object], found: T) -> T:
    """`found` with its keys in the order of `raw`: the memory saver compares records
    byte for byte, so a reordering alone would cost a write."""
    ordered = {k: found[k] for k in raw if k in found}
    ordered.update((k, v) for k, v in found.items() if k not in ordered)
    return cast(T, ordered)


def position(value: object) -> Position | None:
    if not isinstance(value, dict):
        return None
    section, step, held = whole(value.get("section")), whole(value.get("step")), whole(value.get("held", 0))
    if section is None or step is None or held is None:
        return None
    return {"section": section, "step": step, "held": held}


def new_position() -> Position:
    return {"section": 0, "step": 0, "held": 0}


def new_triage() -> TriageState:
    return {"signs": [], "answered": [], "asking": None, "lump_hours": None}


def triage_state(value: object) -> TriageState | None:
    if not isinstance(value, dict) or set(value) != set(new_triage()):
        return None
    hours = number(value["lump_hours"])
    if value["lump_hours"] is not None and (hours is None or hours < 0):
        return None
    return {"signs": texts(value["signs"]), "answered": texts(value["answered"]),
            "asking": bounded(value["asking"]), "lump_hours": hours}


def action(value: object) -> dict[str, object] | None:
    """A pending side effect: flat, with a known type and plain, bounded values."""
    if not isinstance(value, dict) or value.get("type") not in ("timer", "reminders", "delete_memory"):
        return None
    kept: dict[str, object] = {}
    for key, item in list(value.items())[:MAX_LIST]:
        found = bounded(item) if isinstance(item, str) else number(item)
        if bounded(key) is None or found is None:
            return None
        kept[key] = int(found) if isinstance(item, int) else found
    return kept


def session_state(raw: dict[str, object]) -> SessionState:
    """The session attributes as the flows may trust them (positions still to be checked
    against the content by the routine)."""
    state: SessionState = {
        "mode": "routine" if raw.get("mode") == "routine" else "idle",
        "pending": raw["pending"] if raw.get("pending") in get_args(PendingName) else None,  # type: ignore[typeddict-item]
        "pos": position(raw.get("pos")) or new_position(),
        "emergency": raw.get("emergency") is True,
        "tried": texts(raw.get("tried")),
    }
    triage = triage_state(raw.get("triage"))
    if triage is not None:
        state["triage"] = triage
    for name in ("side", "location"):
        value = bounded(raw.get(name))
        if value is not None:
            state[name] = value
    if raw.get("resume_routine") is True:
        state["resume_routine"] = True
    if raw.get("offer") in get_args(ReminderKind):
        state["offer"] = raw["offer"]  # type: ignore[typeddict-item]
    pending_action = action(raw.get("action"))
    if pending_action is not None:
        state["action"] = pending_action
    return state


def prefs(raw: object) -> Prefs:
    found: Prefs = {}
    if not isinstance(raw, dict):
        return found
    if raw.get("disclaimer_heard") is True:
        found["disclaimer_heard"] = True
    if "tz" in raw:
        found["tz"] = bounded(raw["tz"])
    checked = bounded(raw.get("tz_checked"))
    if checked is not None:
        found["tz_checked"] = checked
    return in_order(raw, found)


EPISODE_TIMES = ("started", "outcome_at", "cleared_at", "routine_done_at")


def episode(raw: object) -> Episode | None:
    """An episode from the store, or None when it has no readable start."""
    if not isinstance(raw, dict) or parse_time(bounded(raw.get("started"))) is None:
        return None
    found: Episode = {"tried": texts(raw.get("tried")), "signs": texts(raw.get("signs"))}
    for name in (*EPISODE_TIMES, "side", "location", "outcome"):
        value = bounded(raw.get(name))
        if value is not None and (name not in EPISODE_TIMES or parse_time(value) is not None):
            found[name] = value  # type: ignore[literal-required]
    hours = number(raw.get("lump_hours"))
    if hours is not None and hours >= 0:
        found["lump_hours"] = hours
    place = position(raw.get("pos"))
    if place is not None:
        found["pos"] = {"section": place["section"], "step": place["step"]}
    return in_order(raw, found)


def memory(raw: dict[str, object]) -> Memory:
    """Persistent memory as the flows may trust it; a record of the wrong shape loses only
    the parts that are wrong."""
    found: Memory = {}
    if "prefs" in raw:
        found["prefs"] = prefs(raw["prefs"])
    if whole(raw.get("v")) is not None:
        found["v"] = int(raw["v"])  # type: ignore[call-overload]
    stored = episode(raw.get("episode"))
    if stored is not None:
        found["episode"] = stored
    pending_action = action(raw.get("pending_action"))
    if pending_action is not None:
        found["pending_action"] = pending_action
    return in_order(raw, found)


def replace(target: dict[str, object], clean: object) -> None:
    """Put the checked version in place of the untrusted dict (the SDK holds that object)."""
    assert isinstance(clean, dict)
    target.clear()
    target.update(clean)
