"""Each non-US market's interaction model scored on held-out phrasings written in that market's
English (tests/nlu/locales/<locale>.yaml), through the console's resolver standing in for Alexa,
with the scorer of tests/nlu/score.py. Floors: at least 50 phrasings per market, every emergency
phrasing reaches its sign, and nine in ten reach the right intent."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from nlu import score

from skill.console.nlu import BUILTIN_PHRASES, MODELS, locale_nlu

HELD_OUT = Path(__file__).resolve().parent / "nlu" / "locales"
LOCALES = sorted(path.stem for path in HELD_OUT.glob("*.yaml"))


def cases(locale: str) -> list[score.Case]:
    return [score.Case(entry["say"], entry["intent"], entry.get("slots", {}), entry.get("new_session", False),
                       entry.get("later"), f"{locale}.yaml")
            for entry in yaml.safe_load((HELD_OUT / f"{locale}.yaml").read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def figures(content):
    emergencies = score.emergency_ids(content["triage"]["signs"])
    return {locale: score.score(locale_nlu(locale), cases(locale), emergencies) for locale in LOCALES}


def test_every_non_us_market_has_its_held_out_set():
    assert LOCALES == sorted(p.stem for p in MODELS.glob("*.json") if p.stem != "en-US")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_held_out_set_is_big_and_labelled_with_what_exists(locale):
    language = json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    intents = {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in language["intents"]}
    ids = {t["name"]: {v["id"] for v in t["values"]} for t in language["types"]}
    held_out = cases(locale)
    assert len(held_out) >= 50
    for case in held_out:
        assert case.intent in intents or case.intent in BUILTIN_PHRASES, case
        for name, value in case.slots.items():
            slot_type = intents[case.intent][name]
            assert value.isdigit() if slot_type == "AMAZON.NUMBER" else value in ids[slot_type], case
    assert len({c.say.lower() for c in held_out}) == len(held_out), "no phrasing twice"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_emergency_phrasing_reaches_its_sign(figures, locale):
    found = figures[locale]
    assert found["emergency_total"] >= 10
    assert [(o.case.say, o.got.intent, score.slot_ids(o.got)) for o in found["emergency_missed"]] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_nine_in_ten_phrasings_reach_the_right_intent(figures, locale):
    assert figures[locale]["intent_accuracy"] >= 0.90


def test_the_market_models_understand_their_market_better_than_en_us(figures, content):
    """What the overlays are for: each market's model beats en-US's on that market's phrasings."""
    emergencies = score.emergency_ids(content["triage"]["signs"])
    for locale in ("en-GB", "en-IN"):
        us = score.score(locale_nlu("en-US"), cases(locale), emergencies)
        assert figures[locale]["intent_accuracy"] > us["intent_accuracy"], locale
