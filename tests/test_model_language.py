"""How the interaction model hears signs: the words issue 9 lists reach the right sign, and a
sign said is never lost to a sample without a slot."""
from __future__ import annotations

import json
import re

import pytest

from skill.console.nlu import MODEL_PATH, default_nlu, normalise

LANGUAGE = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
SYMPTOM_WORDS = {normalise(spoken) for t in LANGUAGE["types"] if t["name"] == "SYMPTOM" for v in t["values"]
                 for spoken in [v["name"]["value"], *v["name"].get("synonyms", [])]}


def test_a_symptom_said_lands_in_the_slot():
    """A slot-free ReportSymptomIntent sample holding a symptom word ("i can't breathe") would
    outrank "i {symptom}" and send the skill a report without its sign."""
    intent = next(i for i in LANGUAGE["intents"] if i["name"] == "ReportSymptomIntent")
    for sample in intent["samples"]:
        if "{" not in sample:
            said = normalise(sample)
            assert not [w for w in SYMPTOM_WORDS if re.search(rf"(?<!\S){re.escape(w)}(?!\S)", said)], sample


@pytest.mark.parametrize("words, sign", [
    ("can't catch my breath", "trouble_breathing"), ("short of breath", "trouble_breathing"),
    ("heart pounding", "racing_heart"), ("passing out", "fainting"), ("chest feels tight", "chest_pain"),
    ("confused and dizzy", "confusion"), ("might hurt myself", "self_harm"), ("shivery", "chills"),
    ("burning up", "fever"), ("hot and shivery", "chills"), ("whole body aches", "body_aches"),
])
def test_the_words_the_issue_lists_reach_their_sign(words, sign):
    for said in (f"i'm {words}", f"i feel {words}", f"um my {words}"):
        resolution = default_nlu().resolve(said)
        assert resolution.intent == "ReportSymptomIntent", said
        assert sign in {value.id for value in resolution.slots.values()}, said


@pytest.mark.parametrize("place", ["in my boob", "in my breast", "near my nipple", "near my armpit", "under my arm"])
def test_body_words_start_the_routine(place):
    resolution = default_nlu().resolve(f"ugh there's a hard lump {place}")
    assert resolution.intent == "StartRoutineIntent", place
