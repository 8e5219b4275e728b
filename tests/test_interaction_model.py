"""The skill package (interaction model, manifest, ask-resources.json) against the contract in
docs/architecture.md and the Alexa Skills Kit's rules for utterances and invocation names: every
locale's model (en-US by hand, the others generated from it by interaction_model/generate.py)."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from skill.console.nlu import FALLBACK, NLU

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "interaction_model"

# The contract table of docs/architecture.md: intent → {slot: type}.
CONTRACT_INTENTS = {
    "StartRoutineIntent": {"side": "SIDE", "location": "CLOG_LOCATION"},
    "ReportSymptomIntent": {"symptom": "SYMPTOM", "symptomTwo": "SYMPTOM"},
    # qualifier: "over a hundred", "almost 38", "and a half" (track s7: a loose reading is no exact one)
    "GiveTemperatureIntent": {"whole": "AMAZON.NUMBER", "fraction": "AMAZON.NUMBER", "scale": "TEMP_SCALE",
                              "qualifier": "TEMP_QUALIFIER"},
    "GiveDurationIntent": {"amount": "AMAZON.NUMBER", "unit": "TIME_UNIT", "since": "SINCE_WHEN"},
    "SetClogLocationIntent": {"side": "SIDE", "location": "CLOG_LOCATION"},
    "GoToSectionIntent": {"section": "SECTION"},
    "WhereAmIIntent": {},
    "ContinueIntent": {},
    "FeedingMethodIntent": {"method": "FEED_METHOD"},
    "StillHurtsIntent": {},
    "MoreIntent": {},  # "tell me more": the rest of a longer answer
    "WhatIsClogIntent": {},
    "CausesIntent": {},
    "SymptomsInfoIntent": {},
    "ClearedSignsIntent": {},
    "PreventionIntent": {},
    "MastitisInfoIntent": {},
    "SuspectMastitisIntent": {},  # "I think I have mastitis": the warning-sign questions
    "SelfCareIntent": {},
    # Questions parents ask (issue 9), answered from topics.yaml.
    "WarningSignsIntent": {},
    "HowLongIntent": {},
    "RecurringClogIntent": {},
    "PainReliefIntent": {},
    "KeepFeedingIntent": {},
    "ExtraPumpingIntent": {},  # "should I pump more": no extra sessions (ABM #36)
    # "the baby has a fever", "the baby's temperature is 38" (never her reading): call the baby's doctor
    "BabyUnwellIntent": {"babyTemperature": "AMAZON.NUMBER", "babyTenths": "AMAZON.NUMBER"},
    # "my partner has chills": someone else's sign, never hers (their own doctor; the number if serious)
    "SomeoneElseUnwellIntent": {"person": "OTHER_PERSON", "theirSymptom": "SYMPTOM"},
    "BothSidesIntent": {},
    "NewerAdviceIntent": {},
    "LumpGoneIntent": {},
    "LumpStillThereIntent": {},
    "SkipStepIntent": {},
    "SetTimerIntent": {"minutes": "AMAZON.NUMBER", "compress": "COMPRESS"},
    "SetReminderIntent": {"reminder": "REMINDER_KIND", "amount": "AMAZON.NUMBER", "unit": "TIME_UNIT"},  # the time only routes it here
    "DeleteDataIntent": {},
    # Two ways to care (issue 14).
    "ChooseRoutineIntent": {"routine": "ROUTINE"},
    "SwitchRoutineIntent": {"routine": "ROUTINE"},
    # Safety answers (issue 9): "I don't know" to a triage question, "I said that by mistake".
    "DontKnowIntent": {},
    # The sign a take-back names ("I don't have a fever after all"), when it names one.
    "FalseAlarmIntent": {"symptom": "SYMPTOM"},
    # "I already called 911", "they're on their way", "I called my doctor": who, when she names them.
    "CalledForHelpIntent": {"helper": "HELP_CALLED"},
    # "Wait", "one sec" mid-step: a short hold, the session kept open (a pause elsewhere).
    "HoldOnIntent": {},
}
BUILT_INS = [f"AMAZON.{name}Intent" for name in (
    "Help", "Stop", "Cancel", "Fallback", "NavigateHome", "Next", "Previous",
    "Repeat", "Pause", "Resume", "StartOver", "Yes", "No")]
CONTRACT_TYPE_IDS = {
    "SIDE": {"left", "right", "both", "other"},  # other: across from the side on record
    "CLOG_LOCATION": {"upper", "lower", "outer", "inner", "nipple"},
    "SECTION": {"prepare", "massage", "positioning", "followup", "feed", "strokes", "cold"},
    "SYMPTOM": {"lump", "pain", "redness", "warmth", "swelling", "fever", "chills", "body_aches", "flu_like",
                "red_streaks", "worse", "trouble_breathing", "chest_pain", "racing_heart", "confusion",
                "fainting", "self_harm", "harm_baby", "seizure", "dizziness",
                # CDC Hear Her urgent maternal warning signs
                "headache", "vision_changes", "belly_pain", "heavy_bleeding", "leg_swelling", "face_swelling",
                "exhaustion", "vomiting",
                # pus from the breast or nipple: provider today
                "pus"},
    "TEMP_SCALE": {"fahrenheit", "celsius"},
    "TEMP_QUALIFIER": {"half", "over", "near", "about", "under"},
    "TIME_UNIT": {"hours", "days"},
    "SINCE_WHEN": {"today", "this_morning", "this_afternoon", "this_evening", "last_night", "yesterday", "two_days",
                   "longer", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend"},
    "COMPRESS": {"warm", "cool"},
    "REMINDER_KIND": {"feed", "checkin"},
    "ROUTINE": {"classic", "gentle", "either"},
    "HELP_CALLED": {"emergency", "provider", "crisis"},
    "OTHER_PERSON": {"partner", "family", "child", "friend"},
}
BIG_INTENTS = {"StartRoutineIntent", "ReportSymptomIntent"}

# ASK: lower-case words, apostrophes (possessives, contractions) and periods only in
# abbreviations ("a.m."), slots in braces, no digits; at most 200 characters.
WORD = r"(?:[a-z]+(?:'[a-z]*)?|(?:[a-z]\.)+)"
SAMPLE_RE = re.compile(rf"(?:{WORD}|\{{[A-Za-z]\w*\}})(?: (?:{WORD}|\{{[A-Za-z]\w*\}}))*")
SLOT_VALUE_RE = re.compile(rf"{WORD}(?: {WORD})*")


LOCALES = ["en-US", "en-CA", "en-GB", "en-AU", "en-IN"]
COUNTRIES = {"en-US": ["US"], "en-CA": ["CA"], "en-GB": ["GB"], "en-AU": ["AU", "NZ"], "en-IN": ["IN"]}
EMERGENCY_NUMBERS = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "000", "en-IN": "112"}


@pytest.fixture(scope="module", params=LOCALES)
def locale(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def language(locale) -> dict:
    model = json.loads((PACKAGE / f"interactionModels/custom/{locale}.json").read_text(encoding="utf-8"))
    return model["interactionModel"]["languageModel"]


@pytest.fixture(scope="module")
def intents(language) -> dict[str, dict]:
    return {intent["name"]: intent for intent in language["intents"]}


@pytest.fixture(scope="module")
def types(language) -> dict[str, dict]:
    return {t["name"]: t for t in language["types"]}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))["manifest"]


def test_invocation_name_follows_alexa_rules(language):
    name = language["invocationName"]
    assert name == "milk duct helper"  # the contract
    assert re.fullmatch(r"[a-z]+(?: [a-z]+)+", name), "two or more lower-case words, letters and spaces only"
    assert not {"alexa", "amazon", "echo", "skill", "app", "launch", "ask", "tell", "open"} & set(name.split())


def test_every_contract_intent_is_declared_with_its_slots(intents):
    for name, slots in CONTRACT_INTENTS.items():
        assert name in intents, name
        declared = {s["name"]: s["type"] for s in intents[name].get("slots", [])}
        assert declared == slots, name


def test_every_built_in_is_declared(intents):
    assert set(BUILT_INS) <= set(intents)
    assert set(intents) == set(CONTRACT_INTENTS) | set(BUILT_INS), "nothing outside the contract"


def test_custom_intents_have_enough_samples(intents):
    for name in CONTRACT_INTENTS:
        samples = intents[name]["samples"]
        assert len(samples) >= (20 if name in BIG_INTENTS else 12), name
        assert len(set(samples)) == len(samples), f"{name} repeats a sample"


def _shape(sample: str, slot_types: dict[str, str]) -> str:
    """A sample as the NLU sees it: case folded and each slot replaced by its type."""
    return re.sub(r"\{(\w+)\}", lambda m: "{" + slot_types[m.group(1)] + "}", sample).lower()


def test_no_sample_is_claimed_by_two_intents(intents):
    owners: dict[str, set[str]] = defaultdict(set)
    for name, intent in intents.items():
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            owners[_shape(sample, slot_types)].add(name)
    clashes = {shape: names for shape, names in owners.items() if len(names) > 1}
    assert not clashes


def test_bare_slot_samples_are_rare_and_unshared(intents):
    bare = defaultdict(list)
    for name, intent in intents.items():
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            if re.fullmatch(r"\{\w+\}", sample):
                bare[_shape(sample, slot_types)].append(name)
    assert all(len(names) == 1 for names in bare.values()), bare
    # A bare number can only be an answer to "what is your temperature?" (the skill invites "101").
    assert bare.get("{amazon.number}") == ["GiveTemperatureIntent"]
    # A bare routine name answers "which would you like?" (issue 14: "the gentle one", "either"); a
    # bare "since" phrase "how long has the lump been there?" (track s7: "a couple of days").
    assert len(bare) <= 5


def test_samples_obey_the_utterance_rules(intents):
    for name, intent in intents.items():
        declared = {s["name"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            assert SAMPLE_RE.fullmatch(sample), f"{name}: {sample!r}"
            assert len(sample) <= 200, sample
            used = re.findall(r"\{(\w+)\}", sample)
            assert set(used) <= declared, f"{name}: {sample!r} uses an undeclared slot"
            assert len(used) == len(set(used)), f"{name}: {sample!r} repeats a slot"


def test_every_slot_type_is_defined_or_built_in(intents, types):
    for intent in intents.values():
        for s in intent.get("slots", []):
            assert s["type"].startswith("AMAZON.") or s["type"] in types, s


def test_slot_types_carry_the_contract_ids(types):
    for name, ids in CONTRACT_TYPE_IDS.items():
        assert {v["id"] for v in types[name]["values"]} == ids, name


def test_slot_values_are_speakable_and_unambiguous(types):
    for name, slot_type in types.items():
        owner: dict[str, str] = {}
        for value in slot_type["values"]:
            for spoken in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                assert SLOT_VALUE_RE.fullmatch(spoken), f"{name}: {spoken!r}"
                assert owner.setdefault(spoken, value["id"]) == value["id"], f"{name}: {spoken!r} has two ids"


def test_symptom_type_knows_how_people_describe_emergencies(types):
    ids = {spoken: v["id"] for v in types["SYMPTOM"]["values"]
           for spoken in [v["name"]["value"], *v["name"]["synonyms"]]}
    assert ids["can't breathe"] == ids["short of breath"] == "trouble_breathing"
    assert ids["passed out"] == "fainting"
    assert ids["red lines"] == ids["red streaks"] == "red_streaks"
    assert ids["want to hurt myself"] == "self_harm"
    assert ids["thoughts of hurting the baby"] == "harm_baby"


# --- Skill manifest and ASK CLI project file ---------------------------------------------

def test_manifest_publishing_information(manifest, locale):
    info = manifest["publishingInformation"]
    listing = info["locales"][locale]
    assert listing["name"] == "Milk Duct Helper"
    assert info["category"] == "HEALTH_AND_FITNESS"
    assert set(COUNTRIES[locale]) <= set(info["distributionCountries"]) and info["isAvailableWorldwide"] is False
    assert "not medical advice" in listing["description"].lower()
    assert f"In an emergency, call {EMERGENCY_NUMBERS[locale]}" in listing["description"].replace("triple zero (000)",
                                                                                                  "000")
    assert listing["keywords"] and info["testingInstructions"]
    assert manifest["manifestVersion"] == "1.0"


def test_manifest_publishes_exactly_the_five_markets(manifest):
    assert set(manifest["publishingInformation"]["locales"]) == set(LOCALES)
    assert set(manifest["privacyAndCompliance"]["locales"]) == set(LOCALES)
    assert sorted(manifest["publishingInformation"]["distributionCountries"]) == sorted(
        c for countries in COUNTRIES.values() for c in countries)
    models = {p.stem for p in (PACKAGE / "interactionModels/custom").glob("*.json")}
    assert models == set(LOCALES)


def test_manifest_privacy_and_permissions(manifest, locale):
    privacy = manifest["privacyAndCompliance"]
    assert privacy["isChildDirected"] is False
    assert privacy["usesPersonalInfo"] is True and privacy["allowsPurchases"] is False
    assert privacy["locales"][locale]["privacyPolicyUrl"].startswith("https://")
    assert {p["name"] for p in manifest["permissions"]} == {
        "alexa::alerts:reminders:skill:readwrite", "alexa::alerts:timers:skill:readwrite"}
    assert manifest["apis"]["custom"]["endpoint"]["uri"].startswith("arn:aws:lambda:")


def test_example_phrases_start_with_the_invocation_and_resolve(manifest, language, locale):
    nlu = NLU({"interactionModel": {"languageModel": language}})
    phrases = manifest["publishingInformation"]["locales"][locale]["examplePhrases"]
    assert len(phrases) == 3
    assert phrases[0] == f"Alexa, open {language['invocationName']}"
    for phrase in phrases:
        assert re.match(rf"Alexa, (open|ask) {language['invocationName']}\b", phrase), phrase
        resolution = nlu.resolve(phrase)
        assert resolution.new_session and resolution.intent != FALLBACK, phrase


def test_ask_resources_points_at_the_skill_package():
    resources = json.loads((ROOT / "ask-resources.json").read_text(encoding="utf-8"))
    assert resources["askcliResourcesVersion"] == "2020-03-31"
    src = resources["profiles"]["default"]["skillMetadata"]["src"]
    assert (ROOT / src / "skill.json").is_file()
    assert (ROOT / src / "interactionModels/custom/en-US.json").is_file()


# --- the markets' models, generated from en-US -------------------------------------------------
def generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", PACKAGE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_models_and_manifest_are_what_the_generator_writes():
    for path, text in generator().generated().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python interaction_model/generate.py"


def test_markets_keep_every_us_sample_and_add_their_words(intents, types, locale):
    us = json.loads((PACKAGE / "interactionModels/custom/en-US.json").read_text(encoding="utf-8"))
    us_intents = {i["name"]: i for i in us["interactionModel"]["languageModel"]["intents"]}
    for name, intent in us_intents.items():
        assert set(intent.get("samples", [])) <= set(intents[name]["samples"]), name
    symptom = {spoken: v["id"] for v in types["SYMPTOM"]["values"]
               for spoken in [v["name"]["value"], *v["name"]["synonyms"]]}
    starts = set(intents["StartRoutineIntent"]["samples"])
    if locale in ("en-GB", "en-AU", "en-IN"):
        assert "i have a blocked duct" in starts and symptom["being sick"] == "vomiting"  # throwing up, there
        assert "when should i call my gp" in intents["WarningSignsIntent"]["samples"]
    if locale == "en-AU":
        assert symptom["crook"] == "flu_like"
    if locale == "en-IN":
        assert symptom["paining"] == "pain" and "i am having {symptom}" in intents["ReportSymptomIntent"]["samples"]
    if locale == "en-US":
        assert "being sick" not in symptom


def test_a_stale_market_model_is_reported(tmp_path, monkeypatch):
    gen = generator()
    models = tmp_path / "interactionModels" / "custom"
    models.mkdir(parents=True)
    for path in (PACKAGE / "interactionModels/custom").glob("*.json"):
        (models / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "skill.json").write_text((PACKAGE / "skill.json").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(gen, "HERE", tmp_path)
    monkeypatch.setattr(gen, "MODELS", models)
    monkeypatch.setattr(gen, "MANIFEST", tmp_path / "skill.json")
    assert gen.main(["--check"]) == 0
    us = models / "en-US.json"
    us.write_text(us.read_text(encoding="utf-8").replace('"i have a clogged duct"', '"i have a clogged duct",\n'
                                                            '            "i have a bunged up duct"'), encoding="utf-8")
    assert gen.main(["--check"]) == 1
    gen.main([])
    gb = json.loads((models / "en-GB.json").read_text(encoding="utf-8"))
    starts = next(i for i in gb["interactionModel"]["languageModel"]["intents"] if i["name"] == "StartRoutineIntent")
    assert "i have a bunged up duct" in starts["samples"], "one edit to en-US reaches every market"


# --- Handler coverage ----------------------------------------------------------------------
def test_every_intent_in_the_model_is_handled_and_nothing_else(intents, conversation, locale):
    from skill.handlers import handled_intents

    assert set(intents) == handled_intents(conversation)


# The market's emergency number as people say it, when she says she called it (tests/test_console_nlu.py
# hears each through the resolver); a provider's line is never an emergency call, nor the reverse.
CALLED_EMERGENCY = {"en-US": ["nine one one"], "en-CA": ["nine one one"], "en-GB": ["nine nine nine", "one one two"],
                    "en-AU": ["triple zero", "one one one"], "en-IN": ["one one two", "one oh eight"]}


def test_each_market_hears_its_own_emergency_number_called(locale, types, intents):
    ids = {spoken: v["id"] for v in types["HELP_CALLED"]["values"]
           for spoken in [v["name"]["value"], *v["name"]["synonyms"]]}
    assert {ids.get(number) for number in CALLED_EMERGENCY[locale]} == {"emergency"}
    assert ids["an ambulance"] == "emergency" and ids["my midwife"] == ids["the nurse line"] == "provider"
    samples = intents["CalledForHelpIntent"]["samples"]
    assert {"i already called {helper}", "they're on their way", "{helper} said to come in"} <= set(samples)
    assert "no i can breathe" in intents["AMAZON.NoIntent"]["samples"]
