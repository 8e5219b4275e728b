"""Memory of one clog across sessions: when it started, where, what was tried, what triage found.

Stored in the persistent attributes (`memory`) as plain JSON: times are ISO 8601 UTC strings
taken from request timestamps, never the machine clock.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

from . import weekdays
from .triage import UNSURE_OF_EMERGENCY
from .values import iso, parse_time

if TYPE_CHECKING:
    from .state import Episode, Memory, Position, SessionState, TriageState

VERSION = 1
# The episode's times of a pause at a safety question: the warning-sign questions', the quick check's.
PausedAt = Literal["check_paused_at", "precheck_paused_at"]

# When the parts of her day begin (local hours): how the start of a clog is said, and what
# "since this morning" or "since last night" can mean.
MORNING, AFTERNOON, EVENING, NIGHT = 5, 12, 17, 21
# "Since ..." answers (SINCE_WHEN ids) counted on her clock from the earliest moment the words
# can mean, the careful side (an older lump gets the advice sooner): days back and local hour.
# A part of today not begun yet is yesterday's ("since this evening", said in the morning).
SINCE_CLOCK = {"this_morning": (0, MORNING), "this_afternoon": (0, AFTERNOON), "this_evening": (0, EVENING),
               "last_night": (1, NIGHT), "yesterday": (1, MORNING)}


def current(memory: Memory) -> Episode | None:
    """The episode on record (memory is normalised at the start of every turn)."""
    return memory.get("episode")


def is_open(memory: Memory, now: datetime, max_days: float) -> bool:
    episode = current(memory)
    return episode is not None and not episode.get("cleared_at") \
        and hours_since_start(episode, now) <= max_days * 24


def open_episode(memory: Memory, now: datetime, max_days: float) -> Episode | None:
    """The episode on record while it is open (not cleared, not past `max_days`), else None."""
    return current(memory) if is_open(memory, now, max_days) else None


def open_if_needed(memory: Memory, now: datetime) -> Episode:
    """The open clog's record, a new one if none is open: she has told of the clog itself."""
    episode = open_for_signs(memory, now)
    episode.pop("signs_only", None)
    return episode


def open_for_signs(memory: Memory, now: datetime) -> Episode:
    """The open record, or a new one that knows only of warning signs, no clog yet: a later
    session asks about no lump she never told of (`lump_check.told_a_clog`)."""
    episode = current(memory)
    if episode is None or episode.get("cleared_at"):
        episode = {"started": iso(now), "tried": [], "signs": [], "signs_only": True}
        memory["episode"] = episode
    memory["v"] = VERSION
    return episode


def started(episode: Episode) -> datetime:
    moment = parse_time(episode.get("started"))
    assert moment is not None, "normalised episodes always have a start"
    return moment


def hours_since_start(episode: Episode, now: datetime) -> float:
    return max(0.0, (now - started(episode)).total_seconds() / 3600)


def backdate_start(memory: Memory, now: datetime, lump_hours: float) -> float:
    """The user said how long the lump has been there: the episode began that long ago, or
    earlier if she told of it earlier. Returns the lump's age on record."""
    episode = open_if_needed(memory, now)
    began = now - timedelta(hours=lump_hours)
    if began < started(episode):
        episode["started"] = iso(began)
    return hours_since_start(episode, now)


# Where the routine stands: the session state holds it too, so the memory saver may leave it
# to the session's end instead of writing it on every "next" (see skill/interceptors.py).
PLACE_FIELDS = frozenset(("pos", "tried"))


def sync(memory: Memory, state: SessionState, step_id: str | None) -> None:
    """Copy what the session learned (where the clog is, where the routine is, which steps it
    went through, that the quick check is behind her) into the episode. Memory is read afresh
    every turn, so this repeats the whole session's steps (`state["tried"]`, which also says
    the session has a place in the routine, even after "go home"), not just this turn's.

    Only real changes touch the record, so a turn that learns nothing costs no write."""
    if state.get("mode") == "routine" and step_id and step_id not in state["tried"]:
        state["tried"].append(step_id)
    episode = current(memory)
    if episode is None:
        return
    if "side" in state:
        episode["side"] = state["side"]
    if "location" in state:
        episode["location"] = state["location"]
    if state["tried"]:
        episode["pos"] = {k: state["pos"][k] for k in ("section", "step")}
    tried = episode["tried"]
    tried.extend(s for s in state["tried"] if s not in tried)
    answered = state["triage"]["answered"]
    if state.get("mode") == "routine" or "precheck" in answered:
        # The quick check a pause left waiting is answered, or the routine is under way anyway.
        episode.pop("precheck_paused_at", None)
    if "emergency_screen" in answered and UNSURE_OF_EMERGENCY not in answered:
        episode.pop("unsure_at", None)  # a yes or no (or an emergency sign) answers a "not sure" from before


def saved_position(memory: Memory, now: datetime, max_days: float) -> Position | None:
    """Where the routine stood for the open clog; a cleared or closed clog's place is not this
    clog's, so none."""
    episode = open_episode(memory, now, max_days)
    place = episode.get("pos") if episode else None
    return {"section": place["section"], "step": place["step"], "held": 0} if place else None


def open_anew(memory: Memory, now: datetime, signs: list[str]) -> None:
    """A new clog's record in place of one that cleared or closed (past its days): its own
    start, place and quick check. The warning signs told this session (`signs`) stay on record."""
    memory.pop("episode", None)
    open_if_needed(memory, now)["signs"].extend(dict.fromkeys(signs))


def mark_unsure(memory: Memory, now: datetime) -> None:
    """"Not sure" to the emergency question: the next session asks it again first, until a yes
    or no answers it (`sync`)."""
    open_for_signs(memory, now)["unsure_at"] = iso(now)


def unsure_waits(memory: Memory, now: datetime, max_days: float) -> bool:
    """The open clog's check heard "not sure" about the emergency signs and no yes or no since
    (advice given after it does not answer it)."""
    episode = open_episode(memory, now, max_days)
    return episode is not None and "unsure_at" in episode


def record_triage(memory: Memory, triage_state: TriageState, now: datetime) -> None:
    episode = open_for_signs(memory, now)
    known = episode.setdefault("signs", [])
    known.extend(s for s in triage_state["signs"] if s not in known)
    if triage_state["lump_hours"] is not None:
        episode["lump_hours"] = triage_state["lump_hours"]


def record_outcome(memory: Memory, level: str, now: datetime) -> None:
    episode = open_for_signs(memory, now)
    episode.update({"outcome": level, "outcome_at": iso(now)})


def check_waits(memory: Memory, now: datetime, max_days: float, paused_at: PausedAt) -> bool:
    """A pause left a safety question waiting for the open clog (`paused_at`: the warning-sign
    questions' or the quick check's time of it), and no advice was given since."""
    episode = open_episode(memory, now, max_days)
    if episode is None:
        return False
    paused, advised = parse_time(episode.get(paused_at)), parse_time(episode.get("outcome_at"))
    # The same moment counts as unanswered: asking again is the careful side.
    return paused is not None and (advised is None or advised <= paused)


def flags(memory: Memory) -> list[str]:
    """The signs on record, less those the user took back (kept apart, never deleted)."""
    episode = current(memory)
    if episode is None:
        return []
    retracted = episode.get("retracted", [])
    return [s for s in episode.get("signs", []) if s not in retracted]


def take_back(memory: Memory, signs: list[str]) -> None:
    """Signs no longer counted: kept under `retracted`, never deleted (a store merge only adds
    signs), in the episode they are on record in, even once its lump has cleared."""
    episode = current(memory)
    if episode is not None:
        kept = episode.get("retracted", [])
        episode["retracted"] = kept + [s for s in signs if s not in kept]


def leave_check_waiting(memory: Memory, pending: str | None, now: datetime) -> None:
    """The session ends while a safety check waits for its answer (a pause, a stop, silence):
    the next session asks it again. The quick check before the routine waits as itself; the
    warning-sign questions replace it, since they come first while they wait."""
    if pending == "precheck":  # the routine's own check: she came to ease a clog
        open_if_needed(memory, now)["precheck_paused_at"] = iso(now)
        return
    episode = open_for_signs(memory, now)
    episode.pop("precheck_paused_at", None)
    episode["check_paused_at"] = iso(now)


def mark_cleared(memory: Memory, now: datetime) -> None:
    episode = open_if_needed(memory, now)
    episode["cleared_at"] = iso(now)


def mark_routine_done(memory: Memory, now: datetime) -> None:
    """The routine ran to its end. A clog already marked cleared stays cleared: finishing its
    aftercare must not open a new episode."""
    episode = current(memory)
    if episode is None:
        return
    episode["routine_done_at"] = iso(now)
    episode.pop("pos", None)


def when_spoken(started_iso: str, now: datetime, time_zone: str | None, default_zone: str) -> str:
    """Key of the relative phrase for when the episode began, in the user's own time zone."""
    began, here = _local(started_iso, now, time_zone, default_zone)
    days = (here.date() - began.date()).days
    hour = began.hour
    if days == 0:
        if here - began < timedelta(hours=2):
            return "when_recently"
        return "when_last_night" if hour < MORNING else f"when_today_{_part_of_day(hour)}"
    if days == 1:
        # Before 5 am yesterday was the night before last: "yesterday morning" is closer.
        return "when_last_night" if hour >= NIGHT else f"when_yesterday_{_part_of_day(hour)}"
    return "when_two_days_ago" if days == 2 else "when_days_ago"


def days_ago(started_iso: str, now: datetime, time_zone: str | None, default_zone: str) -> int:
    """Calendar days since the episode began, as people count them ("3 days ago" for Monday
    evening heard on Thursday morning), never fewer than the phrase of `when_spoken` implies."""
    began, here = _local(started_iso, now, time_zone, default_zone)
    return (here.date() - began.date()).days


def hours_since_said(since: str, now: datetime, time_zone: str | None, default_zone: str) -> float | None:
    """Hours since a "since this morning", "since last night" (a SINCE_WHEN id of `SINCE_CLOCK`)
    or "since Tuesday" (a day's morning, `weekdays`) on her own clock, from the earliest moment the
    words can mean; None for other words."""
    here = now.astimezone(_zone(time_zone, default_zone))
    days_back, hour = SINCE_CLOCK.get(since, (weekdays.days_back(since, here.date()), MORNING))
    if days_back is None:
        return None
    began = datetime.combine(here.date() - timedelta(days=days_back), time(hour), tzinfo=here.tzinfo)
    if began > here:
        began -= timedelta(days=1)
    return (now - began).total_seconds() / 3600  # aware times in two zones: counted in UTC


def _local(started_iso: str, now: datetime, time_zone: str | None, default_zone: str) -> tuple[datetime, datetime]:
    zone = _zone(time_zone, default_zone)
    return (parse_time(started_iso) or now).astimezone(zone), now.astimezone(zone)


def _zone(time_zone: str | None, default_zone: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only a lump's clock time needs it

    try:
        return ZoneInfo(time_zone or default_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default_zone)


def _part_of_day(hour: int) -> str:
    if hour < AFTERNOON:
        return "morning"
    if hour < EVENING:
        return "afternoon"
    return "evening"
