"""The skill package validates against Amazon's own typed model of it (ask-smapi-model, the SMAPI
SDK's generated classes), and the name-free declaration follows the ASK rules and resolves.

Why this check: the ASK CLI (npm ask-cli 2.30.7) ships no schemas and validates only through the
online SMAPI, and no registry package publishes JSON schemas for skill.json or the interaction
model. ask-smapi-model does type every field: reading a document into its classes and writing it
back must give the same document, so a misspelt or unknown key, a wrong shape (a string for a
list) or an unknown discriminated type (an interface) shows up as a difference or an error.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

from skill.console.nlu import default_nlu

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "interaction_model"
MANIFEST_TYPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
MODEL_TYPE = "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"
# Where the NFI toolkit's `_nameFreeInteraction` container lives (see the docstring of
# test_name_free_phrases_follow_the_ask_rules).
NAME_FREE = PACKAGE / "interactionModels/custom/en-US.json"
NAME_FREE_KEY = "_nameFreeInteraction"


def differences(original, written, path: str = "$"):
    """Where `written` differs from `original`, one line per place."""
    if isinstance(original, dict) and isinstance(written, dict):
        for key in original.keys() - written.keys():
            yield f"{path}.{key}: not in Amazon's model of the package"
        for key in original.keys() & written.keys():
            yield from differences(original[key], written[key], f"{path}.{key}")
    elif isinstance(original, list) and isinstance(written, list) and len(original) == len(written):
        for number, (before, after) in enumerate(zip(original, written)):
            yield from differences(before, after, f"{path}[{number}]")
    elif original != written:
        yield f"{path}: {original!r} is read as {written!r}"


def _bare_interfaces(document: dict) -> tuple[dict, list[str]]:
    """The manifest without the interfaces that carry only a type, checked against the model's
    InterfaceType: the model lists CAN_FULFILL_INTENT_REQUEST there but gives it no class to read."""
    from ask_smapi_model.v1.skill.manifest.interface import Interface
    from ask_smapi_model.v1.skill.manifest.interface_type import InterfaceType

    custom = document.get("manifest", {}).get("apis", {}).get("custom", {})
    interfaces = custom.get("interfaces")
    if not isinstance(interfaces, list):
        return document, []
    known = {t.value for t in InterfaceType}
    bare = [i for i in interfaces if i.get("type") not in Interface.discriminator_value_class_map]
    found = [f"$.manifest.apis.custom.interfaces: {i!r} is not a known interface with no settings"
             for i in bare if i.get("type") not in known or set(i) != {"type"}]
    document = copy.deepcopy(document)
    document["manifest"]["apis"]["custom"]["interfaces"] = [i for i in interfaces if i not in bare]
    return document, found


def _without_name_free(document: dict) -> dict:
    """ask-smapi-model has no class for the NFI toolkit's container; its own test checks it."""
    model = {k: v for k, v in document.get("interactionModel", {}).items() if k != NAME_FREE_KEY}
    return {**document, "interactionModel": model} if "interactionModel" in document else document


def problems(document: dict, model_type: str) -> list[str]:
    serializer = DefaultSerializer()
    if model_type == MODEL_TYPE:
        document = _without_name_free(document)
    document, found = _bare_interfaces(document) if model_type == MANIFEST_TYPE else (document, [])
    if found:
        return found
    try:
        written = serializer.serialize(serializer.deserialize(json.dumps(document), model_type))
    except SerializationException as error:
        return [f"unreadable as {model_type.rsplit('.', 1)[1]}: {error}"]
    return list(differences(document, written))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest() -> dict:
    return load(PACKAGE / "skill.json")


@pytest.fixture(scope="module")
def custom_intents() -> set[str]:
    intents = load(PACKAGE / "interactionModels/custom/en-US.json")["interactionModel"]["languageModel"]["intents"]
    return {i["name"] for i in intents if not i["name"].startswith("AMAZON.")}


def test_the_manifest_validates(manifest):
    assert problems(manifest, MANIFEST_TYPE) == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "interactionModels/custom").glob("*.json")), ids=lambda p: p.name)
def test_each_interaction_model_validates(path):
    assert problems(load(path), MODEL_TYPE) == []


@pytest.mark.parametrize("break_it, found", [
    (lambda m: m["manifest"].update(permission=m["manifest"].pop("permissions")),
     "$.manifest.permission: not in Amazon's model"),
    (lambda m: m["manifest"]["publishingInformation"]["locales"]["en-US"].update(examplePhrases="Alexa, open it"),
     "examplePhrases: 'Alexa, open it' is read as"),
    (lambda m: m["manifest"]["apis"]["custom"]["endpoint"].update(uri=5), "uri: 5 is read as '5'"),
    (lambda m: m["manifest"]["apis"]["custom"].update(interfaces=[{"type": "CAN_FULFIL_INTENT"}]),
     "'CAN_FULFIL_INTENT'} is not a known interface"),
    (lambda m: m["manifest"]["apis"]["custom"].update(interfaces=[{"type": "AUDIO_PLAYER", "loop": True}]),
     "interfaces[0].loop: not in Amazon's model"),
], ids=["misspelt key", "string for a list", "number for a string", "unknown interface", "unknown interface setting"])
def test_the_check_finds_what_is_wrong(manifest, break_it, found):
    broken = copy.deepcopy(manifest)
    break_it(broken)
    assert any(found in problem for problem in problems(broken, MANIFEST_TYPE))


def test_the_manifest_declares_can_fulfill(manifest):
    """Alexa asks a skill (CanFulfillIntentRequest) before routing a name-free request to it."""
    assert {"type": "CAN_FULFILL_INTENT_REQUEST"} in manifest["manifest"]["apis"]["custom"]["interfaces"]


def test_name_free_phrases_follow_the_ask_rules(custom_intents):
    """ASK's NFI toolkit: `_nameFreeInteraction.ingressPoints` in the interaction model; LAUNCH
    points (skill launch phrases, at most five) have no name, INTENT points name a custom intent;
    every value is a complete RAW_TEXT phrase without slots."""
    points = load(NAME_FREE)["interactionModel"][NAME_FREE_KEY]["ingressPoints"]
    launches = [p for p in points if p["type"] == "LAUNCH"]
    assert 1 <= len(launches) <= 5 and all("name" not in p for p in launches)
    assert {p["name"] for p in points if p["type"] == "INTENT"} <= custom_intents
    assert {p["type"] for p in points} == {"LAUNCH", "INTENT"} and {p["format"] for p in points} == {"RAW_TEXT"}
    values = [p["value"] for p in points]
    assert len(values) == len(set(values))
    invocation = default_nlu().invocation
    for value in values:
        assert re.fullmatch(r"[a-z']+(?: [a-z']+)+", value), value  # words only: no slots, digits or marks
        assert invocation not in value


@pytest.mark.parametrize("point", [p for p in load(NAME_FREE)["interactionModel"][NAME_FREE_KEY]["ingressPoints"]
                                   if p["type"] == "INTENT"], ids=lambda p: p["value"])
def test_each_intent_launch_phrase_resolves_to_its_intent(point):
    assert default_nlu().resolve(point["value"]).intent == point["name"]


@pytest.mark.parametrize("point", [p for p in load(NAME_FREE)["interactionModel"][NAME_FREE_KEY]["ingressPoints"]
                                   if p["type"] == "LAUNCH"], ids=lambda p: p["value"])
def test_each_skill_launch_phrase_is_understood_by_the_skill(point):
    """A skill launch phrase opens the skill; it should also be something the skill handles."""
    assert default_nlu().resolve(point["value"]).intent in {"StartRoutineIntent"}
