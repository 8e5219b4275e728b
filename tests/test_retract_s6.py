"""A second "that was wrong" naming no sign, through the real skill: it never takes back a sign
told before the last one taken back (a tester lost her chills this way), says what was taken back
and what is kept, and asks the waiting question again; a sign named, or told since, still goes.
And what she hears when the session's record of her take-backs was tampered with.

Expectations are written out by hand from content/locale/en-US/responses.yaml and
content/triage.yaml (en-US: 911)."""
import pytest
from driver import Driver

EMERGENCY_SCREEN = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NOTHING = "There's nothing to take back. If something feels wrong, tell me what's happening."


def chills_then_fainting_taken_back(user: Driver) -> None:
    user.launch()
    user.say("ReportSymptom", symptom="chills")
    user.say("ReportSymptom", symptom="fainting")
    turn = user.say("FalseAlarm")
    assert turn.text.startswith("Okay, I've taken back dizziness or fainting.")


def test_a_second_take_back_keeps_the_chills_and_asks_the_emergency_question_again(user):
    chills_then_fainting_taken_back(user)
    turn = user.say("FalseAlarm")
    assert turn.text == ("I've already taken back dizziness or fainting, so there's nothing more to take back. "
                         f"I've kept what you told me before that: chills. {EMERGENCY_SCREEN}")
    assert turn.attributes["pending"] == "triage"
    assert turn.attributes["triage"]["signs"] == ["chills"]
    assert not turn.ended


def test_the_chills_kept_are_named_at_the_close(user):
    chills_then_fainting_taken_back(user)
    user.say("FalseAlarm")
    user.say("AMAZON.NoIntent")  # no emergency sign
    stop = user.say("AMAZON.StopIntent")
    assert stop.text.startswith("Because you mentioned chills, please contact your healthcare provider today.")
    assert "fainting" not in stop.text


def test_named_after_nothing_more_the_chills_are_taken_back(user):
    chills_then_fainting_taken_back(user)
    user.say("FalseAlarm")
    turn = user.say("FalseAlarm", symptom="chills")
    assert turn.text.startswith("Okay, I've taken back chills. If it does happen, contact your healthcare provider today.")
    assert turn.attributes["triage"]["signs"] == []


# A sign told after the take-back, new or the one taken back told again ("actually, I do feel
# faint"): the next take-back reaches it, and the one after that finds nothing more.
@pytest.mark.parametrize("told, name, all_taken_back", [
    ("fever", "a fever", "dizziness or fainting and a fever"),
    ("fainting", "dizziness or fainting", "dizziness or fainting"),
])
def test_a_sign_told_after_the_take_back_is_the_one_taken_back_next_and_then_nothing(user, told, name, all_taken_back):
    chills_then_fainting_taken_back(user)
    user.say("ReportSymptom", symptom=told)
    turn = user.say("FalseAlarm")
    assert turn.text.startswith(f"Okay, I've taken back {name}.")
    turn = user.say("FalseAlarm")
    assert turn.text.startswith(f"I've already taken back {all_taken_back}, so there's nothing more")
    assert turn.attributes["triage"]["signs"] == ["chills"]


def test_with_nothing_left_it_names_what_was_taken_back_and_what_she_can_say(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    user.say("FalseAlarm")
    turn = user.say("FalseAlarm")
    assert turn.text == f"I've already taken back a fever, so there's nothing more to take back. {NEXT_IDLE}"


def test_forged_take_backs_name_no_unknown_sign(user):
    """A tampered session: ids the skill does not know are never spoken."""
    chills_then_fainting_taken_back(user)
    user.session.attributes["taken_back"] += ["<audio src='x'/>", "not_a_sign"]
    turn = user.say("FalseAlarm")
    assert turn.text == ("I've already taken back dizziness or fainting, so there's nothing more to take back. "
                         f"I've kept what you told me before that: chills. {EMERGENCY_SCREEN}")


def test_a_forged_told_before_only_ever_keeps_a_sign(user):
    """Forged to cover every sign, it can only keep them (the safe side): nothing is taken back."""
    user.launch()
    user.say("ReportSymptom", symptom="red_streaks")
    user.session.attributes["told_before"] = ["red_streaks"]
    turn = user.say("FalseAlarm")
    assert turn.attributes["triage"]["signs"] == ["red_streaks"]
    assert "taken back" not in turn.text
