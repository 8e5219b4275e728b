"""A market's English, from the request's locale: its responses and its words.

en-US is the base: `content["responses"]` holds every response, and each other locale is an
overlay (`content["locales"][locale]`: its parent locale, the responses it says differently and
the market words it uses, e.g. "nappy" for "diaper"). Overlays stack along the parent chain
(en-AU -> en-GB -> en-US), so a locale holds only what differs from its parent.

Health facts stay written once, in the base's words; a locale's words are put into them when
its context is built (once per process and locale), never per reply.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# The base locale (its responses file has every key), and the one a request gets when it
# names none or one the content lacks; defined here, below the content compiler that checks it.
DEFAULT_LOCALE = "en-US"
# The content files of health facts, said in the market's words.
FACTS = ("routine", "gentle_routine", "triage", "topics", "positions")
# Content fields that name things rather than say them: never reworded.
NOT_SPOKEN = frozenset(("id", "source", "level"))


def supported(content: dict[str, Any]) -> frozenset[str]:
    # The compiled content always has "locales" (skill/content/compiler.py), maybe empty.
    return frozenset((DEFAULT_LOCALE, *content["locales"]))


def overlays(content: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """The locale's overlay and its ancestors', the base's child first (the compiler has
    checked that the chain ends at the base)."""
    known = content["locales"]
    chain = []
    while locale in known:
        chain.append(known[locale])
        locale = known[locale]["parent"]
    return chain[::-1]


def responses(content: dict[str, Any], locale: str) -> dict[str, str]:
    merged = dict(content["responses"])
    for overlay in overlays(content, locale):
        merged.update(overlay["responses"])
    return merged


def words(content: dict[str, Any], locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for overlay in overlays(content, locale):
        merged.update(overlay.get("words", {}))
    return merged


def rewording(market_words: dict[str, str]) -> Callable[[Any], Any]:
    """A function copying a content tree with the market's words in every spoken string."""
    if not market_words:
        return lambda node: node
    # Longest first, so "football hold" wins over "football"; never inside a {placeholder}.
    alternatives = "|".join(map(re.escape, sorted(market_words, key=len, reverse=True)))
    pattern = re.compile(rf"(?<!\{{)\b(?:{alternatives})\b(?!\}})", re.IGNORECASE)
    lowered = {word.lower(): local for word, local in market_words.items()}

    def local(match: re.Match[str]) -> str:
        said, replacement = match.group(0), lowered[match.group(0).lower()]
        return replacement[:1].upper() + replacement[1:] if said[:1].isupper() else replacement

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(local, value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: item if key in NOT_SPOKEN else walk(item) for key, item in value.items()}
        return value

    return walk
