"""The logic's reply values (skill/logic/speech.py `Value`: what is said, the triage's next
question or outcome) compare by type and fields, hash alike when equal, and print readably
(a failing test shows them)."""
from skill.logic.speech import Pause, Say
from skill.logic.triage import Ask, Outcome


def test_values_are_equal_only_with_the_same_type_and_fields():
    assert Say("Hello.", "welcome") == Say("Hello.", "welcome")
    assert Say("Hello.", "welcome") != Say("Hello.", "help")
    # A question and an outcome that share a name are still different answers.
    assert Ask("provider") != Outcome("provider")
    assert Say("Hello.") != "Hello." and Pause(3) != 3


def test_equal_values_hash_alike_and_different_ones_apart():
    assert len({Say("Hello.", "welcome"), Say("Hello.", "welcome"), Say("Hello.", "help")}) == 2
    assert hash(Say("Hello.", "welcome")) == hash(Say("Hello.", "welcome"))
    assert hash(Say("Hello.", "welcome")) != hash(Say("Goodbye.", "goodbye"))  # spread, not one bucket


def test_a_value_prints_its_type_and_fields():
    assert repr(Say("Hello.", "welcome")) == "Say('Hello.', 'welcome')"
    assert repr(Pause(3)) == "Pause(3,)"
