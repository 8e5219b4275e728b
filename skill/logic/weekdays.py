"""A day of the week she names ("since Tuesday", "since the weekend": SINCE_WHEN ids) as days
back from today on her clock: the most recent such day before today, so "since Tuesday" said on
a Tuesday means last week's (today's would be "since this morning")."""
from __future__ import annotations

from datetime import date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKEND = "weekend"
WEEKEND_FROM = "saturday"  # "since the weekend": from its first day, the careful side


def days_back(since: str, today: date) -> int | None:
    """Days from the named day to `today` (1 to 7), or None when `since` names no day."""
    named = WEEKEND_FROM if since == WEEKEND else since
    if named not in WEEKDAYS:
        return None
    return (today.weekday() - WEEKDAYS.index(named) - 1) % 7 + 1
