"""A console conversation as Markdown (`:save FILE`): what was said, what Alexa said, the pauses."""
from __future__ import annotations

import re
from typing import NamedTuple

_PAUSE = re.compile(r"\[pause( [^\]]+)?\]")


class Entry(NamedTuple):
    kind: str  # "you" (a typed line or command), "alexa" (speech) or "note" (what the console saw)
    text: str


def _escaped(text: str) -> str:
    """Markdown that reads as the text: emphasis and link characters shown as typed."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _spoken(text: str) -> str:
    """Alexa's words with each pause in italics, e.g. *(pause 10s)*."""
    pieces = _PAUSE.split(text)  # words, pause length, words, ...
    return "".join(f"*(pause{p or ''})*" if i % 2 else _escaped(p) for i, p in enumerate(pieces))


def markdown(entries: list[Entry], title: str = "Milk Duct Helper: console conversation") -> str:
    lines = [f"# {title}", ""]
    for kind, text in entries:
        if kind == "you" and not text:
            lines.append("**You:** *(silence)*")
        elif kind == "you":
            lines.append(f"**You:** `{text}`" if text.startswith(":") else f"**You:** {_escaped(text)}")
        elif kind == "alexa":
            lines.append(f"**Alexa:** {_spoken(text)}")
        else:
            lines.append(f"> {_escaped(text)}")
        lines.append("")
    return "\n".join(lines)
