"""A warning-sign question's reprompt names every answer the question takes: each of them takes
"not sure" (the emergency question sends her to the phone, the others count it or move on), so
a reprompt of "Please say yes or no" would leave out the answer a tired parent most often has."""
from __future__ import annotations

DONT_KNOW = "DontKnowIntent"

# The quick check, then its questions one at a time; each row: how she answers the question the
# previous row reached, and the start of the question that answer must bring next.
WALK = [
    ("StartRoutine", "Before we start, a quick check. Do you have a fever, chills"),
    (DONT_KNOW, "That's okay. Let's go through them one at a time. Right now, any trouble breathing"),
    (DONT_KNOW, "If you're not sure, it's safest to call 9 1 1 now"),
    (DONT_KNOW, "That's okay. Do you feel feverish, hot, or shivery?"),
    ("AMAZON.NoIntent", "Do you have chills or body aches"),
    (DONT_KNOW, "Okay. Do you see any red streaks"),
]
REPROMPTS = [
    "Do you have a fever, chills, body aches, or red streaks? Say yes, no, or not sure.",
    "Any trouble breathing, chest pain, confusion, or feeling faint or dizzy? Say yes, no, or not sure.",
    "Do you have a fever? Say yes, no, the number, or that you're not sure.",
    "Do you feel hot or shivery? Say yes, no, or not sure.",
    "Any chills, aches, or flu-like feeling? Say yes, no, or not sure.",
    "Any red streaks on the breast? Say yes, no, or not sure.",
]


def test_each_question_takes_not_sure_and_its_reprompt_says_so(user):
    user.launch()
    for (intent, heard), reprompt in zip(WALK, REPROMPTS):
        turn = user.say(intent)
        assert heard in turn.text, (intent, turn.text)  # the answer before was taken, not misheard
        assert turn.reprompt == reprompt
    turn = user.say(DONT_KNOW)  # "not sure" to the red streaks too: the next question comes
    assert turn.text.startswith("Okay. How long has the lump been there?"), turn.text
