"""What the console NLU hears: an intent and its slots, as Alexa sends them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class SlotValue(NamedTuple):
    spoken: str
    id: str | None


@dataclass(frozen=True)
class Resolution:
    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    new_session: bool = False  # a launch or a one-shot ("ask milk duct helper to ...")
