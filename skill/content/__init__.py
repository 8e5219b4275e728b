"""Content layer, runtime half: load the compiled content fast.

Start-up reads only `content/.compiled.json`, and trusts it when every input has the size
and modification time it had when it was compiled (as Python trusts its .pyc files). When
one differs, a checksum of the inputs decides; the build-time compiler (`compiler.py`:
PyYAML, jsonschema, cross-checks, the `python -m skill.content` command) loads only when
the sources really changed.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..logic.locale import DEFAULT_LOCALE

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DIR = REPO / "content"
SCHEMA_FILE = "schema.json"
COMPILED_FILE = ".compiled.json"
# Result key -> source file, relative to the content dir; each key names a $def in the schema.
SOURCES = {
    "routine": "routine.yaml",
    "gentle_routine": "gentle_routine.yaml",
    "topics": "topics.yaml",
    "positions": "positions.yaml",
    "triage": "triage.yaml",
    "services": "services.yaml",
    "responses": "locale/en-US/responses.yaml",
}
# en-US (DEFAULT_LOCALE) is the base every locale falls back to; each other
# content/locale/<locale>/responses.yaml names its parent and overrides only what differs.
LOCALE_DIR = "locale"
OVERLAY_FILE = "responses.yaml"
# The compiler's own files: a change to a check must recompile.
COMPILER_FILES = ("compiler.py", "checks.py", "locales.py")
T = TypeVar("T")

_cache: dict[Path, dict[str, Any]] = {}


class ContentError(Exception):
    """A content file is missing, malformed, or inconsistent; the skill must not start."""


def _inputs(content_dir: Path) -> dict[str, Path]:
    """What the compiled content is made from: the schema, every source and the compiler."""
    files = {SCHEMA_FILE: content_dir / SCHEMA_FILE}
    files.update((f"skill/content/{name}", HERE / name) for name in COMPILER_FILES)
    files.update((rel, content_dir / rel) for rel in SOURCES.values())
    files.update((rel, content_dir / rel) for rel in locale_overlays(content_dir).values())
    return dict(sorted(files.items()))


def locale_overlays(content_dir: Path) -> dict[str, str]:
    """Locale -> its responses overlay (relative path), for every locale but the base: a new
    locale is a new folder, found without any list to update."""
    try:
        names = sorted(entry.name for entry in os.scandir(content_dir / LOCALE_DIR) if entry.is_dir())
    except FileNotFoundError:
        return {}
    return {name: f"{LOCALE_DIR}/{name}/{OVERLAY_FILE}" for name in names if name != DEFAULT_LOCALE}


def _each_input(content_dir: Path, look: Callable[[Path], T]) -> Iterator[tuple[str, T]]:
    """(relative path, look(path)) for every input; a missing one stops start-up by name."""
    for rel, path in _inputs(content_dir).items():
        try:
            yield rel, look(path)
        except FileNotFoundError:
            raise ContentError(f"{shown(path)}: file is missing") from None


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


def compiled_is_current(content_dir: Path | None = None) -> bool:
    """Whether a cold start can use `.compiled.json` as it is, by `load_content`'s own rule:
    neither compiling nor checksumming the sources."""
    content_dir = content_dir_of(content_dir)
    data = _read_compiled(content_dir / COMPILED_FILE)
    return data is not None and data.get("_files") == file_signature(content_dir)


def compile_content(content_dir: Path) -> dict[str, Any]:
    """Parse, validate and cross-check every source (the build-time compiler, loaded now)."""
    from .compiler import compile_content as compile_sources

    return compile_sources(content_dir)


def load_content(content_dir: Path | None = None) -> dict[str, Any]:
    """The compiled content, parsed once per process; callers must not mutate it."""
    content_dir = content_dir_of(content_dir)
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


def write_compiled(content_dir: Path, data: dict[str, Any]) -> Path:
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


def content_dir_of(content_dir: Path | None) -> Path:
    chosen = content_dir or os.environ.get("MILKDUCT_CONTENT_DIR") or DEFAULT_DIR
    return Path(chosen).resolve()


def _read_compiled(path: Path) -> dict[str, Any] | None:
    try:
        with path.open(encoding="utf-8") as src:
            data = json.load(src)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.debug("content: ignoring unreadable %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None


def shown(path: Path) -> str:
    """A path as error messages show it: relative to the repo when it is inside it."""
    try:
        return Path(path).resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)
