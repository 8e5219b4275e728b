"""The console's turn loop: typed line → NLU → real request envelope → handler → readable reply.

The handler is any `lambda_handler`-shaped function, so the loop runs against a fake in tests.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from skill.console.envelopes import Session, slot
from skill.console.nlu import LAUNCH, NLU, Resolution
from skill.render.console import speech_text
from skill.render.console import ssml_to_text as ssml_to_text  # re-exported for the console's users

Handler = Callable[[dict, object], dict]
PROMPT = "you> "
HELP = """\
Say what you would say to Alexa, e.g. "open milk duct helper", "I think I have a clogged duct",
"ask milk duct helper what causes this". An empty line is silence (you hear the reprompt).
  :help        this text
  :time +30h   move the skill's clock forward (hours; also +90m, +2d)
  :new         end the session (the next line starts a new one)
  :allow       grant the permission the skill just asked for (:deny refuses)
  :quit        leave (Ctrl-D too)"""

_SHIFT = re.compile(r"\+?(\d+(?:\.\d+)?)\s*([hmd]?)")
_UNITS = {"": "hours", "h": "hours", "m": "minutes", "d": "days"}


class Speaker:
    """Reads SSML aloud with espeak-ng (`-m` honours <break>); a new reply cuts off the last."""

    def __init__(self, out: TextIO) -> None:
        self.binary = shutil.which("espeak-ng")
        self.out = out
        self.process: subprocess.Popen | None = None
        self.warned = False

    def say(self, ssml: str) -> None:
        if self.binary is None:
            if not self.warned:
                print("(espeak-ng is not on PATH; printing only)", file=self.out)
                self.warned = True
            return
        self.stop()
        self.process = subprocess.Popen([self.binary, "-m", ssml],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


@dataclass
class Console:
    handler: Handler
    nlu: NLU
    session: Session = field(default_factory=Session)
    out: TextIO = field(default_factory=lambda: sys.stdout)
    speaker: Speaker | None = None
    dim: bool = False
    monotonic: Callable[[], float] = time.monotonic
    reprompt: dict | None = None
    silences: int = 0
    pending_permission: str | None = None
    _last_tick: float | None = None

    # -- output -----------------------------------------------------------------------
    def say(self, text: str) -> None:
        print(text, file=self.out)

    def note(self, text: str) -> None:
        self.say(f"\033[2m{text}\033[0m" if self.dim else text)

    @property
    def open(self) -> bool:
        return self.session.session_id is not None

    # -- one request --------------------------------------------------------------------
    def _tick(self) -> None:
        """Keep the skill's clock moving with real time (plus any :time jumps)."""
        now = self.monotonic()
        if self._last_tick is not None:
            self.session.advance(seconds=now - self._last_tick)
        self._last_tick = now

    def send(self, envelope: dict) -> dict | None:
        try:
            response = self.handler(envelope, None)
        except Exception:  # a crashing skill should not end the console
            traceback.print_exc()
            self.note("(the skill raised an error; see above)")
            return None
        self.session.absorb(response)
        return response

    def request(self, resolution: Resolution) -> None:
        self._tick()
        if resolution.new_session:
            self.session.session_id = None  # a one-shot always starts afresh, like Alexa
        if resolution.intent == LAUNCH:
            envelope = self.session.launch()
        else:
            envelope = self.session.intent(resolution.intent, self._slots(resolution))
        self.show(self.send(envelope))

    def _slots(self, resolution: Resolution) -> list[dict]:
        filled = resolution.slots
        return [slot(name, *filled[name]) if name in filled else slot(name, None)
                for name in self.nlu.slot_names(resolution.intent)]

    def show(self, response: dict | None) -> None:
        if response is None:
            return
        body = response.get("response", {})
        speech = body.get("outputSpeech")
        if text := speech_text(speech):
            self.say(f"alexa> {text}")
            if self.speaker is not None and speech.get("type") == "SSML":
                self.speaker.say(speech["ssml"])
        self.reprompt = (body.get("reprompt") or {}).get("outputSpeech")
        if self.reprompt:
            self.note(f"(if you say nothing: {speech_text(self.reprompt)})")
        self.silences = 0
        for directive in body.get("directives", []):
            self._directive(directive)
        if not self.open:
            self.note("(session ended; what you say next starts a new session)")

    def _directive(self, directive: dict) -> None:
        if directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor":
            scope = directive.get("payload", {}).get("permissionScope", "")
            self.pending_permission = scope
            self.note(f"(the skill asks for permission {scope}: type :allow or :deny)")
        else:
            self.note(f"(directive {directive.get('type')})")

    def end_session(self, reason: str) -> None:
        if self.open:
            self._tick()
            self.send(self.session.session_ended(reason))

    # -- one typed line -------------------------------------------------------------------
    def handle_line(self, line: str) -> bool:
        """Act on one typed line; False means leave."""
        line = line.strip()
        if line.startswith(":"):
            return self.command(line)
        if not line:
            self.silence()
            return True
        resolution = self.nlu.resolve(line)
        if not self.open and not resolution.new_session:
            resolution = Resolution(resolution.intent, resolution.slots, new_session=True)
        self.request(resolution)
        return True

    def silence(self) -> None:
        """Saying nothing: Alexa plays the reprompt once, then closes the session."""
        if not self.open or not self.reprompt:
            self.note("(nothing to wait for: no session is open)" if not self.open else "(no reprompt)")
            return
        self.silences += 1
        if self.silences == 1:
            self.say(f"alexa> {speech_text(self.reprompt)}")
        else:
            self.end_session("EXCEEDED_MAX_REPROMPTS")
            self.note("(still nothing: Alexa closed the session)")

    def command(self, line: str) -> bool:
        name, _, arg = line.partition(" ")
        if name == ":quit":
            self.end_session("USER_INITIATED")
            return False
        if name == ":help":
            self.say(HELP)
        elif name == ":time" and (m := _SHIFT.fullmatch(arg.strip())):
            self.session.advance(**{_UNITS[m.group(2)]: float(m.group(1))})
            self.note(f"(the skill's clock now reads {self.session.now:%Y-%m-%d %H:%M} UTC)")
        elif name == ":new":
            self.end_session("USER_INITIATED")
            self.note("(session ended; what you say next starts a new session)")
        elif name in (":allow", ":deny") and self.pending_permission is not None:
            self.session.permissions_granted = name == ":allow"
            self.pending_permission = None
            self._tick()
            status = "ACCEPTED" if name == ":allow" else "DENIED"
            self.show(self.send(self.session.connections_response("AskFor", status)))
        else:
            self.note(f"(unknown or misused command {line!r}; :help lists them)")
        return True

    def run(self, read: Callable[[str], str]) -> None:
        """Read lines until :quit or end of input (EOFError from `read`)."""
        while True:
            try:
                line = read(PROMPT)
            except EOFError:
                self.end_session("USER_INITIATED")
                break
            if not self.handle_line(line):
                break
        if self.speaker is not None:
            self.speaker.stop()
