"""Cross-checks the JSON Schema cannot express: sources cited, text written as spoken, ids
and thresholds consistent, and the names the code uses (response keys, section, step and
topic ids) present in the content, with no response key that nothing says."""
from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The code scanned for names; ./dev mutate points SKILL_SOURCES at the unmutated tree.
SKILL = Path(os.environ.get("SKILL_SOURCES") or Path(__file__).resolve().parent.parent)
# Modules whose calls name response keys: logic, renderer (screen words), handlers' error replies.
KEY_USERS = ("logic", "render", "handlers.py", "lambda_function.py")
FACT_FILES = ("routine", "gentle_routine", "topics", "positions", "triage", "services")
SEED_FILES = frozenset({"000_8cfdbd2f99c15243.txt", "001_fc8ce00558e4127c.txt"})
GUIDELINE_PREFIX = "guideline: "
SECTION_IDS = ("prepare", "massage", "positioning", "followup")
SINCE_IDS = ("today", "last_night", "yesterday", "two_days", "longer")
QUESTION_IDS = ("emergency_screen", "fever", "feel_feverish", "chills_aches", "red_streaks", "lump_duration")
# No mixing: neither routine says the other's advice, and strokes go the one way that routine
# uses (classic: toward the nipple; gentle: from the nipple out toward the armpit and collarbone).
NEVER_SAID = {
    "routine": (
        (r"\bcold packs?\b|\blymphatic", "the classic routine never mentions the gentle routine's cold packs"
                                         " or lymphatic strokes"),
        (r"\btowards? (?:the|your) (?:armpit|collarbone)", "classic strokes go toward the nipple, never toward"
                                                         " the armpit or collarbone"),
    ),
    "gentle_routine": (
        (r"\b(?:warm|heat|hot)\w*", "the gentle routine never suggests heat"),
        (r"\b(?:firm|deep|knead)\w*", "the gentle routine never suggests firm or deep massage"),
        (r"\btowards? (?:the|your) (?:nipple|areola)", "gentle strokes go from the nipple toward the armpit or"
                                                     " collarbone, never toward the nipple"),
    ),
}


# ---- cross-reference checks: run after the schema passed, so the shapes are known ----

def cross_check(key: str, data):
    """Yield (key path, problem) for what the schema cannot express."""
    if key in FACT_FILES:
        yield from _check_sources(data)
        yield from _check_spoken(data)
    if key in NEVER_SAID:
        yield from _check_routine(data, classic=key == "routine")
        yield from _check_never_said(data, NEVER_SAID[key])
    elif key == "triage":
        yield from _check_triage(data)


def _walk(node, path):
    """Yield (path, key, value) for every entry of every mapping and list in the tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield path, key, value
        yield from _walk(value, (*path, key))


def _check_sources(data):
    for where, key, value in _walk(data, ()):
        if key != "source":
            continue
        for i, source in enumerate(value if isinstance(value, list) else [value]):
            at = (*where, "source", i) if isinstance(value, list) else (*where, "source")
            if source in SEED_FILES:
                continue
            if not source.startswith(GUIDELINE_PREFIX) or not source[len(GUIDELINE_PREFIX):].strip():
                yield at, (f"unknown source {source!r}: use a seed file name "
                           f"({', '.join(sorted(SEED_FILES))}) or '{GUIDELINE_PREFIX}<name>'")


def _spoken_texts(data):
    """(path, text) for everything read aloud: all but ids, sources and a section's counterpart."""
    for where, key, value in _walk(data, ()):
        if key not in ("id", "source", "counterpart") and "source" not in where[-1:] and isinstance(value, str):
            yield (*where, key), value


def _check_spoken(data):
    """Everything except ids and sources is read aloud, so it must be written as spoken; the
    only braces allowed are the market's numbers, filled in before anything is said."""
    import re

    from skill.logic.market import PLACEHOLDERS
    numbers = re.compile("|".join(f"{{{name}}}" for name in PLACEHOLDERS))
    unspeakable = re.compile(r"[()\[\]{}<>/&°%*#_]|\b(?:e\.g|i\.e|etc|approx)\b", re.IGNORECASE)
    for where, value in _spoken_texts(data):
        found = unspeakable.search(numbers.sub("", value))
        if found:
            yield where, f"spoken text contains {found.group()!r}; write it the way it should be said"


def _check_never_said(routine, rules):
    import re

    for where, value in _spoken_texts(routine):
        for pattern, rule in rules:
            found = re.search(pattern, value, re.IGNORECASE)
            if found:
                yield where, f"{rule}, but this says {found.group()!r}"


def _check_routine(routine, classic: bool):
    ids = [section["id"] for section in routine["sections"]]
    if classic and tuple(ids) != SECTION_IDS:
        yield ("sections",), f"section ids must be {', '.join(SECTION_IDS)} in this order, not {', '.join(ids)}"
    counterparts = [section.get("counterpart") for section in routine["sections"]]
    if not classic and sorted(map(str, counterparts)) != sorted(SECTION_IDS):
        yield ("sections",), (f"each classic section ({', '.join(SECTION_IDS)}) must be the counterpart of "
                              f"exactly one section, not {', '.join(map(str, counterparts))}")
    seen = set()
    for s, section in enumerate(routine["sections"]):
        for t, step in enumerate(section["steps"]):
            if step["id"] in seen:
                yield ("sections", s, "steps", t, "id"), f"step id {step['id']!r} is used twice"
            seen.add(step["id"])


def _check_triage(triage):
    limits = triage["thresholds"]
    at = ("thresholds",)
    for scale_f, scale_c in (("fever_f", "fever_c"), ("mastitis_fever_f", "mastitis_fever_c")):
        if abs((limits[scale_f] - 32) * 5 / 9 - limits[scale_c]) > 0.1:
            yield (*at, scale_c), f"{limits[scale_c]} Celsius is not {limits[scale_f]} Fahrenheit"
    if limits["mastitis_fever_f"] < limits["fever_f"]:  # the mastitis line only explains the lower one
        yield (*at, "mastitis_fever_f"), "must not be under fever_f"
    for scale, fever in (("fahrenheit_range", "fever_f"), ("celsius_range", "fever_c")):
        low, high = limits[scale]
        if not low < limits[fever] < high:
            yield (*at, scale), f"{limits[fever]} from {fever} must lie strictly between {low} and {high}"
    if limits["lump_watch_hours"] >= limits["lump_provider_hours"]:
        yield (*at, "lump_watch_hours"), "must be less than lump_provider_hours"
    since = [limits["since_hours"][when] for when in SINCE_IDS]
    if since != sorted(since):
        yield (*at, "since_hours"), f"hours must not decrease along {', '.join(SINCE_IDS)}"

    if tuple(triage["questions"]) != QUESTION_IDS:
        yield ("questions",), f"questions must be {', '.join(QUESTION_IDS)} in this order"

    # Outcome sentences quote the thresholds (the fever lines are filled in from them, in the
    # market's order of scales); keep them from drifting apart.
    quoted = {
        ("outcomes", "self_care"): ["{fever_temperature}", f"after {limits['lump_watch_hours']} hours"],
        ("notes", "fever_lines"): ["{mastitis_temperature}"],
    }
    for (part, item), phrases in quoted.items():
        text = " ".join(triage[part][item]["say"])
        for phrase in phrases:
            if phrase not in text:
                yield (part, item, "say"), f"must say {phrase!r} to match the thresholds"


# ---- names the code uses ----------------------------------------------------------------------

def check_code_names(content: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (source key, problem) for a name the code uses that the content lacks, and for a
    response nothing says. Runs on the parsed sources, so it reads the code's own tables."""
    from skill.logic.flows.alerts import COMPRESS_STEPS
    from skill.logic.flows.information import TOPIC_INTENTS
    from skill.logic.steps import CHECK_CLEARED, FOLLOWUP, POSITIONING
    from skill.logic.triage import DERIVED_LEVELS

    used, families, topics = code_names()
    responses = set(content["responses"])
    for key in sorted(used - responses):
        yield "responses", f"the code says {key!r}, which is not a response"
    for prefix in sorted(families):
        if not any(key.startswith(prefix) for key in responses):
            yield "responses", f"the code says {prefix!r}..., and no response starts so"
    needed = {f"compress_{kind}" for kind in COMPRESS_STEPS}
    needed |= {f"sign_{sign}" for sign in DERIVED_LEVELS if sign not in content["triage"]["signs"]}
    for key in sorted(needed - responses):
        yield "responses", f"the code says {key!r}, which is not a response"
    for key in sorted(responses - used):
        if not any(key.startswith(prefix) for prefix in families):
            yield "responses", f"{key!r} is never said: remove it"
    steps = {step["id"] for section in content["routine"]["sections"] for step in section["steps"]}
    for step in sorted(set(COMPRESS_STEPS.values()) - steps):
        yield "routine", f"the code names step {step!r}, which is not in the routine"
    for section in sorted({POSITIONING, FOLLOWUP} - set(SECTION_IDS)):
        yield "routine", f"the code names section {section!r}, which is not in the routine"
    if FOLLOWUP not in {section["id"] for section in content["gentle_routine"]["sections"]}:
        yield "gentle_routine", f"the code names section {FOLLOWUP!r}, which is not in the gentle routine"
    for name in ("routine", "gentle_routine"):  # "the lump is gone" goes to the step after it
        if any(s["id"] == FOLLOWUP and s["steps"][0]["id"] != CHECK_CLEARED for s in content[name]["sections"]):
            yield name, f"the {FOLLOWUP!r} section must open with step {CHECK_CLEARED!r}"
    topics |= {topic for names in TOPIC_INTENTS.values() for topic in names}
    for topic in sorted(topics - set(content["topics"]["topics"])):
        yield "topics", f"the code names topic {topic!r}, which is not in the topics"


def code_names() -> tuple[set[str], set[str], set[str]]:
    """(response keys, key prefixes of f-strings, topic ids) named in the code."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for name in KEY_USERS
             for path in sorted((SKILL / name).rglob("*.py") if (SKILL / name).is_dir() else [SKILL / name])]
    functions = {node.name: node for tree in trees for node in ast.walk(tree)
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    calls: dict[str, list[ast.Call]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
                calls.setdefault(node.func.id if isinstance(node.func, ast.Name) else node.func.attr, []).append(node)
    used: set[str] = set()
    families: set[str] = set()
    topics: set[str] = set()
    for tree in trees:
        top = ast.Module(body=[n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.ClassDef))],
                         type_ignores=[])
        for scope in [top, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
            for node in ast.walk(scope):
                for expr, kind in _named_by(node):
                    names = Names(functions, calls, scope, used if kind == "key" else topics, families)
                    names.collect(expr)
    return used, families, topics


def _named_by(node: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """The expressions in this node that name a response key or a topic."""
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("say", "text") and node.args:
            yield node.args[0], "key"
        elif name == "Pending":
            yield from ((arg, "key") for arg in node.args[1:3])
        elif name in ("topic_text", "topic_lines") and len(node.args) > 1:
            yield node.args[1], "topic"
        yield from ((kw.value, "key") for kw in node.keywords if kw.arg in ("next_key", "declined"))
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Subscript) \
            and isinstance(node.value.slice, ast.Constant) and node.value.slice.value == "responses":
        yield node.slice, "key"


class Names:
    """The strings an expression can evaluate to: literals, f-string prefixes, what a named
    function returns, and what a variable is assigned in the scope it is read in."""

    def __init__(self, functions: dict[str, Any], calls: dict[str, list[ast.Call]], scope: ast.AST,
                 into: set[str], families: set[str]):
        self.functions, self.calls, self.scope, self.into, self.families = functions, calls, scope, into, families
        self.seen: set[str] = set()

    def collect(self, expr: ast.AST) -> None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.into.add(expr.value)
        elif isinstance(expr, ast.JoinedStr):
            first = expr.values[0] if expr.values else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                self.families.add(first.value)
        elif isinstance(expr, ast.Call):
            self.returned(expr)
        elif isinstance(expr, ast.Name):
            self.assigned(expr.id)
        elif isinstance(expr, ast.IfExp):
            self.collect(expr.body)
            self.collect(expr.orelse)
        elif isinstance(expr, (ast.BoolOp, ast.Dict)):
            for value in expr.values:
                if value is not None:
                    self.collect(value)

    def returned(self, call: ast.Call) -> None:
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name == "get" and isinstance(func, ast.Attribute):  # {..}.get(x, default)
            self.collect(func.value)
            for arg in call.args[1:]:
                self.collect(arg)
        elif name in self.functions and name not in self.seen:
            self.seen.add(name)
            for node in ast.walk(self.functions[name]):
                if isinstance(node, ast.Return) and node.value is not None:
                    self.collect(node.value)

    def assigned(self, variable: str) -> None:
        if variable in self.seen:
            return
        self.seen.add(variable)
        if isinstance(self.scope, ast.FunctionDef):
            self.passed(self.scope, variable)
        for node in ast.walk(self.scope):
            if isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == variable for target in node.targets):
                self.collect(node.value)

    def passed(self, function: ast.FunctionDef, parameter: str) -> None:
        """What the callers pass for a parameter (positionally or by name)."""
        names = [a.arg for a in function.args.args]
        if parameter not in names:
            return
        index = names.index(parameter)
        for call in self.calls.get(function.name, []):
            if index < len(call.args):
                self.collect(call.args[index])
            for keyword in call.keywords:
                if keyword.arg == parameter:
                    self.collect(keyword.value)
