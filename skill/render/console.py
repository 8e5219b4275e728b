"""Speech as the console prints it: pauses as "[pause 10s]", other tags gone; and a screen's text."""
from __future__ import annotations

import html
import re
from typing import Any

from .apl.directive import clock

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



def screen_lines(datasources: dict[str, Any]) -> list[str]:
    """A RenderDocument's screen (its datasource) as the console prints it under the speech:
    the title, the place in the routine, the countdown and its cues, the number to call."""
    screen: dict[str, Any] = datasources.get("screen") or {}
    title = " / ".join(part for part in (screen.get("section"), screen.get("title")) if part)
    safety = screen.get("safety") or {}
    lines = [f"!! {'CALL ' + safety['number'] + ' - ' if safety['number'] else ''}{safety['line']}"] \
        if safety.get("line") else []
    lines.append(f"[{title}]")
    if "step" in screen:
        lines.append(f"step {screen['step']} of {screen['steps']}")
    if "holdMs" in screen:
        lines.append(f"countdown {clock(screen['holdMs'] // 1000)}")
        lines += [f"  {clock(cue['start'])} {cue['text']}" for cue in screen.get("cues", [])]
    if "emergency" in screen:
        lines.append(f"CALL {screen['emergency']['number']} - call now from your phone. {screen['emergency']['callLine']}")
    if screen.get("body"):
        lines.append(screen["body"])
    if "provider" in screen:
        told = list(screen["provider"]["lines"])
        if screen["provider"].get("lumpHours") is not None:
            told.append(f"lump for about {screen['provider']['lumpHours']} hours")
        lines.append("what to tell them: " + "; ".join(told))
    if screen.get("hints"):
        lines.append("try saying: " + ", ".join(f'"{hint}"' for hint in screen["hints"]))
    return lines
