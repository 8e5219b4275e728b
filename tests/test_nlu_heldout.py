"""The interaction model scored on the held-out utterances (tests/nlu/), through the console's
resolver standing in for Alexa. Floors from issue 9: every emergency phrasing reaches its sign,
and nine in ten phrasings reach the right intent."""
from __future__ import annotations

import json

import pytest
from nlu import score

from skill.console.nlu import BUILTIN_PHRASES, LAUNCH, MODEL_PATH, default_nlu

CASES = score.load_cases()
LANGUAGE = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


@pytest.fixture(scope="module")
def figures(content):
    return score.score(default_nlu(), CASES, score.emergency_ids(content["triage"]["signs"]))


def test_the_held_out_set_is_big_and_labelled_with_what_exists():
    assert len(CASES) >= 300
    intents = {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in LANGUAGE["intents"]}
    ids = {t["name"]: {v["id"] for v in t["values"]} for t in LANGUAGE["types"]}
    for case in CASES:
        assert case.intent in intents or case.intent in BUILTIN_PHRASES or case.intent == LAUNCH, case
        for name, value in case.slots.items():
            slot_type = intents[case.intent][name]
            assert value.isdigit() if slot_type == "AMAZON.NUMBER" else value in ids[slot_type], case
    assert len({c.say.lower() for c in CASES}) == len(CASES), "no phrasing twice"


def test_every_emergency_phrasing_reaches_its_sign(figures):
    assert figures["emergency_total"] >= 60
    missed = [(o.case.say, o.got.intent, score.slot_ids(o.got)) for o in figures["emergency_missed"]]
    assert not missed
    assert figures["emergency_recall"] == 1.0


def test_nine_in_ten_phrasings_reach_the_right_intent(figures):
    assert figures["intent_accuracy"] >= 0.90


@pytest.mark.parametrize("case", [c for c in CASES if c.file == "issue.yaml" and not c.later], ids=lambda c: c.say)
def test_every_phrasing_quoted_in_the_issue_is_understood(case):
    """The phrasings issue 9 reports as failing get exactly their label, slots included (those
    waiting for phase 2's intents, marked `later`, only count in the figures)."""
    resolution = default_nlu().resolve(case.say)
    assert (resolution.intent, resolution.new_session) == (case.intent, case.new_session)
    assert score.comparable(score.slot_ids(resolution)) == score.comparable(case.slots)
