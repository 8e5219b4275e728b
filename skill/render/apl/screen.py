"""What one screen shows: a small view model, independent of how the conversation builds its reply."""
from __future__ import annotations

from typing import NamedTuple

STEP = "step"
HOLD = "hold"
EMERGENCY = "emergency"
PROVIDER = "provider"
INFO = "info"
POSITIONS = "positions"
KINDS = (STEP, HOLD, EMERGENCY, PROVIDER, INFO, POSITIONS)

# Clog locations that have a drawing (content/positions.yaml's keys).
ILLUSTRATIONS = ("upper", "lower", "outer", "inner", "nipple")


class Cue(NamedTuple):
    start: int  # seconds after the hold began
    text: str


class Screen(NamedTuple):
    kind: str  # one of KINDS: picks the APL document
    title: str
    body: str = ""
    section: str = ""  # routine section, e.g. "Massage"
    step: int = 0  # 1-based step within the routine; 0 when not in the routine
    steps: int = 0  # steps in the routine
    progress: float = 0.0  # share of the routine done, 0..1
    hold_seconds: int = 0  # length of a timed hold
    cues: tuple[Cue, ...] = ()  # what to do during the hold, in order of start
    alexa_timer_seconds: int = 0  # length of the real Alexa timer that was set; 0 when none was
    emergency_number: str = ""  # e.g. "911"
    call_line: str = ""  # why to call, e.g. "Trouble breathing needs help now."
    provider_lines: tuple[str, ...] = ()  # the signs and readings she reported
    lump_hours: int | None = None  # hours since the lump started, when known
    hints: tuple[str, ...] = ()  # things she can say next
    sources: tuple[str, ...] = ()  # small print
    illustration: str = ""  # one of ILLUSTRATIONS, for the positions screen
    # The safety line the speech opened with, shown first on every screen but the emergency one
    # (which is all number): e.g. "Because you mentioned chest pain, please call 911 now...".
    safety_line: str = ""
    safety_number: str = ""  # the number to call now, when the line says to call it; else ""
