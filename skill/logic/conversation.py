"""The conversation: a dispatcher over the flows' declared intents and pending questions.

`Conversation.handle(event, state, memory, now)` is all the handler layer calls. Safety
intents (a symptom, a temperature, how long the lump has lasted, "I think I have mastitis")
are served from every state first; a pending question decides what "yes" and "no" mean;
everything else goes to the flow that declared the intent (skill/logic/flows/).
"""
from __future__ import annotations

from datetime import datetime
from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import episode as episodes
from . import locale as locales
from . import state as states
from .flows import hold, information, lump_check, routine, triage
from .replies import (ask_pending_again, declined_by_moving, emergency_again, leave_emergency_question_waiting,
                      remembered_flags)
from .reply_rules import (disclaimer_once, idle_hint_after_signs, made_to_follow_signs, named_once, number_first,
                          signs_on_record_first, store_notice)
from .speech import Reply
from .turn import CONTINUE, MOVES_ON, Context, Event, Turn

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from .state import Memory, PendingName, SessionState
    from .turn import Asides, Intents, Lookup, Pending, Questions

    # What to say once the handler layer carried out (or failed) an action: (context, turn, action, outcome).
    AfterAction = Callable[[Context, Turn, dict[str, Any], str], Reply]

__all__ = ["Conversation", "Event", "Reply"]
# The flows a launch needs; the others (choosing a routine, taking a sign back, timers and
# reminders, erasing, a call made, where the clog is, a number heard) are imported by the
# first turn that takes one of their intents or meets
# one of their questions: fewer modules on a cold start. No two flows declare the same name,
# so the order does not matter.
FLOWS = (information, routine, triage, lump_check, hold)
LATER_FLOWS = ("choice", "retract", "alerts", "data", "called", "positions", "numbers")
YES, NO, CANCEL = "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.CancelIntent"
SAFETY_INTENTS = {"ReportSymptomIntent", "GiveTemperatureIntent", "GiveDurationIntent", "SuspectMastitisIntent"}
# Intents that keep their meaning while a safety question waits for its answer.
ALWAYS_AVAILABLE = SAFETY_INTENTS | {"FalseAlarmIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent", CANCEL,
                                     "AMAZON.PauseIntent", hold.HOLD_ON, "AMAZON.RepeatIntent", "DeleteDataIntent",
                                     "AMAZON.FallbackIntent"}
# Once an emergency sign is heard in a session, these get the emergency advice, not a step
# (a launch too: the skill opened again in that session).
CALL_ADVICE_INSTEAD = {"Launch", "StartRoutineIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.ResumeIntent",
                   "GoToSectionIntent", "AMAZON.StartOverIntent", "SkipStepIntent", "LumpStillThereIntent",
                   "ChooseRoutineIntent", "SwitchRoutineIntent", "WhereAmIIntent", "StillHurtsIntent", "HowLongIntent", CONTINUE}


class DeclaredQuestions(dict["PendingName", "Pending"]):
    """The pending questions declared so far. Looking up one that a flow not loaded yet declares
    (another flow asks it, or a session brings it waiting) declares the later flows first."""

    def __init__(self, declare_later: Callable[[], object]):
        super().__init__()
        self.declare_later = declare_later

    def __missing__(self, name: PendingName) -> Pending:
        self.declare_later()
        if name not in self:
            raise KeyError(name)
        return self[name]


class Conversation:
    """The conversation in every locale the content has: one `Context` per locale, the default
    (en-US) built at once and the others on their first request, since a process mostly
    serves one market and each context rewords the facts once."""

    def __init__(self, content: dict[str, Any]):
        self.content = content
        self.locales = locales.supported(content)
        self.handlers: Intents = {}
        self.pending: Questions = DeclaredQuestions(self.with_every_flow)
        self.asides: Asides = {}
        self.after_actions: dict[str, AfterAction] = {}
        self.contexts: dict[str, Context] = {}
        self.undeclared: tuple[str, ...] = LATER_FLOWS  # none once a turn has needed them
        for flow in FLOWS:
            self.declare(flow)
        self.context = self.in_locale(locales.DEFAULT_LOCALE)

    def declare(self, flow: ModuleType) -> None:
        """Takes in a flow's intents, questions, asides and what it says after an action."""
        self.handlers.update(flow.INTENTS)
        self.pending.update(getattr(flow, "PENDING", {}))
        self.asides.update(getattr(flow, "ASIDES", {}))
        self.after_actions.update(getattr(flow, "AFTER_ACTION", {}))
        for context in self.contexts.values():
            context.pending.update(self.pending)

    def with_every_flow(self) -> Conversation:
        """This conversation with the LATER_FLOWS declared too (imported now, once)."""
        for name in self.undeclared:
            self.declare(import_module(f"{__package__}.flows.{name}"))
        self.undeclared = ()
        return self

    def in_locale(self, locale: str | None) -> Context:
        """The locale's context; a locale the content does not have gets the default's (the
        handler layer logs that, without health data)."""
        chosen = locale if locale in self.locales else locales.DEFAULT_LOCALE
        context = self.contexts.get(chosen)
        if context is None:
            context = self.contexts[chosen] = Context(self.content, chosen)
            context.pending = DeclaredQuestions(self.with_every_flow)
            context.pending.update(self.pending)
        return context

    @property
    def intents(self) -> set[str]:
        """Every request kind the conversation answers, for the handler table and its tests."""
        return set(self.with_every_flow().handlers)

    def handle(self, event: Event, state: dict[str, Any], memory: dict[str, Any], now: datetime,
               time_zone: Lookup = None, locale: str | None = None, temperature_unit: Lookup = None) -> Reply:
        opening = "triage" not in state  # a new session's first turn, whatever it asks
        t = self.turn(event, state, memory, now, time_zone, temperature_unit)
        if event.kind not in self.handlers:
            self.with_every_flow()  # an intent of a flow not loaded yet (or none's: Fallback)
        c = self.context_for(t.memory, locale)
        on_record = c.triage.red_flags(t.state["triage"]["signs"]) if opening else []
        reply = made_to_follow_signs(c, t, on_record, self.dispatch(c, t))
        routine.note_step_heard(t, reply)
        hold.note_holding(t, reply)
        disclaimer_once(c, t, reply)
        signs_on_record_first(c, on_record, reply)
        return self.finish(c, t, reply)

    def session_ended(self, state: dict[str, Any], memory: dict[str, Any], now: datetime) -> None:
        """Alexa closed the session (timeout, exit, error): bring the episode up to date with
        where the routine stood, for the memory saver to write; an emergency question left
        unanswered waits for the next session."""
        t = self.turn(Event("SessionEnded"), state, memory, now)
        leave_emergency_question_waiting(self.context_for(t.memory), t)
        self.sync(t)

    def after_action(self, action: dict[str, Any], outcome: str, state: dict[str, Any],
                     memory: dict[str, Any], now: datetime, locale: str | None = None) -> Reply:
        """What to say once the handler layer has carried out (or failed) a reply's action (in a
        new session when she answered Alexa's permission question: the signs on record first)."""
        opening = "triage" not in state
        t = self.turn(Event("ActionDone"), state, memory, now)
        c = self.context_for(t.memory, locale)
        # The logic makes only actions of the declared types (and state.action keeps no other).
        said = self.with_every_flow().after_actions[str(action["type"])](c, t, action, outcome)
        signs_on_record_first(c, c.triage.red_flags(t.state["triage"]["signs"]) if opening else [], said)
        return self.finish(c, t, said)

    def finish(self, c: Context, t: Turn, reply: Reply) -> Reply:
        """What every reply gets last: the signs on record named once a session (and kept on
        the reply for a screen, which shows them every time); after an emergency, the number
        first; once a sign is told, what she can say next asks what changes; the store's
        notice. Then the episode is synced."""
        named_once(c, t, reply)
        reply.signs_on_record = tuple(remembered_flags(c, t))
        number_first(c, t, reply)
        idle_hint_after_signs(c, t, reply)
        store_notice(c, t, reply)
        self.sync(t)
        return reply

    def dispatch(self, c: Context, t: Turn) -> Reply:
        kind = t.event.kind if t.event.kind in self.handlers else "AMAZON.FallbackIntent"
        if kind == "AMAZON.FallbackIntent" and t.state.get("holding"):  # "wait" mid-step, then a cough
            return hold.still_holding(c, t)
        pending = t.state["pending"]
        question = self.pending[pending] if pending else None
        if question and kind in (YES, NO):
            return question.read(c, t, kind == YES)
        if question and kind in question.answers:  # declared first: they may include "next" or "ok"
            return question.answers[kind](c, t)
        if question and question.declined and kind in MOVES_ON:
            return declined_by_moving(c, t, question.declined, self.handlers[kind])  # "next" at "Shall I?"
        answered = routine.go_on_answer(c, t)  # "ok", "done": per question
        if answered is not None:
            return answered
        if question and not question.blocking and kind == CANCEL:
            return question.read(c, t, False)  # "cancel" to an offer declines it
        if question and question.blocking and kind not in ALWAYS_AVAILABLE:
            aside = self.asides.get(kind) or self.with_every_flow().asides.get(kind)
            if aside is None:
                return ask_pending_again(c, t, c.dialog.say("answer_first"))
            return ask_pending_again(c, t, *aside(c, t), briefly=True)
        if t.state["emergency"] and kind in CALL_ADVICE_INSTEAD:
            return emergency_again(c, t)
        if question and not question.blocking and kind not in ALWAYS_AVAILABLE:
            t.state["pending"] = None  # an offer not taken up
        return self.handlers[kind](c, t)

    def context_for(self, memory: Mapping[str, Any], locale: str | None = None) -> Context:
        """The locale's context walking the routine the parent chose: the classic one until she
        chooses (memory normalised by this turn, or a raw record: only `prefs.routine` is read)."""
        prefs = memory.get("prefs")
        chosen = prefs.get("routine") if isinstance(prefs, Mapping) else None
        in_locale = self.in_locale(locale)
        return in_locale.using(chosen if chosen in in_locale.routines else "classic")

    def turn(self, event: Event, state: dict[str, Any], memory: dict[str, Any], now: datetime,
             time_zone: Lookup = None, temperature_unit: Lookup = None) -> Turn:
        """This turn, with the session state and memory checked and made whole in place."""
        clean_memory = states.memory(memory)
        states.replace(memory, clean_memory)
        clean = states.session_state(state)
        states.replace(state, clean)
        return Turn(event, self.fit_to_content(state, memory, now), memory, now,  # type: ignore[arg-type]
                    time_zone, temperature_unit)

    def fit_to_content(self, state: SessionState, memory: Memory, now: datetime) -> SessionState:
        """What the content decides: a position that still exists, a triage question that is
        still asked. A new session's triage starts from the signs stored with the open episode,
        so an outcome never drops below what the user told us before."""
        c = self.context_for(memory)
        if "triage" not in state:
            state["triage"] = states.new_triage()
            if episodes.is_open(memory, now, c.thresholds["episode_max_days"]):
                state["triage"]["signs"] = [s for s in episodes.flags(memory) if s in c.triage.levels]
        triage_state = state["triage"]
        if triage_state["asking"] not in c.questions:
            triage_state["asking"] = None
            if state["pending"] == "triage":
                state["pending"] = None
        if not c.routine.valid(state["pos"]):
            state["pos"] = states.new_position()
        return state

    def sync(self, t: Turn) -> None:
        routine = self.context_for(t.memory).routine  # the one chosen by now, if this turn switched
        step_id = routine.step(t.state["pos"])["id"] if t.state["mode"] == "routine" else None
        episodes.sync(t.memory, t.state, step_id)
