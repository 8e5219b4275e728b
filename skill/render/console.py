"""Speech as the console prints it: pauses as "[pause 10s]", other tags gone."""
from __future__ import annotations

import html
import re
from typing import Any

from ..logic.speech import Pause, Reply, Say

_BREAK_TIME = re.compile(r"""<break\b[^>]*?\btime\s*=\s*["']([^"']+)["'][^>]*>""")
_BREAK = re.compile(r"<break\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def ssml_to_text(ssml: str) -> str:
    """SSML as a reader sees it: pauses as "[pause 10s]", other tags gone, entities decoded."""
    text = _BREAK_TIME.sub(lambda m: f" [pause {m.group(1)}] ", ssml)
    text = _TAG.sub(" ", _BREAK.sub(" [pause] ", text))
    return " ".join(html.unescape(text).split())


def speech_text(output_speech: dict[str, Any] | None) -> str:
    """An Alexa response's outputSpeech (SSML or plain text) as console text."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "SSML":
        return ssml_to_text(output_speech.get("ssml", ""))
    return str(output_speech.get("text", ""))


def reply_text(reply: Reply) -> str:
    """A logic `Reply`'s speech as console text, without going through SSML."""
    parts = [s.text if isinstance(s, Say) else f"[pause {s.seconds}s]" for s in reply.speech if isinstance(s, (Say, Pause))]
    return " ".join(" ".join(parts).split())
