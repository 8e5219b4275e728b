"""The guided routine: sections of steps, navigation, and hands-free pacing of timed holds.

Position lives in a JSON-safe dict: section index, step index, and how many seconds of the
current step's hold have been paced. A hold longer than one turn's share spans turns.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .speech import Pause, Say, Segment, spoken_seconds
from .state import position

if TYPE_CHECKING:
    from .state import Position, RoutineName

MAX_BREAK_SECONDS = 10  # Alexa's limit for one <break>
CHUNK_SECONDS = 120  # hold paced per turn; well inside Alexa's 240 s of audio per response
CUE_EVERY_SECONDS = 30


class Routine:
    def __init__(self, routine_content: dict[str, Any], name: RoutineName = "classic"):
        self.name: RoutineName = name
        self.sections: list[dict[str, Any]] = routine_content["sections"]
        self.section_ids: list[str] = [s["id"] for s in self.sections]

    # --- where we are -----------------------------------------------------------------
    def section(self, pos: Position) -> dict[str, Any]:
        return self.sections[pos["section"]]

    def step(self, pos: Position) -> dict[str, Any]:
        step: dict[str, Any] = self.section(pos)["steps"][pos["step"]]
        return step

    def step_number(self, pos: Position) -> tuple[int, int]:
        return pos["step"] + 1, len(self.section(pos)["steps"])

    def at_section_start(self, pos: Position) -> bool:
        return pos["step"] == 0

    def hold_remaining(self, pos: Position) -> int:
        return max(0, int(self.step(pos).get("hold_seconds", 0)) - pos["held"])

    def hold_in_progress(self, pos: Position) -> bool:
        return 0 < pos["held"] and self.hold_remaining(pos) > 0

    # --- moving -------------------------------------------------------------------------
    def advance(self, pos: Position) -> bool:
        """To the next step; False at the end of the routine (position unchanged)."""
        if pos["step"] + 1 < len(self.section(pos)["steps"]):
            self.move(pos, pos["section"], pos["step"] + 1)
        elif pos["section"] + 1 < len(self.sections):
            self.move(pos, pos["section"] + 1, 0)
        else:
            return False
        return True

    def back(self, pos: Position) -> bool:
        """To the previous step; False at the very first step."""
        if pos["step"] > 0:
            self.move(pos, pos["section"], pos["step"] - 1)
        elif pos["section"] > 0:
            previous = pos["section"] - 1
            self.move(pos, previous, len(self.sections[previous]["steps"]) - 1)
        else:
            return False
        return True

    def jump(self, pos: Position, section_id: str) -> bool:
        """To the start of a section, named by its id or by the classic section it stands for."""
        found = self.section_like(section_id)
        if found is None:
            return False
        self.move(pos, found, 0)
        return True

    def section_like(self, section_id: str | None) -> int | None:
        """The section with this id, or the one whose `counterpart` it is (gentle for classic)."""
        return next((i for i, s in enumerate(self.sections) if section_id in (s["id"], s.get("counterpart"))),
                    None)

    def place_from(self, other: Routine, pos: Position) -> Position:
        """The start of this routine's section that does the job `pos`'s section does in `other`."""
        section = other.section(pos)
        found = self.section_like(section["id"])
        if found is None:
            found = self.section_like(section.get("counterpart"))
        return {"section": found or 0, "step": 0, "held": 0}

    @staticmethod
    def move(pos: Position, section: int, step: int) -> None:
        pos["section"], pos["step"], pos["held"] = section, step, 0

    def locate(self, step_id: str) -> Position | None:
        """A fresh position at the step with this id."""
        for s, section in enumerate(self.sections):
            for i, step in enumerate(section["steps"]):
                if step["id"] == step_id:
                    return {"section": s, "step": i, "held": 0}
        return None

    def valid(self, raw: object) -> bool:
        """A stored position still points at a step of the current content."""
        pos = position(raw)
        return pos is not None and pos == raw and pos["section"] < len(self.sections) \
            and pos["step"] < len(self.sections[pos["section"]]["steps"])

    # --- pacing -------------------------------------------------------------------------
    def pace_hold(self, pos: Position) -> list[Segment]:
        """The next part of the current step's hold as cues and pauses; advances `held`."""
        step = self.step(pos)
        remaining = self.hold_remaining(pos)
        key = f"cue:{step['id']}"
        length = min(CHUNK_SECONDS, remaining)
        segments: list[Segment] = []
        elapsed = 0
        start = pos["held"]
        while elapsed < length:
            interval = min(CUE_EVERY_SECONDS, length - elapsed)
            silence = interval
            cue = self.cue_at(step, start + elapsed)
            if cue is not None:
                segments.append(Say(cue, key))
                silence -= round(spoken_seconds(cue))
            segments.extend(_pauses(silence))
            elapsed += interval
        pos["held"] += length
        return segments

    @staticmethod
    def cue_at(step: dict[str, Any], second: int) -> str | None:
        """The cue said `second` seconds into the step's hold (a multiple of CUE_EVERY_SECONDS):
        none at 0, where the instruction itself opens the hold, nor for a step without cues;
        after that its cues in a cycle."""
        cues = step.get("cues")
        if not cues or second == 0:
            return None
        cue: str = cues[(second // CUE_EVERY_SECONDS - 1) % len(cues)]
        return cue


def _pauses(seconds: int) -> list[Pause]:
    full, rest = divmod(max(0, seconds), MAX_BREAK_SECONDS)
    return [Pause(MAX_BREAK_SECONDS)] * full + ([Pause(rest)] if rest else [])
