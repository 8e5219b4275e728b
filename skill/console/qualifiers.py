"""The console NLU's words around a number (TEMP_QUALIFIER: "over", "almost", "and something",
"and a half"): never dropped beside a number that a sample found inside a longer utterance ("I'm
running a hundred and something" is not exactly 100), as Alexa fills a slot wherever its value is
heard. (Samples of slots alone, "{qualifier} {whole}", are never guessed near: see `fuzzy`.)"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

QUALIFIER_TYPES = frozenset({"TEMP_QUALIFIER"})
V = TypeVar("V")


def beside(m: re.Match, slot_types: dict[str, str], values_of: dict[str, dict[str, str]], filled: dict,
           slot_value: Callable[[str, str], V]) -> dict[str, V]:
    """The intent's empty qualifier slots that a value said right after the match, or else right
    before it, fills (as `slot_value(spoken, id)`)."""
    after, before = m.string[m.end():].strip(), m.string[:m.start()].strip()
    found = {}
    for name, slot_type in slot_types.items():
        if slot_type not in QUALIFIER_TYPES or name in filled:
            continue
        for spoken in sorted(values_of[slot_type], key=len, reverse=True):
            if re.match(rf"{re.escape(spoken)}(?!\S)", after) or re.search(rf"(?<!\S){re.escape(spoken)}$", before):
                found[name] = slot_value(spoken, values_of[slot_type][spoken])
                break
    return found
