"""Whole conversations through the real skill (handlers, interceptors, SQLite memory)."""
import pytest

from driver import Driver

SIGNS_BY_LEVEL = {}


def signs(content, level):
    return [s for s, item in content["triage"]["signs"].items() if item["level"] == level]


def start_routine(user):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")
    return user.say("ChooseRoutine", routine="classic")


def walk_to_first_hold(user):
    turn = start_routine(user)
    while "[pause" not in turn.text:
        turn = user.say("AMAZON.NextIntent")
    return turn


# --- launch, disclaimer, help ------------------------------------------------------------
# en-US: the market's emergency number, spoken digit by digit (content/services.yaml).
DISCLAIMER = "This skill gives general information, not medical advice. In an emergency, call 9 1 1 from a phone."
CALL_NOW = "Please call 9 1 1 now, from a phone. Alexa can't place that call."


def test_first_launch_gives_the_disclaimer_once(user, content):
    disclaimer = DISCLAIMER
    first = user.launch()
    assert disclaimer in first.text and not first.ended
    user.say("AMAZON.StopIntent")
    again = user.launch()
    assert disclaimer not in again.text
    assert disclaimer in user.say("AMAZON.HelpIntent").text


def test_one_shot_first_use_still_hears_the_disclaimer(user, content):
    disclaimer = DISCLAIMER
    turn = user.say("WhatIsClogIntent")
    assert turn.text.startswith(disclaimer)


# --- the routine -----------------------------------------------------------------------
def test_full_walk_through_says_every_step_in_order(user, content):
    turn = start_routine(user)
    spoken = [turn.text]
    for _ in range(200):
        turn = user.say("AMAZON.NextIntent")
        spoken.append(turn.text)
        if "end of the routine" in turn.text:
            break
    else:
        pytest.fail("the routine never ended")
    transcript = " ".join(spoken)
    position = 0
    for section in content["routine"]["sections"]:
        for step in section["steps"]:
            found = transcript.find(step["say"], position)
            assert found >= position, step["id"]
            position = found
    total_hold = sum(s.get("hold_seconds", 0) for sec in content["routine"]["sections"] for s in sec["steps"])
    paused = sum(int(p) for p in __import__("re").findall(r"\[pause (\d+)s\]", transcript))
    assert paused >= total_hold * 0.8  # holds are paced, not skipped


def test_hold_spans_turns_and_next_continues_it(user):
    turn = walk_to_first_hold(user)
    assert "to go" in turn.text and "next" in turn.reprompt.lower()
    held = turn.attributes["pos"]["held"]
    more = user.say("AMAZON.NextIntent")
    assert more.attributes["pos"]["held"] > held
    assert more.attributes["pos"]["step"] == turn.attributes["pos"]["step"]


def test_skip_leaves_a_hold(user):
    turn = walk_to_first_hold(user)
    skipped = user.say("SkipStep")
    assert skipped.attributes["pos"]["step"] == turn.attributes["pos"]["step"] + 1 or \
        skipped.attributes["pos"]["section"] == turn.attributes["pos"]["section"] + 1


def test_previous_repeat_start_over_and_where(user, content):
    start_routine(user)
    second = user.say("AMAZON.NextIntent")
    assert user.say("AMAZON.RepeatIntent").ssml == second.ssml
    back = user.say("AMAZON.PreviousIntent")
    assert content["routine"]["sections"][0]["steps"][0]["say"] in back.text
    first_again = user.say("AMAZON.PreviousIntent")
    assert "first step" in first_again.text
    user.say("AMAZON.NextIntent")
    where = user.say("WhereAmI")
    assert "step 2 of" in where.text
    over = user.say("AMAZON.StartOverIntent")
    assert over.attributes["pos"] == {"section": 0, "step": 0, "held": 0}


@pytest.mark.parametrize("section", ["prepare", "massage", "positioning", "followup"])
def test_jump_to_each_section(user, content, section):
    user.launch()
    turn = user.say("GoToSection", section=section)
    wanted = next(s for s in content["routine"]["sections"] if s["id"] == section)
    assert wanted["intro"] in turn.text and wanted["steps"][0]["say"] in turn.text


def test_unknown_section_gets_a_clarifying_question(user):
    user.launch()
    turn = user.say("GoToSection", section="the kitchen")
    assert "warmth, massage, positioning, or follow-up" in turn.text and not turn.ended


def test_pause_ends_the_session_and_resume_picks_up_in_a_new_one(user, content):
    start_routine(user)
    user.say("AMAZON.NextIntent")
    paused = user.say("AMAZON.PauseIntent")
    assert paused.ended and "resume" in paused.text
    resumed = user.say("AMAZON.ResumeIntent")  # a one-shot in a new session
    assert content["routine"]["sections"][0]["steps"][1]["say"] in resumed.text


def test_clog_location_suggests_a_hold(user, content):
    user.launch()
    turn = user.say("SetClogLocation", side="left", location="outer")
    assert content["positions"]["locations"]["outer"]["hold"] in turn.text
    positioning = user.say("GoToSection", section="positioning")
    assert content["positions"]["locations"]["outer"]["hold"] in positioning.text


def test_topics_are_answered_from_content(user, content):
    user.launch()
    for intent, topic in [("WhatIsClog", "what_is"), ("Causes", "causes"), ("ClearedSigns", "cleared_signs"),
                          ("Prevention", "prevention"), ("MastitisInfo", "mastitis"), ("SymptomsInfo", "symptoms")]:
        turn = user.say(intent)
        assert content["topics"]["topics"][topic]["say"][0] in turn.text
        assert turn.reprompt


def test_topic_mid_routine_offers_the_way_back(user, content):
    start_routine(user)
    turn = user.say("Causes")
    assert "continue" in turn.reprompt and content["routine"]["sections"][0]["steps"][0]["title"] in turn.reprompt


def answer_until_outcome(user, turn=None):
    for _ in range(8):
        if turn is not None and user.session.attributes.get("pending") != "triage":
            return turn
        if turn is not None and "how long" in turn.text.lower():
            turn = user.say("GiveDuration", amount="3", unit="hours")
        else:
            turn = user.say("AMAZON.NoIntent")
    pytest.fail("triage did not finish")


# --- triage from every state ------------------------------------------------------------
STATES = {
    "launch": lambda u: u.launch(),
    "precheck": lambda u: (u.launch(), u.say("StartRoutine")),
    "mid_step": start_routine,
    "mid_hold": walk_to_first_hold,
    "mid_question": lambda u: (u.launch(), u.say("ReportSymptom", symptom="lump")),
    "after_topic": lambda u: (u.launch(), u.say("Causes")),
    "after_outcome": lambda u: (u.launch(), u.say("ReportSymptom", symptom="fever"),
                                *[u.say("AMAZON.NoIntent") for _ in range(3)],
                                u.say("GiveDuration", amount="3", unit="hours")),
}


@pytest.mark.parametrize("state", STATES)
def test_every_emergency_sign_from_every_state(make_skill, content, state):
    for sign in signs(content, "emergency"):
        user = Driver(make_skill())
        STATES[state](user)
        turn = user.say("ReportSymptom", symptom=sign)
        # The first sentence names the number to call now, from a phone, as Alexa cannot.
        assert turn.text.startswith(CALL_NOW), (state, sign)
        # Only thoughts of harm get the crisis line, and only they hear about harm.
        crisis = sign in ("self_harm", "harm_baby")
        assert ("call or text 9 8 8" in turn.text) == crisis and ("harm" in turn.text.replace(
            "harming yourself", "").replace("harming your baby", "")) is False, (state, sign)
        assert not turn.ended


@pytest.mark.parametrize("state", STATES)
def test_every_provider_sign_from_every_state(make_skill, content, state):
    outcome = content["triage"]["outcomes"]["provider"]["say"][0]
    for sign in signs(content, "provider"):
        user = Driver(make_skill())
        STATES[state](user)
        turn = answer_until_outcome(user, user.say("ReportSymptom", symptom=sign))
        assert outcome in turn.text, (state, sign)


def test_emergency_screen_comes_first_and_yes_escalates(user, content):
    user.launch()
    asked = user.say("ReportSymptom", symptom="pain")
    assert content["triage"]["questions"]["emergency_screen"]["ask"] in asked.text
    turn = user.say("AMAZON.YesIntent")
    assert turn.text.startswith(CALL_NOW)


@pytest.mark.parametrize("slots, expect", [
    ({"whole": "101"}, "101 degrees Fahrenheit counts as a fever"),
    ({"whole": "38", "fraction": "3"}, "38.3 degrees Celsius counts as a fever"),
    ({"whole": "99"}, "99 degrees Fahrenheit is under the fever line"),
    ({"whole": "37", "fraction": "2", "scale": "celsius"}, "37.2 degrees Celsius is under the fever line"),
])
def test_temperatures_in_both_scales(user, slots, expect):
    user.launch()
    assert expect in user.say("GiveTemperature", **slots).text


@pytest.mark.parametrize("slots", [{"whole": "250"}, {"whole": "60"}, {}, {"whole": "38", "scale": "fahrenheit"}])
def test_nonsense_temperature_is_asked_again(user, content, slots):
    user.launch()
    user.say("ReportSymptom", symptom="lump")
    user.say("AMAZON.NoIntent")  # emergency screen
    turn = user.say("GiveTemperature", **slots)
    assert "say it again" in turn.text
    assert content["triage"]["questions"]["fever"]["ask"] in turn.text  # still on the fever question


def test_questions_cannot_be_skipped_by_navigation(user, content):
    user.launch()
    user.say("ReportSymptom", symptom="redness")
    turn = user.say("AMAZON.NextIntent")
    assert content["triage"]["questions"]["emergency_screen"]["reprompt"] in turn.text


def test_triage_mid_routine_returns_to_the_step(user, content):
    start_routine(user)
    user.say("ReportSymptom", symptom="chills")
    for _ in range(3):
        turn = user.say("AMAZON.NoIntent")
    turn = user.say("GiveDuration", amount="4", unit="hours")
    assert "continue" in turn.text
    back = user.say("AMAZON.ResumeIntent")
    assert content["routine"]["sections"][0]["steps"][0]["say"] in back.text


def test_lump_gone_after_a_red_flag_still_sends_them_to_a_provider(user):
    user.launch()
    user.say("GiveTemperature", whole="102")
    blocked = user.say("LumpGone")  # a safety question is waiting: it comes first
    assert "Right now" in blocked.text
    answer_until_outcome(user)
    turn = user.say("LumpGone")
    assert "healthcare provider" in turn.text and "good sign" not in turn.text
    bye = user.say("AMAZON.StopIntent")
    assert bye.ended and "healthcare provider" in bye.text


def test_lump_gone_without_flags_moves_to_follow_up(user):
    """Straight to the aftercare: she has just said it cleared, so never "feel the lump again".
    With no routine chosen, the gentle one's: feeding as usual, never emptying the breast."""
    user.launch()
    turn = user.say("LumpGone")
    assert "A few things help while it settles. Feed whenever baby wants." in turn.text
    assert "Notice how the sore spot feels" not in turn.text and "empty that breast" not in turn.text


# --- yes/no in context, fallback, odd input ------------------------------------------------
def test_yes_no_without_a_question(user):
    user.launch()
    assert "wasn't asking" in user.say("AMAZON.YesIntent").text


def test_no_to_start_offer(user):
    user.launch()
    offer = user.say("AMAZON.NextIntent")
    assert "Would you like" in offer.text
    assert user.say("AMAZON.NoIntent").text.startswith("Okay")


def test_fallback_fits_the_state(user, content):
    user.launch()
    idle = user.say("AMAZON.FallbackIntent")
    user.say("ReportSymptom", symptom="lump")
    asking = user.say("AMAZON.FallbackIntent")
    assert content["triage"]["questions"]["emergency_screen"]["ask"] in asking.text
    assert content["triage"]["questions"]["emergency_screen"]["ask"] not in idle.text


UNWELL = ("I'm sorry you're not feeling well. If it's an emergency, call 9 1 1 now. "
          "I'll ask a few quick questions to check for warning signs. Right now, any trouble breathing, "
          "chest pain, a racing heart, confusion, or feeling faint or dizzy?")
HOW_LONG_AGAIN = ("I didn't catch how long. Please tell me in hours or days. "
                  "You can say something like 'two days' or 'since this morning'.")


@pytest.mark.parametrize("intent, slots, answer", [
    ("ReportSymptom", {}, UNWELL),
    ("ReportSymptom", {"symptom": "purple elbows"}, UNWELL),
    ("GiveDuration", {"amount": "lots"}, HOW_LONG_AGAIN),
    ("GiveDuration", {"amount": "9999", "unit": "days"}, HOW_LONG_AGAIN),
    ("SetClogLocation", {"location": "moon"},
     "Got it, a clog. Where on the breast is it? For example, 'near my armpit', 'on the underside', or 'near the nipple'."),
    ("NoSuchIntent", {}, "Sorry, I didn't catch that. If this is an emergency, call 9 1 1 from a phone. "
                         "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."),
    ("GoToSection", {}, "I'm not sure which part you mean. You can say warmth, massage, positioning, or follow-up."),
])
def test_odd_slots_get_a_clarifying_answer(user, intent, slots, answer):
    user.launch()
    turn = user.say(intent, **slots)
    assert turn.text == answer and not turn.ended and turn.reprompt


def test_garbage_session_attributes_start_the_session_afresh(user):
    user.launch()
    user.session.attributes = {"pos": {"section": 99}, "triage": "x", "pending": "nonsense", "mode": 7, "_last": 3}
    turn = user.say("AMAZON.NextIntent")
    assert turn.text == "We haven't started the guided routine yet. Would you like me to guide you through easing it?"


def test_a_failing_store_still_guides_and_triages(make_skill):
    from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

    from skill.persistence.resilient import ResilientAdapter

    class Down(AbstractPersistenceAdapter):
        def get_attributes(self, request_envelope):
            raise ConnectionError("store unreachable")

        save_attributes = delete_attributes = get_attributes

    user = Driver(make_skill(ResilientAdapter(Down(), retries=1, deadline_seconds=0.05, sleep=lambda s: None)))
    assert not user.launch().ended
    turn = user.say("ReportSymptom", symptom="trouble_breathing")
    assert CALL_NOW in turn.text
    assert "went wrong" not in turn.text and "storage" not in turn.text.lower()


def test_an_unexpected_error_gets_a_safe_answer(make_skill, caplog, monkeypatch):
    from skill.logic.conversation import Conversation

    def boom(self, *args, **kwargs):
        raise RuntimeError("fever 103 for user amzn1.secret")

    monkeypatch.setattr(Conversation, "handle", boom)
    user = Driver(make_skill())
    turn = user.say("ReportSymptom", symptom="fever")
    assert "emergency" in turn.text and not turn.ended and turn.reprompt
    logged = caplog.text
    assert "RuntimeError" in logged and "103" not in logged and "amzn1.secret" not in logged


def test_malformed_envelope_through_lambda_handler():
    from skill.lambda_function import lambda_handler

    response = lambda_handler({"request": {"type": 5}, "version": []}, None)
    assert "in an emergency, call 9 1 1." in response["response"]["outputSpeech"]["ssml"]


def test_session_ended_request_is_answered(user):
    user.launch()
    response = user.send(user.session.session_ended("EXCEEDED_MAX_REPROMPTS"))
    assert response.body.get("outputSpeech") is None
