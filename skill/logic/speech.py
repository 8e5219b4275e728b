"""What the logic layer says, before any SSML: plain text and timed pauses.

`Dialog` fills the templates of the locale's responses file, so no words live in code.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Pause:
    seconds: int


@dataclass
class Reply:
    """One turn of the skill: what to say, what to say if the user is silent, and side effects."""

    speech: list = field(default_factory=list)
    reprompt: list | None = None
    end_session: bool = False
    card: tuple[str, str] | None = None
    # Side effects the handler layer carries out (Alexa APIs), as plain data.
    actions: list[dict] = field(default_factory=list)

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

    def has(self, key: str) -> bool:
        return key in self._templates


def lines(sentences: list[str]) -> list[Say]:
    return [Say(s) for s in sentences]


# Alexa reads about 150 words a minute; this estimate sizes holds and checks the audio limit.
CHARS_PER_SECOND = 14


def spoken_seconds(text: str) -> float:
    return len(text) / CHARS_PER_SECOND
