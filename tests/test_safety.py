"""Issue 9's safety answers through the real skill (real envelopes, the real SQLite store):
emergency answers that name the market's number first, the crisis line for thoughts of harm,
the CDC "Hear Her" urgent signs, false alarms, "I don't know" in every triage question, the
pre-check taking a symptom, a place or "not sure", and the lump's age asked once an episode.

Expectations are written out by hand from content/services.yaml (en-US: 911, 988) and the
guidelines named in content/triage.yaml."""
import pytest

from driver import Driver
from skill.console.envelopes import Session
from skill.content import ContentError, compile_content
from datetime import datetime, timezone

from skill.logic.conversation import Conversation, Event
from skill.logic.turn import Context

NOW = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)
CALL_911 = "Please call 9 1 1 now, from a phone. Alexa can't place that call."
CRISIS_988 = "You can also call or text 9 8 8, the Suicide and Crisis Lifeline, any time."
URGENT = ("Please call your doctor or midwife now about this. Within a year of a birth, this can be an "
          "urgent warning sign. If you can't reach them, call 9 1 1 now, from a phone.")
EMERGENCY_SCREEN = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
PROVIDER_TODAY = "Please contact your healthcare provider today."
EMERGENCY_SIGNS = ["trouble_breathing", "chest_pain", "racing_heart", "confusion", "fainting", "seizure", "dizziness"]
URGENT_SIGNS = ["headache", "vision_changes", "belly_pain", "heavy_bleeding", "leg_swelling", "face_swelling",
                "exhaustion"]


def words(text: str) -> int:
    return len(text.split())


def started(user: Driver) -> Driver:
    """A user who has heard the welcome (and the disclaimer) already."""
    user.launch()
    return user


# --- emergency answers that name the number ---------------------------------------------------
@pytest.mark.parametrize("sign", EMERGENCY_SIGNS)
def test_an_emergency_opens_with_the_number_and_says_nothing_of_self_harm(user, sign):
    turn = started(user).say("ReportSymptom", symptom=sign)
    assert turn.text.startswith(CALL_911)
    assert "harm" not in turn.text and "9 8 8" not in turn.text
    assert turn.attributes["emergency"] is True and not turn.ended
    assert words(turn.text) < 60


@pytest.mark.parametrize("sign", ["self_harm", "harm_baby"])
def test_thoughts_of_harm_get_the_number_first_then_the_crisis_line_kindly(user, sign):
    turn = started(user).say("ReportSymptom", symptom=sign)
    assert turn.text.startswith(CALL_911)
    assert "You deserve support, and you're not alone." in turn.text
    assert CRISIS_988 in turn.text
    assert words(turn.text) < 60


@pytest.mark.parametrize("sign", ["chest_pain", "self_harm"])
def test_a_first_use_emergency_keeps_the_disclaimer_for_help(user, sign):
    """A one-shot first use: nothing but the emergency advice. While it stands, a question gets
    the number and its answer, nothing more; help gives the advice again, then the disclaimer."""
    turn = user.say("ReportSymptom", symptom=sign)
    assert turn.text.startswith(CALL_911) and "not medical advice" not in turn.text
    assert words(turn.text) < 60
    asked = user.say("WhatIsClog").text
    assert asked.startswith("Please call 9 1 1 now, from a phone, if you haven't. A clogged milk duct is")
    assert "not medical advice" not in asked
    helped = user.say("AMAZON.HelpIntent").text
    assert helped.startswith(CALL_911) and "This skill gives general information, not medical advice." in helped


def test_the_routine_waits_behind_the_number_not_a_preamble(user):
    started(user).say("ReportSymptom", symptom="chest_pain")
    turn = user.say("AMAZON.NextIntent")
    assert turn.text.startswith(CALL_911) and "Before anything else" not in turn.text


def test_no_local_emergency_number_anywhere_in_what_is_said(user):
    said = [user.launch().text, user.say("AMAZON.FallbackIntent").text, user.say("AMAZON.HelpIntent").text,
            user.say("ReportSymptom", symptom="fever").text, user.say("AMAZON.NoIntent").text,
            user.say("AMAZON.StopIntent").text]
    assert not [text for text in said if "local emergency number" in text]
    assert "call 9 1 1" in said[1]  # the fallback points to the number


# --- CDC "Hear Her" urgent signs ----------------------------------------------------------------
@pytest.mark.parametrize("sign", URGENT_SIGNS)
def test_an_urgent_sign_asks_about_emergencies_then_says_call_the_provider_now(user, sign):
    asked = started(user).say("ReportSymptom", symptom=sign)
    assert EMERGENCY_SCREEN in asked.text
    turn = user.say("AMAZON.NoIntent")
    assert URGENT in turn.text and "chest pain" not in turn.text
    stop = user.say("AMAZON.StopIntent")
    assert "please call your doctor or midwife now, or 9 1 1 if you can't reach them" in stop.text


def test_triage_order_emergency_over_urgent_over_provider(user):
    started(user).say("ReportSymptom", symptom="fever", symptomTwo="headache")
    assert URGENT in user.say("AMAZON.NoIntent").text
    turn = user.say("ReportSymptom", symptom="dizziness")
    assert turn.text.startswith(CALL_911)


# --- the fever line ---------------------------------------------------------------------------
def test_a_fever_under_the_mastitis_line_counts_and_is_explained(user):
    """CDC Hear Her: 100.4 F is a postpartum warning sign; the seeds' mastitis line is 101 F."""
    turn = started(user).say("GiveTemperature", whole="100", fraction="6")
    assert turn.text.startswith("100.6 degrees Fahrenheit counts as a fever. After a birth, that counts, even under "
                                "the 101 degrees Fahrenheit, or 38.3 Celsius, often given for mastitis.")
    assert PROVIDER_TODAY in user.say("AMAZON.NoIntent").text


def test_a_fever_over_the_mastitis_line_needs_no_explanation(user):
    turn = started(user).say("GiveTemperature", whole="101", fraction="5")
    assert "mastitis" not in turn.text and "101.5 degrees Fahrenheit counts as a fever." in turn.text


def test_a_reading_with_three_decimals_is_not_cut_short(user):
    turn = started(user).say("GiveTemperature", whole="38", fraction="333", scale="celsius")
    assert turn.text.startswith("38.333 degrees Celsius counts as a fever.")


# --- "I don't know" ---------------------------------------------------------------------------
def test_no_thermometer_but_feeling_shivery_counts_as_a_possible_fever(user):
    started(user).say("ReportSymptom", symptom="lump")
    user.say("AMAZON.NoIntent")  # no emergency signs
    asked = user.say("DontKnow")
    assert asked.text == "That's okay. Do you feel feverish, hot, or shivery?"
    turn = user.say("AMAZON.YesIntent")
    assert PROVIDER_TODAY in turn.text
    stop = user.say("AMAZON.StopIntent")
    assert "Because you mentioned feeling feverish without a known temperature" in stop.text


def test_no_thermometer_and_not_feeling_hot_goes_on_to_the_next_question(user):
    started(user).say("ReportSymptom", symptom="lump")
    user.say("AMAZON.NoIntent")
    user.say("DontKnow")
    turn = user.say("AMAZON.NoIntent")
    assert "Do you have chills or body aches" in turn.text


def test_not_sure_about_emergency_signs_says_to_call_to_be_safe_and_goes_on(user):
    started(user).say("ReportSymptom", symptom="lump")
    turn = user.say("DontKnow")
    assert turn.text.startswith("If you're not sure, it's safest to call 9 1 1 now, from a phone.")
    assert "Do you have a fever?" in turn.text and turn.attributes["pending"] == "triage"


@pytest.mark.parametrize("question_turns, next_question", [
    (2, "Do you see any red streaks"),   # not sure about chills and aches
    (3, "How long has the lump been there?"),  # not sure about red streaks
])
def test_not_sure_is_an_answer_to_every_question(user, question_turns, next_question):
    started(user).say("ReportSymptom", symptom="lump")
    for _ in range(question_turns):
        user.say("AMAZON.NoIntent")
    turn = user.say("DontKnow")
    assert turn.text.startswith("Okay.") and next_question in turn.text
    assert "Let's finish this question first" not in turn.text


def test_not_sure_how_long_still_reaches_advice(user):
    started(user).say("ReportSymptom", symptom="lump")
    for _ in range(4):
        user.say("AMAZON.NoIntent")
    turn = user.say("DontKnow")
    assert "Call too if the lump is still there after 24 hours." in turn.text


# --- the pre-check ------------------------------------------------------------------------------
def at_precheck(user: Driver) -> Driver:
    started(user).say("StartRoutine")
    return user


def classic_begun(user: Driver) -> Driver:
    """Past the pre-check ("no") and the choice of routine (the classic one): its first step."""
    user.say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")
    return user


def test_precheck_not_sure_goes_through_the_signs_one_at_a_time(user):
    turn = at_precheck(user).say("DontKnow")
    assert turn.text.startswith("That's okay. Let's go through them one at a time.")
    assert EMERGENCY_SCREEN in turn.text


def test_precheck_takes_a_symptom_as_its_answer(user):
    turn = at_precheck(user).say("ReportSymptom", symptom="chills")
    assert "You mentioned chills." in turn.text and EMERGENCY_SCREEN in turn.text
    assert PROVIDER_TODAY in user.say("AMAZON.NoIntent").text


def test_precheck_takes_a_place_and_asks_again_without_looping(user):
    turn = at_precheck(user).say("SetClogLocation", side="left", location="outer")
    assert turn.text.startswith("Got it, a clog on the left side. Before we start, a quick check.")
    assert "Let's finish this question first" not in turn.text
    assert "Which would you like?" in user.say("AMAZON.NoIntent").text  # on to the choice of routine


# --- false alarms -------------------------------------------------------------------------------
def test_a_false_alarm_confirms_repeats_the_number_and_goes_back_to_the_step(user):
    at_precheck(user).say("AMAZON.NoIntent")
    user.say("ChooseRoutine", routine="classic")  # the routine's first step
    user.say("ReportSymptom", symptom="chest_pain")
    turn = user.say("FalseAlarm")
    assert turn.text.startswith("Okay, I've taken back chest pain. If it does happen, call 9 1 1 from a phone.")
    assert "Say 'continue' to go back to" in turn.text  # the step she was on
    assert "First, let's warm up" in user.say("AMAZON.ResumeIntent").text
    assert turn.attributes["emergency"] is False


def test_a_false_alarm_keeps_other_real_signs_and_their_advice(user):
    started(user).say("ReportSymptom", symptom="fever")  # asks the emergency question
    user.say("ReportSymptom", symptom="chest_pain")
    turn = user.say("FalseAlarm")
    # back to the question she was asked when she said it
    assert "taken back chest pain" in turn.text and EMERGENCY_SCREEN in turn.text
    assert PROVIDER_TODAY in user.say("AMAZON.NoIntent").text
    stop = user.say("AMAZON.StopIntent")
    assert "Because you mentioned a fever" in stop.text and "chest pain" not in stop.text


def test_a_retracted_sign_is_not_replayed_in_a_later_session(make_skill):
    user = Driver(make_skill())
    started(user).say("ReportSymptom", symptom="self_harm")
    user.say("FalseAlarm")
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=2)
    user.launch()
    turn = user.say("ReportSymptom", symptom="lump")
    assert "9 8 8" not in turn.text and not turn.text.startswith(CALL_911)
    stop = user.say("AMAZON.StopIntent")
    assert "harming" not in stop.text


def test_a_retracted_sign_stays_on_record_as_retracted(conversation):
    state, memory = {}, {"prefs": {"disclaimer_heard": True}}
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "lump"}), state, memory, NOW)
    conversation.handle(Event("ReportSymptomIntent", {"symptom": "chest_pain"}), state, memory, NOW)
    conversation.handle(Event("FalseAlarmIntent"), state, memory, NOW)
    assert memory["episode"]["signs"] == ["lump", "chest_pain"]  # never silently deleted
    assert memory["episode"]["retracted"] == ["chest_pain"]
    assert state["triage"]["signs"] == ["lump"]
    # said again later, it counts again
    reply = conversation.handle(Event("ReportSymptomIntent", {"symptom": "chest_pain"}), state, memory, NOW)
    assert reply.speech[0].text == CALL_911 and memory["episode"]["retracted"] == []


def test_nothing_to_take_back(user):
    turn = started(user).say("FalseAlarm")
    assert turn.text.startswith("There's nothing to take back.")


def test_nothing_to_take_back_keeps_the_question_waiting(user):
    at_precheck(user)
    turn = user.say("FalseAlarm")
    assert turn.text.startswith("There's nothing to take back.") and "Before we start, a quick check." in turn.text
    assert "Which would you like?" in user.say("AMAZON.NoIntent").text  # on to the choice of routine


def test_a_false_alarm_during_a_question_goes_back_to_the_questions(user):
    started(user).say("ReportSymptom", symptom="redness")
    user.say("ReportSymptom", symptom="trouble_breathing")
    turn = user.say("FalseAlarm")
    assert "taken back trouble breathing" in turn.text and EMERGENCY_SCREEN in turn.text


# --- later sessions: a short reminder, not the whole message ----------------------------------
def test_a_later_session_reminds_in_a_sentence_and_lets_the_routine_run(make_skill):
    user = Driver(make_skill(), Session(api_endpoint="http://127.0.0.1:9"))
    started(user).say("ReportSymptom", symptom="chest_pain")
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=3)
    reminder = "Because you mentioned chest pain, please call 9 1 1 now, from a phone, if you haven't."
    launched = user.launch()
    assert launched.text.startswith(reminder) and CALL_911 not in launched.text
    back = user.say("AMAZON.YesIntent")  # the lump is still there: named at the launch, not again
    assert reminder not in back.text and CALL_911 not in back.text
    start = user.say("StartRoutine")
    assert "two ways" in start.text and CALL_911 not in start.text  # the routine is not held back
    asked = user.say("ReportSymptom", symptom="fever")
    assert not asked.text.startswith(CALL_911) and EMERGENCY_SCREEN in asked.text
    turn = user.say("AMAZON.NoIntent")
    assert PROVIDER_TODAY in turn.text and reminder in turn.text and "This could be serious" not in turn.text


def test_reporting_the_sign_again_in_a_later_session_gives_the_full_advice(make_skill):
    user = Driver(make_skill())
    started(user).say("ReportSymptom", symptom="chest_pain")
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=3)
    user.launch()
    turn = user.say("ReportSymptom", symptom="chest_pain")
    assert turn.text.startswith(CALL_911)


# --- the lump's age: asked once an episode ------------------------------------------------------
def test_the_lump_age_is_not_asked_again_in_the_same_episode(make_skill):
    user = Driver(make_skill())
    started(user).say("GiveDuration", amount="10", unit="hours")
    user.say("AMAZON.NoIntent")  # no emergency signs: the stop leaves no question waiting
    user.say("AMAZON.StopIntent")
    user.session.advance(hours=20)  # 30 hours old now
    user.launch()
    user.say("AMAZON.YesIntent")  # still there: the routine offer
    user.say("ReportSymptom", symptom="pain")
    for _ in range(3):
        turn = user.say("AMAZON.NoIntent")
    assert "How long has the lump been there?" not in turn.text
    turn = user.say("AMAZON.NoIntent")
    assert "A lump that lasts 24 to 48 hours needs checking, so please contact your healthcare provider today." in turn.text


def test_a_lump_of_a_day_gets_provider_today(user):
    started(user).say("GiveDuration", amount="1", unit="days")
    for _ in range(4):
        turn = user.say("AMAZON.NoIntent")
    assert "please contact your healthcare provider today" in turn.text


# --- the market ---------------------------------------------------------------------------------
@pytest.mark.parametrize("locale, spoken", [
    ("en-US", "9 1 1"), ("en-CA", "9 1 1"), ("en-GB", "9 9 9"), ("en-AU", "triple zero, or in New Zealand, 1 1 1"), ("en-IN", "1 1 2"),
    (None, "9 1 1"), ("fr-FR", "9 1 1"),
])
def test_market_per_locale_with_en_us_by_default(content, locale, spoken):
    assert Conversation(content).in_locale(locale).market["emergency"]["spoken"] == spoken


@pytest.mark.parametrize("locale, crisis", [
    ("en-GB", ["Please call 9 9 9 now, from a phone. Alexa can't place that call.",
               "You deserve support, and you're not alone.",
               "You can also call 1 1 6, 1 2 3, Samaritans, any time."]),
    # New Zealand's number in the first sentence too: the en-AU store serves both countries.
    ("en-AU", ["Please call triple zero, or in New Zealand, 1 1 1 now, from a phone. Alexa can't place that call.",
               "You deserve support, and you're not alone.",
               "You can also call 13 11 14, Lifeline, any time.",
               "In New Zealand, call or text 1 7 3 7."]),
    ("en-US", [CALL_911, "You deserve support, and you're not alone.",
               CRISIS_988]),
])
def test_a_market_fills_every_sentence(content, locale, crisis):
    context = Context(content, locale)
    assert context.outcomes["crisis"]["say"] == crisis
    number = crisis[0].split(" now")[0].removeprefix("Please call ")
    # Every fallback carries the routine track's emergency pointer, after "Sorry, I didn't catch that."
    assert context.dialog.text("emergency_pointer") == f"If this is an emergency, call {number} from a phone."
    assert " ".join(context.topics["disclaimer"]["say"]).endswith(f"In an emergency, call {number} from a phone.")


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["markets"].pop("en-US"), "markets: 'en-US' is a required property"),
    (lambda d: d["markets"]["en-GB"]["emergency"].pop("spoken"), "'spoken' is a required property"),
    (lambda d: d["markets"]["en-GB"]["crisis"].pop("how"), "'how' is a required property"),
    (lambda d: d["markets"]["en-GB"]["emergency"].update(source="my friend"), "unknown source 'my friend'"),
])
def test_broken_services_are_refused_by_name(tmp_path, change, problem):
    import shutil

    import yaml

    from skill.content import DEFAULT_DIR

    target = tmp_path / "content"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns(".compiled.json*"))
    data = yaml.safe_load((target / "services.yaml").read_text())
    change(data)
    (target / "services.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as raised:
        compile_content(target)
    assert str(raised.value).startswith(str(target / "services.yaml")) and problem in str(raised.value)


def test_a_placeholder_that_is_not_a_market_number_is_refused(tmp_path):
    import shutil

    from skill.content import DEFAULT_DIR

    target = tmp_path / "content"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns(".compiled.json*"))
    path = target / "triage.yaml"
    path.write_text(path.read_text().replace("call {emergency} now, from a phone.\"", "call {police} now.\"", 1))
    with pytest.raises(ContentError, match="spoken text contains '{'"):
        compile_content(target)
