"""Content layer, build-time half: YAML sources -> validated, cross-checked JSON.

Run at build time (`python -m skill.content`, the Lambda build), by the tests, and at
start-up only when the sources changed since the last compile. PyYAML and jsonschema load
only here.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from . import COMPILED_FILE, SCHEMA_FILE, SOURCES, ContentError, content_dir_of, content_stamp, file_signature, \
    locale_overlays, shown, write_compiled
from .checks import SEED_FILES, check_code_names, cross_check
from .compress import check_compress_steps
from .locales import check_markets, check_overlays

__all__ = ["SEED_FILES", "compile_content", "main"]


def compile_content(content_dir: Path) -> dict[str, Any]:
    """Parse, validate and cross-check every source file; raise ContentError on the first problem."""
    content_dir = Path(content_dir)
    try:
        import jsonschema
        import yaml
    except ImportError as exc:
        raise ContentError(
            f"{shown(content_dir / COMPILED_FILE)} is missing or stale, and compiling it needs "
            f"{exc.name}; run 'python -m skill.content' where the content extras are installed"
        ) from exc
    schema = _schema(jsonschema, content_dir / SCHEMA_FILE)
    loader = _strict_loader(yaml)
    result = {key: _source(jsonschema, yaml, loader, schema, key, content_dir / rel) for key, rel in SOURCES.items()}
    problem = next(check_code_names(result), None) or next(check_compress_steps(result), None)
    if problem is not None:
        raise ContentError(f"{shown(content_dir / SOURCES[problem[0]])}: {problem[1]}")
    overlays = locale_overlays(content_dir)
    result["locales"] = {locale: _source(jsonschema, yaml, loader, schema, "locale", content_dir / rel)
                         for locale, rel in overlays.items()}
    problem = next(check_overlays(result), None)
    if problem is not None:
        raise ContentError(f"{shown(content_dir / overlays[problem[0]])}: {problem[1]}")
    unmatched = check_markets(result)
    if unmatched is not None:
        raise ContentError(f"{shown(content_dir / SOURCES['services'])}: {unmatched}")
    result["_stamp"] = content_stamp(content_dir)
    result["_files"] = file_signature(content_dir)
    return result


def _schema(jsonschema: Any, schema_path: Path) -> dict[str, Any]:
    try:
        schema: dict[str, Any] = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        raise ContentError(f"{shown(schema_path)}: {_short(str(exc))}") from exc
    return schema


def _source(jsonschema: Any, yaml: Any, loader: Any, schema: dict[str, Any], key: str, path: Path) -> Any:
    """One source file, parsed, validated against its $def and cross-checked."""
    data = _parse_yaml(yaml, loader, path)
    # Validate against this file's $def, keeping the root so its $refs resolve.
    validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{key}"})
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise ContentError(f"{shown(path)}: {_key_path(error.absolute_path)}: {_describe(error)}")
    problem = next(cross_check(key, data), None)
    if problem is not None:
        raise ContentError(f"{shown(path)}: {_key_path(problem[0])}: {problem[1]}")
    return data


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
    where_file = shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{where_file}: file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{where_file}: cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ContentError(f"{where_file}: {where}{exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"{where_file}: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m skill.content",
                                     description="Validate the content and write content/.compiled.json.")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("content_dir", nargs="?", type=Path, help="default: $MILKDUCT_CONTENT_DIR or content/")
    args = parser.parse_args(argv)
    content_dir = content_dir_of(args.content_dir)
    try:
        data = compile_content(content_dir)
        if not args.check:
            print(f"wrote {shown(write_compiled(content_dir, data))} (stamp {data['_stamp'][:12]})")
    except (ContentError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
