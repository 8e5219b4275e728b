"""Her place across sessions, and pauses that are not goodbyes: what the stories in
tests/conversations/place_*.yaml cannot reach with typed words (a store written between
sessions, advice given since a pause, a clog closed since the routine ended). Through the real
skill and its SQLite memory."""
from driver import Driver

EMERGENCY_QUESTION = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
WAITING = "Welcome back. Last time, we stopped partway through the questions."


def classic_routine(user):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")


def test_a_pause_at_a_question_in_the_routine_leaves_the_question_waiting_not_the_step(make_skill):
    user = Driver(make_skill())
    classic_routine(user)
    asked = user.say("ReportSymptom", symptom="chills")
    assert asked.attributes["pending"] == "triage" and EMERGENCY_QUESTION in asked.text
    paused = user.say("AMAZON.PauseIntent")
    assert paused.ended
    # The emergency question unanswered, and the sign she told: both named, nothing reassuring.
    assert paused.text == ("Okay, let's pause. If you have trouble breathing, chest pain, confusion, or "
                           "fainting, call 9 1 1 now. Because you mentioned chills, please contact your healthcare "
                           "provider today. Say 'Alexa, open milk duct helper' to finish the questions.")
    user.session.advance(minutes=20)
    back = Driver(make_skill(), user.session).launch()
    assert WAITING in back.text and back.text.endswith(EMERGENCY_QUESTION)
    assert back.attributes["pending"] == "triage" and not back.ended


def test_advice_given_since_the_pause_leaves_no_question_waiting(make_skill):
    user = Driver(make_skill())
    user.launch()
    user.say("ReportSymptom", symptom="pain")
    user.say("AMAZON.NoIntent")  # no emergency sign; now the fever question
    paused = user.say("AMAZON.PauseIntent")
    assert paused.ended and "to finish the questions" in paused.text
    user.session.advance(hours=1)
    user.session.session_id = None  # a one-shot: "tell milk duct helper I have a fever"
    user.say("ReportSymptom", symptom="fever")
    advised = user.say("AMAZON.NoIntent")
    assert "contact your healthcare provider today" in advised.text
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=1)
    later = user.launch()
    assert "stopped partway" not in later.text and "Is the lump still there?" in later.text


def test_questions_a_pause_left_are_asked_again_until_advice_ends_them(make_skill):
    user = Driver(make_skill())
    user.launch()
    user.say("ReportSymptom", symptom="pain")
    user.say("AMAZON.PauseIntent")
    user.session.advance(minutes=5)
    assert WAITING in user.launch().text
    assert user.say("AMAZON.StopIntent").ended  # a goodbye midway loses nothing: asked again
    user.session.advance(minutes=5)
    assert WAITING in user.launch().text
    for _ in range(5):  # no to every question, to the end: the check's advice
        turn = user.say("AMAZON.NoIntent")
    assert turn.text.startswith("Call your healthcare provider for chills, aches, red streaks")
    user.say("AMAZON.StopIntent")
    user.session.advance(minutes=5)
    assert WAITING not in user.launch().text


def test_next_after_the_routine_of_a_clog_long_over_is_not_started(make_skill, content):
    user = Driver(make_skill())
    classic_routine(user)
    user.say("GoToSection", section="followup")
    for _ in content["routine"]["sections"][-1]["steps"]:
        user.say("SkipStep")
    # "next" at the reminder offer declines it, saying so (s7), and says where the routine stands.
    assert user.say("AMAZON.NextIntent").text.startswith(
        "Okay, I haven't set any reminders. You've finished the routine.")
    user.say("AMAZON.StopIntent")
    user.session.advance(days=8)  # past episode_max_days: a new clog, if any
    user.launch()
    assert user.say("AMAZON.NextIntent").text.startswith("We haven't started the guided routine yet.")

