"""The APL documents, read and checked once, on the first screen (never at import: voice-only
requests, most of them, should not pay for reading JSON they do not send)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .screen import KINDS

FOLDER = Path(__file__).parent / "documents"
APL_VERSION = "2024.3"
# The parts of common.json that every document receives.
SHARED = ("resources", "styles", "layouts")
# APL's own components; any other component type must be a layout.
PRIMITIVES = frozenset({
    "Container", "EditText", "Frame", "GridSequence", "Image", "Pager", "ScrollView",
    "Sequence", "Text", "TouchWrapper", "VectorGraphic", "Video",
})


Json = dict[str, Any]  # a JSON object as json.loads returns it


class DocumentError(ValueError):
    """A document in documents/ is broken: a bug to fix before shipping."""


@cache
def documents() -> dict[str, Json]:
    """Each screen kind's complete document, with the shared resources, styles and layouts."""
    common = _read("common")
    loaded = {}
    for kind in KINDS:
        document = _read(kind)
        document["resources"] = common["resources"] + document.get("resources", [])
        for key in ("styles", "layouts"):
            document[key] = {**common[key], **document.get(key, {})}
        _check(kind, document)
        loaded[kind] = document
    return loaded


def _read(name: str) -> Json:
    path = FOLDER / f"{name}.json"
    try:
        document: Json = json.loads(path.read_text(encoding="utf-8"))
        return document
    except (OSError, ValueError) as error:
        raise DocumentError(f"{path}: {error}") from error


def _check(kind: str, document: Json) -> None:
    where = f"{FOLDER / kind}.json"
    if document.get("type") != "APL" or document.get("version") != APL_VERSION:
        raise DocumentError(f"{where}: must be type APL, version {APL_VERSION}")
    template = document.get("mainTemplate", {})
    if template.get("parameters") != ["screen"] or not template.get("items"):
        raise DocumentError(f"{where}: mainTemplate needs parameters [\"screen\"] and items")
    known = PRIMITIVES | document["layouts"].keys()
    unknown = component_types(document) - known
    if unknown:
        raise DocumentError(f"{where}: unknown component type(s) {sorted(unknown)}")


def component_types(document: Json) -> set[str]:
    """Every component type used in the main template and the layouts."""
    found: set[str] = set()
    _collect(document["mainTemplate"], found)
    _collect(document.get("layouts", {}), found)
    return found


def _collect(node: object, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("item", "items", "firstItem", "lastItem"):
                for child in value if isinstance(value, list) else [value]:
                    if isinstance(child, dict) and "type" in child:
                        found.add(child["type"])
            _collect(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect(value, found)
