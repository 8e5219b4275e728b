"""Content layer: compile content/*.yaml into validated JSON, and load it fast.

Start-up reads only `content/.compiled.json`, and trusts it when every source has the size
and modification time it had when it was compiled (as Python trusts its .pyc files). When
one differs, a checksum of the sources decides; PyYAML, jsonschema and the checks below load
only when the sources really changed, or from `python -m skill.content`.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO / "content"
SCHEMA_FILE = "schema.json"
COMPILED_FILE = ".compiled.json"
# Result key -> source file, relative to the content dir; each key names a $def in the schema.
SOURCES = {
    "routine": "routine.yaml",
    "topics": "topics.yaml",
    "positions": "positions.yaml",
    "triage": "triage.yaml",
    "responses": "locale/en-US/responses.yaml",
}
# Health-fact files: every item names its source, and their text is spoken as written.
FACT_FILES = ("routine", "topics", "positions", "triage")
SEED_FILES = frozenset({"000_8cfdbd2f99c15243.txt", "001_fc8ce00558e4127c.txt"})
GUIDELINE_PREFIX = "guideline: "
SECTION_IDS = ("prepare", "massage", "positioning", "followup")
SINCE_IDS = ("today", "last_night", "yesterday", "two_days", "longer")
QUESTION_IDS = ("emergency_screen", "fever", "chills_aches", "red_streaks", "lump_duration")

_cache: dict[Path, dict] = {}


class ContentError(Exception):
    """A content file is missing, malformed, or inconsistent; the skill must not start."""


def _inputs(content_dir: Path) -> dict[str, Path]:
    """What the compiled content is made from: the schema, every source and this compiler."""
    files = {SCHEMA_FILE: content_dir / SCHEMA_FILE, "skill/content.py": Path(__file__)}
    files.update((rel, content_dir / rel) for rel in SOURCES.values())
    return dict(sorted(files.items()))


def _each_input(content_dir: Path, look):
    """(relative path, look(path)) for every input; a missing one stops start-up by name."""
    for rel, path in _inputs(content_dir).items():
        try:
            yield rel, look(path)
        except FileNotFoundError:
            raise ContentError(f"{_shown(path)}: file is missing") from None


def content_stamp(content_dir: Path) -> str:
    """A checksum over the inputs (sorted paths + bytes).

    It only detects edits, so CRC-32 is enough; hashlib would load OpenSSL (~2.5 ms, 3.5 MiB)."""
    import zlib

    digest = 0
    for rel, data in _each_input(content_dir, Path.read_bytes):
        digest = zlib.crc32(data, zlib.crc32(f"{rel}\0{len(data)}\0".encode(), digest))
    return f"{digest:08x}"


def file_signature(content_dir: Path) -> dict[str, list[int]]:
    """Each input's size and modification time: ~40 µs of stat calls instead of ~0.6 ms of
    reading and checksumming (zlib's import included), on every cold start."""
    return {rel: [stat.st_size, stat.st_mtime_ns] for rel, stat in _each_input(content_dir, Path.stat)}


def compile_content(content_dir: Path) -> dict:
    """Parse, validate and cross-check every source file; raise ContentError on the first problem."""
    content_dir = Path(content_dir)
    try:
        import jsonschema
        import yaml
    except ImportError as exc:
        raise ContentError(
            f"{_shown(content_dir / COMPILED_FILE)} is missing or stale, and compiling it needs "
            f"{exc.name}; run 'python -m skill.content' where the content extras are installed"
        ) from exc

    schema_path = content_dir / SCHEMA_FILE
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        raise ContentError(f"{_shown(schema_path)}: {_short(str(exc))}") from exc

    loader = _strict_loader(yaml)
    result = {}
    for key, rel in SOURCES.items():
        path = content_dir / rel
        data = _parse_yaml(yaml, loader, path)
        # Validate against this file's $def, keeping the root so its $refs resolve.
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{key}"})
        error = jsonschema.exceptions.best_match(validator.iter_errors(data))
        if error is not None:
            raise ContentError(f"{_shown(path)}: {_key_path(error.absolute_path)}: {_describe(error)}")
        problem = next(_cross_check(key, data), None)
        if problem is not None:
            raise ContentError(f"{_shown(path)}: {_key_path(problem[0])}: {problem[1]}")
        result[key] = data
    result["_stamp"] = content_stamp(content_dir)
    result["_files"] = file_signature(content_dir)
    return result


def load_content(content_dir: Path | None = None) -> dict:
    """The compiled content, parsed once per process; callers must not mutate it."""
    content_dir = _content_dir(content_dir)
    cached = _cache.get(content_dir)
    if cached is not None:
        return cached
    data = _read_compiled(content_dir / COMPILED_FILE)
    signature = file_signature(content_dir)
    if data is None or data.get("_files") != signature:
        # Touched, or copied with new times (a git checkout, a Lambda zip): the bytes decide,
        # and the file is written again so the next start can trust the times.
        if data is not None and data.get("_stamp") == content_stamp(content_dir):
            data["_files"] = signature
        else:
            data = compile_content(content_dir)
        try:
            write_compiled(content_dir, data)
        except OSError as exc:  # e.g. a read-only Lambda package: checking each start still works
            log.debug("content: could not write %s: %s", COMPILED_FILE, exc)
    _cache[content_dir] = data
    return data


def write_compiled(content_dir: Path, data: dict) -> Path:
    """Write `.compiled.json` atomically, so a concurrent reader never sees half a file."""
    import tempfile

    target = content_dir / COMPILED_FILE
    fd, tmp = tempfile.mkstemp(dir=content_dir, prefix=COMPILED_FILE, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; Lambda reads it as another user
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _content_dir(content_dir: Path | None) -> Path:
    chosen = content_dir or os.environ.get("MILKDUCT_CONTENT_DIR") or DEFAULT_DIR
    return Path(chosen).resolve()


def _read_compiled(path: Path) -> dict | None:
    try:
        with path.open(encoding="utf-8") as src:
            data = json.load(src)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.debug("content: ignoring unreadable %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None


def _shown(path: Path) -> str:
    """A path as error messages show it: relative to the repo when it is inside it."""
    try:
        return Path(path).resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def _describe(error) -> str:
    """The schema error, with a whole list or mapping summarised instead of dumped."""
    message, instance = error.message, error.instance
    if isinstance(instance, (list, dict)) and message.startswith(repr(instance)):
        kind = "list" if isinstance(instance, list) else "mapping"
        plural = "" if len(instance) == 1 else "s"
        message = f"a {kind} of {len(instance)} item{plural}{message[len(repr(instance)):]}"
    return _short(message)


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _key_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "top level"


def _strict_loader(yaml):
    """CSafeLoader that rejects duplicate keys, which plain YAML silently lets the last one win."""
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:  # unhashable key: the base class reports it
                    continue
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark)
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def _parse_yaml(yaml, loader, path: Path):
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{shown}: file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{shown}: cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ContentError(f"{shown}: {where}{exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"{shown}: {exc}") from exc


# ---- cross-reference checks: run after the schema passed, so the shapes are known ----

def _cross_check(key: str, data):
    """Yield (key path, problem) for what the schema cannot express."""
    if key in FACT_FILES:
        yield from _check_sources(data)
        yield from _check_spoken(data)
    if key == "routine":
        yield from _check_routine(data)
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


def _check_spoken(data):
    """Everything except ids and sources is read aloud, so it must be written as spoken."""
    import re

    unspeakable = re.compile(r"[()\[\]{}<>/&°%*#_]|\b(?:e\.g|i\.e|etc|approx)\b", re.IGNORECASE)
    for where, key, value in _walk(data, ()):
        if key in ("id", "source") or "source" in where[-1:] or not isinstance(value, str):
            continue
        found = unspeakable.search(value)
        if found:
            yield (*where, key), f"spoken text contains {found.group()!r}; write it the way it should be said"


def _check_routine(routine):
    ids = [section["id"] for section in routine["sections"]]
    if tuple(ids) != SECTION_IDS:
        yield ("sections",), f"section ids must be {', '.join(SECTION_IDS)} in this order, not {', '.join(ids)}"
    seen = set()
    for s, section in enumerate(routine["sections"]):
        for t, step in enumerate(section["steps"]):
            if step["id"] in seen:
                yield ("sections", s, "steps", t, "id"), f"step id {step['id']!r} is used twice"
            seen.add(step["id"])


def _spoken_number(value: float) -> str:
    return f"{value:g}"


def _check_triage(triage):
    limits = triage["thresholds"]
    at = ("thresholds",)
    if abs((limits["fever_f"] - 32) * 5 / 9 - limits["fever_c"]) > 0.1:
        yield (*at, "fever_c"), f"{limits['fever_c']} Celsius is not {limits['fever_f']} Fahrenheit"
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

    # Outcome sentences quote the thresholds; keep them from drifting apart.
    quoted = {
        "self_care": [f"{_spoken_number(limits['fever_f'])} degrees Fahrenheit",
                      f"{_spoken_number(limits['fever_c'])} Celsius",
                      f"{limits['lump_watch_hours']} to {limits['lump_provider_hours']} hours"],
        "watch": [f"{limits['lump_provider_hours']} hours"],
    }
    for outcome, phrases in quoted.items():
        text = " ".join(triage["outcomes"][outcome]["say"])
        for phrase in phrases:
            if phrase not in text:
                yield ("outcomes", outcome, "say"), f"must say {phrase!r} to match the thresholds"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m skill.content",
                                     description="Validate the content and write content/.compiled.json.")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("content_dir", nargs="?", type=Path, help="default: $MILKDUCT_CONTENT_DIR or content/")
    args = parser.parse_args(argv)
    content_dir = _content_dir(args.content_dir)
    try:
        data = compile_content(content_dir)
        if not args.check:
            print(f"wrote {_shown(write_compiled(content_dir, data))} (stamp {data['_stamp'][:12]})")
    except (ContentError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
