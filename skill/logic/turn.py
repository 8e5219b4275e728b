"""What every flow works with: the request (`Event`), this turn's state (`Turn`), the content
and its helpers (`Context`), and how a flow declares what it answers (`Intents`, `Pending`)."""
from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, Any

from . import locale as locales
from .market import fill, filled_items, market, spoken_values, temperatures
from .routine import Routine
from .speech import Dialog
from .triage import Triage

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from datetime import datetime
    from typing import Union

    from .speech import Reply, Segment
    from .state import Memory, PendingName, RoutineName, SessionState

    # A device setting: its value, or a lookup run only when needed (the Alexa Settings API).
    Lookup = Union[str, None, Callable[[], Union[str, None]]]
    IntentHandler = Callable[["Context", "Turn"], Reply]
    AnswerReader = Callable[["Context", "Turn", bool], Reply]
    Intents = dict[str, IntentHandler]
    Questions = dict[PendingName, "Pending"]
    # What can be said while a safety question waits, before it is asked again.
    Asides = dict[str, Callable[["Context", "Turn"], Sequence[Segment]]]

# Plain classes with __slots__ rather than NamedTuples or dataclasses: each of those costs
# about a tenth of a millisecond of import, and cold start is measured against a hello world.
NO_SLOTS: dict[str, str] = {}


class Event:
    """A launch or an intent, with its slots (name -> resolved id or spoken value)."""

    __slots__ = ("kind", "slots")

    def __init__(self, kind: str, slots: Mapping[str, str] = NO_SLOTS):
        self.kind = kind
        self.slots = slots  # never mutated

    def slot(self, name: str) -> str | None:
        value = self.slots.get(name)
        return value if value not in (None, "", "?") else None


class Turn:
    """One request's event with this turn's (normalised) state and memory."""

    __slots__ = ("event", "state", "memory", "now", "time_zone", "temperature_unit")

    def __init__(self, event: Event, state: SessionState, memory: Memory, now: datetime,
                 time_zone: Lookup = None, temperature_unit: Lookup = None):
        self.event, self.state, self.memory, self.now = event, state, memory, now
        self.time_zone, self.temperature_unit = time_zone, temperature_unit


class Context:
    """The content, read once, with the models built on it, in one market's English
    (`locale`, e.g. "en-GB": its responses, and its words in the health facts) and with its
    numbers (who to call, filled into every sentence); shared by every flow."""

    def __init__(self, content: dict[str, Any], locale: str = locales.DEFAULT_LOCALE):
        self.locale = locale
        # The market's words first, then its numbers: a filled-in number is never reworded.
        in_market_words = locales.rewording(locales.words(content, locale))
        content = {**content, **{key: in_market_words(content[key]) for key in locales.FACTS}}
        self.market: dict[str, Any] = market(content["services"], locale)
        responses = in_market_words(locales.responses(content, locale))
        numbers = {**spoken_values(self.market), **temperatures(content["triage"]["thresholds"], Dialog(responses))}
        self.dialog = Dialog({key: fill(text, numbers) for key, text in responses.items()})
        self.routines = {"classic": Routine(content["routine"]), "gentle": Routine(content["gentle_routine"], "gentle")}
        self.routine = self.routines["classic"]  # the parent's choice: see `using`
        self.triage = Triage(content["triage"])
        self.thresholds: dict[str, Any] = content["triage"]["thresholds"]
        self.signs: dict[str, Any] = content["triage"]["signs"]
        self.questions: dict[str, Any] = content["triage"]["questions"]
        self.outcomes: dict[str, Any] = filled_items(content["triage"]["outcomes"], numbers)
        self.notes: dict[str, Any] = filled_items(content["triage"]["notes"], numbers)
        self.topics: dict[str, Any] = filled_items(content["topics"]["topics"], numbers)
        self.positions: dict[str, Any] = content["positions"]
        self.pending: Questions = {}  # filled by the Conversation from the flows
        # `using`'s contexts, one per routine, shared by all of them: made once, not on each of
        # the several look-ups of every turn.
        self.walking: dict[str, Context] = {self.routine.name: self}

    def using(self, name: RoutineName) -> Context:
        """This context with the named routine as `routine`, the one every flow walks; the rest
        is shared, never copied."""
        chosen = self.walking.get(name)
        if chosen is None:
            chosen = copy(self)
            chosen.routine = self.routines[name]
            self.walking[name] = chosen
        return chosen


CONTINUE = "ContinueIntent"  # "ok", "okay", "go on", "and then"
NEXT = "AMAZON.NextIntent"  # "next", "done", "I'm ready"
# Words that mean "go on"; the last, "carry on", "keep going", "I'm back", asks for the routine back.
GO_ON = frozenset((CONTINUE, NEXT, "AMAZON.ResumeIntent"))
OKAY_ONLY = frozenset((CONTINUE,))  # "ok" confirms or accepts; "next" moves on past the question
# The go-on words that do not ask for the routine back: to a question about her they say nothing.
OKAY_OR_NEXT = frozenset((CONTINUE, NEXT))
# Words that move through the routine ("next", "go on", "skip", "go back"): said at a confirmation
# of an action, they decline it, saying so, and then move (`Pending.declined`).
MOVES_ON = frozenset((NEXT, "SkipStepIntent", "AMAZON.PreviousIntent"))
# "Carry on" may be a move, "go ahead" a yes (both ResumeIntent): at a confirmation, asked again.
EITHER_WAY = frozenset(("AMAZON.ResumeIntent",))


class Pending:
    """A question waiting for its answer: how a yes or no is read, which responses ask it
    again (None: the question comes from the content), whether it must be answered before
    anything else, the other intents that answer it ("I don't know", a symptom), which
    go-on words answer it as a yes ("ok" to a confirmation of what she has just heard, any of
    GO_ON to an offer to start), never for a safety question, and which of the other go-on
    words ask it `again`, in the form that names its answers: "ok", which says nothing, by
    default; "next" too for a question about her (which routine? is the lump still there?);
    every go-on word for a safety question. Any other is a request of its own, which leaves
    the question behind as any other request does ("next" to an offer). A confirmation of an
    action ("Shall I?") names the response that says the action was not taken (`declined`):
    a word of MOVES_ON declines it with those words, then moves, so the offer is never dropped
    without a word; one that may mean yes or move on (EITHER_WAY) asks it again."""

    __slots__ = ("read", "ask", "reprompt", "blocking", "answers", "yes_words", "again", "declined")

    def __init__(self, read: AnswerReader, ask: str | None, reprompt: str | None, blocking: bool = False,
                 answers: Intents | None = None, yes_words: frozenset[str] = frozenset(),
                 again: frozenset[str] = OKAY_ONLY, declined: str | None = None):
        self.read, self.ask, self.reprompt, self.blocking = read, ask, reprompt, blocking
        self.answers: Intents = answers or {}
        self.yes_words = frozenset() if blocking else yes_words
        self.again = GO_ON if blocking else (again | EITHER_WAY if declined else again)
        self.declined = declined
