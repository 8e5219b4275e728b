""""I've been sick" is throwing up in British, Australian and Indian English (the CDC's urgent
sign), but the flu in American English. en-US's sample "i've been {symptom}" takes its synonym
"sick" (flu_like), and an overlay only adds, so the markets' overlay now takes the word from the
flu: interaction_model/generate.py gives a word a market names to that value alone."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from skill.console.nlu import locale_nlu

GENERATE = Path(__file__).resolve().parents[1] / "interaction_model" / "generate.py"
SICK = ["i've been sick", "i've been sick all night", "i was sick", "i've been really sick", "i feel sick"]


def sign(locale: str, text: str) -> str | None:
    slot = locale_nlu(locale).resolve(text).slots.get("symptom")
    return slot.id if slot else None


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-IN"])
@pytest.mark.parametrize("text", SICK)
def test_being_sick_is_throwing_up_where_the_word_means_it(locale, text):
    assert sign(locale, text) == "vomiting"


@pytest.mark.parametrize("locale", ["en-US", "en-CA"])
def test_in_american_english_sick_is_still_the_flu(locale):
    assert [sign(locale, text) for text in SICK] == ["flu_like"] * len(SICK)


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-IN"])
def test_the_flu_keeps_its_own_words_there(locale):
    assert [sign(locale, t) for t in ("i feel really poorly", "i feel like i have the flu", "i'm unwell")] == [
        "flu_like"] * 3


def test_a_word_an_overlay_gives_one_value_leaves_the_value_en_us_gave_it_to():
    spec = importlib.util.spec_from_file_location("generate", GENERATE)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    base = {"interactionModel": {"languageModel": {"intents": [], "types": [{"name": "SYMPTOM", "values": [
        {"id": "flu_like", "name": {"value": "flu like", "synonyms": ["sick", "ill"]}},
        {"id": "vomiting", "name": {"value": "vomiting", "synonyms": ["throwing up"]}}]}]}}}
    market = {"synonyms": {"SYMPTOM": {"vomiting": ["sick"]}}}
    values = generate.model(base, market)["interactionModel"]["languageModel"]["types"][0]["values"]
    assert {v["id"]: v["name"]["synonyms"] for v in values} == {
        "flu_like": ["ill"], "vomiting": ["throwing up", "sick"]}
