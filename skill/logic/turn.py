"""What every flow works with: the request (`Event`), this turn's state (`Turn`), the content
and its helpers (`Context`), and how a flow declares what it answers (`Intents`, `Pending`)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple, Union

from .routine import Routine
from .speech import Dialog, Reply
from .state import Memory, PendingName, SessionState
from .triage import Triage

TimeZone = Union[str, None, Callable[[], Union[str, None]]]  # a name, or a lookup run only when needed


class Event(NamedTuple):
    kind: str
    slots: Mapping[str, str] = {}  # never mutated

    def slot(self, name: str) -> str | None:
        value = self.slots.get(name)
        return value if value not in (None, "", "?") else None


class Turn(NamedTuple):
    event: Event
    state: SessionState
    memory: Memory
    now: datetime
    time_zone: TimeZone = None


class Context:
    """The content, read once, with the models built on it; shared by every flow."""

    def __init__(self, content: dict[str, Any]):
        self.dialog = Dialog(content["responses"])
        self.routine = Routine(content["routine"])
        self.triage = Triage(content["triage"])
        self.thresholds: dict[str, Any] = content["triage"]["thresholds"]
        self.signs: dict[str, Any] = content["triage"]["signs"]
        self.questions: dict[str, Any] = content["triage"]["questions"]
        self.outcomes: dict[str, Any] = content["triage"]["outcomes"]
        self.topics: dict[str, Any] = content["topics"]["topics"]
        self.positions: dict[str, Any] = content["positions"]
        self.pending: dict[PendingName, Pending] = {}  # filled by the Conversation from the flows


IntentHandler = Callable[[Context, Turn], Reply]
AnswerReader = Callable[[Context, Turn, bool], Reply]


class Pending(NamedTuple):
    """A question waiting for its answer: how a yes or no is read, which responses ask it
    again (None: the question comes from the content), and whether it must be answered
    before anything else."""

    read: AnswerReader
    ask: str | None
    reprompt: str | None
    blocking: bool = False


Intents = dict[str, IntentHandler]
Questions = dict[PendingName, Pending]
