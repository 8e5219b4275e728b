"""What the session carries from one turn to the next survives the checks every turn makes on
it (skill/logic/state.py), at the edges of what is allowed: the smallest real answers are kept,
and a forged pending action is kept only within its bounds.

Expected words are written out here, not read from the content.
"""
from datetime import datetime, timezone

import pytest

from driver import Driver
from skill.console.envelopes import Session

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
TIMERS = "/v1/alerts/timers"
WONT = "Okay, I won't."


@pytest.fixture
def parent(make_skill, fake_alexa_api):
    parent = Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=True))
    parent.launch()
    return parent


def timers_set(api) -> list[str]:
    return [r.json["duration"] for r in api.requests if r.path == TIMERS]


def test_a_lump_that_has_just_appeared_keeps_the_warning_sign_questions_going(parent):
    """Zero hours is a real answer: her "no" to the emergency question is heard, and the next
    question follows (the triage state, with its zero, is kept for the next turn)."""
    told = parent.say("GiveDuration", amount="0", unit="hours")
    assert "About 0 hours, got it." in told.text
    assert "Right now, any trouble breathing" in told.text
    assert parent.say("AMAZON.NoIntent").text == "Do you have a fever? If you took your temperature, tell me the number."


def test_a_one_minute_timer_is_set_on_yes(parent, fake_alexa_api):
    asked = parent.say("SetTimer", minutes="1", compress="warm")
    assert "I'll set a 1 minute timer for the warm compress." in asked.text
    done = parent.say("AMAZON.YesIntent")
    assert "Your 1 minute timer for the warm compress is running." in done.text
    assert timers_set(fake_alexa_api) == ["PT1M"]


# The timer the skill asks about has 5 keys (type, minutes, compress, label, announce).
FILLER = {f"note{i}": "x" for i in range(40)}


@pytest.mark.parametrize("forged, kept", [
    pytest.param({"minutes": 72}, "PT72M", id="72-minutes-the-most-kept"),
    pytest.param({"minutes": 73}, None, id="73-minutes-dropped"),
    pytest.param(dict(list(FILLER.items())[:35]), "PT1M", id="40-keys-the-most-kept"),
    pytest.param(dict(list(FILLER.items())[:36]), None, id="41-keys-dropped"),
    pytest.param({"every_hours": 1}, None, id="a-repeat-without-its-span-dropped"),
    pytest.param({"label": ""}, None, id="an-empty-label-dropped"),
    pytest.param({"announce": "x" * 200}, "PT1M", id="200-characters-the-longest-kept"),
    pytest.param({"announce": "x" * 201}, None, id="201-characters-dropped"),
])
def test_a_forged_pending_timer_is_kept_only_within_its_bounds(parent, fake_alexa_api, forged, kept):
    parent.say("SetTimer", minutes="1", compress="warm")
    parent.session.attributes["action"].update(forged)
    answer = parent.say("AMAZON.YesIntent")
    if kept:
        assert timers_set(fake_alexa_api) == [kept]
        assert "timer for the warm compress is running." in answer.text
    else:  # dropped: the yes has nothing to confirm
        assert timers_set(fake_alexa_api) == []
        assert answer.text.startswith(WONT)
