"""The console's own commands (`:help`, `:time +30h`, `:allow`, `:timers`, ...), mixed into
`Console`: what the console does besides sending what was typed to the skill."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skill.console.alexa_api import REMINDERS, SETTINGS, TEMPERATURE_UNITS, TIMERS, Alert, LocalAlexaApi
from skill.console.envelopes import Session
from skill.console.nlu import NLU, Resolution
from skill.console.transcript import Entry, markdown

HELP = """\
Say what you would say to Alexa, e.g. "open milk duct helper", "I think I have a clogged duct",
"ask milk duct helper what causes this". An empty line is silence (you hear the reprompt).
  :help        this text
  :time +30h   move the skill's clock forward (hours; also +90m, +2d); timers that end go off
  :new         end the session (the next line starts a new one)
  :allow       grant the permission the skill just asked for (:deny refuses)
  :timers      the timers the skill set (:reminders likewise), in the user's time zone
  :settings tz=Europe/London unit=celsius   what the Alexa settings API answers (no args: show)
  :fail timers 503   make an Alexa API fail (timers, reminders, settings; :fail off to stop)
  :canfulfill WORDS  ask the skill whether it can handle WORDS (a CanFulfillIntentRequest)
  :save FILE   write the conversation so far as Markdown
  :quit        leave (Ctrl-D too)"""

_SHIFT = re.compile(r"\+?(\d+(?:\.\d+)?)\s*([hmd]?)")
_UNITS = {"": "hours", "h": "hours", "m": "minutes", "d": "days"}
_FAILABLE = {"timers": TIMERS, "reminders": REMINDERS, "settings": SETTINGS}


class Commands:
    """The colon commands. `Console` provides what they use of the conversation:"""

    session: Session
    nlu: NLU
    out: TextIO
    api: LocalAlexaApi | None
    pending_permission: str | None
    transcript: list[Entry]
    note: Callable[[str], None]
    end_session: Callable[[str], None]
    send: Callable[[dict], dict | None]
    show: Callable[[dict | None], None]
    _tick: Callable[[], None]
    _invoke: Callable[[dict], dict | None]
    _slots: Callable[[Resolution], list[dict]]

    def command(self, line: str) -> bool:
        name, _, arg = line.partition(" ")
        if name == ":quit":
            self.end_session("USER_INITIATED")
            return False
        arg = arg.strip()
        if name == ":help":
            print(HELP, file=self.out)
        elif name == ":time" and (m := _SHIFT.fullmatch(arg)):
            self.session.advance(**{_UNITS[m.group(2)]: float(m.group(1))})
            self.note(f"(the skill's clock now reads {self.session.now:%Y-%m-%d %H:%M} UTC)")
            self._tick()
        elif name == ":new":
            self.end_session("USER_INITIATED")
            self.note("(session ended; what you say next starts a new session)")
        elif name in (":allow", ":deny") and self.pending_permission is not None:
            self.answer_permission(granted=name == ":allow")
        elif name in (":allow", ":deny"):
            self.note("(no permission question is waiting: the skill asks first, e.g. after 'set a timer')")
        elif name in (":timers", ":reminders") and self.api is not None:
            self.list_alerts(self.api, name[1:-1])
        elif name == ":settings" and self.api is not None:
            self.settings(self.api, arg)
        elif name == ":fail" and self.api is not None and arg:
            self.fail(self.api, arg)
        elif name == ":canfulfill" and arg:
            self.can_fulfill(arg)
        elif name == ":save" and arg:
            self.save(Path(arg).expanduser())
        else:
            self.note(f"(unknown or misused command {line!r}; :help lists them)")
        return True

    def answer_permission(self, *, granted: bool) -> None:
        """Alexa's consent dialog, answered: the grant reaches the API and later requests."""
        if granted:
            self.session.permissions_granted = True
            if self.api is not None and self.pending_permission is not None:
                self.api.grant(self.pending_permission)
        self.pending_permission = None
        self._tick()
        status = "ACCEPTED" if granted else "DENIED"
        self.show(self.send(self.session.connections_response("AskFor", status)))

    @staticmethod
    def _local(api: LocalAlexaApi, alert: Alert) -> str:
        return f"{alert.ends.astimezone(ZoneInfo(api.time_zone)):%a %H:%M}"

    def list_alerts(self, api: LocalAlexaApi, kind: str) -> None:
        alerts = api.active(kind)
        if not alerts:
            self.note(f"(no {kind}s set)")
        for alert in alerts:
            left = max(0, round((alert.ends - self.session.now).total_seconds() / 60))
            name = f"{alert.label!r}, " if kind == "timer" and alert.label else ""
            self.note(f"({kind} {name}goes off {self._local(api, alert)} {api.time_zone}, in {left} min:"
                      f" {alert.speech!r})")

    def settings(self, api: LocalAlexaApi, arg: str) -> None:
        """`tz=Europe/London unit=celsius`: what the settings API answers from now on."""
        for pair in arg.split():
            key, _, value = pair.partition("=")
            if key == "tz":
                try:
                    ZoneInfo(value)
                except (ZoneInfoNotFoundError, ValueError):
                    self.note(f"(unknown time zone {value!r}; e.g. tz=Europe/London)")
                    return
                api.time_zone = value
            elif key == "unit" and value.upper() in TEMPERATURE_UNITS:
                api.temperature_unit = value.upper()
            else:
                self.note(f"(unknown setting {pair!r}; use tz=ZONE and unit=celsius or unit=fahrenheit)")
                return
        self.note(f"(settings: time zone {api.time_zone}, temperature unit {api.temperature_unit})")

    def fail(self, api: LocalAlexaApi, arg: str) -> None:
        """`timers 503`: that API answers 503 from now on; `off`: every API works again."""
        what, _, status = arg.partition(" ")
        if what == "off":
            api.stop_failing()
            self.note("(every Alexa API works again)")
        elif what in _FAILABLE and (status or "500").isdigit():
            api.respond_with(_FAILABLE[what], int(status or 500))
            self.note(f"(the {what} API now answers {status or 500}; :fail off to stop)")
        else:
            self.note("(use :fail timers|reminders|settings [STATUS], or :fail off)")

    def can_fulfill(self, words: str) -> None:
        """What Alexa asks a skill before routing a name-free request to it; no session changes."""
        resolution = self.nlu.resolve(words)
        response = self._invoke(self.session.can_fulfill_intent(resolution.intent, self._slots(resolution)))
        if response is None:
            return
        answer = response.get("response", {}).get("canFulfillIntent")
        if not answer:
            self.note(f"(CanFulfillIntentRequest for {resolution.intent}: the skill gave no canFulfillIntent)")
            return
        slots = ", ".join(f"{name} {s.get('canUnderstand')}/{s.get('canFulfill')}"
                          for name, s in (answer.get("slots") or {}).items())
        self.note(f"(CanFulfillIntentRequest for {resolution.intent}: {answer.get('canFulfill')}"
                  + (f"; slots understood/fulfilled: {slots})" if slots else ")"))

    def save(self, path: Path) -> None:
        try:
            path.write_text(markdown(self.transcript), encoding="utf-8")
        except OSError as error:
            self.note(f"(could not write {path}: {error.strerror})")
            return
        self.note(f"(conversation saved to {path})")
