"""Speech as SSML, within Alexa's limits."""
from __future__ import annotations

from collections.abc import Sequence

from ..logic.routine import MAX_BREAK_SECONDS
from ..logic.speech import Pause, Say, Segment, spoken_seconds

MAX_SSML_CHARS = 8000
MAX_AUDIO_SECONDS = 240


class SpeechLimitError(ValueError):
    """A response would break one of Alexa's limits; a bug in content or pacing."""


def escape(text: str) -> str:
    # Written out: xml.sax.saxutils.escape drags in urllib, http and email (~20 ms, ~8 MiB).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ssml(segments: Sequence[Segment]) -> str:
    parts = []
    for segment in segments:
        if isinstance(segment, Say):
            parts.append(escape(segment.text))
        elif isinstance(segment, Pause):
            if not 0 < segment.seconds <= MAX_BREAK_SECONDS:
                raise SpeechLimitError(f"break of {segment.seconds}s")
            parts.append(f'<break time="{segment.seconds}s"/>')
    text = "<speak>" + " ".join(parts) + "</speak>"
    if len(text) > MAX_SSML_CHARS:
        raise SpeechLimitError(f"{len(text)} characters of speech")
    if audio_seconds(segments) > MAX_AUDIO_SECONDS:
        raise SpeechLimitError(f"{audio_seconds(segments):.0f}s of audio")
    return text


def audio_seconds(segments: Sequence[Segment]) -> float:
    return sum(s.seconds if isinstance(s, Pause) else spoken_seconds(s.text) for s in segments)


def plain_text(segments: Sequence[Segment]) -> str:
    """The words without the pacing."""
    return " ".join(s.text for s in segments if isinstance(s, Say))
