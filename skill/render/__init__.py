"""Rendering: the one place a logic `Reply` becomes what a device shows or says.

`ssml` builds speech within Alexa's limits, `card` the companion-app card, `console` the
text the terminal prints, `stored` the form the "repeat" cache keeps, and `screens` (with the
APL documents in `apl/`) what a device with a screen shows, built from the same `Reply`.
"""
from __future__ import annotations

from ..logic.speech import Reply
from .ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, SpeechLimitError, audio_seconds, escape, plain_text, ssml

__all__ = ["MAX_AUDIO_SECONDS", "MAX_SSML_CHARS", "SpeechLimitError", "audio_seconds", "card", "escape",
           "plain_text", "ssml"]


def card(reply: Reply) -> tuple[str, str] | None:
    """The companion-app card's (title, text): the words without the pacing."""
    if reply.card is None:
        return None
    return reply.card.title.text, plain_text(reply.card.body)
