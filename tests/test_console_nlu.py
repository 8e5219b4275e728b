"""Console NLU (typed text → intent through the real model) and the console's turn loop,
driven by a fake handler that answers with real-shaped Alexa responses."""
from __future__ import annotations

import io
import json
import os
import sys
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from skill.console.__main__ import echoing_reader, main
from skill.console.envelopes import Session
from skill.console.nlu import (BUILTIN_PHRASES, FALLBACK, MODEL_PATH, NLU, Resolution, default_nlu, locale_nlu, normalise,
                               spoken_number)
from skill.console.repl import Console
from skill.render.console import ssml_to_text

CASES = yaml.safe_load((Path(__file__).parent / "data/nlu_cases.yaml").read_text(encoding="utf-8"))


def resolve(text: str) -> Resolution:
    return default_nlu().resolve(text)


@pytest.mark.parametrize("case", CASES, ids=[c["text"] or "<empty>" for c in CASES])
def test_phrase_resolves_to_intent_and_slot_ids(case):
    result = resolve(case["text"])
    assert result.intent == case["intent"]
    assert {name: value.id or value.spoken for name, value in result.slots.items()} == case.get("slots", {})
    assert result.new_session == case.get("new_session", False)


def test_custom_slots_keep_what_was_said_and_resolve_to_the_id():
    assert resolve("i'm short of breath and disoriented").slots == {
        "symptom": ("short of breath", "trouble_breathing"), "symptomTwo": ("disoriented", "confusion")}
    assert resolve("there are red streaks").slots["symptom"] == ("red streaks", "red_streaks"), "longest synonym first"


@pytest.mark.parametrize("words, digits", [
    ("38", "38"), ("thirty eight", "38"), ("a hundred and one", "101"), ("one hundred two", "102"),
    ("one oh one", "101"), ("ninety nine", "99"), ("zero", "0"),
])
def test_spoken_numbers_become_digits_like_alexa(words, digits):
    assert spoken_number(words) == digits


@pytest.mark.parametrize("words", ["oh", "a", "one oh banana"])
def test_non_numbers_are_rejected(words):
    assert spoken_number(words) is None


def test_normalise_drops_fillers_and_punctuation_but_keeps_apostrophes():
    assert normalise("Um, Alexa... it's 101.5°F, PLEASE!") == "it's 101 point 5 degrees f"
    assert normalise("I am “so” tired") == "i'm so tired"


def test_built_in_phrase_table_agrees_with_the_model():
    """Each built-in phrase resolves to its own intent: no model sample claims it for another."""
    nlu = default_nlu()
    for intent, phrases in BUILTIN_PHRASES.items():
        for phrase in phrases:
            assert nlu.resolve(phrase).intent == intent, phrase


def test_more_literal_words_win_when_two_intents_match():
    model = {"interactionModel": {"languageModel": {
        "invocationName": "test skill",
        "intents": [
            {"name": "Loose", "slots": [{"name": "n", "type": "AMAZON.NUMBER"}], "samples": ["i have {n}"]},
            {"name": "Specific", "slots": [{"name": "n", "type": "AMAZON.NUMBER"}],
             "samples": ["i have a fever of {n}"]},
            {"name": "Short", "samples": ["fever"]},
        ],
        "types": [],
    }}}
    nlu = NLU(model)
    assert nlu.resolve("i have a fever of a hundred").intent == "Specific"
    assert nlu.resolve("i have twelve").intent == "Loose"
    # A whole-utterance match beats a sample found inside it, however specific.
    assert nlu.resolve("fever").intent == "Short"
    assert nlu.resolve("i have a fever of a hundred okay").intent == "Specific"
    # Too little of a long utterance to decide it as a whole; but it is a whole clause of it.
    long_tail = "well i have a fever of one hundred and also it hurts a lot and i am so tired"
    assert nlu.resolve(long_tail).intent == "Specific"
    assert nlu.resolve("it hurts a lot and no and i am so tired").intent == FALLBACK, "a clause of no is no answer"


def test_slot_names_list_every_declared_slot():
    assert default_nlu().slot_names("GiveTemperatureIntent") == ["whole", "fraction", "scale", "qualifier"]
    assert default_nlu().slot_names("AMAZON.YesIntent") == []


# --- SSML rendering ----------------------------------------------------------------------

def test_ssml_to_text_shows_pauses_and_drops_other_tags():
    ssml = ('<speak>Hold the compress.<break time="10s"/>Now <emphasis level="strong">gently</emphasis>'
            ' massage &amp; breathe.<break strength="strong"/><say-as interpret-as="cardinal">3</say-as>'
            ' more.</speak>')
    assert ssml_to_text(ssml) == "Hold the compress. [pause 10s] Now gently massage & breathe. [pause] 3 more."


# --- The turn loop against a fake skill -------------------------------------------------

def response(ssml: str, reprompt: str | None = None, end: bool = False, attributes: dict | None = None) -> dict:
    body: dict = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{ssml}</speak>"}, "shouldEndSession": end}
    if reprompt:
        body["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{reprompt}</speak>"}}
    return {"version": "1.0", "sessionAttributes": attributes or {}, "response": body}


class FakeSkill:
    """Records envelopes and replies like a tiny skill: counts turns, says goodbye on Stop."""

    def __init__(self):
        self.envelopes: list[dict] = []

    def __call__(self, envelope: dict, context) -> dict:
        self.envelopes.append(envelope)
        request = envelope["request"]
        if request["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        turns = envelope["session"]["attributes"].get("turns", 0) + 1
        name = request.get("intent", {}).get("name", request["type"])
        if name == "AMAZON.StopIntent":
            return response("Take care.", end=True)
        return response(f'Heard {name}.<break time="10s"/>Ready?', reprompt="Say next when ready.",
                        attributes={"turns": turns})


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


START = datetime(2025, 1, 1, 3, 0, tzinfo=timezone.utc)


def run(lines: list[str], skill: FakeSkill | None = None, clock: Clock | None = None) -> tuple[str, FakeSkill]:
    skill = skill or FakeSkill()
    out = io.StringIO()
    console = Console(handler=skill, nlu=default_nlu(), session=Session(now=START), out=out,
                      monotonic=clock or Clock())
    console.run(echoing_reader(io.StringIO("".join(f"{line}\n" for line in lines)), out))
    return out.getvalue(), skill


def test_launch_then_intent_with_resolved_slots_in_one_session():
    text, skill = run(["open milk duct helper", "it's on the left side near my armpit"])
    launch, intent = skill.envelopes[:2]
    assert launch["request"]["type"] == "LaunchRequest" and launch["session"]["new"]
    assert not intent["session"]["new"] and intent["session"]["sessionId"] == launch["session"]["sessionId"]
    assert intent["session"]["attributes"] == {"turns": 1}, "session attributes travel back"
    slots = intent["request"]["intent"]["slots"]
    assert slots["side"]["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] == "left"
    assert slots["location"]["value"] == "armpit"
    assert "alexa> Heard SetClogLocationIntent. [pause 10s] Ready?" in text
    assert "(if you say nothing: Say next when ready.)" in text


def test_empty_slots_are_sent_without_values():
    _, skill = run(["open milk duct helper", "set a timer for twenty minutes"])
    slots = skill.envelopes[1]["request"]["intent"]["slots"]
    assert slots["minutes"]["value"] == "20"
    assert "value" not in slots["compress"]


def test_silence_plays_the_reprompt_then_closes_the_session():
    text, skill = run(["open milk duct helper", "", ""])
    assert text.count("alexa> Say next when ready.") == 1
    assert len(skill.envelopes) == 2, "the first silence sends nothing"
    assert skill.envelopes[1]["request"] == skill.envelopes[1]["request"] | {
        "type": "SessionEndedRequest", "reason": "EXCEEDED_MAX_REPROMPTS"}


def test_session_end_then_next_line_starts_a_new_session():
    text, skill = run(["open milk duct helper", "stop", "what causes this"])
    assert "alexa> Take care." in text and "session ended" in text
    first, _, after = skill.envelopes[:3]
    assert after["session"]["new"] and after["session"]["sessionId"] != first["session"]["sessionId"]
    assert after["request"]["intent"]["name"] == "CausesIntent", "a one-shot, not a launch"
    assert after["session"]["attributes"] == {}


def test_one_shot_phrase_starts_a_fresh_session_even_mid_session():
    _, skill = run(["open milk duct helper", "ask milk duct helper to help me with a clog"])
    assert skill.envelopes[1]["session"]["new"]
    assert skill.envelopes[1]["request"]["intent"]["name"] == "StartRoutineIntent"


def test_time_command_moves_the_request_timestamp():
    clock = Clock()
    skill = FakeSkill()
    out = io.StringIO()
    console = Console(handler=skill, nlu=default_nlu(), session=Session(now=START), out=out, monotonic=clock)
    console.handle_line("open milk duct helper")
    clock.now += 90  # real time passes too
    console.handle_line(":time +30h")
    console.handle_line("next")
    assert skill.envelopes[0]["request"]["timestamp"] == "2025-01-01T03:00:00Z"
    assert skill.envelopes[1]["request"]["timestamp"] == "2025-01-02T09:01:30Z"


def test_new_command_ends_the_session_and_eof_exits_cleanly():
    text, skill = run(["open milk duct helper", ":new", "next"])
    kinds = [e["request"]["type"] for e in skill.envelopes]
    assert kinds == ["LaunchRequest", "SessionEndedRequest", "IntentRequest", "SessionEndedRequest"]
    assert skill.envelopes[2]["session"]["new"], ":new closed the old session"


def test_quit_stops_reading():
    text, skill = run([":quit", "open milk duct helper"])
    assert skill.envelopes == [] and "open milk duct helper" not in text


def test_a_crashing_skill_does_not_end_the_console(capsys):
    def broken(envelope, context):
        raise RuntimeError("boom")
    out = io.StringIO()
    console = Console(handler=broken, nlu=default_nlu(), out=out)
    assert console.handle_line("open milk duct helper") is True
    assert "raised an error" in out.getvalue()
    assert "RuntimeError: boom" in capsys.readouterr().err


def test_permission_request_can_be_answered():
    def skill(envelope, context):
        skill.envelopes.append(envelope)
        if envelope["request"]["type"] == "Connections.Response":
            return response(f"Permission {envelope['request']['payload']['status']}.")
        return {"version": "1.0", "response": {"directives": [{
            "type": "Connections.SendRequest", "name": "AskFor", "token": "",
            "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "1",
                        "permissionScope": "alexa::alerts:reminders:skill:readwrite"}}]}}
    skill.envelopes = []
    out = io.StringIO()
    console = Console(handler=skill, nlu=default_nlu(), out=out)
    console.handle_line("remind me to feed from that side")
    assert "asks for permission alexa::alerts:reminders:skill:readwrite" in out.getvalue()
    console.handle_line(":allow")
    assert "alexa> Permission ACCEPTED." in out.getvalue()
    assert skill.envelopes[-1]["session"]["user"]["permissions"]["consentToken"]


def test_main_sets_the_data_dir_before_importing_the_skill_and_runs_scripted(monkeypatch, tmp_path, capsys):
    seen = {}

    def lambda_handler(envelope, context):
        seen["data_dir"] = os.environ["MILKDUCT_DATA_DIR"]
        return response("Welcome.", reprompt="What's going on?")
    monkeypatch.setitem(sys.modules, "skill.lambda_function", types.SimpleNamespace(lambda_handler=lambda_handler))
    monkeypatch.setattr(sys, "stdin", io.StringIO("open milk duct helper\n\n"))
    monkeypatch.delenv("MILKDUCT_DATA_DIR", raising=False)
    assert main(["--data-dir", str(tmp_path / "store"), "--user", "amzn1.ask.account.TEST"]) == 0
    assert seen["data_dir"] == str(tmp_path / "store") and (tmp_path / "store").is_dir()
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == ["you> open milk duct helper", "alexa> Welcome.", "(if you say nothing: What's going on?)",
                         "you> "]
    assert lines[4] == "alexa> What's going on?"


# --- Fuzzy matching (stands in for Alexa's statistical matching) ----------------------------

FUZZY_MODEL = {"interactionModel": {"languageModel": {
    "invocationName": "test skill",
    "intents": [
        {"name": "Report", "slots": [{"name": "symptom", "type": "SYMPTOM"}, {"name": "symptomTwo", "type": "SYMPTOM"}],
         "samples": ["i have {symptom}", "i feel {symptom}", "i {symptom}", "my {symptom}"]},
        {"name": "Start", "slots": [{"name": "side", "type": "SIDE"}],
         "samples": ["help me with a clogged duct", "my {side} breast is clogged"]},
        {"name": "Temperature", "slots": [{"name": "whole", "type": "AMAZON.NUMBER"}], "samples": ["it's {whole}"]},
        {"name": "Cleared", "samples": ["the lump is gone"]},
        {"name": "AMAZON.YesIntent", "samples": []},
    ],
    "types": [
        {"name": "SYMPTOM", "values": [
            {"id": "racing_heart", "name": {"value": "racing heart", "synonyms": ["heart rate is high"]}},
            {"id": "fainting", "name": {"value": "fainting", "synonyms": ["fainted"]}},
            {"id": "fever", "name": {"value": "fever"}}]},
        {"name": "SIDE", "values": [{"id": "left", "name": {"value": "left", "synonyms": ["my left breast"]}}]},
    ],
}}}


@pytest.mark.parametrize("text, intent, slots", [
    # extra words and another order
    ("can you please help me with my clogged duct", "Start", {}),
    ("gone is the lump i think", "Cleared", {}),
    # a value heard with a word put in, filled as Alexa's entity resolution would
    ("my heart rate is really high", "Report", {"symptom": "racing_heart"}),
    # a value only one intent has anchors a long sentence
    ("i fainted and i have just been lying on the floor for a while now", "Report", {"symptom": "fainting"}),
])
def test_fuzzy_tier_forgives_how_people_talk(text, intent, slots):
    result = NLU(FUZZY_MODEL).resolve(text)
    assert result.intent == intent
    assert {name: value.id for name, value in result.slots.items()} == slots


@pytest.mark.parametrize("text", [
    "i don't have a fever",  # negation must agree
    "one sec",  # a number alone is not "it's {whole}": the sample's own words must be said
    "yeah i guess",  # yes is never guessed
    "what's the weather like",
])
def test_fuzzy_tier_does_not_guess(text):
    assert NLU(FUZZY_MODEL).resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["about 10 tonight", "about 10 pm", "about ten o'clock", "about 10 this morning"])
def test_a_time_of_day_is_never_a_quantity(text):
    """'about 10 tonight' said to 'how long?' is a time: a temperature of 10 would be misheard."""
    model = json.loads(json.dumps(FUZZY_MODEL))
    model["interactionModel"]["languageModel"]["intents"][2]["samples"].append("about {whole}")
    assert NLU(model).resolve(text).intent == FALLBACK


TAKE_BACK_MODEL = {"interactionModel": {"languageModel": {
    **FUZZY_MODEL["interactionModel"]["languageModel"],
    "intents": [*FUZZY_MODEL["interactionModel"]["languageModel"]["intents"],
                {"name": "FalseAlarmIntent", "slots": [{"name": "symptom", "type": "SYMPTOM"}],
                 "samples": ["i said that by mistake", "i don't have that", "wait i don't have a {symptom}"]}],
}}}


@pytest.mark.parametrize("text", ["no i really don't have that", "i definitely don't have that", "i don't have a fever"])
def test_a_take_back_is_never_guessed(text):
    """Taking back a sign that was not meant is only heard word for word: a "no" in other words
    that became a take-back would lose a sign, a missed take-back keeps one (the safe side)."""
    assert NLU(TAKE_BACK_MODEL).resolve(text).intent == FALLBACK


def test_a_take_back_naming_a_sign_is_heard_word_for_word():
    result = NLU(TAKE_BACK_MODEL).resolve("wait i don't have a fever")
    assert result.intent == "FalseAlarmIntent" and result.slots["symptom"].id == "fever"


def test_a_take_back_s_slot_does_not_stop_a_sign_anchoring_a_long_sentence():
    result = NLU(TAKE_BACK_MODEL).resolve("i fainted while i was lying on the floor for a while now")
    assert (result.intent, result.slots["symptom"].id) == ("Report", "fainting")


def test_a_value_is_heard_with_words_put_in_never_with_words_left_out():
    """'my breast' is not 'my left breast': a side the parent never said is not filled."""
    result = NLU(FUZZY_MODEL).resolve("so my breast is all clogged up")
    assert result.intent == "Start" and "side" not in result.slots


# --- An answer said with a sign or a worry: the sign, then the worry, win -----------------------

RAMBLE_MODEL = {"interactionModel": {"languageModel": {
    "invocationName": "test skill",
    "intents": [
        {"name": "ReportSymptomIntent", "slots": [{"name": "symptom", "type": "SYMPTOM"}],
         "samples": ["i have a {symptom}", "there's a {symptom}"]},
        {"name": "SuspectMastitisIntent", "samples": ["i think it's infected", "i'm worried it's mastitis"]},
        {"name": "LumpStillThereIntent", "samples": ["it's still there"]},
    ],
    "types": [{"name": "SYMPTOM", "values": [{"id": "red_streaks", "name": {"value": "red streak"}},
                                             {"id": "fever", "name": {"value": "fever"}}]}],
}}}


@pytest.mark.parametrize("text, intent, slots", [
    ("yeah it's still there and now i think it's infected", "SuspectMastitisIntent", {}),
    ("no but i'm worried it's mastitis", "SuspectMastitisIntent", {}),
    # typed without apostrophes, as Alexa never writes them
    ("yeah its still there and theres a red streak", "ReportSymptomIntent", {"symptom": "red_streaks"}),
    # a sign outranks the worry, whichever is said first
    ("i think it's infected and i have a fever", "ReportSymptomIntent", {"symptom": "fever"}),
    # the worry denied is no worry: the question is asked again
    ("yes it's still there but i don't think it's infected", FALLBACK, {}),
])
def test_a_sign_then_the_worry_outweigh_the_answer_said_with_them(text, intent, slots):
    result = NLU(RAMBLE_MODEL).resolve(text)
    assert result.intent == intent
    assert {name: value.id for name, value in result.slots.items()} == slots


@pytest.mark.parametrize("text", ["still there but no fever", "yes it's still there and no fever"])
def test_no_right_before_a_sign_denies_it(text):
    """"No fever" is not a fever: the model's "no but i have {symptom}" (an answer, then a sign)
    must not lend the fever a slot."""
    assert "fever" not in {value.id for value in default_nlu().resolve(text).slots.values()}


@pytest.mark.parametrize("text", ["yes it's still there and i'm pumping now",
                                  "no it's gone but i'm worried it was mastitis"])
def test_a_report_needs_its_sign_heard(text):
    """The model's "yes it's still there and i'm {symptom}" said with no sign in the slot is no
    report of one (it was ReportSymptomIntent with an empty slot: "I'm sorry you're not feeling well")."""
    assert default_nlu().resolve(text).intent != "ReportSymptomIntent"


# The parent's rambles (issue brief "ramble"), and what a real device must send for each.
RAMBLES = [
    ("ugh yeah its still there and now i think its getting infected", "SuspectMastitisIntent", set()),
    ("no its gone but i feel hot and shivery", "ReportSymptomIntent", {"fever", "chills"}),
    ("yes and it's red now", "ReportSymptomIntent", {"redness"}),
    ("still there and i have a fever", "ReportSymptomIntent", {"fever"}),
    ("yeah still there, my whole breast hurts and i feel like i have the flu", "ReportSymptomIntent",
     {"pain", "flu_like"}),
    ("no i dont have a fever but i have chills", "ReportSymptomIntent", {"chills"}),
    ("yeah its still there and theres a red streak", "ReportSymptomIntent", {"red_streaks"}),
]


@pytest.fixture(scope="module")
def samples_only():
    """The en-US model's samples alone, word for word (whole or most of the utterance): what the
    model itself says, without the console's fuzzy and clause tiers standing in for Alexa."""
    nlu = NLU(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    nlu._fuzzy = lambda text: None
    nlu._by_clause = lambda text: None
    return nlu


@pytest.mark.parametrize("text, intent, signs", RAMBLES)
def test_the_model_samples_give_the_console_s_answer_to_a_ramble(samples_only, text, intent, signs):
    for nlu in (default_nlu(), samples_only):
        result = nlu.resolve(text)
        assert (result.intent, {value.id for value in result.slots.values()}) == (intent, signs)


@pytest.mark.parametrize("held_out_file", ["ramble.yaml", "tired.yaml", "called.yaml"])
def test_no_held_out_phrasing_written_before_its_samples_is_a_sample(held_out_file):
    language = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    samples = {normalise(s) for intent in language["intents"] for s in intent.get("samples", [])}
    held_out = yaml.safe_load((Path(__file__).parent / "nlu" / held_out_file).read_text(encoding="utf-8"))
    assert not [case["say"] for case in held_out if normalise(case["say"]) in samples]


# A sign said the other way round is not that sign: "can" is not "can't" however close the
# letters, and a denied sign is not "not sure" (at the emergency question, "not sure" is the call).
DENIED = ["I can breathe", "I'm breathing fine", "my chest doesn't hurt", "I'm not confused", "no I can breathe ok",
          "I can breathe fine", "I'm not dizzy", "I don't have a fever", "I'm not short of breath",
          "I'm not feeling dizzy", "I'm not feeling confused"]


@pytest.mark.parametrize("text", DENIED)
def test_a_denied_sign_is_no_sign_and_not_unsure(text):
    result = resolve(text)
    assert result.intent not in ("ReportSymptomIntent", "DontKnowIntent"), result
    assert not result.slots


@pytest.mark.parametrize("text", ["no I can breathe ok", "no I'm breathing fine", "no my chest doesn't hurt",
                                  "no I'm not confused"])
def test_no_then_a_denied_sign_is_a_no(text):
    assert resolve(text).intent == "AMAZON.NoIntent"


@pytest.mark.parametrize("text, signs", [
    ("I can't breathe", {"trouble_breathing"}), ("I cannot breathe", {"trouble_breathing"}),
    ("I can barely breathe", {"trouble_breathing"}), ("I can't catch my breath", {"trouble_breathing"}),
    ("my chest hurts", {"chest_pain"}), ("I'm confused", {"confusion"}), ("I'm so dizzy", {"fainting"}),
    ("I can breathe but my chest hurts", {"chest_pain"}), ("I can breathe but I'm really dizzy", {"fainting"}),
    ("I'm breathing ok but my heart is racing", {"racing_heart"}),
    ("I don't have a fever but I can't breathe", {"trouble_breathing"}),
    # a sign that is a negation itself is not denied by a "not" before it
    ("I'm not okay I can't breathe", {"trouble_breathing"}), ("I don't know where I am", {"confusion"}),
    ("I don't want to be here anymore", {"self_harm"}),
])
def test_real_emergency_phrasings_still_reach_their_sign(text, signs):
    result = resolve(text)
    assert (result.intent, {v.id for v in result.slots.values()}) == ("ReportSymptomIntent", signs)


@pytest.mark.parametrize("text, helper", [
    ("I already called 911", "emergency"), ("I called an ambulance", "emergency"), ("they're on their way", None),
    ("I called my doctor", "provider"), ("the nurse line said to come in", "provider"),
    ("I've called the midwife", "provider"), ("um I already called nine one one", "emergency"),
    ("the ambulance is on its way", "emergency"),
])
def test_a_call_she_made_is_understood_with_who_she_called(text, helper):
    result = resolve(text)
    assert result.intent == "CalledForHelpIntent"
    assert {n: v.id for n, v in result.slots.items()} == ({"helper": helper} if helper else {})


@pytest.mark.parametrize("text", ["should I call 911", "should I call my doctor", "when should I call my doctor"])
def test_asking_whether_to_call_is_not_a_call_made(text):
    assert resolve(text).intent != "CalledForHelpIntent"


@pytest.mark.parametrize("locale, text, helper", [
    ("en-GB", "I rang 999", "emergency"), ("en-GB", "I've rung the GP", "provider"),
    ("en-GB", "I phoned NHS one one one", "provider"), ("en-IN", "I called one oh eight", "emergency"),
    ("en-AU", "I called triple zero", "emergency"), ("en-AU", "I called 111", "emergency"),
    ("en-CA", "I called eight one one", "provider"),
])
def test_each_market_s_numbers_and_providers_are_heard(locale, text, helper):
    result = locale_nlu(locale).resolve(text)
    assert (result.intent, {n: v.id for n, v in result.slots.items()}) == ("CalledForHelpIntent", {"helper": helper})
