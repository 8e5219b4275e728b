"""APL screens: the documents' structure and data bindings, the datasources, the directive, touch,
and Amazon's own validator (apl-suggester, from tests/apl/package.json)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ask_sdk_model.interfaces.alexa.presentation.apl import (
    AlexaPresentationAplInterface,
    RenderDocumentDirective,
    Runtime,
)
from ask_sdk_model.supported_interfaces import SupportedInterfaces

from screen_checks import RESOURCE, unbound_paths
from skill.render.apl import (
    Cue,
    Screen,
    datasource,
    render_directive,
    supports_apl,
    touch_intent,
)
from skill.render.apl.directive import CLOG_POINTS
from skill.render.apl.documents import FOLDER, DocumentError, _check, documents
from skill.render.apl.samples import SAMPLES
from skill.render.apl.screen import ILLUSTRATIONS, KINDS
from skill.render.apl.touch import TOUCH_INTENTS
from skill.serializer import AlexaSerializer

ROOT = Path(__file__).resolve().parent.parent
APL_TOOLS = ROOT / "tests" / "apl"
NODE = shutil.which("node")
NPM = shutil.which("npm")


def resource_names(document: dict) -> set[str]:
    return {name for block in document["resources"] for group in ("colors", "dimensions") for name in block.get(group, {})}


def all_strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from all_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_strings(value)
    elif isinstance(node, str):
        yield node


def send_event_arguments(node):
    if isinstance(node, dict):
        if node.get("type") == "SendEvent":
            yield node["arguments"]
        for value in node.values():
            yield from send_event_arguments(value)
    elif isinstance(node, list):
        for value in node:
            yield from send_event_arguments(value)


# --- documents ---------------------------------------------------------------------------------

def test_every_document_file_is_json_with_apl_structure():
    files = sorted(p.stem for p in FOLDER.glob("*.json"))
    assert files == sorted([*KINDS, "common"])
    for kind, document in documents().items():
        assert document["type"] == "APL" and document["version"] == "2024.3", kind
        assert document["mainTemplate"]["parameters"] == ["screen"], kind
        assert document["layouts"].keys() >= {"Header", "Bar", "TouchButton", "Controls", "Hints", "SmallPrint"}


def test_a_document_with_an_unknown_component_is_refused_with_its_name():
    document = {"type": "APL", "version": "2024.3", "layouts": {},
                "mainTemplate": {"parameters": ["screen"], "items": [{"type": "Contianer"}]}}
    with pytest.raises(DocumentError, match=r"step.json: unknown component type\(s\) \['Contianer'\]"):
        _check("step", document)


def test_every_binding_in_every_document_exists_in_its_datasource():
    for kind, screen in SAMPLES.items():
        assert unbound_paths(documents()[kind], datasource(screen)) == [], kind


def test_the_binding_checker_finds_a_missing_path_a_missing_array_field_and_a_layout_argument():
    document = {
        "layouts": {"Label": {"parameters": ["words"], "item": {"type": "Text", "text": "${words.size}"}}},
        "mainTemplate": {"items": [
            {"type": "Text", "text": "Step ${screen.step} of ${screen.stepz}"},
            {"type": "Container", "data": "${screen.cues}", "items": [{"type": "Text", "text": "${data.txt}"}]},
            {"type": "Label", "words": "${screen.title}"},
        ]},
    }
    data = {"screen": {"step": 1, "title": "t", "cues": [{"text": "a"}]}}
    problems = unbound_paths(document, data)
    assert [p.rsplit(": ", 1)[1] for p in problems] == ["${screen.stepz}", "${data.txt}", "${words.size}"]


def test_every_resource_a_document_names_is_defined():
    for kind, document in documents().items():
        used = {name for text in all_strings(document) for name in RESOURCE.findall(text)}
        assert used - resource_names(document) == set(), kind


def test_every_viewport_rule_names_a_shape_mode_or_size():
    conditions = [block["when"] for block in documents()["step"]["resources"] if "when" in block]
    assert conditions == ["${viewport.width < 1100}", "${viewport.height < 560}", "${viewport.width >= 1600}",
                          "${viewport.mode == 'tv'}", "${viewport.shape == 'round'}"]


# --- datasources -------------------------------------------------------------------------------

def test_step_datasource_carries_the_place_in_the_routine():
    screen = Screen("step", "Oil", section="Warmth", body="Spread a little oil.", step=3, steps=6,
                    progress=0.5, sources=("Seed one", "Seed two"))
    assert datasource(screen) == {"screen": {
        "safety": {"line": "", "number": ""}, "title": "Oil", "section": "Warmth", "body": "Spread a little oil.", "step": 3, "steps": 6,
        "progressPercent": 50, "sources": "Seed one · Seed two"}}


def test_hold_datasource_gives_each_cue_its_end_and_shows_a_real_timer():
    screen = Screen("hold", "Strokes", hold_seconds=90, cues=(Cue(0, "a"), Cue(30, "b"), Cue(60, "c")),
                    alexa_timer_seconds=600)
    data = datasource(screen)["screen"]
    assert data["holdMs"] == 90_000
    assert data["cues"] == [{"start": 0, "end": 30, "text": "a"}, {"start": 30, "end": 60, "text": "b"},
                            {"start": 60, "end": 90, "text": "c"}]
    assert data["timer"] == {"set": True, "clock": "10:00"}
    assert datasource(screen._replace(alexa_timer_seconds=0))["screen"]["timer"]["set"] is False


def test_emergency_provider_and_positions_datasources():
    emergency = datasource(Screen("emergency", "Get help now", emergency_number="000", call_line="Call."))
    assert emergency["screen"]["emergency"] == {"number": "000", "callLine": "Call.", "wide": False}
    provider = datasource(Screen("provider", "Call your provider", provider_lines=("Fever of 38.5 °C",),
                                 lump_hours=None, hints=("help",)))
    assert provider["screen"]["provider"] == {"lines": ["Fever of 38.5 °C"], "lumpHours": None}
    outer = datasource(Screen("positions", "Football hold", illustration="outer"))
    assert outer["screen"]["illustration"] == {"x": 155, "y": 100, "line": True}
    assert datasource(Screen("positions", "Any hold", illustration="nipple"))["screen"]["illustration"]["line"] is False
    assert set(CLOG_POINTS) == set(ILLUSTRATIONS)


@pytest.mark.parametrize("screen, message", [
    (Screen("map", "x"), "screen kind 'map' is not one of step, hold"),
    (Screen("info", ""), "a screen needs a title"),
    (Screen("step", "x", step=7, steps=6, progress=0.5), "step 7 of 6 is out of range"),
    (Screen("step", "x", step=1, steps=6, progress=1.5), "progress 1.5 is not between 0 and 1"),
    (Screen("hold", "x", hold_seconds=0), "hold of 0 seconds"),
    (Screen("hold", "x", hold_seconds=60, cues=(Cue(30, "b"), Cue(0, "a"))), r"cue starts \[30, 0\] must be in order"),
    (Screen("hold", "x", hold_seconds=60, cues=(Cue(60, "late"),)), r"within the 60 s hold"),
    (Screen("emergency", "x"), "needs the number to call"),
    (Screen("positions", "x", illustration="elbow"), "illustration 'elbow' is not one of upper"),
])
def test_a_screen_that_cannot_be_shown_is_refused_naming_the_field(screen, message):
    with pytest.raises(ValueError, match=message):
        datasource(screen)


# --- the directive -----------------------------------------------------------------------------

def test_render_directive_is_one_render_document_with_its_kinds_document():
    for kind, screen in SAMPLES.items():
        directive = render_directive(screen, "tok-1")
        assert directive["type"] == "Alexa.Presentation.APL.RenderDocument"
        assert directive["token"] == "tok-1"
        assert directive["document"] is documents()[kind]
        assert directive["datasources"] == datasource(screen)


def test_every_directive_stays_well_under_alexas_24_kb_response_limit():
    sizes = {kind: len(json.dumps(render_directive(screen, "t"), separators=(",", ":")).encode())
             for kind, screen in SAMPLES.items()}
    # Half the limit, so speech, reprompt and a card still fit beside the biggest screen.
    assert max(sizes.values()) < 12_000, sizes


def test_documents_are_read_on_the_first_screen_not_at_import():
    code = ("import skill.render.apl, skill.render.apl.documents as d; before = d.documents.cache_info().currsize; "
            "skill.render.apl.render_directive(skill.render.apl.samples.SAMPLES['step'], 't'); "
            "print(before, d.documents.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", "import skill.render.apl.samples; " + code], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1"]


def test_supports_apl_from_the_sdk_model_and_from_raw_json():
    assert supports_apl(SupportedInterfaces(alexa_presentation_apl=AlexaPresentationAplInterface()))
    assert not supports_apl(SupportedInterfaces())
    assert supports_apl({"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.3"}}})
    assert supports_apl({"Alexa.Presentation.APL": {}})
    assert not supports_apl({"AudioPlayer": {}})
    assert not supports_apl(None)


@pytest.mark.parametrize("max_version, shown", [
    ("2024.3", True), ("2025.1", True), ("2024.2", False), ("1.9", False), ("garbled", False)])
def test_a_device_with_an_older_apl_runtime_stays_voice_only(max_version, shown):
    model = SupportedInterfaces(alexa_presentation_apl=AlexaPresentationAplInterface(
        runtime=Runtime(max_version=max_version)))
    assert supports_apl(model) is shown
    assert supports_apl({"Alexa.Presentation.APL": {"runtime": {"maxVersion": max_version}}}) is shown


# --- touch -------------------------------------------------------------------------------------

def test_touch_words_map_to_the_voice_intents():
    assert [touch_intent([word]) for word in ("next", "back", "repeat", "pause")] == [
        "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.PauseIntent"]


@pytest.mark.parametrize("arguments", [None, [], ["jump"], [3], "next", {"next": 1}])
def test_touch_of_anything_else_maps_to_no_intent(arguments):
    assert touch_intent(arguments) is None


def test_every_button_sends_a_word_that_maps_to_an_intent_of_the_interaction_model():
    model = json.loads((ROOT / "interaction_model/interactionModels/custom/en-US.json").read_text())
    intents = {i["name"] for i in model["interactionModel"]["languageModel"]["intents"]}
    sent = [arguments for document in documents().values() for arguments in send_event_arguments(document)]
    assert sent and all(arguments == ["${action}"] for arguments in sent), "only TouchButton sends events"
    actions = {item["action"] for item in documents()["step"]["layouts"]["Controls"]["item"]["items"]}
    assert actions == set(TOUCH_INTENTS)
    assert {touch_intent([a]) for a in actions} <= intents


# --- Amazon's validator ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def apl_suggester():
    """tests/apl installed (npm ci from the committed lock file when node_modules is missing)."""
    if not (NODE and NPM):
        pytest.skip("node and npm are needed for apl-suggester")
    if not (APL_TOOLS / "node_modules" / "apl-suggester").is_dir():
        subprocess.run([NPM, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=APL_TOOLS,
                       check=True, timeout=300)
    return APL_TOOLS / "validate.js"


def suggester_warnings(script: Path, screens: dict) -> dict:
    """apl-suggester's warnings for each named screen (a Screen, or a RenderDocument directive)."""
    directives = {name: s if isinstance(s, dict) else render_directive(s, "t") for name, s in screens.items()}
    payload = {name: {"document": d["document"], "datasources": d["datasources"]} for name, d in directives.items()}
    run = subprocess.run([NODE, str(script)], input=json.dumps(payload), capture_output=True,
                         text=True, check=True, timeout=120)
    return json.loads(run.stdout)


def test_apl_suggester_finds_nothing_wrong_in_any_screen(apl_suggester):
    results = suggester_warnings(apl_suggester, SAMPLES)
    assert results.keys() == set(KINDS)
    for kind, warnings in results.items():
        # apl-suggester 2024.2.0 is the newest and knows versions up to 2024.2; the documents
        # declare 2024.3, the current APL version, so that one warning is expected.
        version = [w for w in warnings if w["path"] == "/version"]
        assert len(version) == 1 and version[0]["errorMessage"].endswith("2024.1,2024.2"), kind
        assert [w for w in warnings if w["path"] != "/version"] == [], kind


def test_apl_suggester_does_catch_a_broken_document(apl_suggester, monkeypatch):
    broken = json.loads(json.dumps(documents()["emergency"]))
    broken["mainTemplate"]["items"][0]["item"]["items"][0]["item"]["items"][1]["fontWeight"] = "heavy"
    monkeypatch.setitem(documents(), "emergency", broken)
    warnings = suggester_warnings(apl_suggester, {"emergency": SAMPLES["emergency"]})["emergency"]
    assert any(w["path"].endswith("/fontWeight") for w in warnings)


def test_the_skill_manifest_declares_apl():
    manifest = json.loads((ROOT / "interaction_model/skill.json").read_text())
    interfaces = manifest["manifest"]["apis"]["custom"]["interfaces"]
    assert {"type": "ALEXA_PRESENTATION_APL"} in interfaces


def test_the_directive_goes_through_the_sdks_model_and_serializer_unchanged():
    """How the handler layer will send it: as the SDK's RenderDocumentDirective."""
    directive = render_directive(SAMPLES["hold"], "tok-1")
    model = RenderDocumentDirective(token=directive["token"], document=directive["document"],
                                    datasources=directive["datasources"])
    assert AlexaSerializer().serialize(model) == directive
