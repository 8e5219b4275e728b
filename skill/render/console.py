"""Speech as the console prints it: pauses as "[pause 10s]", other tags gone."""
from __future__ import annotations

import html
import re
from typing import Any

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

