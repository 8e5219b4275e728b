""""Since this morning", "since last night": the lump's age counted on her own clock, from the
earliest moment the words can mean (the careful side), whatever the time of day. Expected hours
are worked out by hand from the local times in each case."""
from datetime import datetime, timezone

import pytest

from skill.logic.episode import hours_since_said
from test_safety_edges import parent  # noqa: F401 (a fixture)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("since, now, zone, hours", [
    # 22:37 in New York (EST, UTC-5): this morning began at 5:00, 17 h 37 min ago
    ("this_morning", "2026-11-21T03:37:00", "America/New_York", 17 + 37 / 60),
    # 11:36 in New York: this evening has not begun, so yesterday's, from 17:00: 18 h 36 min
    ("this_evening", "2026-11-20T16:36:00", "America/New_York", 18 + 36 / 60),
    # 15:00 in New York: this afternoon from noon
    ("this_afternoon", "2026-11-20T20:00:00", "America/New_York", 3.0),
    # 23:00 in London: last night was the night before, from 21:00 yesterday
    ("last_night", "2026-11-20T23:00:00", "Europe/London", 26.0),
    # 02:00 in London: last night is this one, from 21:00
    ("last_night", "2026-11-20T02:00:00", "Europe/London", 5.0),
    # 10:00 in Sydney (AEDT, UTC+11): yesterday from 5:00 yesterday
    ("yesterday", "2026-11-20T23:00:00", "Australia/Sydney", 29.0),
    # New York springs forward at 2:00 on 8 March 2026: from 21:00 EST (02:00 UTC) to
    # 10:00 EDT (14:00 UTC) is 12 hours on the clock of the world, not 13 on the wall
    ("last_night", "2026-03-08T14:00:00", "America/New_York", 12.0),
])
def test_counted_from_the_earliest_moment_the_words_can_mean(since, now, zone, hours):
    assert hours_since_said(since, utc(now), zone, "America/New_York") == pytest.approx(hours)


def test_an_unknown_zone_counts_in_the_markets_default():
    # 22:37 in New York, the default, whatever the device said
    assert hours_since_said("this_morning", utc("2026-11-21T03:37:00"), "Mars/Olympus", "America/New_York") \
        == pytest.approx(17 + 37 / 60)


@pytest.mark.parametrize("since", ["today", "two_days", "longer", "next_week"])
def test_words_with_no_clock_time_are_left_to_the_content(since):
    assert hours_since_said(since, utc("2026-11-21T03:37:00"), None, "America/New_York") is None


# T0 is 10 am in New York, the market's default (the `parent` fixture has no settings API).
@pytest.mark.parametrize("later, since, hours", [
    (21, "last_night", 12),    # 7 am: 10 hours since 9 pm, but never under the content's 12
    (14.5, "yesterday", 24),   # 12:30 am: 19.5 hours since 5 am yesterday, never under 24
    (8.5, "this_evening", 2),  # 6:30 pm: from 5 pm, rounded up, with no floor in the content
    (8, "today", 6),           # no clock time: the content's hours
])
def test_the_contents_hours_are_the_least_a_since_answer_counts(parent, later, since, hours):
    parent.session.advance(hours=later)
    parent.launch()
    assert parent.say("GiveDuration", since=since).text.startswith(f"About {hours} hours, got it.")


@pytest.mark.parametrize("later", [7, 7.5])  # 5 pm and 5:30 pm
def test_since_this_evening_just_begun_is_about_an_hour(parent, later):
    parent.session.advance(hours=later)
    parent.launch()
    assert parent.say("GiveDuration", since="this_evening").text.startswith("About an hour, got it.")
