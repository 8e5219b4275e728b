"""The checks on what a session carries for the store (skill/logic/carry.py) and on a pending
action (skill/logic/state.py): both come back from the request, where anything can be forged."""
import pytest

from skill.logic import carry, state

START = "2026-11-20T14:00:00+00:00"


def test_the_red_flags_answers_outcome_and_disclaimer_are_carried_and_nothing_else():
    memory = {"v": 1, "prefs": {"disclaimer_heard": True, "tz": "America/Chicago"},
              "episode": {"started": START, "tried": ["warm_options"], "signs": ["fever"], "side": "left",
                          "lump_hours": 30.0, "outcome": "provider", "outcome_at": START,
                          "pos": {"section": 1, "step": 0}}}
    assert carry.carried(memory) == {
        "prefs": {"disclaimer_heard": True},
        "episode": {"started": START, "signs": ["fever"], "lump_hours": 30.0, "outcome": "provider",
                    "outcome_at": START}}


@pytest.mark.parametrize("kept", [{"unsure_at": START}, {"lump_hours": 30.0}, {"outcome": "self_care"}])
def test_a_not_sure_a_lump_age_or_an_outcome_is_carried_on_its_own(kept):
    memory = {"episode": {"started": START, "signs": [], "side": "left", **kept}}
    assert carry.carried(memory) == {"episode": {"started": START, "signs": [], **kept}}


@pytest.mark.parametrize("raw", [
    None, "fever", [], {"episode": "fever"},
    {"episode": {"signs": ["fever"]}},  # no start: not an episode
    {"episode": {"started": START, "signs": []}},  # nothing worth carrying
    {"episode": {"started": "yesterday", "signs": ["fever"]}},
    {"episode": {"started": START, "signs": [float("nan"), "x" * 100_000, 3]}},
    {"prefs": {"disclaimer_heard": "yes"}},
])
def test_nothing_worth_carrying_or_nothing_trustworthy_carries_nothing(raw):
    assert carry.carried(raw) == {}


@pytest.mark.parametrize("raw, kept", [
    ({"type": "timer", "minutes": 10, "label": "warm compress", "announce": "Time is up."}, True),
    ({"type": "timer", "label": "warm compress", "announce": "Time is up."}, False),
    ({"type": "reminders", "text": "Feed", "every_hours": 3, "within_hours": 24}, True),
    ({"type": "reminders", "text": "Check", "after_hours": 24}, True),
    ({"type": "reminders", "text": "Feed", "every_hours": 3}, False),
    ({"type": "reminders", "after_hours": 24}, False),
    ({"type": "delete_memory"}, True),
    ({"type": ["timer"]}, False),
    # counts that the Alexa API helpers refuse, or that would set thousands of reminders
    ({"type": "timer", "minutes": "ten", "label": "warm compress", "announce": "Time is up."}, False),
    ({"type": "timer", "minutes": 0, "label": "warm compress", "announce": "Time is up."}, False),
    ({"type": "timer", "minutes": 10, "label": 3, "announce": "Time is up."}, False),
    ({"type": "reminders", "text": "Feed", "every_hours": 1, "within_hours": 10**6}, False),
    ({"type": "reminders", "text": "Feed", "every_hours": 4, "within_hours": 3}, False),
    ({"type": "reminders", "text": "Check", "after_hours": 2.5}, False),
])
def test_a_pending_action_is_kept_only_with_what_its_kind_needs(raw, kept):
    assert state.action(raw) == (raw if kept else None)
