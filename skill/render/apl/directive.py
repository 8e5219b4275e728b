"""A Screen -> the RenderDocument directive: the document for its kind and the one datasource."""
from __future__ import annotations

from .documents import APL_VERSION, Json, documents
from .screen import (
    EMERGENCY,
    HOLD,
    ILLUSTRATIONS,
    INFO,
    KINDS,
    POSITIONS,
    PROVIDER,
    STEP,
    Screen,
)

APL_INTERFACE = "Alexa.Presentation.APL"
RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
# An emergency number longer than this ("000 / 111") is set in the smaller @numberSizeWide, so
# it keeps to one line on every viewport.
WIDE_NUMBER = 5

# Where the clog sits in the drawing's 200 x 200 frame (breast centred at 100, 100, radius 80).
CLOG_POINTS = {
    "upper": (100, 45),
    "lower": (100, 155),
    "outer": (155, 100),
    "inner": (45, 100),
    "nipple": (100, 100),
}


def supports_apl(supported_interfaces: object) -> bool:
    """True when the device can show these documents. Takes the request's
    context.System.device.supportedInterfaces, as the SDK's model object or as the raw JSON dict.
    A device whose APL runtime is older than the documents stays voice-only, as do all others."""
    if isinstance(supported_interfaces, dict):
        apl = supported_interfaces.get(APL_INTERFACE)
        max_version = ((apl or {}).get("runtime") or {}).get("maxVersion")
    else:
        apl = getattr(supported_interfaces, "alexa_presentation_apl", None)
        max_version = getattr(getattr(apl, "runtime", None), "max_version", None)
    if apl is None:
        return False
    return max_version is None or _version(max_version) >= _version(APL_VERSION)


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return (0,)  # unreadable: treated as too old


def render_directive(screen: Screen, token: str) -> Json:
    """The Alexa.Presentation.APL.RenderDocument directive for one screen, as JSON-ready data.
    The document is shared between calls: do not change it."""
    return {
        "type": RENDER_DOCUMENT,
        "token": token,
        "document": documents()[screen.kind],
        "datasources": datasource(screen),
    }


def datasource(screen: Screen) -> Json:
    """The data the screen's document binds to (as `screen`); raises ValueError for a screen
    that cannot be shown, naming the field."""
    if screen.kind not in KINDS:
        raise ValueError(f"screen kind {screen.kind!r} is not one of {', '.join(KINDS)}")
    if not screen.title:
        raise ValueError("a screen needs a title")
    data: Json = {"safety": {"line": screen.safety_line, "number": screen.safety_number},
                  "title": screen.title, "section": screen.section}
    data.update(_BUILDERS[screen.kind](screen))
    return {"screen": data}


def _step(screen: Screen) -> Json:
    if not 1 <= screen.step <= screen.steps:
        raise ValueError(f"step {screen.step} of {screen.steps} is out of range")
    if not 0 <= screen.progress <= 1:
        raise ValueError(f"progress {screen.progress} is not between 0 and 1")
    return {
        "body": screen.body,
        "step": screen.step,
        "steps": screen.steps,
        "progressPercent": round(screen.progress * 100),
        "sources": _sources(screen),
    }


def _hold(screen: Screen) -> Json:
    if screen.hold_seconds <= 0:
        raise ValueError(f"hold of {screen.hold_seconds} seconds")
    starts = [cue.start for cue in screen.cues]
    if starts != sorted(starts) or any(not 0 <= s < screen.hold_seconds for s in starts):
        raise ValueError(f"cue starts {starts} must be in order and within the {screen.hold_seconds} s hold")
    # Each cue lasts until the next one starts, the last until the end of the hold.
    ends = starts[1:] + [screen.hold_seconds]
    return {
        "holdMs": screen.hold_seconds * 1000,
        "cues": [{"start": c.start, "end": end, "text": c.text} for c, end in zip(screen.cues, ends)],
        "timer": {"set": screen.alexa_timer_seconds > 0, "clock": clock(screen.alexa_timer_seconds)},
    }


def _emergency(screen: Screen) -> Json:
    if not screen.emergency_number:
        raise ValueError("an emergency screen needs the number to call")
    return {"emergency": {"number": screen.emergency_number, "callLine": screen.call_line,
                          "wide": len(screen.emergency_number) > WIDE_NUMBER}}


def _provider(screen: Screen) -> Json:
    return {
        "body": screen.body,
        "provider": {"lines": list(screen.provider_lines), "lumpHours": screen.lump_hours},
        "hints": list(screen.hints),
    }


def _info(screen: Screen) -> Json:
    return {"body": screen.body, "hints": list(screen.hints), "sources": _sources(screen)}


def _positions(screen: Screen) -> Json:
    if screen.illustration not in CLOG_POINTS:
        raise ValueError(f"illustration {screen.illustration!r} is not one of {', '.join(ILLUSTRATIONS)}")
    x, y = CLOG_POINTS[screen.illustration]
    return {
        "body": screen.body,
        "sources": _sources(screen),
        "illustration": {"x": x, "y": y, "line": screen.illustration != "nipple"},
    }


_BUILDERS = {
    STEP: _step, HOLD: _hold, EMERGENCY: _emergency, PROVIDER: _provider, INFO: _info, POSITIONS: _positions,
}


def _sources(screen: Screen) -> str:
    return " · ".join(screen.sources)


def clock(seconds: int) -> str:
    """m:ss, as the countdown shows it."""
    return f"{seconds // 60}:{seconds % 60:02d}"
