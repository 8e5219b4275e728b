"""What a compress timer takes over (skill/logic/flows/alerts.py): each routine has a compress
step, and its hold is whole minutes that an Alexa timer can be set to."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def check_compress_steps(content: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (source key, problem) for a routine no compress timer can take over."""
    from skill.logic.flows.alerts import COMPRESS_STEPS, MAX_TIMER_MINUTES

    for part in ("routine", "gentle_routine"):
        compresses = [step for section in content[part]["sections"] for step in section["steps"]
                      if step["id"] in COMPRESS_STEPS.values()]
        if not compresses:
            yield part, "no compress step: a compress timer needs one"
        for step in compresses:
            hold = step.get("hold_seconds", 0)
            if hold % 60 or not 1 <= hold // 60 <= MAX_TIMER_MINUTES:
                yield part, f"step {step['id']!r} must hold whole minutes, 1 to {MAX_TIMER_MINUTES}, for its timer"
