"""The conversation's state, typed, and the one place each untrusted dict is checked.

Session attributes come back from the request (anyone can forge them) and memory comes from
the store (old formats, other writers). Each has one normalising function that checks every
key and type and drops unknown keys, so the flows can trust what they read.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Literal, cast, get_args

from .values import DROP, MAX_LIST, MAX_TEXT, Checker, bounded, checked, number, parse_time, texts, whole

Mode = Literal["idle", "routine"]
PendingName = Literal["precheck", "triage", "start_offer", "resume_offer", "lump_check",
                      "timer_confirm", "reminder_confirm", "delete_confirm", "reminder_offer",
                      "routine_choice", "topic_more"]
ReminderKind = Literal["feed", "checkin"]
StoreStatus = Literal["unreadable", "read_only"]  # memory this session: history unknown, or not saved
RoutineName = Literal["classic", "gentle"]  # content/routine.yaml, content/gentle_routine.yaml
FeedingMethod = Literal["nursing", "pumping"]

if TYPE_CHECKING:
    from typing import TypedDict

    # The shapes, for the type checker only: building TypedDicts costs import time.
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
        more: list[str]  # the parts of an answer still to say, topic ids, when she asks for more
        action: dict[str, object]
        store: StoreStatus
        store_told: bool
        step_heard: bool
        holding: bool  # the last reply was a short hold ("wait" mid-step): flows/hold.py
        taken_back: list[str]  # the signs she took back this session
        told_before: list[str]  # the signs left at her last take-back: one naming no sign never reaches them
        signs_named: list[str]  # the warning signs on record a reminder named this session
        called: list[str]  # she has called the emergency number, with these emergency signs told (flows/called.py)
        place_declined: bool  # "no" to picking up her saved place: "start" then starts

    class Prefs(TypedDict, total=False):
        disclaimer_heard: bool
        tz: str | None
        tz_checked: str
        unit: str | None
        unit_checked: str
        routine: RoutineName
        feeding: FeedingMethod

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
        emergency_heard_at: str
        retracted: list[str]
        cleared_at: str
        routine_done_at: str
        check_paused_at: str  # a pause left a safety question waiting (asked again next session)
        precheck_paused_at: str  # ... the quick check before the routine (asked again as itself)
        signs_only: bool  # opened by warning signs alone: no clog told yet
        unsure_at: str  # "not sure" to the emergency question: asked again next session

    class Memory(TypedDict, total=False):
        v: int
        prefs: Prefs
        episode: Episode
        pending_action: dict[str, object]


def position(value: object) -> Position | None:
    if type(value) is not dict:
        return None
    section, step, held = whole(value.get("section")), whole(value.get("step")), whole(value.get("held", 0))
    if section is None or step is None or held is None:
        return None
    return {"section": section, "step": step, "held": held}


def new_position() -> Position:
    return {"section": 0, "step": 0, "held": 0}


def new_triage() -> TriageState:
    return {"signs": [], "answered": [], "asking": None, "lump_hours": None}


# --- one checker per key: the clean value, or DROP -------------------------------------------
# The tables below bind these with `partial` rather than closures made at import: mutmut swaps
# a function in only when it is called, so closures made at import could never be mutated.
def _or_drop(check: Callable[[object], object | None], value: object) -> object:
    found = check(value)
    return DROP if found is None else found


def _text(value: object) -> object:
    return value if type(value) is str and 0 < len(value) <= MAX_TEXT else DROP


def _one_of(allowed: tuple[str | bool | None, ...], value: object) -> object:
    # By type first: 1 == True, and 1 must not pass for True.
    return value if type(value) in (str, bool, type(None)) and value in allowed else DROP


def _time(value: object) -> object:
    return value if _text(value) is not DROP and parse_time(value) else DROP


def _hours(value: object) -> object:
    found = number(value)
    return found if found is not None and found >= 0 else DROP


def _episode_place(value: object) -> object:
    found = position(value)
    return DROP if found is None else {"section": found["section"], "step": found["step"]}


def triage_state(value: object) -> TriageState | None:
    if type(value) is not dict or value.keys() != NEW_TRIAGE_KEYS:
        return None
    hours = value["lump_hours"]
    if hours is not None and _hours(hours) is DROP:
        return None
    return {"signs": texts(value["signs"]), "answered": texts(value["answered"]),
            "asking": bounded(value["asking"]), "lump_hours": None if hours is None else float(hours)}


# What each kind of action needs to be carried out (skill/actions.py): one set of keys per way.
ACTION_NEEDS: dict[str, list[set[str]]] = {
    "timer": [{"minutes", "label", "announce"}], "delete_memory": [set()],
    "reminders": [{"text", "every_hours", "within_hours"}, {"text", "after_hours"}]}
# Its counts: whole, at least one, and at most a few days (the skill's own are 60 minutes or 48 hours).
ACTION_COUNTS, MAX_ACTION_COUNT = frozenset(("minutes", "every_hours", "within_hours", "after_hours")), 72


def action(value: object) -> dict[str, object] | None:
    """A pending side effect: flat, with a known type, what that type needs, its counts in
    range, and plain, bounded text."""
    if type(value) is not dict or value.get("type") not in ("timer", "reminders", "delete_memory") \
            or len(value) > MAX_LIST or not any(needs <= value.keys() for needs in ACTION_NEEDS[value["type"]]):
        return None
    kept: dict[str, object] = {}
    counts: dict[str, int] = {}
    for key, item in value.items():
        count = whole(item) if key in ACTION_COUNTS else None
        if count is not None and 1 <= count <= MAX_ACTION_COUNT:
            kept[key] = counts[key] = count
        elif key in ACTION_COUNTS or bounded(key) is None or bounded(item) is None:
            return None
        else:
            kept[key] = item
    return kept if counts.get("every_hours", 0) <= counts.get("within_hours", 0) else None


NEW_TRIAGE_KEYS = new_triage().keys()
PENDING_NAMES = frozenset(get_args(PendingName))
SESSION_CHECKS: dict[str, Checker] = {
    "mode": partial(_one_of, get_args(Mode)),
    "pending": partial(_one_of, (None, *PENDING_NAMES)),
    "pos": partial(_or_drop, position),
    "triage": partial(_or_drop, triage_state),
    "emergency": partial(_one_of, (True, False)),
    "tried": texts,
    "side": _text,
    "location": _text,
    "resume_routine": partial(_one_of, (True,)),
    "offer": partial(_one_of, get_args(ReminderKind)),
    "more": texts,
    "action": partial(_or_drop, action),
    "store": partial(_one_of, get_args(StoreStatus)),
    "store_told": partial(_one_of, (True,)),
    "step_heard": partial(_one_of, (True,)),
    "holding": partial(_one_of, (True,)),
    "taken_back": texts,
    "told_before": texts,
    "signs_named": texts,
    "called": texts,
    "place_declined": partial(_one_of, (True,)),
}
PREFS_CHECKS: dict[str, Checker] = {
    "disclaimer_heard": partial(_one_of, (True,)), "tz": bounded, "tz_checked": _text,
    "routine": partial(_one_of, get_args(RoutineName)), "unit": partial(_one_of, (None, "fahrenheit", "celsius")),
    "unit_checked": _text, "feeding": partial(_one_of, get_args(FeedingMethod)),
}
EPISODE_TIMES = ("started", "outcome_at", "emergency_heard_at", "cleared_at", "routine_done_at", "check_paused_at",
                 "precheck_paused_at", "unsure_at")
EPISODE_CHECKS: dict[str, Checker] = {
    **{name: _time for name in EPISODE_TIMES},
    "tried": texts, "signs": texts, "retracted": texts,
    "side": _text, "location": _text, "outcome": _text, "lump_hours": _hours, "pos": _episode_place,
    "signs_only": partial(_one_of, (True,)),
}


def session_state(raw: dict[str, object]) -> SessionState:
    """The session attributes as the flows may trust them (a position still to be checked
    against the content, a triage state filled in by the conversation when missing)."""
    state = checked(raw, SESSION_CHECKS)
    state.setdefault("mode", "idle")
    state.setdefault("pending", None)
    state.setdefault("pos", new_position())
    state.setdefault("emergency", False)
    state.setdefault("tried", [])
    return cast("SessionState", state)


def prefs(raw: object) -> Prefs:
    return cast("Prefs", checked(raw, PREFS_CHECKS))


def episode(raw: object) -> Episode | None:
    """An episode from the store, or None when it has no readable start."""
    found = checked(raw, EPISODE_CHECKS)
    if "started" not in found:
        return None
    found.setdefault("tried", [])
    found.setdefault("signs", [])
    return cast("Episode", found)


MEMORY_CHECKS: dict[str, Checker] = {"v": partial(_or_drop, whole), "prefs": prefs,
                                     "episode": partial(_or_drop, episode), "pending_action": partial(_or_drop, action)}


def memory(raw: dict[str, object]) -> Memory:
    """Persistent memory as the flows may trust it; a record of the wrong shape loses only
    the parts that are wrong."""
    return cast("Memory", checked(raw, MEMORY_CHECKS))


def replace(target: dict[str, object], clean: object) -> None:
    """Put the checked version in place of the untrusted dict (the SDK holds that object)."""
    assert isinstance(clean, dict)
    target.clear()
    target.update(clean)
