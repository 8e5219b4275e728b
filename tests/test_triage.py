"""The triage state machine on its own: ordering, skipping, and that nothing lowers an outcome."""
import pytest

from skill.logic.state import new_triage as new_state
from skill.logic.triage import EMERGENCY, PROVIDER, SELF_CARE, WATCH, Ask, Outcome, Triage


@pytest.fixture(scope="module")
def triage(content):
    return Triage(content["triage"])


def signs_at(content, level):
    return [s for s, item in content["triage"]["signs"].items() if item["level"] == level]


# Five questions at most: triage that keeps asking fails a test instead of hanging it.
MAX_TURNS = 6


def answer_all_no(triage, state, step):
    for _ in range(MAX_TURNS):
        if not isinstance(step, Ask):
            return step
        if step.question == "lump_duration":
            step = triage.lump_age(state, 2)
        else:
            step = triage.answer(state, False)
    raise AssertionError(f"still asking {step} after {MAX_TURNS} answers")


def test_questions_come_in_content_order_emergency_first(triage, content):
    state = new_state()
    asked = []
    step = triage.next(state)
    for _ in range(MAX_TURNS):
        if not isinstance(step, Ask):
            break
        asked.append(step.question)
        step = triage.lump_age(state, 3) if step.question == "lump_duration" else triage.answer(state, False)
    # "feel_feverish" is only asked when the fever is not known (an "I don't know")
    assert asked == [q for q in content["triage"]["questions"] if q != "feel_feverish"]
    assert asked[0] == "emergency_screen"
    assert step == Outcome(SELF_CARE)


def test_every_emergency_sign_escalates_at_once(triage, content):
    emergency = signs_at(content, "emergency")
    assert len(emergency) >= 5
    for sign in emergency:
        state = new_state()
        assert triage.report(state, [sign]) == Outcome(EMERGENCY), sign
        assert state["asking"] is None


def test_every_provider_sign_ends_at_provider_after_screening(triage, content):
    for sign in signs_at(content, "provider"):
        state = new_state()
        first = triage.report(state, [sign])
        assert first == Ask("emergency_screen"), sign
        assert answer_all_no(triage, state, first) == Outcome(PROVIDER), sign


def test_clog_signs_alone_end_in_self_care(triage, content):
    for sign in signs_at(content, "clog"):
        state = new_state()
        assert answer_all_no(triage, state, triage.report(state, [sign])) == Outcome(SELF_CARE)


@pytest.mark.parametrize("question, level", [
    ("emergency_screen", EMERGENCY), ("fever", PROVIDER), ("chills_aches", PROVIDER), ("red_streaks", PROVIDER),
])
def test_yes_to_a_question_escalates(triage, question, level):
    state = new_state()
    step = triage.next(state)
    for _ in range(MAX_TURNS):
        if step == Ask(question):
            break
        step = triage.answer(state, False)
    assert step == Ask(question)
    step = triage.answer(state, True)
    assert answer_all_no(triage, state, step) == Outcome(level)


@pytest.mark.parametrize("hours, level", [(0, SELF_CARE), (23, SELF_CARE), (24, WATCH), (47, WATCH), (48, PROVIDER), (200, PROVIDER)])
def test_lump_age_uses_the_24_48_hour_rule(triage, hours, level):
    state = new_state()
    step = triage.lump_age(state, hours)
    assert answer_all_no(triage, state, step) == Outcome(level)


@pytest.mark.parametrize("signs, answered", [
    (["red_streaks"], ["red_streaks"]),
    # chills, and a fever, also answer "do you feel feverish, hot or shivery?"
    (["chills"], ["chills_aches", "feel_feverish"]), (["body_aches"], ["chills_aches"]), (["flu_like"], ["chills_aches"]),
    (["fever"], ["feel_feverish", "fever"]),
    (["pain", "redness", "warmth", "swelling", "lump"], []),  # signs of the clog itself answer nothing
    (["red_streaks", "chills"], ["chills_aches", "feel_feverish", "red_streaks"]),
])
def test_reported_signs_answer_their_questions(triage, signs, answered):
    """What a report answers is recorded with the episode, so it is not asked again."""
    state = new_state()
    assert triage.report(state, signs) == Ask("emergency_screen")
    assert sorted(state["answered"]) == answered


def test_clog_signs_skip_only_what_was_said(triage):
    state = new_state()
    step = triage.temperature(state, fever=False)
    asked = []
    for _ in range(MAX_TURNS):
        if not isinstance(step, Ask):
            break
        asked.append(step.question)
        step = triage.answer(state, False)  # "no" to how long means not sure
    assert asked == ["emergency_screen", "chills_aches", "red_streaks", "lump_duration"]
    assert step == Outcome(SELF_CARE) and state["lump_hours"] is None


def test_an_emergency_sign_answers_the_emergency_question(triage):
    state = new_state()
    assert triage.report(state, ["chest_pain"]) == Outcome(EMERGENCY)
    assert state["answered"] == ["emergency_screen"]


def test_a_no_fever_reading_answers_the_fever_question(triage):
    state = new_state()
    triage.temperature(state, fever=False)
    assert "fever" in state["answered"] and "fever" not in state["signs"]


def test_outcome_never_goes_down(triage):
    state = new_state()
    triage.report(state, ["fever"])
    answer_all_no(triage, state, triage.next(state))
    assert triage.outcome_level(state) == PROVIDER
    triage.temperature(state, fever=False)  # a later normal reading does not undo the fever
    assert triage.next(state) == Outcome(PROVIDER)
    assert triage.report(state, ["fainting"]) == Outcome(EMERGENCY)
    assert triage.report(state, ["pain"]) == Outcome(EMERGENCY)
