"""The console's turn loop: typed line → NLU → real request envelope → handler → readable reply.

The handler is any `lambda_handler`-shaped function, so the loop runs against a fake in tests.
`local_console` runs it as `./dev console` does: against a local Alexa API on the console's clock.
"""
from __future__ import annotations

import contextlib
import html
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from skill.console.alexa_api import LocalAlexaApi
from skill.console.commands import Commands
from skill.console.envelopes import Session, slot
from skill.console.nlu import LAUNCH, NLU, Resolution
from skill.console.transcript import Entry
from skill.render.apl.directive import RENDER_DOCUMENT
from skill.render.console import screen_lines, speech_text

Handler = Callable[[dict, object], dict]
PROMPT = "you> "


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
class Console(Commands):
    handler: Handler
    nlu: NLU
    session: Session = field(default_factory=Session)
    out: TextIO = field(default_factory=lambda: sys.stdout)
    speaker: Speaker | None = None
    dim: bool = False
    monotonic: Callable[[], float] = time.monotonic
    api: LocalAlexaApi | None = None
    reprompt: dict | None = None
    silences: int = 0
    pending_permission: str | None = None
    transcript: list[Entry] = field(default_factory=list)
    _last_tick: float | None = None

    # -- output -----------------------------------------------------------------------
    def say(self, text: str) -> None:
        """What Alexa says (the text after "alexa> "), printed and kept for :save."""
        self.transcript.append(Entry("alexa", text))
        print(f"alexa> {text}", file=self.out)

    def note(self, text: str) -> None:
        self.transcript.append(Entry("note", text))
        print(f"\033[2m{text}\033[0m" if self.dim else text, file=self.out)

    @property
    def open(self) -> bool:
        return self.session.session_id is not None

    # -- one request --------------------------------------------------------------------
    def _tick(self) -> None:
        """Keep the skill's clock moving with real time (plus any :time jumps); alerts go off."""
        now = self.monotonic()
        if self._last_tick is not None:
            self.session.advance(seconds=now - self._last_tick)
        self._last_tick = now
        self._ring()

    def _ring(self) -> None:
        """Announce the timers and reminders whose time the clock has passed, as a device would."""
        if self.api is None:
            return
        for alert in self.api.due():
            when = self._local(self.api, alert)
            self.note(f"({when}: the {alert.kind} {alert.label!r} goes off)"
                      if alert.kind == "timer" else f"({when}: a reminder)")
            self.say(alert.speech)
            if self.speaker is not None:
                self.speaker.say(html.escape(alert.speech))  # espeak-ng -m reads marked-up text

    def _invoke(self, envelope: dict) -> dict | None:
        try:
            return self.handler(envelope, None)
        except Exception:  # a crashing skill should not end the console
            traceback.print_exc()
            self.note("(the skill raised an error; see above)")
            return None

    def send(self, envelope: dict) -> dict | None:
        """One request of the conversation: its answer carries the session on."""
        response = self._invoke(envelope)
        if response is not None:
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
            self.say(text)
            if self.speaker is not None and speech.get("type") == "SSML":
                self.speaker.say(speech["ssml"])
        directives = body.get("directives", [])
        for directive in directives:
            if directive.get("type") == RENDER_DOCUMENT:  # under the speech, as a device shows it
                for line in screen_lines(directive.get("datasources") or {}):
                    self.note(f"screen| {line}")
        self.reprompt = (body.get("reprompt") or {}).get("outputSpeech")
        if self.reprompt:
            self.note(f"(if you say nothing: {speech_text(self.reprompt)})")
        self.silences = 0
        for directive in directives:
            self._directive(directive)
        if not self.open:
            self.note("(session ended; what you say next starts a new session)")

    def _directive(self, directive: dict) -> None:
        if directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor":
            scope = directive.get("payload", {}).get("permissionScope", "")
            self.pending_permission = scope
            self.note(f"(the skill asks for permission {scope}: type :allow or :deny)")
        elif directive.get("type") != RENDER_DOCUMENT:
            self.note(f"(directive {directive.get('type')})")

    def end_session(self, reason: str) -> None:
        if self.open:
            self._tick()
            self.send(self.session.session_ended(reason))

    # -- one typed line -------------------------------------------------------------------
    def handle_line(self, line: str) -> bool:
        """Act on one typed line; False means leave."""
        line = line.strip()
        self.transcript.append(Entry("you", line))
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
        self._tick()  # a timer that ended meanwhile goes off first
        if not self.open or not self.reprompt:
            self.note("(nothing to wait for: no session is open)" if not self.open else "(no reprompt)")
            return
        self.silences += 1
        if self.silences == 1:
            self.say(speech_text(self.reprompt))
        else:
            self.end_session("EXCEEDED_MAX_REPROMPTS")
            self.note("(still nothing: Alexa closed the session)")

    def play(self, lines: Iterable[str]) -> Iterator[tuple[str, list[Entry]]]:
        """A script, line by line, as if typed: yields each line with what came of it. Stops
        after :quit; the session stays open otherwise (more may follow)."""
        for line in lines:
            print(f"{PROMPT}{line}", file=self.out)
            start = len(self.transcript) + 1  # after the line itself
            more = self.handle_line(line)
            yield line, self.transcript[start:]
            if not more:
                return

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


def script_lines(text: str) -> list[str]:
    """The utterances of a script file: one per line, # comments skipped. A blank line is
    silence, as an empty line typed or piped is: the reprompt, then Alexa closes the session."""
    return [line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")]


@contextlib.contextmanager
def local_console(handler: Handler, nlu: NLU, session: Session, **options) -> Iterator[Console]:
    """A console whose Alexa API calls go to a local API on loopback, on the console's clock,
    with the session's token and no permission granted yet: as on a new device."""
    api = LocalAlexaApi(clock=lambda: session.now, token=session.api_access_token, granted=set())
    with api.serving():
        session.api_endpoint = api.url
        yield Console(handler=handler, nlu=nlu, session=session, api=api, **options)
