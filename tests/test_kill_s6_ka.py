"""Kill tests for the mutation run on e117bc8 (track ka): what opens a session's first reply, an
offer she did not take up, and an aside while a safety question waits on a cold process."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from skill.logic.conversation import LATER_FLOWS, Conversation, Event

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)


def text(reply) -> str:
    return " ".join(s.text for s in reply.speech if hasattr(s, "text"))


def test_a_one_shot_symptom_in_a_new_session_names_the_sign_on_record_then_asks_the_emergency_question(conversation):
    """Every new session's first reply names the signs on record, a one-shot too: "tell milk
    duct helper I have chills" the next hour hears the fever from before first, then the
    emergency question at once."""
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    for kind, slots in (("Launch", {}), ("ReportSymptomIntent", {"symptom": "fever"}), ("AMAZON.NoIntent", {}),
                        ("AMAZON.StopIntent", {})):
        conversation.handle(Event(kind, slots), state, memory, NOW)
    assert memory["episode"]["signs"] == ["fever"]
    later = NOW + timedelta(hours=1)
    asked = conversation.handle(Event("ReportSymptomIntent", {"symptom": "chills"}), {}, memory, later)
    assert asked.keys() == ["reminder_provider", "symptom_heard", "question:emergency_screen"]
    assert text(asked).startswith("Because you mentioned a fever, please contact your healthcare provider today. "
                                  "You mentioned chills. Right now, any trouble breathing")


def test_a_launch_that_gives_the_emergency_advice_itself_opens_with_it_and_no_reminder_before(conversation):
    """A stored chest pain whose advice time cannot be read (dropped by the record's checks) and a
    check left paused: the launch gives the whole advice, its number first, and adds no
    "because you mentioned" sentence in front of it."""
    memory = {"prefs": {"disclaimer_heard": True}, "v": 1,
              "episode": {"started": "2026-11-21T10:00:00+00:00", "signs": ["chest_pain"], "outcome": "emergency",
                          "outcome_at": "2026-11-21T10:30:00+00:00", "emergency_heard_at": "half past ten",
                          "check_paused_at": "2026-11-21T11:00:00+00:00"}}
    launched = conversation.handle(Event("Launch"), {}, memory, NOW)
    assert launched.keys() == ["outcome:emergency", "check_unfinished", "outcome:emergency", "after_emergency"]
    assert text(launched).startswith("Please call 9 1 1 now, from a phone. Alexa can't place that call. Welcome back.")


def test_an_offer_not_taken_up_is_dropped_so_a_later_yes_takes_up_nothing(conversation):
    """"Would you like to hear more?" about causes, then "how long does it last": a "yes" after
    that is not read as wanting more about causes."""
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("Launch"), state, memory, NOW)
    offered = conversation.handle(Event("CausesIntent"), state, memory, NOW)
    assert offered.keys()[-1] == "more_offer"
    conversation.handle(Event("HowLongIntent"), state, memory, NOW)
    assert state["pending"] is None
    yes = conversation.handle(Event("AMAZON.YesIntent"), state, memory, NOW)
    assert yes.keys() == ["yes_no_unexpected", "next_idle"]
    assert text(yes).startswith("I wasn't asking a yes or no question just then.")


def test_an_aside_while_the_emergency_question_waits_loads_no_later_flow(content):
    """"What causes a clog?" while the emergency question waits is answered from the flows a
    launch loads: the later ones (timers, erasing...) stay unimported on a cold start."""
    cold = Conversation(content)
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    cold.handle(Event("Launch"), state, memory, NOW)
    cold.handle(Event("ReportSymptomIntent", {"symptom": "fever"}), state, memory, NOW)
    aside = cold.handle(Event("CausesIntent"), state, memory, NOW)
    assert aside.keys() == ["topic:causes", "topic:causes", "question:emergency_screen"]
    assert state["pending"] == "triage"
    assert cold.undeclared == LATER_FLOWS
    assert "delete_confirm" not in cold.pending and "reminder_offer" not in cold.pending


def test_next_at_the_last_step_with_no_usable_list_of_steps_tried_finishes_the_routine(conversation):
    """Session attributes carry her place but a list of steps tried that fails its check (so none),
    and the stored clog has no saved place: "next" at the classic routine's last step still
    finishes it (and keeps no place), rather than failing."""
    state = {"mode": "routine", "pos": {"section": 3, "step": 4, "held": 0}, "tried": "massage"}
    memory = {"prefs": {"disclaimer_heard": True}, "v": 1, "episode": {"started": "2026-11-21T14:00:00+00:00"}}
    done = conversation.handle(Event("AMAZON.NextIntent"), state, memory, NOW)
    assert done.keys() == ["routine_done", "reminder_offer_feed"]
    assert memory["episode"]["routine_done_at"] == "2026-11-21T15:00:00+00:00"
    assert "pos" not in memory["episode"] and state["mode"] == "idle"


def test_a_lump_age_longer_than_six_characters_is_asked_again_and_nothing_recorded(conversation):
    """Slot values are read to at most six characters before any arithmetic: a seven-character
    one, even zero-padded to twelve hours, gets the clear answer and records no lump age."""
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    unclear = conversation.handle(Event("GiveDurationIntent", {"amount": "0000012", "unit": "hours"}), {}, memory, NOW)
    assert unclear.keys() == ["duration_unclear", "duration_example"]
    assert "episode" not in memory
