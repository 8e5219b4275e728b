"""'I said that by mistake' in every place it can be said, through the real skill: the exact
words she hears, where the conversation goes next, and what stays on record.

Expectations are written out by hand from content/locale/en-US/responses.yaml and
content/triage.yaml (en-US: 911)."""
from driver import Driver

CALL_911 = "Please call 9 1 1 now, from a phone. Alexa can't place that call."
NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
NEXT_IN_ROUTINE = "You can say 'next', 'repeat', 'go back', or 'pause'."
NOTHING = "There's nothing to take back. If something feels wrong, tell me what's happening."
PROVIDER_TODAY = "Please contact your healthcare provider today."
EMERGENCY_SCREEN = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
YES_NO_UNEXPECTED = "I wasn't asking a yes or no question just then."


# What to do if it does happen, at the level of the sign taken back (content/triage.yaml).
IF_EMERGENCY = "If it does happen, call 9 1 1 from a phone."
IF_PROVIDER = "If it does happen, contact your healthcare provider today."


def taken_back(signs: str, then: str = IF_EMERGENCY) -> str:
    return f"Okay, I've taken back {signs}. {then}"


def in_classic_routine(user: Driver) -> Driver:
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")  # the pre-check: no warning signs
    user.say("ChooseRoutine", routine="classic")  # the routine's first step
    return user


def test_nothing_to_take_back_says_what_she_can_say_next(user):
    user.launch()
    turn = user.say("FalseAlarm")
    assert turn.text == f"{NOTHING} {NEXT_IDLE}"
    assert turn.reprompt == NEXT_IDLE


def test_nothing_to_take_back_in_the_routine_offers_the_routine_words(user):
    turn = in_classic_routine(user).say("FalseAlarm")
    assert turn.text == f"{NOTHING} {NEXT_IN_ROUTINE}"
    assert turn.reprompt == NEXT_IN_ROUTINE


def test_taking_back_the_only_sign_ends_with_what_she_can_say_next(user):
    user.launch()
    user.say("ReportSymptom", symptom="chest_pain")
    turn = user.say("FalseAlarm")
    assert turn.text == f"{taken_back('chest pain')} {NEXT_IDLE}"
    assert turn.reprompt == NEXT_IDLE
    assert turn.attributes["emergency"] is False


def test_taking_back_a_sign_in_the_routine_names_the_step_to_go_back_to(user):
    in_classic_routine(user).say("ReportSymptom", symptom="chest_pain")
    turn = user.say("FalseAlarm")
    step = "Say 'continue' to go back to ways to add warmth, or 'stop'."
    assert turn.text == f"{taken_back('chest pain')} {step}"
    assert turn.reprompt == step


def test_the_question_a_taken_back_sign_raised_is_no_longer_waiting(user):
    user.launch()
    asked = user.say("ReportSymptom", symptom="fever")
    assert EMERGENCY_SCREEN in asked.text
    turn = user.say("FalseAlarm")
    assert turn.text == f"{taken_back('a fever', IF_PROVIDER)} {NEXT_IDLE}"
    # "yes" now answers nothing: it is not taken as "yes, I have chest pain"
    assert user.say("AMAZON.YesIntent").text.startswith(YES_NO_UNEXPECTED)


def test_an_urgent_sign_taken_back_leaves_the_fever_advice(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever", symptomTwo="headache")
    user.say("AMAZON.NoIntent")  # no emergency signs: call the provider now (the headache)
    turn = user.say("FalseAlarm")
    # the fever's advice says whom to call: no other line before it, to keep one breath
    assert turn.text.startswith(f"Okay, I've taken back a headache that won't go away. {PROVIDER_TODAY}")
    assert PROVIDER_TODAY in turn.text and "doctor or midwife now" not in turn.text


def test_with_other_signs_left_the_routine_is_not_held_behind_the_number(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    user.say("ReportSymptom", symptom="chest_pain")
    user.say("FalseAlarm")
    assert PROVIDER_TODAY in user.say("AMAZON.NoIntent").text  # no emergency signs after all
    start = user.say("StartRoutine")
    assert not start.text.startswith(CALL_911) and start.attributes["emergency"] is False


def test_two_signs_taken_back_one_after_the_other_both_stay_taken_back(make_skill):
    user = Driver(make_skill())
    user.launch()
    user.say("ReportSymptom", symptom="chest_pain")
    user.say("FalseAlarm")
    user.say("ReportSymptom", symptom="red_streaks")
    user.say("FalseAlarm")
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=2)
    user.launch()
    stop = user.say("AMAZON.StopIntent")
    assert "chest pain" not in stop.text and "red streaks" not in stop.text and "9 1 1" not in stop.text


def test_a_sign_taken_back_after_the_lump_cleared_opens_no_new_clog(user):
    user.launch()
    user.say("ReportSymptom", symptom="chest_pain")
    user.say("LumpGone")
    turn = user.say("FalseAlarm")
    assert turn.text.startswith(taken_back("chest pain"))
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=30)
    welcome = user.launch()
    assert "Is the lump still there?" not in welcome.text  # she said it was gone
    stop = user.say("AMAZON.StopIntent")
    assert "chest pain" not in stop.text and "9 1 1" not in stop.text  # taken back on the cleared clog's record
