"""What the shared reply builders say, through the real skill: a safety question asked again
keeps its own words and keys, a confirmation and an offer have their reprompts, a declined
confirmation leaves no question waiting, the emergency advice again ends with what to say, a
feeding reminder names the side she told, and days are counted as days."""
from driver import Driver
from skill.console.envelopes import Session
from skill.logic.conversation import Event
from skill.logic.speech import Shown
from test_memory import NIGHT, report_left_clog

NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
SCREEN_ASK = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
SCREEN_REPROMPT = "Any trouble breathing, chest pain, confusion, or feeling faint or dizzy? Say yes, no, or not sure."


def test_a_safety_question_asked_again_keeps_its_words(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    again = user.say("WhereAmI")  # not an answer: the question first
    assert again.text == f"Let's finish this question first, it matters for your safety. {SCREEN_ASK}"
    assert again.reprompt == SCREEN_REPROMPT
    aside = user.say("Causes")  # answered, then the question again in its short form
    assert aside.text.endswith(f"which is often avoidable. {SCREEN_REPROMPT}") and aside.reprompt == SCREEN_REPROMPT


def test_a_safety_question_asked_again_is_keyed_as_that_question(conversation):
    state, memory = {}, {}
    conversation.handle(Event("Launch"), state, memory, NIGHT)
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "fever"}), state, memory, NIGHT)
    again = conversation.handle(Event("WhereAmIIntent"), state, memory, NIGHT)
    assert again.keys() == ["answer_first", "question:emergency_screen"]
    assert again.screen == Shown("info", "question", ids=("question:emergency_screen",))
    assert [s.key for s in again.reprompt] == ["question:emergency_screen"]
    aside = conversation.handle(Event("CausesIntent"), state, memory, NIGHT)
    assert aside.keys()[-1] == "question:emergency_screen" and set(aside.keys()[:-1]) == {"topic:causes"}
    assert aside.screen == Shown("info", "question", ids=("question:emergency_screen",))


def test_a_confirmation_has_its_reprompt_and_no_leaves_nothing_waiting(user):
    user.launch()
    asked = user.say("DeleteData")
    assert asked.text.endswith("Shall I?") and asked.reprompt == "Please say yes or no."
    declined = user.say("AMAZON.NoIntent")
    assert declined.text == f"Okay, I won't. {NEXT_IDLE}" and declined.attributes["pending"] is None
    assert user.say("AMAZON.YesIntent").text == f"I wasn't asking a yes or no question just then. {NEXT_IDLE}"


def test_the_emergency_advice_again_ends_with_what_to_say(user):
    user.launch()
    user.say("ReportSymptom", symptom="trouble_breathing")
    again = user.say("AMAZON.NextIntent")
    assert again.text.startswith("Please call 9 1 1 now, from a phone.")
    assert again.text.endswith("Say 'repeat' to hear this again.") and again.reprompt == "Say 'repeat' to hear this again."


def walk_to_the_end(user):
    user.say("GoToSection", section="followup")
    for _ in range(30):
        turn = user.say("SkipStep")
        if "end of the routine" in turn.text:
            return turn
    raise AssertionError("the routine never ended")


def test_the_feeding_reminder_offer_names_the_side_told_in_an_earlier_session(make_skill):
    user = Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))
    report_left_clog(user)
    user.session.advance(hours=1)
    user.launch()
    user.say("AMAZON.YesIntent")  # the lump is still there
    end = walk_to_the_end(user)
    assert end.text == ("That's the end of the routine. Would you like 8 reminders to feed or pump on the left "
                        "side, one every 3 hours for the next 24 hours?")
    assert end.reprompt == "Would you like that reminder? Say yes or no."


def test_a_lump_of_three_and_a_half_days_is_said_as_four_days(make_skill):
    user = Driver(make_skill(), Session(now=NIGHT, api_endpoint="http://127.0.0.1:9"))
    report_left_clog(user)
    user.session.advance(hours=84)
    user.launch()
    assert user.say("AMAZON.YesIntent").text.startswith("So it has lasted about 4 days.")


def test_the_feeding_reminder_offer_names_the_side_even_when_memory_cannot_be_saved(db_path, make_skill):
    """Nothing reaches the store: the side told in this session still names the reminders."""
    from skill.persistence.resilient import ResilientAdapter
    from skill.persistence.sqlite import SQLitePersistenceAdapter

    class Unwritable(SQLitePersistenceAdapter):
        def save_attributes(self, request_envelope, attributes):
            raise OSError("disk full")

    user = Driver(make_skill(ResilientAdapter(Unwritable(db_path), sleep=lambda seconds: None)))
    user.launch()
    user.say("StartRoutine", side="right", location="outer")
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    end = walk_to_the_end(user)
    assert end.text.endswith("Would you like 8 reminders to feed or pump on the right side, one every 3 hours for "
                             "the next 24 hours?")
