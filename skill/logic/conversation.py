"""The whole conversation: one state machine over session state and episode memory.

`Conversation.handle(event, state, memory, now)` is all the handler layer calls. Safety
intents (a symptom, a temperature, how long the lump has lasted) are served from every
state first; a pending yes/no question decides what "yes" and "no" mean; everything else
is routine navigation or an answer from the content.
"""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from . import episode as episodes
from .alerts import Alerts
from .routine import Routine, new_position
from .speech import Dialog, Reply, Say, digits, lines
from .temperature import read_temperature
from .triage import EMERGENCY, SELF_CARE, WATCH, Ask, Outcome, Triage, new_state as new_triage

YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
# Each question's answer, as topics of content/topics.yaml in the order spoken.
TOPIC_INTENTS = {
    "WhatIsClogIntent": ("what_is", "infection_difference"),
    "CausesIntent": ("causes",),
    "SymptomsInfoIntent": ("symptoms",),
    "ClearedSignsIntent": ("cleared_signs",),
    "PreventionIntent": ("prevention",),
    "MastitisInfoIntent": ("mastitis", "infection_difference"),
    "SelfCareIntent": ("self_care",),
    "WarningSignsIntent": ("warning_signs",),
    "HowLongIntent": ("how_long",),
    "RecurringClogIntent": ("recurring",),
    "PainReliefIntent": ("pain_relief",),
    "KeepFeedingIntent": ("keep_feeding",),
    "BothSidesIntent": ("both_sides",),
    "NewerAdviceIntent": ("newer_advice",),
}
SAFETY_INTENTS = {"ReportSymptomIntent", "GiveTemperatureIntent", "GiveDurationIntent"}
# Intents that keep their meaning while a safety question waits for its answer.
ALWAYS_AVAILABLE = SAFETY_INTENTS | {
    "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.PauseIntent",
    "AMAZON.RepeatIntent", "DeleteDataIntent",
}
TIME_ZONE_RECHECK_DAYS = 7
# Once an emergency sign is heard in a session, these get the emergency advice, not a step.
ROUTINE_INTENTS = {
    "StartRoutineIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.ResumeIntent",
    "GoToSectionIntent", "AMAZON.StartOverIntent", "SkipStepIntent", "LumpStillThereIntent",
}
# Questions whose answer must come before anything else.
BLOCKING = {"triage", "precheck"}


class Event(NamedTuple):
    kind: str
    slots: dict = {}  # never mutated

    def slot(self, name: str) -> str | None:
        value = self.slots.get(name)
        return value if value not in (None, "", "?") else None


class Turn(NamedTuple):
    event: Event
    state: dict
    memory: dict
    now: datetime
    time_zone: object = None  # a zone name, or a callable that looks it up only when needed


class Conversation:
    def __init__(self, content: dict):
        self.dialog = Dialog(content["responses"])
        self.routine = Routine(content["routine"])
        self.triage = Triage(content["triage"])
        self.thresholds = content["triage"]["thresholds"]
        self.signs = content["triage"]["signs"]
        self.questions = content["triage"]["questions"]
        self.outcomes = content["triage"]["outcomes"]
        self.topics = content["topics"]["topics"]
        self.positions = content["positions"]
        self._intents = {
            "Launch": self._launch,
            "StartRoutineIntent": self._start_routine,
            "ReportSymptomIntent": self._report_symptom,
            "GiveTemperatureIntent": self._temperature,
            "GiveDurationIntent": self._duration,
            "SetClogLocationIntent": self._location,
            "GoToSectionIntent": self._go_to_section,
            "WhereAmIIntent": self._where,
            "LumpGoneIntent": self._lump_gone,
            "LumpStillThereIntent": self._lump_still_there,
            "SkipStepIntent": self._skip,
            "AMAZON.HelpIntent": self._help,
            "AMAZON.StopIntent": self._goodbye,
            "AMAZON.CancelIntent": self._goodbye,
            "AMAZON.FallbackIntent": self._fallback,
            "AMAZON.NavigateHomeIntent": self._home,
            "AMAZON.NextIntent": self._next,
            "AMAZON.PreviousIntent": self._previous,
            "AMAZON.RepeatIntent": self._repeat,
            "AMAZON.PauseIntent": self._pause,
            "AMAZON.ResumeIntent": self._resume,
            "AMAZON.StartOverIntent": self._start_over,
            YES: self._yes_no,
            NO: self._yes_no,
            **{intent: self._topic for intent in TOPIC_INTENTS},
        }
        self._pending_answers = {
            "precheck": self._answer_precheck,
            "triage": self._answer_triage,
            "start_offer": self._accepting(self._start_routine),
            "resume_offer": self._accepting(self._resume),
            "lump_check": self._answer_lump_check,
        }
        self.alerts = Alerts(self)
        self.alerts.install()

    @property
    def intents(self) -> set[str]:
        """Every request kind the conversation answers, for the handler table and its tests."""
        return set(self._intents)

    def extend(self, intents: dict, pending_answers: dict) -> None:
        """Plug in features that need more than this layer (memory controls, reminders)."""
        self._intents.update(intents)
        self._pending_answers.update(pending_answers)

    # --- entry -------------------------------------------------------------------------
    def handle(self, event: Event, state: dict, memory: dict, now: datetime,
               time_zone: str | None = None) -> Reply:
        if not isinstance(memory.get("prefs"), dict):
            memory["prefs"] = {}
        t = Turn(event, self._normalised(state, memory, now), memory, now, time_zone)
        reply = self._dispatch(t)
        # The disclaimer once, on the first turn that carries on (launch and help say it themselves).
        if not memory["prefs"].get("disclaimer_heard") and not reply.end_session:
            if event.kind not in ("Launch", "AMAZON.HelpIntent"):
                reply.speech.insert(0, Say(self._topic_text("disclaimer")))
            memory["prefs"]["disclaimer_heard"] = True
        self._sync(t)
        return reply

    def _sync(self, t: Turn) -> None:
        step_id = self.routine.step(t.state["pos"])["id"] if t.state["mode"] == "routine" else None
        episodes.sync(t.memory, t.state, step_id)

    def session_ended(self, state: dict, memory: dict, now: datetime) -> None:
        """Alexa closed the session (timeout, exit, error): bring the episode up to date with
        where the routine stood, for the memory saver to write."""
        self._sync(Turn(Event("SessionEnded"), self._normalised(state, memory, now), memory, now))

    def after_action(self, action: dict, outcome: str, state: dict, memory: dict, now: datetime) -> Reply:
        """What to say once the handler layer has carried out (or failed) a reply's action."""
        t = Turn(Event("ActionDone"), self._normalised(state, memory, now), memory, now)
        reply = self.alerts.after_action(t, action, outcome)
        self._sync(t)
        return reply

    def _dispatch(self, t: Turn) -> Reply:
        kind = t.event.kind if t.event.kind in self._intents else "AMAZON.FallbackIntent"
        pending = t.state["pending"]
        if pending and kind in (YES, NO):
            return self._pending_answers[pending](t, kind == YES)
        if pending and pending not in BLOCKING and kind == "AMAZON.CancelIntent":
            return self._pending_answers[pending](t, False)  # "cancel" to an offer declines it
        if pending in BLOCKING and kind not in ALWAYS_AVAILABLE:
            return self._ask_pending_again(t, self.dialog.say("answer_first"))
        if t.state["emergency"] and kind in ROUTINE_INTENTS:
            return self._emergency_again(t)
        if pending and pending not in BLOCKING and kind not in ALWAYS_AVAILABLE:
            t.state["pending"] = None  # an offer not taken up
        return self._intents[kind](t)

    def _normalised(self, state: dict, memory: dict, now: datetime) -> dict:
        """Session state made whole; anything malformed starts afresh rather than crash.

        A new session's triage starts from the signs stored with the open episode, so an
        outcome never drops below what the user told us before."""
        if not isinstance(state.get("triage"), dict) or set(state["triage"]) != set(new_triage()):
            state["triage"] = new_triage()
            if episodes.is_open(memory, now, self.thresholds["episode_max_days"]):
                state["triage"]["signs"] = [s for s in episodes.flags(memory) if s in self.triage.levels]
        if not self.routine.valid(state.get("pos")):
            state["pos"] = new_position()
        if state.get("mode") not in ("idle", "routine"):
            state["mode"] = "idle"
        if state.get("pending") not in self._pending_answers:
            state["pending"] = None
        state["emergency"] = state.get("emergency") is True
        if not isinstance(state.get("tried"), list) or not all(isinstance(s, str) for s in state["tried"]):
            state["tried"] = []
        return state

    # --- building replies ----------------------------------------------------------------
    def _reply(self, *segments, next_key: str | None = None, **values) -> Reply:
        """A reply that ends with what the user can say next (also the reprompt)."""
        reply = Reply().add(*segments)
        if next_key:
            hint = self.dialog.say(next_key, **values)
            reply.add(hint)
            reply.reprompt = [hint]
        return reply

    def _accepting(self, on_yes):
        """The answer to an offer: yes takes it up, no leaves things as they are."""
        def answer(t: Turn, yes: bool) -> Reply:
            t.state["pending"] = None
            return on_yes(t) if yes else self._reply(self.dialog.say("okay"), next_key="next_idle")
        return answer

    def _asking(self, t: Turn, pending: str, question: Say, reprompt: Say, *before) -> Reply:
        t.state["pending"] = pending
        reply = Reply().add(*before, question)
        reply.reprompt = [reprompt]
        return reply

    def _idle_next(self, t: Turn) -> str:
        return "next_in_routine" if t.state["mode"] == "routine" else "next_idle"

    def _topic_text(self, topic: str) -> str:
        return " ".join(self.topics[topic]["say"])

    def _red_flag_reminder(self, t: Turn) -> Say | None:
        """Said wherever the conversation winds down, so nothing sounds like all is well."""
        flags = self._remembered_flags(t)
        if not flags:
            return None
        key = "reminder_emergency" if any(self.triage.level(f) == EMERGENCY for f in flags) else "reminder_provider"
        return self.dialog.say(key, signs=self._sign_names(flags))

    def _remembered_flags(self, t: Turn) -> list[str]:
        flags = self.triage.red_flags(t.state["triage"]["signs"])
        stored = self.triage.red_flags(episodes.flags(t.memory))
        return flags + [s for s in stored if s not in flags]

    def _sign_names(self, signs: list[str]) -> str:
        names = [self.signs[s]["name"] if s in self.signs else self.dialog.text(f"sign_{s}") for s in signs]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    # --- launch, help, stop, fallback --------------------------------------------------------
    def _launch(self, t: Turn) -> Reply:
        if not t.memory.get("prefs", {}).get("disclaimer_heard"):
            return self._reply(self.dialog.say("welcome_first"), Say(self._topic_text("disclaimer")),
                               next_key="next_idle")
        if episodes.is_open(t.memory, t.now, self.thresholds["episode_max_days"]):
            episode = episodes.current(t.memory)
            key = episodes.when_spoken(episode["started"], t.now, self._time_zone(t),
                                       self.dialog.text("default_time_zone"))
            when = self.dialog.text(key, days=round(episodes.hours_since_start(episode, t.now) / 24))
            return self._asking(
                t, "lump_check",
                self.dialog.say("welcome_back_episode", when=when, side=self._side_words(episode.get("side"))),
                self.dialog.say("lump_check_reprompt"))
        return self._reply(self.dialog.say("welcome_back"), next_key="next_idle")

    def _time_zone(self, t: Turn) -> str | None:
        """The user's zone, looked up at most once a week: it rarely changes, and each lookup
        is a round trip to the Alexa settings API."""
        prefs = t.memory["prefs"]
        checked = episodes.parse_time(prefs.get("tz_checked"))
        if checked is None or (t.now - checked).days >= TIME_ZONE_RECHECK_DAYS:
            zone = t.time_zone() if callable(t.time_zone) else t.time_zone
            prefs.update(tz=zone, tz_checked=episodes.iso(t.now))
        return prefs.get("tz")

    def _help(self, t: Turn) -> Reply:
        disclaimer = Say(self._topic_text("disclaimer"))
        if t.state["pending"] in BLOCKING:
            return self._ask_pending_again(t, self.dialog.say("help_question"), disclaimer)
        key = "help_routine" if t.state["mode"] == "routine" else "help_idle"
        return self._reply(self.dialog.say(key), disclaimer, next_key=self._idle_next(t))

    def _goodbye(self, t: Turn) -> Reply:
        return Reply(end_session=True).add(*self._closing_advice(t), self.dialog.say("goodbye"))

    def _closing_advice(self, t: Turn) -> list:
        """What must be said when the session ends here, whatever else is said."""
        unanswered_screen = t.state["pending"] == "triage" and t.state["triage"]["asking"] == "emergency_screen"
        t.state["pending"] = None
        return [self.dialog.say("closing_emergency_screen") if unanswered_screen else None,
                self._red_flag_reminder(t)]

    def _fallback(self, t: Turn) -> Reply:
        if t.state["pending"] in BLOCKING:
            return self._ask_pending_again(t, self.dialog.say("fallback_question"))
        if t.state["mode"] == "routine":
            return self._reply(self.dialog.say("fallback"), next_key="next_in_routine")
        return self._reply(self.dialog.say("fallback"), next_key="next_idle")

    def _repeat(self, t: Turn) -> Reply:
        # The handler layer replays the last response; this serves a session with none.
        if t.state["mode"] == "routine":
            return self._present_step(t)
        return self._reply(self.dialog.say("repeat_nothing"), next_key="next_idle")

    def _home(self, t: Turn) -> Reply:
        t.state.update(mode="idle", pending=None)
        return self._reply(self.dialog.say("home"), next_key="next_idle")

    def _emergency_again(self, t: Turn) -> Reply:
        hint = self.dialog.say("after_emergency")
        return Reply(reprompt=[hint]).add(self.dialog.say("emergency_first"),
                                          *lines(self.outcomes[EMERGENCY]["say"]), hint)

    def _yes_no(self, t: Turn) -> Reply:
        return self._reply(self.dialog.say("yes_no_unexpected"), next_key=self._idle_next(t))

    # --- the routine ---------------------------------------------------------------------
    def _start_routine(self, t: Turn) -> Reply:
        self._remember_location(t)
        if self._lump_check_due(t):
            return self._ask_lump_check(t)
        episodes.open_if_needed(t.memory, t.now)
        answered = t.state["triage"]["answered"]
        if self.triage.red_flags(t.state["triage"]["signs"]) or "precheck" in answered or "fever" in answered:
            return self._begin_routine(t)
        return self._asking(t, "precheck", self.dialog.say("precheck_ask"), self.dialog.say("precheck_reprompt"))

    def _answer_precheck(self, t: Turn, yes: bool) -> Reply:
        t.state["pending"] = None
        t.state["triage"]["answered"].append("precheck")
        if yes:
            t.state["resume_routine"] = True
            return self._triage_step(t, self.triage.report(t.state["triage"], ["precheck"]),
                                     self.dialog.say("precheck_yes"))
        return self._begin_routine(t, self.dialog.say("precheck_no"))

    def _begin_routine(self, t: Turn, *before) -> Reply:
        t.state.update(mode="routine", pos=new_position(), pending=None)
        return self._present_step(t, *before, self.dialog.say("routine_begin"))

    def _present_step(self, t: Turn, *before) -> Reply:
        """The current step: section intro when entering it, the instruction, and its hold."""
        pos = t.state["pos"]
        section, step = self.routine.section(pos), self.routine.step(pos)
        reply = Reply().add(*before)
        if self.routine.at_section_start(pos) and pos["held"] == 0:
            reply.add(Say(section["intro"]))
            if section["id"] == "massage":
                reply.add(Say(self._topic_text("abm_note")))
            if section["id"] == "positioning":
                reply.add(self._hold_for_location(t) or self.dialog.say("location_hint"))
        if pos["held"] == 0:
            reply.add(Say(step["say"]))
        if "hold_seconds" in step:
            return self._pace(t, reply)
        hint = self.dialog.say("next_step_hint")
        reply.add(hint)
        reply.reprompt = [hint]
        return reply

    def _pace(self, t: Turn, reply: Reply) -> Reply:
        pos = t.state["pos"]
        total = self.routine.step(pos)["hold_seconds"]
        if pos["held"] == 0:
            reply.add(self.dialog.say("hold_start", duration=self._duration_words(total)))
        reply.add(*self.routine.pace_hold(pos))
        remaining = self.routine.hold_remaining(pos)
        if remaining:
            hint = self.dialog.say("hold_more", elapsed=self._duration_words(pos["held"]),
                                   remaining=self._duration_words(remaining))
        else:
            hint = self.dialog.say("hold_done")
        reply.add(hint)
        reply.reprompt = [self.dialog.say("hold_more_reprompt" if remaining else "next_step_hint")]
        return reply

    def _duration_words(self, seconds: int) -> str:
        minutes, rest = divmod(int(seconds), 60)
        parts = []
        if minutes:
            parts.append(self.dialog.text("minute_one" if minutes == 1 else "minutes", n=minutes))
        if rest or not minutes:
            parts.append(self.dialog.text("seconds", n=rest))
        return " and ".join(parts)

    def _in_routine(self, t: Turn) -> bool:
        return t.state["mode"] == "routine"

    def _not_started(self, t: Turn) -> Reply:
        return self._offer_start(t, self.dialog.say("not_started"))

    def _offer_start(self, t: Turn, *before) -> Reply:
        return self._asking(t, "start_offer", self.dialog.say("start_offer"),
                            self.dialog.say("start_offer_reprompt"), *before)

    def _next(self, t: Turn) -> Reply:
        if not self._in_routine(t):
            return self._not_started(t)
        pos = t.state["pos"]
        if self.routine.hold_in_progress(pos):
            return self._pace(t, Reply().add(self.dialog.say("hold_continue")))
        return self._advance(t)

    def _skip(self, t: Turn) -> Reply:
        if not self._in_routine(t):
            return self._not_started(t)
        return self._advance(t)

    def _advance(self, t: Turn) -> Reply:
        if self.routine.advance(t.state["pos"]):
            return self._present_step(t)
        return self._routine_finished(t)

    def _routine_finished(self, t: Turn) -> Reply:
        t.state["mode"] = "idle"
        self._sync(t)
        t.state["tried"] = []  # the session no longer has a place in the routine
        episodes.mark_routine_done(t.memory, t.now)
        reminder = self._red_flag_reminder(t)
        return self.alerts.offer(t, Reply().add(self.dialog.say("routine_done"), reminder), "feed")

    def _previous(self, t: Turn) -> Reply:
        if not self._in_routine(t):
            return self._not_started(t)
        if self.routine.back(t.state["pos"]):
            return self._present_step(t)
        t.state["pos"]["held"] = 0
        return self._present_step(t, self.dialog.say("first_step"))

    def _start_over(self, t: Turn) -> Reply:
        if not self._in_routine(t):
            return self._start_routine(t)
        t.state.update(mode="routine", pos=new_position(), pending=None)
        return self._present_step(t, self.dialog.say("start_over"))

    def _go_to_section(self, t: Turn) -> Reply:
        section = t.event.slot("section")
        pos = t.state["pos"]
        if not section or not self.routine.jump(pos, section):
            return self._reply(self.dialog.say("section_unknown"), next_key="section_choices")
        episodes.open_if_needed(t.memory, t.now)
        t.state["mode"] = "routine"
        return self._present_step(t)

    def _where(self, t: Turn) -> Reply:
        if not self._in_routine(t):
            return self._not_started(t)
        pos = t.state["pos"]
        number, total = self.routine.step_number(pos)
        return self._reply(self.dialog.say("where", n=number, total=total,
                                           section=self.routine.section(pos)["title"],
                                           title=self.routine.step(pos)["title"]),
                           next_key="next_in_routine")

    def _pause(self, t: Turn) -> Reply:
        if not self._in_routine(t):
            return self._goodbye(t)
        return Reply(end_session=True).add(
            self.dialog.say("paused", title=self.routine.step(t.state["pos"])["title"]), *self._closing_advice(t))

    def _resume(self, t: Turn) -> Reply:
        if self._in_routine(t):
            pos = t.state["pos"]
            if self.routine.hold_in_progress(pos):
                return self._pace(t, Reply().add(self.dialog.say("hold_continue")))
            pos["held"] = 0
            return self._present_step(t)
        pos = self._saved_position(t)
        if pos and self._lump_check_due(t):
            return self._ask_lump_check(t)
        if pos:
            t.state.update(mode="routine", pos=pos)
            return self._present_step(t, self.dialog.say("resuming"))
        return self._offer_start(t, self.dialog.say("nothing_to_resume"))

    def _saved_position(self, t: Turn) -> dict | None:
        """Where this session left the routine, else where the last session did, if it still
        fits the content."""
        saved = t.state["pos"] if t.state["tried"] else episodes.saved_position(t.memory)
        pos = dict(saved, held=0) if isinstance(saved, dict) else None
        return pos if self.routine.valid(pos) else None

    # --- where the clog is ---------------------------------------------------------------
    def _remember_location(self, t: Turn) -> None:
        for name in ("side", "location"):
            value = t.event.slot(name)
            if value:
                t.state[name] = value

    def _side_words(self, side: str | None) -> str:
        return self.dialog.text(f"side_{side}" if side in ("left", "right", "both") else "side_unknown")

    def _hold_for_location(self, t: Turn) -> Say | None:
        location = self.positions["locations"].get(t.state.get("location"))
        if not location:
            return None
        return Say(self.dialog.text("hold_suggestion", hold=location["hold"]) + " " + " ".join(location["say"]))

    def _location(self, t: Turn) -> Reply:
        self._remember_location(t)
        episodes.open_if_needed(t.memory, t.now)
        suggestion = self._hold_for_location(t)
        if suggestion is None:
            return self._reply(self.dialog.say("location_noted", side=self._side_words(t.state.get("side"))),
                               next_key="location_ask")
        return self._reply(suggestion, Say(" ".join(self.positions["gravity"]["say"])),
                           next_key=self._idle_next(t))

    # --- answers from the content -------------------------------------------------------
    def _topic(self, t: Turn) -> Reply:
        said = [say for topic in TOPIC_INTENTS[t.event.kind] for say in lines(self.topics[topic]["say"])]
        if self._in_routine(t):
            return self._reply(*said, next_key="back_to_step", title=self.routine.step(t.state["pos"])["title"])
        return self._reply(*said, next_key="next_idle")

    def _lump_gone(self, t: Turn) -> Reply:
        episodes.mark_cleared(t.memory, t.now)
        reminder = self._red_flag_reminder(t)
        opening = self.dialog.say("lump_gone_flagged" if reminder else "lump_gone")
        t.state["mode"] = "routine"
        self.routine.jump(t.state["pos"], "followup")
        return self._present_step(t, opening, reminder)

    def _lump_still_there(self, t: Turn) -> Reply:
        if self._lump_check_due(t):
            return self._answer_lump_check(t, True)
        if self._in_routine(t):
            return self._present_step(t, self.dialog.say("keep_going"))
        return self._offer_start(t, self.dialog.say("keep_going"))

    # --- returning user -----------------------------------------------------------------
    def _lump_check_due(self, t: Turn) -> bool:
        """An open episode old enough for the 24-48 hour rule, not yet checked this session."""
        if "lump_duration" in t.state["triage"]["answered"]:
            return False
        if not episodes.is_open(t.memory, t.now, self.thresholds["episode_max_days"]):
            return False
        hours = episodes.hours_since_start(episodes.current(t.memory), t.now)
        return hours >= self.thresholds["lump_watch_hours"]

    def _ask_lump_check(self, t: Turn) -> Reply:
        hours = episodes.hours_since_start(episodes.current(t.memory), t.now)
        return self._asking(t, "lump_check", self.dialog.say("lump_check_due", hours=round(hours)),
                            self.dialog.say("lump_check_reprompt"))

    def _answer_lump_check(self, t: Turn, yes: bool) -> Reply:
        t.state["pending"] = None
        episode = episodes.current(t.memory)
        if not yes:
            episodes.mark_cleared(t.memory, t.now)
            reminder = self._red_flag_reminder(t)
            return self._reply(self.dialog.say("returning_cleared"), reminder, next_key="next_idle")
        hours = episodes.hours_since_start(episode, t.now)
        if hours < self.thresholds["lump_watch_hours"]:
            whole = round(hours)
            elapsed = self.dialog.text({0: "elapsed_under_hour", 1: "elapsed_hour"}.get(whole, "elapsed_hours"), hours=whole)
            return self._asking(t, "resume_offer", self.dialog.say("returning_continue", elapsed=elapsed),
                                self.dialog.say("resume_offer_reprompt"), self._red_flag_reminder(t))
        self._start_triage_context(t)
        ack = self.dialog.say("returning_hours", hours=round(hours))
        return self._triage_step(t, self.triage.lump_age(t.state["triage"], hours), ack)

    # --- triage --------------------------------------------------------------------------
    def _report_symptom(self, t: Turn) -> Reply:
        signs = [s for s in (t.event.slot("symptom"), t.event.slot("symptomTwo")) if s in self.signs]
        self._start_triage_context(t)
        if not signs:
            # "I don't feel well", or a symptom we do not know: the warning-sign questions cover it.
            return self._triage_step(t, self.triage.next(t.state["triage"]), self.dialog.say("symptom_general"))
        ack = self.dialog.say("symptom_heard", signs=self._sign_names(signs))
        return self._triage_step(t, self.triage.report(t.state["triage"], signs), ack)

    def _temperature(self, t: Turn) -> Reply:
        slots = t.event
        reading = read_temperature(slots.slot("whole"), slots.slot("fraction"), slots.slot("scale"),
                                   self.thresholds)
        if reading is None:
            return self._ask_again_or_reply(t, self.dialog.say("temperature_unclear"), "temperature_example")
        t.memory.setdefault("prefs", {})["scale"] = reading.scale
        self._start_triage_context(t)
        key = "temperature_fever" if reading.fever else "temperature_no_fever"
        line = self.thresholds["fever_f"] if reading.scale == "fahrenheit" else self.thresholds["fever_c"]
        ack = self.dialog.say(key, reading=reading.spoken(), line=f"{line:g}")
        return self._triage_step(t, self.triage.temperature(t.state["triage"], reading.fever), ack)

    def _duration(self, t: Turn) -> Reply:
        hours = self._hours(t.event)
        if hours is None:
            return self._ask_again_or_reply(t, self.dialog.say("duration_unclear"), "duration_example")
        self._start_triage_context(t)
        episodes.backdate_start(t.memory, t.now, hours)
        ack = self.dialog.say("duration_heard", hours=round(hours))
        return self._triage_step(t, self.triage.lump_age(t.state["triage"], hours), ack)

    def _hours(self, event: Event) -> float | None:
        since = event.slot("since")
        if since:
            return self.thresholds["since_hours"].get(since)
        unit = event.slot("unit")
        # "about a day" fills the unit only: one of it.
        amount = digits(event.slot("amount")) or ("1" if unit and event.slot("amount") is None else None)
        unit = unit or "hours"
        if amount is None or unit not in ("hours", "days"):
            return None
        hours = int(amount) * (24 if unit == "days" else 1)
        return float(hours) if hours <= 24 * 60 else None

    def _ask_again_or_reply(self, t: Turn, problem: Say, example_key: str) -> Reply:
        if t.state["pending"] == "triage":
            return self._ask_pending_again(t, problem)
        return self._reply(problem, next_key=example_key)

    def _start_triage_context(self, t: Turn) -> None:
        if t.state["pending"] != "triage":
            t.state["resume_routine"] = self._in_routine(t)

    def _answer_triage(self, t: Turn, yes: bool) -> Reply:
        # "No" to how long the lump has lasted means not sure: go on without it.
        return self._triage_step(t, self.triage.answer(t.state["triage"], yes))

    def _triage_step(self, t: Turn, step: Ask | Outcome, *before) -> Reply:
        episodes.record_triage(t.memory, t.state["triage"], t.now)
        if isinstance(step, Ask):
            question = self.questions[step.question]
            intro = [] if t.state["triage"]["answered"] else [self.dialog.say("triage_intro")]
            return self._asking(t, "triage", Say(question["ask"]), Say(question["reprompt"]), *before, *intro)
        t.state["pending"] = None
        episodes.record_outcome(t.memory, step.level, t.now)
        reply = Reply().add(*before, *lines(self.outcomes[step.level]["say"]))
        reply.card = (self.dialog.text("card_outcome_title"), " ".join(self.outcomes[step.level]["say"]))
        if step.level == EMERGENCY:
            t.state["emergency"] = True
            hint = self.dialog.say("after_emergency")
        elif t.state.get("resume_routine") and self._in_routine(t):
            hint = self.dialog.say("after_triage_routine", title=self.routine.step(t.state["pos"])["title"])
        elif step.level in (WATCH, SELF_CARE):
            return self.alerts.offer(t, reply, "checkin")
        else:
            hint = self.dialog.say("after_triage_idle")
        reply.add(hint)
        reply.reprompt = [hint]
        return reply

    def _ask_pending_again(self, t: Turn, *before) -> Reply:
        pending = t.state["pending"]
        if pending == "triage":
            question = self.questions[t.state["triage"]["asking"]]
            return self._asking(t, "triage", Say(question["ask"]), Say(question["reprompt"]), *before)
        return self._asking(t, pending, self.dialog.say(f"{pending}_ask"),
                            self.dialog.say(f"{pending}_reprompt"), *before)
