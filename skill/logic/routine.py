"""The guided routine: sections of steps, navigation, and hands-free pacing of timed holds.

Position lives in a JSON-safe dict: section index, step index, and how many seconds of the
current step's hold have been paced. A hold longer than one turn's share spans turns.
"""
from __future__ import annotations

from .speech import Pause, Say, spoken_seconds

MAX_BREAK_SECONDS = 10  # Alexa's limit for one <break>
CHUNK_SECONDS = 120  # hold paced per turn; well inside Alexa's 240 s of audio per response
CUE_EVERY_SECONDS = 30


def new_position() -> dict:
    return {"section": 0, "step": 0, "held": 0}


class Routine:
    def __init__(self, routine_content: dict):
        self.sections = routine_content["sections"]
        self.section_ids = [s["id"] for s in self.sections]

    # --- where we are -----------------------------------------------------------------
    def section(self, pos: dict) -> dict:
        return self.sections[pos["section"]]

    def step(self, pos: dict) -> dict:
        return self.section(pos)["steps"][pos["step"]]

    def step_number(self, pos: dict) -> tuple[int, int]:
        return pos["step"] + 1, len(self.section(pos)["steps"])

    def at_section_start(self, pos: dict) -> bool:
        return pos["step"] == 0

    def hold_remaining(self, pos: dict) -> int:
        return max(0, self.step(pos).get("hold_seconds", 0) - pos["held"])

    def hold_in_progress(self, pos: dict) -> bool:
        return 0 < pos["held"] and self.hold_remaining(pos) > 0

    # --- moving -------------------------------------------------------------------------
    def advance(self, pos: dict) -> bool:
        """To the next step; False at the end of the routine (position unchanged)."""
        if pos["step"] + 1 < len(self.section(pos)["steps"]):
            pos.update(step=pos["step"] + 1, held=0)
        elif pos["section"] + 1 < len(self.sections):
            pos.update(section=pos["section"] + 1, step=0, held=0)
        else:
            return False
        return True

    def back(self, pos: dict) -> bool:
        """To the previous step; False at the very first step."""
        if pos["step"] > 0:
            pos.update(step=pos["step"] - 1, held=0)
        elif pos["section"] > 0:
            previous = pos["section"] - 1
            pos.update(section=previous, step=len(self.sections[previous]["steps"]) - 1, held=0)
        else:
            return False
        return True

    def jump(self, pos: dict, section_id: str) -> bool:
        if section_id not in self.section_ids:
            return False
        pos.update(section=self.section_ids.index(section_id), step=0, held=0)
        return True

    def locate(self, step_id: str) -> dict | None:
        """A fresh position at the step with this id."""
        for s, section in enumerate(self.sections):
            for i, step in enumerate(section["steps"]):
                if step["id"] == step_id:
                    return {"section": s, "step": i, "held": 0}
        return None

    def valid(self, pos) -> bool:
        """A stored position still points at a step of the current content."""
        try:
            return 0 <= pos["held"] and 0 <= pos["step"] < len(self.sections[pos["section"]]["steps"]) \
                and pos["section"] >= 0
        except (KeyError, IndexError, TypeError):
            return False

    # --- pacing -------------------------------------------------------------------------
    def pace_hold(self, pos: dict) -> list:
        """The next part of the current step's hold as cues and pauses; advances `held`."""
        step = self.step(pos)
        remaining = self.hold_remaining(pos)
        length = min(CHUNK_SECONDS, remaining)
        cues = step.get("cues") or []
        segments: list = []
        elapsed = 0
        start = pos["held"]
        while elapsed < length:
            interval = min(CUE_EVERY_SECONDS, length - elapsed)
            silence = interval
            # The instruction itself opens the hold; every later interval opens with a cue.
            if cues and start + elapsed > 0:
                index = (start + elapsed) // CUE_EVERY_SECONDS - 1
                cue = cues[index % len(cues)]
                segments.append(Say(cue))
                silence -= round(spoken_seconds(cue))
            segments.extend(_pauses(silence))
            elapsed += interval
        pos["held"] += length
        return segments


def _pauses(seconds: int) -> list[Pause]:
    full, rest = divmod(max(0, seconds), MAX_BREAK_SECONDS)
    return [Pause(MAX_BREAK_SECONDS)] * full + ([Pause(rest)] if rest else [])
