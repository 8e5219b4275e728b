"""What the logic layer says, before any SSML: plain text and timed pauses.

`Dialog` fills the templates of the locale's responses file, so no words live in code. Every
`Say` carries the key of what was said: a response key ("hold_start"), or for health facts
the content item it came from ("step:warm_compress", "outcome:provider").
"""
from __future__ import annotations

from typing import Literal, Union

# Plain slotted classes rather than dataclasses or NamedTuples: each @dataclass costs about a
# millisecond of import and each NamedTuple about a tenth, and cold start is measured
# against a hello-world skill.


class Value:
    """Equal when of the same type with equal fields, as a NamedTuple is."""

    __slots__ = ()

    def fields(self) -> tuple[object, ...]:
        names: tuple[str, ...] = self.__slots__  # each subclass names its fields here
        return tuple(getattr(self, name) for name in names)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self.fields()!r}"


class Say(Value):
    __slots__ = ("text", "key")

    def __init__(self, text: str, key: str = ""):
        self.text, self.key = text, key


class Pause(Value):
    __slots__ = ("seconds",)

    def __init__(self, seconds: int):
        self.seconds = seconds


Segment = Union[Say, Pause]
ShownKind = Literal["step", "outcome", "info", "location"]


class Card:
    """The companion-app card: a title and the lines it shows."""

    __slots__ = ("title", "body")

    def __init__(self, title: Say, body: list[Say]):
        self.title, self.body = title, body


class Shown(Value):
    """What a device with a screen shows with a reply, as content ids only (no words, no
    locale); the renderer looks up the words (skill/render/screens.py). By `kind`:
    - "step": `ref` the routine step's id; `ids` the content field said ("say", or "say_pumping"
      for a parent who pumps); `held` the seconds of its hold paced before this turn;
    - "outcome": `ref` the triage level; `ids` the warning signs on record; `hours` since the
      lump started, when known;
    - "info": `ref` names the title ("help", "topic", "welcome", "question"); `ids` the keys of
      the reply's segments that make the text (a response key, or "topic:what_is");
    - "location": `ref` the clog location's id."""

    __slots__ = ("kind", "ref", "ids", "held", "hours")

    def __init__(self, kind: ShownKind, ref: str, ids: tuple[str, ...] = (), held: int = 0,
                 hours: int | None = None):
        self.kind, self.ref, self.ids, self.held, self.hours = kind, ref, ids, held, hours


class Reply:
    """One turn of the skill: what to say, what to say if the user is silent, side effects, and
    what a screen shows."""

    __slots__ = ("speech", "reprompt", "end_session", "card", "actions", "screen", "repeatable", "signs_on_record")

    def __init__(self, speech: list[Segment] | None = None, reprompt: list[Segment] | None = None,
                 end_session: bool = False, card: Card | None = None,
                 actions: list[dict[str, object]] | None = None):
        self.speech: list[Segment] = speech if speech is not None else []
        self.reprompt: list[Segment] | None = reprompt
        self.end_session: bool = end_session
        self.card: Card | None = card
        # Side effects the handler layer carries out (Alexa APIs), as plain data.
        self.actions: list[dict[str, object]] = actions if actions is not None else []
        self.screen: Shown | None = None  # set by the flow that decides what is on screen
        # False for a reply that is no prompt of its own (a fallback): "repeat" afterwards says
        # the reply before it again.
        self.repeatable = True
        # The warning signs on record once the turn is done (content ids, set by the dispatcher
        # whether or not the speech names them this time): a screen shows them on every reply.
        self.signs_on_record: tuple[str, ...] = ()

    def add(self, *segments: Segment | None) -> Reply:
        self.speech.extend(s for s in segments if s is not None)
        return self

    def keys(self) -> list[str]:
        """What was said, as response and content keys (conversation stories assert these)."""
        return [s.key for s in self.speech if isinstance(s, Say)]

    def drop(self, keys: frozenset[str]) -> None:
        """Leaves out the sentences said under these keys."""
        self.speech[:] = [s for s in self.speech if not (isinstance(s, Say) and s.key in keys)]


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
    """An AMAZON.NUMBER value as ASCII digits, or None: odd input must not reach int().
    No slot (None) reads as "None", which is no digits either."""
    text = str(value).strip()
    return text if text.isascii() and text.isdecimal() and len(text) <= most else None
