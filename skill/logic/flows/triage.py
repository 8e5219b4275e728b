"""Triage at any moment: a symptom, a temperature, how long the lump has lasted, "I don't
know", the quick pre-check before the routine. The 24-48 hour lump check of a returning user
is in flows/lump_check.py; taking a sign back ("I said that by mistake") in flows/retract.py."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .. import episode as episodes
from .. import not_sure, settings
from ..replies import (ask, ask_pending_again, asking, elapsed_words, idle_next, in_routine, offer_reminder,
                       outcome_lines, outcome_screen, reply, sign_names, side_words)
from ..speech import Card, Reply, Say, Segment, digits, lines
from ..values import iso
from ..steps import begin_routine, remember_location
from ..temperature import Reading, fever_line, read_temperature
from ..triage import EMERGENCY, LOW_TEMPERATURE, SELF_CARE, WATCH, Ask, Outcome, reading_signs
from ..turn import Pending

if TYPE_CHECKING:
    from ..state import Memory
    from ..turn import Context, Intents, Questions, Turn

MAX_LUMP_HOURS = 24 * 60


def report_symptom(c: Context, t: Turn) -> Reply:
    return report_signs(c, t, [s for s in (t.event.slot("symptom"), t.event.slot("symptomTwo")) if s in c.signs])


def report_signs(c: Context, t: Turn, signs: list[str]) -> Reply:
    """Signs she reported (ids of content/triage.yaml), or none we know."""
    start_context(c, t)
    if not signs:
        # "I don't feel well", or a symptom we do not know: the warning-sign questions cover it.
        c.triage.asked_for(t.state["triage"])
        # After an emergency this session the number opens the reply already (`number_first`).
        sorry = "symptom_general_after_call" if t.state["emergency"] else "symptom_general"
        return triage_step(c, t, c.triage.next(t.state["triage"]), c.dialog.say(sorry))
    reported_again(t.memory, signs)
    heard = c.dialog.say("symptom_heard", signs=sign_names(c, signs))
    return triage_step(c, t, c.triage.report(t.state["triage"], signs), heard, reported=signs)


def suspect_mastitis(c: Context, t: Turn) -> Reply:
    """"I think I have mastitis", "is it infected?": the skill can't tell, but the warning-sign
    questions are what tell a clog from mastitis or an emergency. Said to the pre-check, it
    counts as not sure: the same questions, one at a time."""
    if t.state["pending"] == "precheck":
        close_precheck(t)
    start_context(c, t)
    c.triage.asked_for(t.state["triage"])
    step = c.triage.next(t.state["triage"])
    said = [c.dialog.say("suspect_mastitis")]
    if isinstance(step, Ask) and c.triage.begun(t.state["triage"]):
        said.append(c.dialog.say("triage_intro"))  # triage_step says it only before the first answer
    return triage_step(c, t, step, *said)


def temperature(c: Context, t: Turn) -> Reply:
    slot = t.event.slot
    reading = read_temperature(slot("whole"), slot("fraction"), slot("scale"), c.thresholds, slot("qualifier"))
    if reading is None:
        # The example leads with the device's unit; both are understood everywhere.
        return ask_again_or_reply(c, t, c.dialog.say("temperature_unclear"),
                                  f"temperature_example_{settings.temperature_unit(c, t)}")
    start_context(c, t)
    settled = not reading.low and settle_low_reading(c, t)
    reported_again(t.memory, reading_signs(reading.fever, reading.low))
    key = "temperature_fever" if reading.fever else "temperature_low" if reading.low \
        else "temperature_settled" if settled and not reading.fever else "temperature_no_fever"
    heard = c.dialog.say(key, reading=reading.spoken(c.dialog), line=f"{fever_line(c.thresholds, reading.scale):g}")
    step = c.triage.temperature(t.state["triage"], reading.fever, reading.low)
    return triage_step(c, t, step, heard, *reading_notes(c, reading, step, settled))


def reading_notes(c: Context, reading: Reading, step: Ask | Outcome, settled: bool) -> list[Say]:
    """What follows a reading's words: before a question, why a fever under the mastitis line
    still counts, or, a low reading settled, what to do if it is low again. Before the advice
    itself, which says whom to call, only a low reading's "take it again" (one breath)."""
    if reading.low:  # no fever, and no reassurance: take it again; low and unwell, the provider
        said = lines(c.notes["low_temperature"]["say"], "note:low_temperature")
        return said if isinstance(step, Ask) else said[:1]
    if not isinstance(step, Ask):
        return []
    if reading.fever:
        explained = reading.value < fever_line(c.thresholds, reading.scale, mastitis=True)
        return lines(c.notes["fever_lines"]["say"], "note:fever_lines") if explained else []
    return lines(c.notes["low_temperature_settled"]["say"], "note:low_temperature_settled") if settled else []


def settle_low_reading(c: Context, t: Turn) -> bool:
    """A reading that is not low, after a low one on record: the retake the low reading's advice
    asks for. The low reading is taken back (kept on record, as a false alarm is); whether there
    was one. A fever's own words and advice say nothing of it: they say enough."""
    if LOW_TEMPERATURE not in t.state["triage"]["signs"]:
        return False
    c.triage.retract(t.state["triage"], [LOW_TEMPERATURE])
    episodes.take_back(t.memory, [LOW_TEMPERATURE])
    return True

def duration(c: Context, t: Turn) -> Reply:
    hours = lump_hours(c, t)
    if hours is None:
        return ask_again_or_reply(c, t, c.dialog.say("duration_unclear"), "duration_example")
    start_context(c, t)
    on_record = episodes.backdate_start(t.memory, t.now, hours)
    if round(on_record) > round(hours):  # she told of this clog longer ago: the older age counts
        heard, hours = c.dialog.say("duration_on_record", elapsed=elapsed_words(c, on_record)), on_record
    elif round(hours) == 1:
        heard = c.dialog.say("duration_heard_one")
    else:
        heard = c.dialog.say("duration_heard", hours=round(hours))
    step = c.triage.lump_age(t.state["triage"], hours)
    return triage_step(c, t, step, heard, *lump_advice(c, step, hours))


def lump_advice(c: Context, step: Ask | Outcome, hours: float) -> list[Say]:
    """A lump past a day: the provider today, said as soon as its age is heard, not after the
    questions, in case she stops before their end (every closing repeats it: a red flag)."""
    return lines(c.notes["lump_lasting"]["say"], "note:lump_lasting") \
        if isinstance(step, Ask) and hours >= c.thresholds["lump_watch_hours"] else []


def lump_hours(c: Context, t: Turn) -> float | None:
    event = t.event
    since = event.slot("since")
    if since:
        return since_hours(c, t, since)
    unit = event.slot("unit")
    # "about a day" fills the unit only: one of it.
    amount = digits(event.slot("amount")) or ("1" if unit and event.slot("amount") is None else None)
    unit = unit or "hours"
    if amount is None or unit not in ("hours", "days"):
        return None
    hours = int(amount) * (24 if unit == "days" else 1)
    return float(hours) if hours <= MAX_LUMP_HOURS else None


def since_hours(c: Context, t: Turn, since: str) -> float | None:
    """"Since this morning", "since last night": counted on her clock (whole hours, rounded up),
    never under the content's hours for the words (`since_hours`: "two days" has no clock time)."""
    clock = episodes.hours_since_said(since, t.now, settings.time_zone(t), c.dialog.text("default_time_zone"))
    least = c.thresholds["since_hours"].get(since)
    if clock is None and least is None:
        return None
    return float(max(math.ceil(clock or 0), least or 0, 1))  # "since this evening" at 5 pm: within the hour


def reported_again(memory: Memory, signs: list[str]) -> None:
    """A sign taken back earlier and reported now counts again."""
    episode = episodes.current(memory)
    if episode is not None and set(signs) & set(episode.get("retracted", [])):
        episode["retracted"] = [s for s in episode["retracted"] if s not in signs]


def ask_again_or_reply(c: Context, t: Turn, problem: Say, example_key: str) -> Reply:
    if t.state["pending"] == "triage":
        return ask_pending_again(c, t, problem)
    return reply(c, problem, next_key=example_key)


def start_context(c: Context, t: Turn) -> None:
    if t.state["pending"] != "triage":
        t.state["resume_routine"] = in_routine(t)
    known_lump_age(c, t)


def known_lump_age(c: Context, t: Turn) -> None:
    """The lump's age is asked once an episode: once told, it is counted from the (backdated)
    start of the clog, so a later session knows it without asking again."""
    triage_state, episode = t.state["triage"], episodes.open_episode(t.memory, t.now, c.thresholds["episode_max_days"])
    if "lump_duration" in triage_state["answered"] or episode is None or "lump_hours" not in episode:
        return
    hours = episodes.hours_since_start(episode, t.now)
    c.triage.lump_age(triage_state, hours)
    triage_state["asking"] = None


def answer_triage(c: Context, t: Turn, yes: bool) -> Reply:
    # "No" to how long the lump has lasted means not sure: go on without it.
    return triage_step(c, t, c.triage.answer(t.state["triage"], yes))


def unsure_triage(c: Context, t: Turn) -> Reply:
    """"I don't know", "no thermometer": the question counts as answered without a sign. To the
    emergency question, the careful answer is to call anyway."""
    asked = t.state["triage"]["asking"]
    if asked == "emergency_screen":  # the call to make, the one level said (skill/logic/not_sure.py)
        return not_sure.of_emergency(c, t, triage_step)
    elif asked == "fever":
        said = []  # the question that follows says "That's okay." itself
    else:
        said = [c.dialog.say("okay")]
    return triage_step(c, t, c.triage.unknown(t.state["triage"]), *said)


def answer_precheck(c: Context, t: Turn, yes: bool) -> Reply:
    close_precheck(t)
    if yes:
        return triage_step(c, t, c.triage.report(t.state["triage"], ["precheck"]), c.dialog.say("precheck_yes"))
    return begin_routine(c, t, c.dialog.say("precheck_no"))


def close_precheck(t: Turn) -> None:
    t.state["pending"] = None
    t.state["triage"]["answered"].append("precheck")
    t.state["resume_routine"] = True


def unsure_precheck(c: Context, t: Turn) -> Reply:
    """Not sure about fever, chills, aches or streaks: the questions one at a time."""
    close_precheck(t)
    c.triage.asked_for(t.state["triage"])
    return triage_step(c, t, c.triage.next(t.state["triage"]), c.dialog.say("precheck_unsure"))


def symptom_at_precheck(c: Context, t: Turn) -> Reply:
    close_precheck(t)
    c.triage.asked_for(t.state["triage"])  # her answer to the quick check: its questions stand in for it
    return report_symptom(c, t)


def location_at_precheck(c: Context, t: Turn) -> Reply:
    if not t.event.slots:  # "how should I hold the baby": the gist of the positions help, then the check
        return ask_pending_again(c, t, c.dialog.say("positions_chin"), briefly=True)
    remember_location(t)
    return ask(c, t, "precheck", c.dialog.say("location_noted", side=side_words(c, t.state.get("side"))))


def earlier_emergency(c: Context, t: Turn, reported: list[str]) -> frozenset[str]:
    """Emergency signs whose full advice an earlier session gave and that were not reported
    again now: they get a one-sentence reminder naming the number, not the whole message."""
    episode = episodes.current(t.memory)
    if t.state["emergency"] or episode is None or "emergency_heard_at" not in episode:
        return frozenset()
    stored = set(episodes.flags(t.memory)) - set(reported)
    return frozenset(s for s in t.state["triage"]["signs"] if s in stored and c.triage.level(s) == EMERGENCY)


def triage_step(c: Context, t: Turn, step: Ask | Outcome, *before: Segment | None,
                reported: list[str] | None = None) -> Reply:
    episodes.record_triage(t.memory, t.state["triage"], t.now)
    quiet = earlier_emergency(c, t, reported or [])
    if quiet and isinstance(step, Outcome) and step.level == EMERGENCY:
        step = c.triage.next(t.state["triage"], quiet)
        # With the advice, not with each question (the emergency question names the signs anyway).
        if isinstance(step, Outcome) and step.level != EMERGENCY:
            before = (*before, c.dialog.say("reminder_emergency", signs=sign_names(c, sorted(quiet))))
    if isinstance(step, Ask):
        question = c.questions[step.question]
        key = f"question:{step.question}"
        intro = [] if c.triage.begun(t.state["triage"]) else [c.dialog.say("triage_intro")]
        return asking(t, "triage", Say(question["ask"], key), Say(question["reprompt"], key), *before, *intro)
    return outcome(c, t, step.level, *before, quiet=quiet)


def outcome(c: Context, t: Turn, level: str, *before: Segment | None, quiet: frozenset[str] = frozenset()) -> Reply:
    t.state["pending"] = None
    episodes.record_outcome(t.memory, level, t.now)
    advice = outcome_lines(c, c.triage.outcome_key(level, [s for s in t.state["triage"]["signs"] if s not in quiet]))
    # For an emergency, the number to call comes first, before anything else is said.
    first = advice[:1] if level == EMERGENCY else []
    told = Reply(card=Card(c.dialog.say("card_outcome_title"), advice)).add(*first, *before, *advice[len(first):])
    told.screen = outcome_screen(c, t, level)
    if level == EMERGENCY:
        t.state["emergency"] = True
        episodes.open_for_signs(t.memory, t.now)["emergency_heard_at"] = iso(t.now)
        hint = c.dialog.say("after_emergency")
    elif t.state.get("resume_routine") and in_routine(t):
        hint = c.dialog.say("after_triage_routine", title=c.routine.step(t.state["pos"])["title"])
    elif level in (WATCH, SELF_CARE):
        return offer_reminder(c, t, told, "checkin")
    else:
        hint = c.dialog.say("after_triage_idle")
    told.add(hint)
    told.reprompt = [hint]
    return told


# --- the lump, and the 24-48 hour rule ---------------------------------------------------------
def unsure(c: Context, t: Turn) -> Reply:
    """"I don't know" with no question waiting for it."""
    return reply(c, c.dialog.say("okay"), next_key=idle_next(t))


INTENTS: Intents = {
    "ReportSymptomIntent": report_symptom,
    "SuspectMastitisIntent": suspect_mastitis,
    # GiveTemperatureIntent and GiveDurationIntent: flows/numbers.py (which number is which)
    "DontKnowIntent": unsure,
}
PENDING: Questions = {
    "triage": Pending(answer_triage, None, None, blocking=True, answers={"DontKnowIntent": unsure_triage}),
    "precheck": Pending(answer_precheck, "precheck_ask", "precheck_reprompt", blocking=True,
                        answers={"DontKnowIntent": unsure_precheck, "ReportSymptomIntent": symptom_at_precheck,
                                 "SetClogLocationIntent": location_at_precheck}),
}
