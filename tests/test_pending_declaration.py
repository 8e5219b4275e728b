"""How a flow declares a question waiting for its answer (skill/logic/turn.py `Pending`).

The flows build their questions when they are imported, where a mutation run cannot change the
constructor (mutmut swaps a function in only when it is called), so its rules are checked here
on questions built by the test; the conversation tests check each real question's behaviour.
"""
from skill.logic.turn import GO_ON, Pending


def read(c, t, yes):
    raise AssertionError("not called")


def test_a_question_declared_with_only_its_words_is_an_ordinary_one():
    question = Pending(read, "shall_i", "shall_i_reprompt")
    assert (question.read, question.ask, question.reprompt) == (read, "shall_i", "shall_i_reprompt")
    assert question.blocking is False  # other requests are answered while it waits
    assert question.answers == {}  # only yes and no answer it
    assert question.yes_words == frozenset()  # "ok" is not taken as a yes


def test_an_offer_takes_the_go_on_words_as_yes():
    offer = Pending(read, "start_offer", "start_offer_reprompt", yes_words=GO_ON)
    assert offer.yes_words == GO_ON and offer.blocking is False


def test_a_safety_question_never_takes_a_go_on_word_as_yes():
    safety = Pending(read, None, None, blocking=True, yes_words=GO_ON)
    assert safety.blocking is True and safety.yes_words == frozenset()


def test_the_other_answers_of_a_question_are_kept():
    unsure = {"DontKnowIntent": read}
    assert Pending(read, None, None, blocking=True, answers=unsure).answers == unsure
