"""What a screen offers to say and whom it says to call, on a simulated Echo Show: the routine
choice offers its two choices, not yes and no; en-AU, which also serves New Zealand, shows both
emergency numbers, as its speech names both."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from screen_checks import problems_of, render_documents
from test_apl import apl_suggester, suggester_warnings  # noqa: F401  (a fixture)

from driver import Driver
from skill.console.envelopes import SCREEN_DEVICE, Session

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)


def show_in(make_skill, locale: str) -> Driver:
    return Driver(make_skill(), Session(now=NOW, locale=locale, supported_interfaces=SCREEN_DEVICE))


def shown(turn) -> tuple[str, dict]:
    [directive] = render_documents(turn.body)
    assert problems_of(directive) == []
    return directive["token"].rpartition("-")[2], directive["datasources"]["screen"]


def test_the_routine_choice_offers_the_two_routines_not_yes_or_no(make_skill):
    show = show_in(make_skill, "en-US")
    show.launch()
    precheck = show.say("StartRoutine")
    assert shown(precheck)[1]["hints"] == ["yes", "no", "not sure"], "the pre-check's answers, as its reprompt names them"
    turn = show.say("AMAZON.NoIntent")
    assert "Which would you like?" in turn.text
    kind, screen = shown(turn)
    assert (kind, screen["title"]) == ("info", "A quick question")
    assert screen["hints"] == ["the classic one", "the gentle one", "you pick"]
    assert "the classic one" in show.say("AMAZON.RepeatIntent").reprompt, "the hints are what the reprompt says"


@pytest.mark.parametrize("locale, number, spoken", [
    ("en-AU", "000 / 111", "Please call triple zero, or in New Zealand, 1 1 1 now"),
    ("en-GB", "999", "Please call 9 9 9 now"),
    ("en-US", "911", "Please call 9 1 1 now"),
])
def test_the_emergency_screen_shows_every_number_the_speech_names(make_skill, locale, number, spoken):
    show = show_in(make_skill, locale)
    show.launch()
    turn = show.say("ReportSymptom", symptom="chest_pain")
    assert turn.text.startswith(spoken)
    kind, screen = shown(turn)
    assert kind == "emergency" and screen["emergency"]["number"] == number
    # Two numbers on the line take the smaller size, so they keep to one line on every screen.
    assert screen["emergency"]["wide"] == (" / " in number)


def test_the_two_number_emergency_screen_is_a_valid_document(make_skill, apl_suggester):
    show = show_in(make_skill, "en-AU")
    show.launch()
    [directive] = render_documents(show.say("ReportSymptom", symptom="fainting").body)
    warnings = suggester_warnings(apl_suggester, {"emergency": directive})["emergency"]
    assert [w["path"] for w in warnings] == ["/version"], warnings  # only the 2024.3 version it predates
