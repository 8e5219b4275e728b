"""A reply's screen: what the logic says is shown (`Shown`, content ids only) and the content,
turned into the APL view model (`apl.Screen`) and its RenderDocument directive. The words come
from the content and the locale's responses; the place in the routine, the countdown's cues
and the number to call are worked out here, not in the logic."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..logic import triage as levels
from ..logic.replies import reminder_of, sign_names
from ..logic.reply_rules import REMINDERS
from ..logic.routine import CUE_EVERY_SECONDS, Routine
from ..logic.speech import Reply, Say, Shown
from ..logic.steps import POSITIONING
from ..logic.turn import Context
from .apl import Cue, Screen, render_directive
from .apl.documents import Json
from .apl.screen import EMERGENCY, HOLD, INFO, POSITIONS, PROVIDER, STEP

TOKEN = "milk-duct-helper"  # the RenderDocument's token; touch events carry it back
SAID = "reply"  # the info screen of a reply whose flow shows nothing else: its title
# A phrase in single quotes, as the responses quote what she can say: not an apostrophe ("what's").
QUOTED = r"(?<!\w)'(.+?)'(?!\w)"
SEED_SUFFIX = ".txt"
GUIDELINE_PREFIX = "guideline: "
# The sentences about her safety that a reply may open with (replies.number_first and
# signs_on_record_first put them first): the screen shows the same line first, and those that
# say to call the emergency number now (or again, once she has called) show the number too.
CALL_NOW = frozenset(("call_first", "reminder_emergency", "outcome:emergency", "outcome:crisis", "called_again",
                      "reminder_emergency_called"))
SAFETY_FIRST = CALL_NOW | REMINDERS | {"reminder_history_unknown", "outcome:urgent", "outcome:provider",
                                       "outcome:watch"}
SPOKEN_DIGITS = re.compile(r"\b\d(?: \d)+\b")  # "9 1 1": a number as the speech spells it out


def directive(reply: Reply, c: Context) -> Json | None:
    """The RenderDocument directive for the reply's screen, as JSON-ready data; None when the
    reply shows nothing."""
    screen = screen_of(reply, c)
    return None if screen is None else render_directive(screen, f"{TOKEN}-{screen.kind}")


def screen_of(reply: Reply, c: Context) -> Screen | None:
    """Every screen is built from the whole reply, whatever its flow chose to show: what she can
    say next from the words she is asked for, and the safety line on top."""
    shown = reply.screen or _as_said(reply)
    if shown is None:
        return None
    screen = _BUILDERS[shown.kind](shown, reply, c)._replace(hints=_sayable(reply, c))
    line = _safety_line(shown, reply, c)
    if line is None or screen.kind == EMERGENCY:  # the emergency screen is the number already
        return screen
    return screen._replace(safety_line=SPOKEN_DIGITS.sub(lambda spelt: spelt[0].replace(" ", ""), line.text),
                           safety_number=_emergency_numbers(c) if line.key in CALL_NOW else "")


def _as_said(reply: Reply) -> Shown | None:
    """A reply whose flow shows nothing in particular (a timer's question, "back at the start")
    but waits for her answer: its own words, so that a one-shot has a screen and no screen
    lingers from an earlier turn. Not a reply that is no prompt of its own (a fallback), which
    leaves the screen as "repeat" leaves the reply: the one before it."""
    if reply.end_session or not reply.reprompt or not reply.repeatable:
        return None
    asked = _asked(reply)  # said on the screen as its hints
    return Shown("info", SAID, ids=tuple(key for key in dict.fromkeys(reply.keys())
                                         if key not in SAFETY_FIRST and asked is not None and key != asked.key))


def _safety_line(shown: Shown, reply: Reply, c: Context) -> Say | None:
    """The safety line the speech opens with, first on whatever the screen shows (a welcome, a
    question, a step): she may read the screen rather than listen; else, with warning signs on
    record, the reminder of them that the speech says once a session, on every screen. Not where
    the screen is the advice: a triage outcome's screen names the signs and what to do."""
    first = next((s for s in reply.speech if isinstance(s, Say)), None)
    if first is not None and first.key in SAFETY_FIRST:
        return None if first.key == f"outcome:{shown.ref}" and shown.kind == "outcome" else first
    if reply.signs_on_record and shown.kind != "outcome":
        return reminder_of(c, list(reply.signs_on_record))
    return None


def _asked(reply: Reply) -> Say | None:
    """The sentence the device listens after: the reprompt's last, which says what she can say."""
    return next((s for s in reversed(reply.reprompt or []) if isinstance(s, Say)), None)


def _sayable(reply: Reply, c: Context) -> tuple[str, ...]:
    """What she can say next, as the screen's hints: the words the reply itself asks for, so the
    screen never offers what the speech does not (nor leaves out what it does). From the sentence
    the device listens after: each phrase it quotes ('start', 'continue'), and after its last
    "say", the answers it names unquoted ("Say yes, no, or not sure"). A hand-written reading of
    the locale's own sentences: their convention (commands in quotes) is the project's, not a
    library's."""
    asked = _asked(reply)
    if asked is None or reply.end_session:
        return ()
    text = asked.text
    says = [m.end() for m in re.finditer(rf"(?i)\b{re.escape(c.dialog.text('screen_hint_say'))}\b", text)]
    answers = "|".join(re.escape(a) for a in c.dialog.text("screen_hint_answers").split("; "))
    found: list[str] = []
    for m in re.finditer(rf"{QUOTED}|(?i:\b({answers})\b)", text):
        quoted, answer = m.groups()
        if quoted:
            found.append(quoted)
        elif says and m.start() >= says[-1]:
            found.append(answer.lower())
    return tuple(dict.fromkeys(found))


def _step(shown: Shown, reply: Reply, c: Context) -> Screen:
    section, step, number, total = _place(c, shown.ref)
    said = step.get(shown.ids[0], step["say"]) if shown.ids else step["say"]  # the pumping words, if said
    title, section_title = _capital(step["title"]), _capital(section["title"])
    hold = int(step.get("hold_seconds", 0))
    if shown.held < hold:
        return Screen(HOLD, title, section=section_title, hold_seconds=hold - shown.held,
                      cues=_cues(step, said, shown.held, hold))
    return Screen(STEP, title, section=section_title, body=said, step=number, steps=total,
                  progress=(number - 1) / total, sources=_sources(c, step["source"]))


def _place(c: Context, step_id: str) -> tuple[dict[str, Any], dict[str, Any], int, int]:
    """The step's section, the step, its number in the section (from 1) and the section's
    steps: the count the speech gives ("step 1 of 6 in the warmth section")."""
    # The turn's own routine first: the two routines may share a step id (the cool compress).
    for routine in (c.routine, *(r for r in c.routines.values() if r is not c.routine)):
        pos = routine.locate(step_id)
        if pos is not None:
            number, total = routine.step_number(pos)
            return routine.section(pos), routine.step(pos), number, total
    raise ValueError(f"no routine step {step_id!r}")


def _cues(step: dict[str, Any], opening_text: str, held: int, hold: int) -> tuple[Cue, ...]:
    """What is said during the rest of the hold, from now (0) on, as the routine paces it: the
    instruction opens the hold, then a cue every CUE_EVERY_SECONDS, in a cycle."""
    said: list[Cue] = []
    for second in range(held - held % CUE_EVERY_SECONDS, hold, CUE_EVERY_SECONDS):
        cue = Routine.cue_at(step, second)
        if cue is not None:
            said.append(Cue(max(0, second - held), cue))
        elif not said:  # the instruction, once, where no cue is said
            said.append(Cue(max(0, second - held), opening_text))
    return tuple(said)


def _outcome(shown: Shown, reply: Reply, c: Context) -> Screen:
    level = shown.ref
    title = c.dialog.text(f"screen_outcome_{level}")
    advice = " ".join(c.outcomes[level]["say"])
    if level == levels.EMERGENCY:
        why = c.dialog.text("screen_emergency_signs", signs=sign_names(c, list(shown.ids))) if shown.ids \
            else c.outcomes[level]["say"][0]
        return Screen(EMERGENCY, title, emergency_number=_emergency_numbers(c), call_line=why)
    if level == levels.PROVIDER:
        return Screen(PROVIDER, title, body=advice, provider_lines=tuple(_capital(sign_names(c, [s])) for s in shown.ids),
                      lump_hours=shown.hours)
    return Screen(INFO, title, body=advice, sources=_sources(c, c.outcomes[level]["source"]))


def _info(shown: Shown, reply: Reply, c: Context) -> Screen:
    body = " ".join(s.text for s in reply.speech if isinstance(s, Say) and s.key in shown.ids)
    topics = [key.removeprefix("topic:") for key in shown.ids if key.startswith("topic:")]
    sources = [source for topic in topics for source in _listed(c.topics[topic].get("source", []))]
    return Screen(INFO, c.dialog.text(f"screen_title_{shown.ref}"), body=body, sources=_sources(c, sources))


def _location(shown: Shown, reply: Reply, c: Context) -> Screen:
    location = c.positions["locations"][shown.ref]
    section = c.routine.sections[c.routine.section_ids.index(POSITIONING)]
    return Screen(POSITIONS, _capital(location["hold"]), body=" ".join(location["say"]),
                  section=_capital(section["title"]), illustration=shown.ref,
                  sources=_sources(c, location["source"]))


_BUILDERS: dict[str, Callable[[Shown, Reply, Context], Screen]] = {
    "step": _step, "outcome": _outcome, "info": _info, "location": _location,
}


def _emergency_numbers(c: Context) -> str:
    """The number to call, as the screen shows it, with the market's second one beside it where
    the speech names two (en-AU also serves New Zealand: "000 / 111")."""
    shown = c.dialog.text("screen_emergency_number")
    also = c.market["emergency"].get("also_number")
    return f"{shown} / {also}" if also else shown


def _listed(source: str | list[str]) -> list[str]:
    return [source] if isinstance(source, str) else list(source)


def _sources(c: Context, source: str | list[str]) -> tuple[str, ...]:
    """The small print: a seed file by its title (from the responses), a guideline by its name;
    each once, in order."""
    names = []
    for item in _listed(source):
        if item.endswith(SEED_SUFFIX):
            name = c.dialog.text(f"screen_source_{item.removesuffix(SEED_SUFFIX)}")
        else:
            name = item.removeprefix(GUIDELINE_PREFIX)
        if name not in names:
            names.append(name)
    return tuple(names)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
