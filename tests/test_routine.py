"""Routine navigation and hold pacing, on the logic alone."""
import pytest

from skill.logic.routine import CHUNK_SECONDS, MAX_BREAK_SECONDS, Routine
from skill.logic.state import new_position
from skill.logic.speech import Pause, Say


@pytest.fixture(scope="module")
def routine(content):
    return Routine(content["routine"])


def all_steps(routine):
    return [(s, i) for s, section in enumerate(routine.sections) for i in range(len(section["steps"]))]


def test_sections_in_order(routine):
    assert routine.section_ids == ["prepare", "massage", "positioning", "followup"]


def test_advance_visits_every_step_once_then_stops(routine):
    pos, seen = new_position(), []
    seen.append((pos["section"], pos["step"]))
    while routine.advance(pos):
        seen.append((pos["section"], pos["step"]))
    assert seen == all_steps(routine)
    assert routine.advance(pos) is False and (pos["section"], pos["step"]) == seen[-1]


def test_back_is_the_reverse_of_advance(routine):
    pos = new_position()
    while routine.advance(pos):
        pass
    seen = [(pos["section"], pos["step"])]
    while routine.back(pos):
        seen.append((pos["section"], pos["step"]))
    assert seen == list(reversed(all_steps(routine)))


def test_jump_to_each_section_and_refuse_unknown(routine):
    pos = new_position()
    for index, section_id in enumerate(routine.section_ids):
        assert routine.jump(pos, section_id) and pos == {"section": index, "step": 0, "held": 0}
    assert routine.jump(pos, "dancing") is False


@pytest.mark.parametrize("pos", [None, {}, {"section": 9, "step": 0, "held": 0},
                                 {"section": 0, "step": -1, "held": 0}, {"section": "a", "step": 0, "held": 0},
                                 {"section": 0, "step": 0, "held": -5}])
def test_invalid_positions_are_detected(routine, pos):
    assert routine.valid(pos) is False


def timed_steps(routine):
    return [(s, i) for s, i in all_steps(routine) if "hold_seconds" in routine.sections[s]["steps"][i]]


def test_every_hold_is_paced_in_full_across_turns(routine):
    assert timed_steps(routine), "the routine should have timed steps"
    for s, i in timed_steps(routine):
        pos = {"section": s, "step": i, "held": 0}
        total = routine.step(pos)["hold_seconds"]
        turns = []
        while routine.hold_remaining(pos):
            turns.append(routine.pace_hold(pos))
        assert pos["held"] == total
        assert len(turns) == -(-total // CHUNK_SECONDS)
        for segments in turns:
            assert all(0 < p.seconds <= MAX_BREAK_SECONDS for p in segments if isinstance(p, Pause))
            paused = sum(p.seconds for p in segments if isinstance(p, Pause))
            assert paused <= CHUNK_SECONDS


def test_long_holds_speak_cues_from_the_content(routine):
    s, i = next((s, i) for s, i in timed_steps(routine)
                if routine.sections[s]["steps"][i]["hold_seconds"] > 60)
    pos = {"section": s, "step": i, "held": 0}
    spoken = [seg.text for seg in routine.pace_hold(pos) if isinstance(seg, Say)]
    assert spoken and set(spoken) <= set(routine.step(pos)["cues"])
    # the second part goes on with the next cues rather than starting over
    more = [seg.text for seg in routine.pace_hold(pos) if isinstance(seg, Say)]
    if more and len(routine.step(pos)["cues"]) > len(spoken):
        assert more[0] != spoken[0]
