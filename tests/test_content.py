"""Content layer: the real content, the compiler's error messages, and the compiled-JSON cache."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest
import yaml

from skill import content
from skill.content import checks, compiler
from skill.content import ContentError, compile_content, content_stamp, load_content
from skill.logic.market import fill

REAL = content.DEFAULT_DIR
FACT_FILES = ("routine", "gentle_routine", "topics", "positions", "triage")
SEED_FACTS = [  # one phrase per fact of the seed articles that the content must keep
    "blockage", "not an infection", "tender lump", "wedge", "red", "warm", "swollen",
    "more before a feed", "fever", "flu", "milk stasis", "skipped feed", "cut short", "tight bra",
    "sleeping on your stomach", "schedule", "poor latch", "often avoidable", "blood vessels",
    "relax", "fatty milk", "warm compress", "warm shower", "disposable diaper", "basin", "oxytocin",
    "let-down", "coconut", "olive", "lotion", "electric toothbrush", "massager", "toothpaste",
    "areola", "fingertips or thumb", "moderate pressure", "toward the nipple", "clockwise",
    "both hands", "knuckles", "chest wall", "underside", "thumb just behind the clogged duct",
    "chin points at the clog", "suction is strongest", "gravity", "hangs toward the floor",
    "thick strand of milk", "suddenly", "next 24 hours", "ice pack", "rest", "fluids", "eat well",
    "mastitis", "inflammation", "antibiotic that is safe while breastfeeding",
    "101 degrees fahrenheit", "38.3 celsius", "chills", "body aches", "red streaks",
    "24 to 48 hours", "healthcare provider",
]
CLOG, PROVIDER, URGENT, EMERGENCY = "clog", "provider", "urgent", "emergency"
SIGN_LEVELS = {
    "lump": CLOG, "pain": CLOG, "redness": CLOG, "warmth": CLOG, "swelling": CLOG,
    "fever": PROVIDER, "chills": PROVIDER, "body_aches": PROVIDER, "flu_like": PROVIDER,
    "red_streaks": PROVIDER, "worse": PROVIDER, "pus": PROVIDER,
    "trouble_breathing": EMERGENCY, "chest_pain": EMERGENCY, "racing_heart": EMERGENCY,
    "confusion": EMERGENCY, "fainting": EMERGENCY, "self_harm": EMERGENCY, "harm_baby": EMERGENCY,
    "seizure": EMERGENCY, "dizziness": EMERGENCY,
    # CDC "Hear Her" urgent maternal warning signs: call the provider now
    "headache": URGENT, "vision_changes": URGENT, "belly_pain": URGENT, "heavy_bleeding": URGENT,
    "leg_swelling": URGENT, "face_swelling": URGENT, "exhaustion": URGENT, "vomiting": URGENT,
    # a reading under the low line, a sepsis sign (NHS, NICE NG51): recorded from the reading
    "low_temperature": PROVIDER,
}


@pytest.fixture(scope="module")
def real():
    return compile_content(REAL)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(content, "_cache", {})


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(REAL, target, ignore=shutil.ignore_patterns(".compiled.json*"))
    return target


def texts(node, path=()):
    """(path, text) for every spoken string: everything but ids and sources."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("id", "source", "_stamp"):
                yield from texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def sentences(text):
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


def steps(routine):
    return [step for section in routine["sections"] for step in section["steps"]]


# ---- the real content ----

def test_real_content_compiles_with_stamp(real):
    assert set(real) == {*FACT_FILES, "services", "responses", "locales", "_stamp", "_files"}
    assert real["_stamp"] == content_stamp(REAL)
    assert re.fullmatch(r"[0-9a-f]{8}", real["_stamp"])


def test_ids_match_the_contract(real):
    assert [s["id"] for s in real["routine"]["sections"]] == ["prepare", "massage", "positioning", "followup"]
    ids = [step["id"] for step in steps(real["routine"])]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)
    assert all(2 <= len(s["steps"]) <= 8 for s in real["routine"]["sections"])
    assert set(real["topics"]["topics"]) == {
        "what_is", "symptoms", "infection_difference", "causes", "cleared_signs", "prevention",
        "mastitis", "self_care", "disclaimer", "ease_off", "someone_else",
        "warning_signs", "how_long", "recurring", "pain_relief", "keep_feeding", "both_sides", "newer_advice",
        "extra_pumping", "baby_unwell", "classic_caution",
        "symptoms_more", "causes_more", "mastitis_more"}  # the rest of a long answer, when she asks for more
    assert set(real["positions"]["locations"]) == {"upper", "lower", "outer", "inner", "nipple"}
    triage = real["triage"]
    assert {sign: item["level"] for sign, item in triage["signs"].items()} == SIGN_LEVELS
    assert list(triage["questions"]) == ["emergency_screen", "fever", "feel_feverish", "chills_aches", "red_streaks",
                                         "lump_duration"]
    assert set(triage["outcomes"]) == {"emergency", "crisis", "urgent", "provider", "watch", "self_care"}
    # Provider advice from the CDC's postpartum fever sign (Hear Her: 100.4 F); the seeds' 101 F /
    # 38.3 C stays as the mastitis line in the explanation.
    assert triage["thresholds"]["fever_f"] == 100.4 and triage["thresholds"]["fever_c"] == 38.0
    assert triage["thresholds"]["mastitis_fever_f"] == 101 and triage["thresholds"]["mastitis_fever_c"] == 38.3
    assert list(triage["thresholds"]["since_hours"]) == ["today", "last_night", "yesterday", "two_days", "longer"]
    assert triage["questions"]["fever"]["ask"] == "Do you have a fever? If you took your temperature, tell me the number."


def test_every_item_names_a_known_source(real):
    routine, triage = real["routine"], real["triage"]
    items = [*routine["sections"], *steps(routine), *real["topics"]["topics"].values(),
             *real["positions"]["locations"].values(), real["positions"]["gravity"], triage["thresholds"],
             *triage["signs"].values(), *triage["questions"].values(), *triage["outcomes"].values()]
    for item in items:
        sources = item["source"] if isinstance(item["source"], list) else [item["source"]]
        assert sources, item
        for source in sources:
            assert source in compiler.SEED_FILES or re.fullmatch(r"guideline: \S.*", source), source
    cited = {s for item in items for s in (item["source"] if isinstance(item["source"], list) else [item["source"]])}
    assert compiler.SEED_FILES <= cited


def test_timed_holds_have_cues_and_sensible_lengths(real):
    by_id = {step["id"]: step for step in steps(real["routine"])}
    timed = [step for step in by_id.values() if "hold_seconds" in step]
    assert all(3 <= len(step["cues"]) <= 8 for step in timed)
    assert by_id["warm_compress"]["hold_seconds"] == 300
    assert 600 <= by_id["cool_compress"]["hold_seconds"] <= 1200
    massage = real["routine"]["sections"][1]["steps"]
    assert any(60 <= step.get("hold_seconds", 0) <= 120 for step in massage)


def test_sentences_are_short_and_spoken(real):
    for name in FACT_FILES:
        for path, text in texts(real[name]):
            assert not re.search(r"[()]|\be\.g\b|\bi\.e\b|°", text), (name, path, text)
            for sentence in sentences(text):
                assert len(sentence.split()) <= 20, (name, path, sentence)
    for section in real["routine"]["sections"]:
        assert len(sentences(section["intro"])) == 1, section["intro"]
        for step in section["steps"]:
            assert 1 <= len(sentences(step["say"])) <= 3, step["say"]


def test_every_seed_fact_is_covered(real):
    # The fever lines are said from the thresholds ({mastitis_temperature}): as en-US says them,
    # written out here rather than worked out by the skill's code.
    said = {"fever_temperature": "100.4 degrees Fahrenheit, or 38 Celsius,",
            "mastitis_temperature": "101 degrees Fahrenheit, or 38.3 Celsius,"}
    everything = " ".join(fill(text, said) for name in FACT_FILES for _, text in texts(real[name])).lower()
    missing = [fact for fact in SEED_FACTS if fact not in everything]
    assert not missing


# ---- massage safety ----

RISKY = re.compile(r"\b(?:deep(?:ly)?|forceful(?:ly)?|force|vigorous(?:ly)?|aggressive(?:ly)?|as hard as"
                   r"|press(?:ing)? hard|hard(?:er)? pressure|firm(?:ly)? pressure)\b", re.I)
PAIN = re.compile(r"\bpainful\b|\bthrough the pain\b", re.I)
NEGATED = re.compile(r"\b(?:not|never|no|avoid|without|rather than|instead of)\b", re.I)


def unsafe_phrases(sentence, pattern):
    """Risky words not negated within the four words before them."""
    found = []
    for match in pattern.finditer(sentence):
        before = " ".join(sentence[: match.start()].split()[-4:])
        if not NEGATED.search(before):
            found.append(match.group())
    return found


@pytest.mark.parametrize("sentence", [
    "Press as hard as you can.", "Use deep strokes toward the nipple.", "Massage forcefully until it clears.",
    "Apply firm pressure behind the lump.", "Keep going even if it is painful."])
def test_safety_check_flags_harmful_instructions(sentence):
    assert unsafe_phrases(sentence, RISKY) or unsafe_phrases(sentence, PAIN)


@pytest.mark.parametrize("sentence", [
    "Noticeable, never painful.", "Use steady pressure that is not painful.",
    "It prefers light strokes rather than deep massage.", "Stroke the hard area gently."])
def test_safety_check_allows_negated_or_harmless_words(sentence):
    assert not unsafe_phrases(sentence, RISKY) and not unsafe_phrases(sentence, PAIN)


def test_no_content_instructs_deep_or_forceful_massage(real):
    for name in FACT_FILES:
        for path, text in texts(real[name]):
            assert not unsafe_phrases(text, RISKY), (name, path, text)
    # Instructions must not ask for pain either; topics may still describe painful symptoms.
    for name in ("routine", "gentle_routine", "positions"):
        for path, text in texts(real[name]):
            assert not unsafe_phrases(text, PAIN), (name, path, text)


def test_massage_says_stop_if_it_hurts(real):
    massage = real["routine"]["sections"][1]
    spoken = [massage["intro"], *(s["say"] for s in massage["steps"]), *(c for s in massage["steps"] for c in s.get("cues", []))]
    assert any(re.search(r"\bstop if (?:it|anything) hurts\b", text, re.I) for text in spoken)


# ---- broken content gives a precise ContentError ----

def edit(directory, rel, change):
    """Load a YAML source, let `change` mutate it, write it back."""
    path = directory / rel
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def first_timed(data):
    for s, section in enumerate(data["sections"]):
        for t, step in enumerate(section["steps"]):
            if "hold_seconds" in step:
                return s, t, step
    raise AssertionError("no timed step")


def negative_hold(data):
    first_timed(data)[2]["hold_seconds"] = -5


def drop_cues(data):
    del first_timed(data)[2]["cues"]


def duplicate_step(data):
    data["sections"][2]["steps"][1]["id"] = data["sections"][0]["steps"][0]["id"]


def paren(data):
    data["topics"]["causes"]["say"][0] = "A clog (a blocked duct) hurts."


def unquoted_fever(data):
    data["outcomes"]["self_care"]["say"][0] = "Call your healthcare provider for a fever."


REAL_ROUTINE = yaml.safe_load((REAL / "routine.yaml").read_text())
S, T, _ = first_timed(REAL_ROUTINE)


@pytest.mark.parametrize("rel, change, expected", [
    ("routine.yaml", lambda d: d["sections"][1]["steps"][0].pop("say"),
     ["sections[1].steps[0]: 'say' is a required property"]),
    ("topics.yaml", lambda d: d["topics"]["causes"].update(say="Just one string."),
     ["topics.causes.say: 'Just one string.' is not of type 'array'"]),
    ("routine.yaml", negative_hold, [f"sections[{S}].steps[{T}].hold_seconds: -5 is less than the minimum of 1"]),
    ("routine.yaml", lambda d: d["sections"][2].update(id="warmup"),
     ["sections: section ids must be prepare, massage, positioning, followup in this order, not prepare, massage,"
      " warmup, followup"]),
    ("routine.yaml", drop_cues, [f"sections[{S}].steps[{T}]: 'cues' is a dependency of 'hold_seconds'"]),
    ("routine.yaml", lambda d: d["sections"].reverse(), ["sections: section ids must be prepare, massage"]),
    ("routine.yaml", duplicate_step, ["sections[2].steps[1].id: step id", "is used twice"]),
    ("triage.yaml", lambda d: d["signs"]["fever"].update(source="webmd.txt"),
     ["signs.fever.source: unknown source 'webmd.txt'"]),
    ("triage.yaml", lambda d: d["signs"]["chills"].update(source=["000_8cfdbd2f99c15243.txt", "guideline:"]),
     ["signs.chills.source[1]: unknown source 'guideline:'"]),
    ("triage.yaml", lambda d: d["thresholds"].update(fever_c=37), ["thresholds.fever_c: 37 Celsius is not 100.4"]),
    ("triage.yaml", lambda d: d["thresholds"]["since_hours"].update(yesterday=4),
     ["thresholds.since_hours: hours must not decrease along today, last_night"]),
    ("triage.yaml", lambda d: d["thresholds"]["since_hours"].pop("longer"),
     ["thresholds.since_hours: 'longer' is a required property"]),
    ("triage.yaml", unquoted_fever, ["outcomes.self_care.say: must say '{fever_temperature}'"]),
    ("triage.yaml", lambda d: d["signs"]["lump"].update(level="severe"), ["signs.lump.level: 'severe' is not one of"]),
    ("topics.yaml", lambda d: d["topics"].update(gossip={"say": ["Hi."], "source": "000_8cfdbd2f99c15243.txt"}),
     ["topics: Additional properties are not allowed ('gossip' was unexpected)"]),
    ("topics.yaml", paren, ["topics.causes.say[0]: spoken text contains '('"]),
    ("locale/en-US/responses.yaml", lambda d: d.update(broken=["not", "a", "string"]),
     ["broken: a list of 3 items is not of type 'string'"]),
    ("routine.yaml", lambda d: d["sections"][3].update(steps=d["sections"][3]["steps"][:1]),
     ["sections[3].steps: a list of 1 item is too short"]),
])
def test_broken_content_names_file_key_and_problem(copy, rel, change, expected):
    edit(copy, rel, change)
    with pytest.raises(ContentError) as raised:
        compile_content(copy)
    message = str(raised.value)
    assert message.startswith(str(copy / rel) + ": ")
    for part in expected:
        assert part in message


def test_yaml_syntax_error_names_file_and_line(copy):
    path = copy / "routine.yaml"
    lines = path.read_text().splitlines()
    lines.insert(9, "\tbad: indentation")
    path.write_text("\n".join(lines))
    with pytest.raises(ContentError, match=r"content/routine\.yaml: line 10, column 1: "):
        compile_content(copy)


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(copy):
    path = copy / "triage.yaml"
    lines = path.read_text().splitlines()
    at = lines.index("signs:") + 1
    lines.insert(at, "  lump: {level: clog, name: a lump, source: 000_8cfdbd2f99c15243.txt}")
    path.write_text("\n".join(lines))
    with pytest.raises(ContentError, match=rf"content/triage\.yaml: line {at + 2}, column 3: duplicate key 'lump'"):
        compile_content(copy)


def test_missing_file_is_named(copy):
    (copy / "positions.yaml").unlink()
    with pytest.raises(ContentError, match=r"content/positions\.yaml: file is missing"):
        load_content(copy)


# ---- stamp and compiled-JSON cache ----

@pytest.mark.parametrize("rel", ["routine.yaml", "schema.json", "locale/en-US/responses.yaml"])
def test_stamp_changes_when_any_source_changes(copy, rel):
    before = content_stamp(copy)
    with (copy / rel).open("a") as out:
        out.write("\n" if rel.endswith(".json") else "\n# edited\n")
    assert content_stamp(copy) != before


def test_load_writes_compiled_json_readable_by_others(copy, real):
    data = load_content(copy)
    compiled = copy / ".compiled.json"
    assert json.loads(compiled.read_text()) == data
    assert data["routine"] == real["routine"] and data["_stamp"] == content_stamp(copy)
    assert compiled.stat().st_mode & 0o044 == 0o044
    assert not list(copy.glob("*.tmp"))


def test_unchanged_content_is_read_from_json_without_yaml(copy):
    load_content(copy)
    script = ("import skill.content as c, sys; d = c.load_content(); "
              "print('yaml' in sys.modules, 'jsonschema' in sys.modules, d['_stamp'])")
    env = {**os.environ, "MILKDUCT_CONTENT_DIR": str(copy)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", content_stamp(copy)]


def test_unchanged_content_is_not_recompiled(copy, monkeypatch):
    first = load_content(copy)
    monkeypatch.setattr(content, "_cache", {})
    monkeypatch.setattr(content, "compile_content", lambda _: pytest.fail("recompiled unchanged content"))
    assert load_content(copy) == first


def test_untouched_sources_are_only_looked_at(copy, monkeypatch):
    first = load_content(copy)
    monkeypatch.setattr(content, "_cache", {})
    monkeypatch.setattr(content, "content_stamp", lambda _: pytest.fail("read and checksummed untouched files"))
    assert load_content(copy) == first


def test_touched_but_unchanged_sources_are_checksummed_not_recompiled(copy, monkeypatch):
    first = load_content(copy)
    source = copy / "triage.yaml"
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))  # as git checkout does
    monkeypatch.setattr(content, "_cache", {})
    checked = []
    monkeypatch.setattr(content, "content_stamp", lambda d: checked.append(d) or first["_stamp"])
    monkeypatch.setattr(content, "compile_content", lambda _: pytest.fail("recompiled unchanged content"))
    assert load_content(copy)["routine"] == first["routine"] and checked == [copy]
    monkeypatch.setattr(content, "_cache", {})
    assert load_content(copy)["routine"] == first["routine"] and checked == [copy]  # times trusted again


def test_parsed_once_per_process(copy, monkeypatch):
    first = load_content(copy)
    monkeypatch.setattr(content, "content_stamp", lambda _: pytest.fail("re-read the files"))
    assert load_content(copy) is first


def test_changed_source_replaces_stale_json(copy):
    load_content(copy)
    edit(copy, "topics.yaml", lambda d: d["topics"]["self_care"]["say"].append("Be kind to yourself."))
    content._cache.clear()
    assert load_content(copy)["topics"]["topics"]["self_care"]["say"][-1] == "Be kind to yourself."
    assert json.loads((copy / ".compiled.json").read_text())["_stamp"] == content_stamp(copy)


def test_broken_source_is_not_masked_by_old_json(copy):
    load_content(copy)
    edit(copy, "routine.yaml", negative_hold)
    content._cache.clear()
    with pytest.raises(ContentError, match="hold_seconds: -5"):
        load_content(copy)


def test_corrupt_compiled_json_is_rebuilt(copy):
    (copy / ".compiled.json").write_text("{not json")
    assert load_content(copy)["_stamp"] == content_stamp(copy)
    assert json.loads((copy / ".compiled.json").read_text())["_stamp"] == content_stamp(copy)


def test_read_only_content_dir_still_loads(copy, monkeypatch, real):
    # chmod alone does not stop root (CI containers), so refuse the write the way a read-only mount does.
    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert load_content(copy)["triage"] == real["triage"]
    assert not (copy / ".compiled.json").exists()


def test_env_var_selects_content_dir(copy, monkeypatch):
    monkeypatch.setenv("MILKDUCT_CONTENT_DIR", str(copy))
    edit(copy, "positions.yaml", lambda d: d["locations"]["upper"].update(hold="straddle hold"))
    assert load_content()["positions"]["locations"]["upper"]["hold"] == "straddle hold"


# ---- command line used by the Lambda build ----

def test_cli_writes_compiled_json(copy, capsys):
    assert compiler.main([str(copy)]) == 0
    assert json.loads((copy / ".compiled.json").read_text())["_stamp"] == content_stamp(copy)
    assert "wrote" in capsys.readouterr().out


def test_cli_check_writes_nothing(copy):
    assert compiler.main(["--check", str(copy)]) == 0
    assert not (copy / ".compiled.json").exists()


def test_cli_reports_error_and_exits_1(copy, capsys):
    edit(copy, "routine.yaml", drop_cues)
    assert compiler.main([str(copy)]) == 1
    assert "content/routine.yaml: sections[" in capsys.readouterr().err
    assert not (copy / ".compiled.json").exists()


def test_every_topic_is_spoken_somewhere(real):
    from skill.logic.flows.information import TOPIC_INTENTS

    answered = {topic for topics in TOPIC_INTENTS.values() for topic in topics}
    # the disclaimer opens first use and help; ease_off answers "it still hurts"; classic_caution
    # comes before the classic routine chosen after signs of mastitis
    assert answered | {"disclaimer", "ease_off", "classic_caution"} == set(real["topics"]["topics"])


# ---- the names the code uses ----

RESPONSES = "locale/en-US/responses.yaml"


@pytest.mark.parametrize("rel, change, message", [
    (RESPONSES, lambda d: d.pop("hold_start"), "the code says 'hold_start', which is not a response"),
    (RESPONSES, lambda d: d.pop("next_in_routine"), "the code says 'next_in_routine', which is not a response"),
    (RESPONSES, lambda d: d.pop("compress_cool"), "the code says 'compress_cool', which is not a response"),
    (RESPONSES, lambda d: d.update(never_used="Hello."), "'never_used' is never said: remove it"),
    (RESPONSES, lambda d: [d.pop(k) for k in list(d) if k.startswith("when_")], "the code says 'when_"),
    ("routine.yaml", lambda d: next(s for s in d["sections"][3]["steps"] if s["id"] == "cool_compress").update(
        id="chilled"), "the code names step 'cool_compress', which is not in the routine"),
])
def test_names_the_code_uses_must_exist(copy, rel, change, message):
    edit(copy, rel, change)
    with pytest.raises(ContentError, match=re.escape(message)):
        compile_content(copy)


def test_the_code_key_scan_sees_keys_passed_through_variables_and_helpers():
    used, families, topics = checks.code_names()
    assert {"elapsed_under_hour", "next_in_routine", "precheck_ask", "error"} <= used
    assert {"side_", "alert_", "when_today_", "reminder_offer_", "temperature_example_"} <= families
    assert {"disclaimer", "ease_off"} <= topics
