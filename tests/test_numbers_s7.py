"""Track s7 "numbers": a temperature said loosely ("over a hundred", "almost 38") is never an
exact reading under the line; "and a half" is .5; a number without a unit is hours only while the
duration question waits (Alexa may send "almost 38" as a duration with no unit); a weekday or
"the weekend" is counted from that day's morning on her clock. Through the conversation, with the
session standing where a tester stood; every expected figure is written out here."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from skill.console.nlu import default_nlu
from skill.logic import weekdays
from skill.logic.conversation import Event
from skill.logic.temperature import read_temperature

NOW = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)  # Friday, 11 pm in New York
EXACT = "What did the thermometer say exactly? Say the number, or 'not sure'."


def text(reply) -> str:
    return " ".join(s.text for s in reply.speech if hasattr(s, "text"))


def at_question(conversation, question: str):
    """A session whose warning-sign questions wait on `question`, the ones before it answered no."""
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "lump"}), state, memory, NOW)
    while state["triage"]["asking"] != question:
        conversation.handle(Event("AMAZON.NoIntent"), state, memory, NOW)
    return state, memory


def say(conversation, state, memory, kind: str, **slots):
    return conversation.handle(Event(kind, slots), state, memory, NOW)


@pytest.mark.parametrize("whole, qualifier, scale, fever, unsure", [
    ("100", "over", "fahrenheit", False, True),    # "over a hundred": may be 100.8
    ("100", "over", None, False, True),            # "a hundred and something" (over), scale inferred
    ("38", "over", "celsius", True, False),        # "above 38": at least the line
    ("101", "over", None, True, False),
    ("38", "near", "celsius", False, True),        # "almost 38": just under the line, maybe a fever
    ("102", "near", None, True, False),            # "almost 102": still over it
    ("99", "about", None, False, True),            # "about 99": no reassurance
    ("102", "about", None, True, False),
    ("103", "under", None, False, True),           # "under 103" may be a fever, never surely one
    ("99", "kind of", None, False, True),          # words Alexa did not resolve: loose all the same
])
def test_a_loose_reading_is_a_fever_only_when_surely_one_else_unsure(content, whole, qualifier, scale, fever, unsure):
    reading = read_temperature(whole, None, scale, content["triage"]["thresholds"], qualifier)
    assert (reading.fever, reading.unsure) == (fever, unsure)


@pytest.mark.parametrize("whole, number, fever", [("100", "100.5", True), ("37", "37.5", False), ("38", "38.5", True)])
def test_and_a_half_is_point_five(content, whole, number, fever):
    reading = read_temperature(whole, None, None, content["triage"]["thresholds"], "half")
    assert (reading.number, reading.fever, reading.unsure) == (number, fever, False)


def test_a_half_beside_a_said_fraction_is_no_reading(content):
    assert read_temperature("38", "2", None, content["triage"]["thresholds"], "half") is None


def test_a_loose_reading_at_the_fever_question_asks_for_the_number_and_keeps_the_question(conversation):
    state, memory = at_question(conversation, "fever")
    answer = say(conversation, state, memory, "GiveTemperatureIntent", whole="100", qualifier="over")
    assert text(answer) == f"To know if that's a fever, I need the exact number. {EXACT}"
    assert (state["pending"], state["triage"]["asking"]) == ("triage", "fever")
    assert "fever" not in state["triage"]["answered"]
    answer = say(conversation, state, memory, "GiveTemperatureIntent", whole="100", fraction="8")
    assert text(answer).startswith("100.8 degrees Fahrenheit counts as a fever.")


def test_a_unitless_duration_at_the_fever_question_is_a_temperature_not_hours(conversation):
    """Alexa matched a duration sample ("almost {amount} {unit}") with no unit: the words around
    the number are unknown, so it reads as "almost": 102 is a fever, 38 may be one."""
    state, memory = at_question(conversation, "fever")
    answer = say(conversation, state, memory, "GiveDurationIntent", amount="102")
    assert text(answer).startswith("102 degrees Fahrenheit counts as a fever.")
    assert "episode" not in memory or "lump_hours" not in memory["episode"]  # no clog backdated
    state, memory = at_question(conversation, "fever")
    answer = say(conversation, state, memory, "GiveDurationIntent", amount="38")
    assert text(answer) == f"To know if that's a fever, I need the exact number. {EXACT}"
    assert state["triage"]["lump_hours"] is None


def test_a_unitless_number_that_is_no_temperature_is_asked_about(conversation):
    state, memory = at_question(conversation, "fever")
    answer = say(conversation, state, memory, "GiveDurationIntent", amount="20")
    assert text(answer) == ("I didn't catch if that number was a temperature or how long the lump has been there. "
                            "Do you have a fever? If you took your temperature, tell me the number.")
    assert state["triage"]["lump_hours"] is None


def test_a_number_alone_is_hours_at_the_duration_question_and_asked_about_elsewhere(conversation):
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    answer = say(conversation, state, memory, "GiveDurationIntent", amount="5")
    assert text(answer) == ("I didn't catch if that number was a temperature or how long the lump has been there. "
                            "You can say 'my temperature is', then the number, or 'for two days'.")
    assert "episode" not in memory or "lump_hours" not in memory["episode"]
    state, memory = at_question(conversation, "lump_duration")
    assert text(say(conversation, state, memory, "GiveDurationIntent", amount="5")).startswith("About 5 hours, got it.")


def test_at_the_duration_question_a_number_alone_is_hours_but_one_with_its_scale_a_temperature(conversation):
    state, memory = at_question(conversation, "lump_duration")
    answer = say(conversation, state, memory, "GiveTemperatureIntent", whole="38", qualifier="about")  # "about 38"
    assert text(answer).startswith("About 38 hours, got it.")
    assert state["triage"]["lump_hours"] == 38
    state, memory = at_question(conversation, "lump_duration")
    answer = say(conversation, state, memory, "GiveTemperatureIntent", whole="38", fraction="4", scale="celsius")
    assert text(answer).startswith("38.4 degrees Celsius counts as a fever.")


@pytest.mark.parametrize("since, today, back", [
    ("thursday", date(2026, 11, 20), 1),   # 20 November 2026 is a Friday
    ("tuesday", date(2026, 11, 20), 3),
    ("friday", date(2026, 11, 20), 7),     # said on a Friday: last week's
    ("sunday", date(2026, 11, 23), 1),     # Monday
    ("weekend", date(2026, 11, 23), 2),    # Monday: from Saturday
    ("weekend", date(2026, 11, 22), 1),    # Sunday: from yesterday, Saturday
    ("weekend", date(2026, 11, 21), 7),    # Saturday: last weekend's
    ("yesterday", date(2026, 11, 20), None),
])
def test_a_named_day_is_the_most_recent_before_today(since, today, back):
    assert weekdays.days_back(since, today) == back


@pytest.mark.parametrize("since, hours, sign", [
    ("thursday", 42, "lump_lasting"),      # from 5 am Thursday: past a day, under two
    ("wednesday", 66, "lump_persisting"),  # past two days
])
def test_since_a_weekday_counts_on_her_clock_for_the_lump_rule(conversation, since, hours, sign):
    state, memory = at_question(conversation, "lump_duration")
    answer = conversation.handle(Event("GiveDurationIntent", {"since": since}), state, memory, NOW,
                                 time_zone=lambda: "America/New_York")
    assert text(answer).startswith(f"About {hours} hours, got it.")
    assert state["triage"]["lump_hours"] == hours
    assert state["triage"]["signs"] == ["lump", sign]


def test_the_console_keeps_a_qualifier_said_beside_a_number_and_hears_no_temperature_in_everyday_words():
    """A sample found inside a longer utterance ("i'm running {whole}") keeps the words beside the
    number; a qualifier and a number alone ("under three") make no temperature of a sign."""
    nlu = default_nlu()
    running = nlu.resolve("I'm running a hundred and something")
    assert (running.intent, running.slots["whole"].spoken, running.slots["qualifier"].id) == \
        ("GiveTemperatureIntent", "100", "over")
    freezing = nlu.resolve("I'm freezing under three blankets")
    assert (freezing.intent, freezing.slots["symptom"].id) == ("ReportSymptomIntent", "chills")
