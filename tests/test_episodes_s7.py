"""What the s7 episode fixes keep between turns and sessions: the "no" to her saved place (a
session attribute, forgeable) and the "not sure" to the emergency question (in the episode)
pass the normalisers only in their one true form; a cleared clog's place is no place."""
from datetime import datetime, timezone

from screen_checks import problems_of, render_documents

from driver import Driver
from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.logic import episode as episodes
from skill.logic import state as states

NOW = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)


def test_the_declined_place_is_kept_only_as_true():
    assert states.session_state({"place_declined": True})["place_declined"] is True
    for forged in (False, 1, "yes", None):
        assert "place_declined" not in states.session_state({"place_declined": forged})


def test_not_sure_of_the_emergency_signs_is_kept_only_as_a_time():
    record = {"episode": {"started": "2026-11-21T01:00:00+00:00", "unsure_at": "2026-11-21T02:00:00+00:00"}}
    assert states.memory(record)["episode"]["unsure_at"] == "2026-11-21T02:00:00+00:00"
    forged = {"episode": {"started": "2026-11-21T01:00:00+00:00", "unsure_at": "soon"}}
    assert "unsure_at" not in states.memory(forged)["episode"]


def test_not_sure_waits_until_a_yes_or_no_and_only_for_the_open_clog():
    memory = states.memory({})
    episodes.mark_unsure(memory, NOW)
    assert episodes.unsure_waits(memory, NOW, 7)
    episodes.record_outcome(memory, "provider", NOW.replace(hour=5))  # advice given after it does not answer it
    assert episodes.unsure_waits(memory, NOW.replace(hour=6), 7)
    session = states.session_state({})
    session["triage"] = {**states.new_triage(), "answered": ["emergency_screen", "unsure_of_emergency"]}
    episodes.sync(memory, session, None)  # the session that heard it: still not sure
    assert episodes.unsure_waits(memory, NOW.replace(hour=6), 7)
    session["triage"]["answered"] = ["emergency_screen"]  # a later session's yes or no
    episodes.sync(memory, session, None)
    assert not episodes.unsure_waits(memory, NOW.replace(hour=6), 7)
    episodes.mark_unsure(memory, NOW)
    episodes.mark_cleared(memory, NOW.replace(hour=7))
    assert not episodes.unsure_waits(memory, NOW.replace(hour=8), 7)


def test_a_cleared_or_closed_clogs_place_is_not_offered():
    memory = states.memory({"episode": {"started": "2026-11-21T01:00:00+00:00", "pos": {"section": 1, "step": 1}}})
    assert episodes.saved_position(memory, NOW, 7) == {"section": 1, "step": 1, "held": 0}
    assert episodes.saved_position(memory, NOW.replace(day=29), 7) is None  # past its seven days
    episodes.mark_cleared(memory, NOW)
    assert episodes.saved_position(memory, NOW, 7) is None


def test_not_sure_shows_the_number_to_call_not_the_provider_advice(make_skill):
    show = Driver(make_skill(), Session(now=NOW, locale="en-US", supported_interfaces=SCREEN_DEVICE))
    show.launch()
    show.say("ReportSymptom", symptom="fever")
    turn = show.say("DontKnow")
    assert turn.text == "If you're not sure, it's safest to call 9 1 1 now, from a phone. Say 'repeat' to hear this again."
    [directive] = render_documents(turn.body)
    assert problems_of(directive) == []
    screen = directive["datasources"]["screen"]
    assert directive["token"].endswith("-emergency") and screen["emergency"]["number"] == "911"
    assert "healthcare provider" not in str(screen)
