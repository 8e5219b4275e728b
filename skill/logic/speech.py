"""What the logic layer says, before any SSML: plain text and timed pauses.

`Dialog` fills the templates of the locale's responses file, so no words live in code. Every
`Say` carries the key of what was said: a response key ("hold_start"), or for health facts
the content item it came from ("step:warm_compress", "outcome:provider").
"""
from __future__ import annotations

from typing import NamedTuple, Union

# NamedTuples and plain classes rather than dataclasses: each @dataclass costs about a
# millisecond of import, and cold start is measured against a hello-world skill.


class Say(NamedTuple):
    text: str
    key: str = ""


class Pause(NamedTuple):
    seconds: int


Segment = Union[Say, Pause]


class Card(NamedTuple):
    title: Say
    body: list[Say]


class Reply:
    """One turn of the skill: what to say, what to say if the user is silent, and side effects."""

    __slots__ = ("speech", "reprompt", "end_session", "card", "actions")

    def __init__(self, speech: list[Segment] | None = None, reprompt: list[Segment] | None = None,
                 end_session: bool = False, card: Card | None = None,
                 actions: list[dict[str, object]] | None = None):
        self.speech: list[Segment] = speech if speech is not None else []
        self.reprompt: list[Segment] | None = reprompt
        self.end_session: bool = end_session
        self.card: Card | None = card
        # Side effects the handler layer carries out (Alexa APIs), as plain data.
        self.actions: list[dict[str, object]] = actions if actions is not None else []

    def add(self, *segments: Segment | None) -> Reply:
        self.speech.extend(s for s in segments if s is not None)
        return self

    def keys(self) -> list[str]:
        """What was said, as response and content keys (conversation stories assert these)."""
        return [s.key for s in self.speech if isinstance(s, Say)]


class Dialog:
    """The locale's response templates (content/locale/<lang>/responses.yaml)."""

    def __init__(self, templates: dict[str, str]):
        self.templates = templates

    def text(self, key: str, **values: object) -> str:
        return self.templates[key].format(**values)

    def say(self, key: str, **values: object) -> Say:
        return Say(self.text(key, **values), key)

    def join(self, items: list[str]) -> str:
        """'a', 'a and b', 'a, b and c', with the locale's separators."""
        if len(items) < 2:
            return "".join(items)
        return self.text("list_comma").join(items[:-1]) + self.text("list_and") + items[-1]


def lines(sentences: list[str], key: str) -> list[Say]:
    return [Say(s, key) for s in sentences]


# Alexa reads about 150 words a minute; this estimate sizes holds and checks the audio limit.
CHARS_PER_SECOND = 14


def spoken_seconds(text: str) -> float:
    return len(text) / CHARS_PER_SECOND


def digits(value: object, most: int = 6) -> str | None:
    """An AMAZON.NUMBER value as ASCII digits, or None: odd input must not reach int()."""
    text = str(value).strip() if value is not None else ""
    return text if text.isascii() and text.isdecimal() and len(text) <= most else None
