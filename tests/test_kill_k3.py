"""Behaviour the mutation run showed no test would notice going wrong (issue 16, track k3): the
device settings kept in her preferences, the questions the flows declare, an offer's answer, and
what a forged session or an odd store record brings back. Through the real conversation where the
behaviour is the parent's; expected sentences and keys are written out here, never computed by
the code under test."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from skill.logic.conversation import Event

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
UNCLEAR = "That doesn't sound like a body temperature I can use."
CELSIUS_FIRST = "like 'thirty eight point three', or '101 Fahrenheit'"
FAHRENHEIT_FIRST = "like '101', or 'thirty eight point three Celsius'"


def returning_with_a_clog() -> dict:
    """Memory of a parent who told of a clog on the left yesterday at 19:30 UTC."""
    return {"prefs": {"disclaimer_heard": True},
            "episode": {"started": "2026-11-20T19:30:00+00:00", "side": "left", "tried": [], "signs": []}}


def counted(value: str | None, calls: list[str]):
    """A device-setting lookup that notes each time it is asked."""
    def lookup() -> str | None:
        calls.append("looked up")
        return value
    return lookup


# --- the device's settings, kept in her preferences --------------------------------------------------
def test_an_unclear_reading_on_her_very_first_turn_gets_the_example_in_the_devices_unit(conversation):
    """A one-shot "my temperature is 500" from someone the skill has never met: no preferences
    exist yet, and the unit read from the device is kept in new ones."""
    memory: dict = {}
    reply = conversation.handle(Event("GiveTemperatureIntent", {"whole": "500"}), {}, memory, NOW,
                                temperature_unit=lambda: "celsius", locale="en-US")
    said = " ".join(segment.text for segment in reply.speech)
    assert UNCLEAR in said and CELSIUS_FIRST in said, said
    assert memory["prefs"]["unit"] == "celsius"
    assert memory["prefs"]["unit_checked"] == "2026-11-21T10:00:00+00:00"


@pytest.mark.parametrize("locale, when", [
    ("en-GB", "Yesterday evening"),  # 19:30 in London
    ("en-US", "Yesterday afternoon"),  # 14:30 in New York
])
def test_without_a_time_zone_lookup_the_markets_time_is_used(conversation, locale, when):
    reply = conversation.handle(Event("Launch"), {}, returning_with_a_clog(), NOW, locale=locale)
    assert reply.speech[0].text.startswith(f"Welcome back. {when}, you told me about a clog on the left side.")


def test_a_time_zone_given_as_a_value_is_used_as_it_is(conversation):
    reply = conversation.handle(Event("Launch"), {}, returning_with_a_clog(), NOW,
                                time_zone="America/Los_Angeles", locale="en-GB")
    assert reply.speech[0].text.startswith("Welcome back. Yesterday morning,")  # 11:30 in Los Angeles


def test_the_time_zone_is_looked_up_once_a_week(conversation):
    prefs, calls = {"disclaimer_heard": True}, []
    lookup = counted("America/Los_Angeles", calls)

    def launch(at: datetime) -> str:
        """A return 15 hours after she told of a clog, with the preferences kept so far."""
        memory = {"prefs": prefs, "episode": {"started": (at - timedelta(hours=15)).isoformat(),
                                              "side": "left", "tried": [], "signs": []}}
        reply = conversation.handle(Event("Launch"), {}, memory, at, time_zone=lookup, locale="en-GB")
        prefs.update(memory["prefs"])
        return reply.speech[0].text

    for later in (timedelta(0), timedelta(days=1), timedelta(days=6)):
        # 11:00 in Los Angeles (19:00 in London): the device's zone, kept from the first lookup.
        assert launch(NOW + later).startswith("Welcome back. Yesterday morning, you told me about a clog")
    assert calls == ["looked up"], "kept in her preferences for a week"
    launch(NOW + timedelta(days=7))
    assert calls == ["looked up"] * 2, "looked up again once a week old"


def test_the_temperature_unit_is_looked_up_once_a_week(conversation):
    memory, calls = {"prefs": {"disclaimer_heard": True}}, []
    lookup = counted("fahrenheit", calls)
    unclear = Event("GiveTemperatureIntent", {"whole": "500"})
    for later in (timedelta(0), timedelta(hours=1), timedelta(days=6, hours=23)):
        reply = conversation.handle(unclear, {}, memory, NOW + later, temperature_unit=lookup, locale="en-GB")
        assert FAHRENHEIT_FIRST in " ".join(segment.text for segment in reply.speech)
    assert calls == ["looked up"], "kept in her preferences for a week"
    conversation.handle(unclear, {}, memory, NOW + timedelta(days=7), temperature_unit=lookup, locale="en-GB")
    assert calls == ["looked up"] * 2, "looked up again once a week old"


# --- the questions the flows declare -----------------------------------------------------------------
def test_a_question_no_flow_declares_is_a_key_error_naming_it(content):
    """Looking a question up declares the later flows first; one that none of them declares is
    an error that names it (a bare KeyError would leave a log nothing to go on)."""
    from skill.logic.conversation import Conversation

    pending = Conversation(content).pending
    assert "delete_confirm" not in pending  # asked by a flow a launch does not need
    assert pending["delete_confirm"] is pending["delete_confirm"]  # declared by the lookup itself
    assert {"timer_confirm", "routine_choice"} <= pending.keys()  # and with it every later flow's
    with pytest.raises(KeyError) as raised:
        pending["no_such_question"]
    assert raised.value.args == ("no_such_question",)


# --- an offer's answer ------------------------------------------------------------------------------
# The offers are declared when their flows are imported, where a mutation run cannot change
# `accepting` (mutmut swaps a function in only when it is called): here it is called by the test.
def test_an_offer_answered_yes_is_taken_up_and_no_leaves_things_as_they_are(conversation):
    from skill.logic.replies import accepting
    from skill.logic.speech import Reply, Say

    taken = []

    def take_it_up(c, t):
        taken.append(t.event.kind)
        return Reply([Say("Let's begin.", "taken")])

    answer = accepting(take_it_up)
    for yes, said in ((True, "Let's begin."), (False, "Okay. You can say 'start', tell me a symptom")):
        t = conversation.turn(Event("AMAZON.YesIntent" if yes else "AMAZON.NoIntent"), {"pending": "start_offer"},
                              {}, NOW)
        built = answer(conversation.context, t, yes)
        assert " ".join(segment.text for segment in built.speech).startswith(said)
        assert t.state["pending"] is None, "the offer is answered"
    assert taken == ["AMAZON.YesIntent"], "taken up only on a yes"


# --- what the store and the session bring back -------------------------------------------------------
@pytest.mark.parametrize("forged", ["forged", {"signs": ["fever"]}, None])
def test_a_forged_triage_in_the_session_is_replaced_by_a_new_one(conversation, forged):
    state = {"triage": forged}
    reply = conversation.handle(Event("ReportSymptomIntent", {"symptom": "fever"}), state,
                                {"prefs": {"disclaimer_heard": True}}, NOW)
    assert [segment.text for segment in reply.speech] == [
        "You mentioned a fever.",
        "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"]
    assert state["triage"] == {"signs": ["fever"], "answered": ["fever", "feel_feverish"],
                               "asking": "emergency_screen", "lump_hours": None}


@pytest.mark.parametrize("heard", [1, 1.0, "yes"])
def test_a_disclaimer_stored_as_anything_but_true_is_said_again(conversation, heard):
    """1 == True in Python: a store that kept a number (another writer, an old format) must not
    pass for the disclaimer heard."""
    memory = {"prefs": {"disclaimer_heard": heard}}
    reply = conversation.handle(Event("Launch"), {}, memory, NOW)
    assert reply.keys() == ["welcome_first", "topic:disclaimer", "next_idle"]
    assert memory["prefs"] == {"disclaimer_heard": True}
