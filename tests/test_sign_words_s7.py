"""Track s7 (sign words): the interaction model of every English market and the console's
stand-in for Alexa on two signs in one sentence, someone else's sign, and her words across days.
Each test fails on the code before the change (the conversations are in
tests/conversations/sign_words_s7.yaml)."""
from __future__ import annotations

import json

import pytest

from skill.console.nlu import MODELS, locale_nlu

LOCALES = ["en-US", "en-CA", "en-GB", "en-AU", "en-IN"]


def language(locale: str) -> dict:
    return json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def samples(locale: str, intent: str) -> list[str]:
    return next(i["samples"] for i in language(locale)["intents"] if i["name"] == intent)


def heard(locale: str, text: str) -> tuple[str, dict[str, str | None]]:
    found = locale_nlu(locale).resolve(text)
    return found.intent, {name: value.id for name, value in found.slots.items()}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_market_has_the_two_sign_shapes(locale):
    """"X and I'm Y", "X and Y", "X, also Y" (commas are not spoken), with "my" before X too."""
    have = set(samples(locale, "ReportSymptomIntent"))
    assert {"{symptom} and i'm {symptomTwo}", "{symptom} and {symptomTwo}", "{symptom} also {symptomTwo}",
            "my {symptom} and i'm {symptomTwo}", "i have {symptom} also {symptomTwo}"} <= have


@pytest.mark.parametrize("locale", LOCALES)
def test_every_market_hears_someone_else_and_a_clog_back(locale):
    intents = {i["name"]: i for i in language(locale)["intents"]}
    assert {s["name"]: s["type"] for s in intents["SomeoneElseUnwellIntent"]["slots"]} == {
        "person": "OTHER_PERSON", "theirSymptom": "SYMPTOM"}
    assert {"it's back", "it came back", "it's a new one on the {side}"} <= set(intents["StartRoutineIntent"]["samples"])
    assert "it came back" not in intents["RecurringClogIntent"]["samples"]
    assert "it never went away" in intents["LumpStillThereIntent"]["samples"]
    sides = {v["id"]: v["name"] for t in language(locale)["types"] if t["name"] == "SIDE" for v in t["values"]}
    assert "the other side" in sides["other"]["synonyms"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("text, intent, slots", [
    # the tester's words: dizziness was lost
    ("my whole body aches and i'm dizzy", "ReportSymptomIntent", {"symptom": "body_aches", "symptomTwo": "fainting"}),
    # a shape no sample has: the second clause, heard alone, is her report too
    ("i've had chills all day and i'm woozy", "ReportSymptomIntent", {"symptom": "chills", "symptomTwo": "fainting"}),
    ("the red area is spreading and i'm dizzy", "ReportSymptomIntent", {"symptom": "worse", "symptomTwo": "fainting"}),
    # someone else's sign is not hers, but hers said beside it is
    ("my partner has chills", "SomeoneElseUnwellIntent", {"person": "partner", "theirSymptom": "chills"}),
    ("my husband has chills and i'm dizzy", "ReportSymptomIntent", {"symptom": "fainting"}),
    ("my friend can't breathe", "SomeoneElseUnwellIntent", {"person": "friend", "theirSymptom": "trouble_breathing"}),
    # her words across days
    ("it's back", "StartRoutineIntent", {}),
    ("it came back", "StartRoutineIntent", {}),
    ("it's a new one on the other side", "StartRoutineIntent", {"side": "other"}),
    ("it never went away", "LumpStillThereIntent", {}),
])
def test_her_words_reach_what_she_means(locale, text, intent, slots):
    assert heard(locale, text) == (intent, slots)


def test_only_her_own_signs_fill_the_report():
    """A second sign comes only from a clause that is her own report: not her husband's fever
    (which the code before this change took as hers), nor a sign denied, a lump asked about, the
    baby's, or a sign said with no person heard."""
    for text, slots in [("i have chills and my husband has a fever", {"symptom": "chills"}),
                        ("no fever but my whole body aches", {"symptom": "body_aches"}),
                        ("yes the lump is still there and i feel sick", {"symptom": "flu_like"}),
                        ("i have chills and the baby has a fever", {"symptom": "chills"}),
                        ("my boob is so red", {"symptom": "redness"})]:
        assert heard("en-US", text) == ("ReportSymptomIntent", slots), text
