"""Memory of one clog across sessions: when it started, where, what was tried, what triage found.

Stored in the persistent attributes (`memory`) as plain JSON: times are ISO 8601 UTC strings
taken from request timestamps, never the machine clock.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

VERSION = 1


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_time(text) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def current(memory: dict) -> dict | None:
    """The episode on record, if it is readable; fields of the wrong shape are dropped."""
    episode = memory.get("episode")
    if not isinstance(episode, dict) or parse_time(episode.get("started")) is None:
        return None
    for name in ("signs", "tried"):
        if not isinstance(episode.get(name), list) or not all(isinstance(x, str) for x in episode[name]):
            episode[name] = []
    if not isinstance(episode.get("pos"), dict):
        episode.pop("pos", None)
    return episode


def is_open(memory: dict, now: datetime, max_days: float) -> bool:
    episode = current(memory)
    return bool(episode) and not episode.get("cleared_at") and hours_since_start(episode, now) <= max_days * 24


def open_if_needed(memory: dict, now: datetime) -> dict:
    episode = current(memory)
    if episode is None or episode.get("cleared_at"):
        episode = {"started": iso(now), "tried": [], "signs": []}
        memory["episode"] = episode
    memory["v"] = VERSION
    return episode


def hours_since_start(episode: dict, now: datetime) -> float:
    return max(0.0, (now - parse_time(episode["started"])).total_seconds() / 3600)


def backdate_start(memory: dict, now: datetime, lump_hours: float) -> None:
    """The user said how long the lump has been there: the episode began that long ago."""
    episode = open_if_needed(memory, now)
    started = now - timedelta(hours=lump_hours)
    if started < parse_time(episode["started"]):
        episode["started"] = iso(started)


# Where the routine stands: the session state holds it too, so the memory saver may leave it
# to the session's end instead of writing it on every "next" (see skill/interceptors.py).
PLACE_FIELDS = frozenset(("pos", "tried"))


def sync(memory: dict, state: dict, step_id: str | None) -> None:
    """Copy what the session learned (where the clog is, where the routine is, which steps it
    went through) into the episode. Memory is read afresh every turn, so this repeats the
    whole session's steps (`state["tried"]`, which also says the session has a place in the
    routine, even after "go home"), not just this turn's.

    Only real changes touch the record, so a turn that learns nothing costs no write."""
    if state.get("mode") == "routine" and step_id and step_id not in state["tried"]:
        state["tried"].append(step_id)
    episode = current(memory)
    if episode is None:
        return
    for name in ("side", "location"):
        if state.get(name):
            episode[name] = state[name]
    if state["tried"]:
        episode["pos"] = {k: state["pos"][k] for k in ("section", "step")}
    tried = episode["tried"]
    tried.extend(s for s in state["tried"] if s not in tried)


def saved_position(memory: dict) -> dict | None:
    episode = current(memory)
    return episode.get("pos") if episode else None


def record_triage(memory: dict, triage_state: dict, now: datetime) -> None:
    episode = open_if_needed(memory, now)
    known = episode.setdefault("signs", [])
    known.extend(s for s in triage_state["signs"] if s not in known)
    episode["answered"] = list(triage_state["answered"])
    if triage_state["lump_hours"] is not None:
        episode["lump_hours"] = triage_state["lump_hours"]


def record_outcome(memory: dict, level: str, now: datetime) -> None:
    episode = open_if_needed(memory, now)
    episode.update(outcome=level, outcome_at=iso(now))


def flags(memory: dict) -> list[str]:
    episode = current(memory)
    return list(episode.get("signs", [])) if episode else []


def mark_cleared(memory: dict, now: datetime) -> None:
    episode = open_if_needed(memory, now)
    episode["cleared_at"] = iso(now)


def mark_routine_done(memory: dict, now: datetime) -> None:
    episode = open_if_needed(memory, now)
    episode["routine_done_at"] = iso(now)
    episode.pop("pos", None)


def when_spoken(started_iso: str, now: datetime, time_zone: str | None, default_zone: str) -> str:
    """Key of the relative phrase for when the episode began, in the user's own time zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only a returning user's launch needs it

    try:
        zone = ZoneInfo(time_zone or default_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(default_zone)
    started, here = parse_time(started_iso).astimezone(zone), now.astimezone(zone)
    days = (here.date() - started.date()).days
    hour = started.hour
    if days == 0:
        if here - started < timedelta(hours=2):
            return "when_recently"
        return "when_last_night" if hour < 5 else f"when_today_{_part_of_day(hour)}"
    if days == 1:
        # Before 5 am yesterday was the night before last: "yesterday morning" is closer.
        return "when_last_night" if hour >= 21 else f"when_yesterday_{_part_of_day(hour)}"
    return "when_days_ago"


def _part_of_day(hour: int) -> str:
    if hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    return "evening"
