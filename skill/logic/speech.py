"""What the logic layer says, before any SSML: plain text and timed pauses.

`Dialog` fills the templates of the locale's responses file, so no words live in code.
"""
from __future__ import annotations

from typing import NamedTuple

# NamedTuples and plain classes rather than dataclasses: each @dataclass costs about a
# millisecond of import, and cold start is measured against a hello-world skill.


class Say(NamedTuple):
    text: str


class Pause(NamedTuple):
    seconds: int


class Reply:
    """One turn of the skill: what to say, what to say if the user is silent, and side effects."""

    __slots__ = ("speech", "reprompt", "end_session", "card", "actions")

    def __init__(self, speech=None, reprompt=None, end_session=False, card=None, actions=None):
        self.speech: list = speech if speech is not None else []
        self.reprompt: list | None = reprompt
        self.end_session: bool = end_session
        self.card: tuple[str, str] | None = card
        # Side effects the handler layer carries out (Alexa APIs), as plain data.
        self.actions: list[dict] = actions if actions is not None else []

    def add(self, *segments) -> "Reply":
        self.speech.extend(s for s in segments if s is not None)
        return self


class Dialog:
    """The locale's response templates (content/locale/<lang>/responses.yaml)."""

    def __init__(self, templates: dict[str, str]):
        self._templates = templates

    def text(self, key: str, **values) -> str:
        return self._templates[key].format(**values)

    def say(self, key: str, **values) -> Say:
        return Say(self.text(key, **values))


def lines(sentences: list[str]) -> list[Say]:
    return [Say(s) for s in sentences]


# Alexa reads about 150 words a minute; this estimate sizes holds and checks the audio limit.
CHARS_PER_SECOND = 14


def spoken_seconds(text: str) -> float:
    return len(text) / CHARS_PER_SECOND


def digits(value, most: int = 6) -> str | None:
    """An AMAZON.NUMBER value as ASCII digits, or None: odd input must not reach int()."""
    text = str(value).strip() if value is not None else ""
    return text if text.isascii() and text.isdecimal() and len(text) <= most else None
