"""Build-time checks of the locale overlays (content/locale/<locale>/responses.yaml).

An overlay names its parent locale and overrides some of the base's responses. What the schema
cannot say is checked here: the parent exists and the chain ends at the base without a loop;
every overridden key is one the base has (a misspelt key would silently never be said); an
override takes exactly the base's {placeholders}, so the logic fills it the same way everywhere;
every market word replaces something the content really says; and the locales are exactly
the markets of services.yaml, so no locale falls back silently to another market's numbers.
"""
from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from typing import Any

from ..logic.locale import DEFAULT_LOCALE
from . import LOCALE_DIR, SOURCES


def check_overlays(content: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (locale, problem) for every overlay that does not fit the base."""
    base, overlays = content["responses"], content["locales"]
    spoken = json.dumps([content[key] for key in SOURCES], ensure_ascii=False)
    for locale, overlay in overlays.items():
        for word in overlay.get("words", {}):
            if not re.search(rf"\b{re.escape(word)}\b", spoken, re.IGNORECASE):
                yield locale, f"words.{word}: the content never says {word!r}"
        problem = _chain_problem(locale, overlays)
        if problem:
            yield locale, problem
        for key, text in overlay["responses"].items():
            if key not in base:
                yield locale, f"responses.{key}: overrides {key!r}, which {DEFAULT_LOCALE} does not have"
            elif placeholders(text) != placeholders(base[key]):
                wanted = ", ".join(sorted(placeholders(base[key]))) or "none"
                yield locale, f"responses.{key}: must use the same placeholders as {DEFAULT_LOCALE} ({wanted})"


def check_markets(content: dict[str, Any]) -> str | None:
    """The problem, if the locale folders and services.yaml's markets do not name the same locales."""
    locales, markets = {DEFAULT_LOCALE, *content["locales"]}, set(content["services"]["markets"])
    if locales == markets:
        return None
    unserved = ", ".join(sorted(locales - markets)) or "none"
    unwritten = ", ".join(sorted(markets - locales)) or "none"
    return (f"markets: must name {DEFAULT_LOCALE} and each folder of {LOCALE_DIR}/, no more "
            f"(folders without a market: {unserved}; markets without a folder: {unwritten})")


def _chain_problem(locale: str, overlays: dict[str, dict[str, Any]]) -> str | None:
    seen = [locale]
    parent = overlays[locale]["parent"]
    while parent != DEFAULT_LOCALE:
        if parent not in overlays:
            return f"parent: {parent!r} is not a locale (content/locale/ has no such folder)"
        if parent in seen:
            return f"parent: the chain {' -> '.join([*seen, parent])} loops"
        seen.append(parent)
        parent = overlays[parent]["parent"]
    return None


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
