"""Triage at any moment: a symptom, a temperature, how long the lump has lasted, the quick
pre-check before the routine, and the 24-48 hour lump check of a returning user."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from .. import settings
from ..replies import (ask_pending_again, asking, in_routine, offer_reminder, outcome_lines,
                       outcome_screen, red_flag_reminder, reply, sign_names)
from ..speech import Card, Reply, Say, Segment, digits
from ..steps import begin_routine, offer_start, present_step
from ..temperature import read_temperature
from ..triage import EMERGENCY, SELF_CARE, WATCH, Ask, Outcome
from ..turn import Event, Pending

if TYPE_CHECKING:
    from ..turn import Context, Intents, Questions, Turn

MAX_LUMP_HOURS = 24 * 60


def report_symptom(c: Context, t: Turn) -> Reply:
    signs = [s for s in (t.event.slot("symptom"), t.event.slot("symptomTwo")) if s in c.signs]
    start_context(t)
    if not signs:
        # "I don't feel well", or a symptom we do not know: the warning-sign questions cover it.
        return triage_step(c, t, c.triage.next(t.state["triage"]), c.dialog.say("symptom_general"))
    heard = c.dialog.say("symptom_heard", signs=sign_names(c, signs))
    return triage_step(c, t, c.triage.report(t.state["triage"], signs), heard)


def temperature(c: Context, t: Turn) -> Reply:
    slot = t.event.slot
    reading = read_temperature(slot("whole"), slot("fraction"), slot("scale"), c.thresholds)
    if reading is None:
        # The example leads with the device's unit; both are understood everywhere.
        return ask_again_or_reply(c, t, c.dialog.say("temperature_unclear"),
                                  f"temperature_example_{settings.temperature_unit(c, t)}")
    start_context(t)
    key = "temperature_fever" if reading.fever else "temperature_no_fever"
    line = c.thresholds["fever_f"] if reading.scale == "fahrenheit" else c.thresholds["fever_c"]
    heard = c.dialog.say(key, reading=reading.spoken(c.dialog), line=f"{line:g}")
    return triage_step(c, t, c.triage.temperature(t.state["triage"], reading.fever), heard)


def duration(c: Context, t: Turn) -> Reply:
    hours = lump_hours(c, t.event)
    if hours is None:
        return ask_again_or_reply(c, t, c.dialog.say("duration_unclear"), "duration_example")
    start_context(t)
    episodes.backdate_start(t.memory, t.now, hours)
    heard = c.dialog.say("duration_heard", hours=round(hours))
    return triage_step(c, t, c.triage.lump_age(t.state["triage"], hours), heard)


def lump_hours(c: Context, event: Event) -> float | None:
    since = event.slot("since")
    if since:
        found = c.thresholds["since_hours"].get(since)
        return float(found) if found is not None else None
    unit = event.slot("unit")
    # "about a day" fills the unit only: one of it.
    amount = digits(event.slot("amount")) or ("1" if unit and event.slot("amount") is None else None)
    unit = unit or "hours"
    if amount is None or unit not in ("hours", "days"):
        return None
    hours = int(amount) * (24 if unit == "days" else 1)
    return float(hours) if hours <= MAX_LUMP_HOURS else None


def ask_again_or_reply(c: Context, t: Turn, problem: Say, example_key: str) -> Reply:
    if t.state["pending"] == "triage":
        return ask_pending_again(c, t, problem)
    return reply(c, problem, next_key=example_key)


def start_context(t: Turn) -> None:
    if t.state["pending"] != "triage":
        t.state["resume_routine"] = in_routine(t)


def answer_triage(c: Context, t: Turn, yes: bool) -> Reply:
    # "No" to how long the lump has lasted means not sure: go on without it.
    return triage_step(c, t, c.triage.answer(t.state["triage"], yes))


def answer_precheck(c: Context, t: Turn, yes: bool) -> Reply:
    t.state["pending"] = None
    t.state["triage"]["answered"].append("precheck")
    if yes:
        t.state["resume_routine"] = True
        return triage_step(c, t, c.triage.report(t.state["triage"], ["precheck"]), c.dialog.say("precheck_yes"))
    return begin_routine(c, t, c.dialog.say("precheck_no"))


def triage_step(c: Context, t: Turn, step: Ask | Outcome, *before: Segment | None) -> Reply:
    episodes.record_triage(t.memory, t.state["triage"], t.now)
    if isinstance(step, Ask):
        question = c.questions[step.question]
        key = f"question:{step.question}"
        intro = [] if t.state["triage"]["answered"] else [c.dialog.say("triage_intro")]
        return asking(t, "triage", Say(question["ask"], key), Say(question["reprompt"], key), *before, *intro)
    t.state["pending"] = None
    episodes.record_outcome(t.memory, step.level, t.now)
    advice = outcome_lines(c, step.level)
    told = Reply(card=Card(c.dialog.say("card_outcome_title"), advice)).add(*before, *advice)
    told.screen = outcome_screen(c, t, step.level)
    if step.level == EMERGENCY:
        t.state["emergency"] = True
        hint = c.dialog.say("after_emergency")
    elif t.state.get("resume_routine") and in_routine(t):
        hint = c.dialog.say("after_triage_routine", title=c.routine.step(t.state["pos"])["title"])
    elif step.level in (WATCH, SELF_CARE):
        return offer_reminder(c, t, told, "checkin")
    else:
        hint = c.dialog.say("after_triage_idle")
    told.add(hint)
    told.reprompt = [hint]
    return told


# --- the lump, and the 24-48 hour rule ---------------------------------------------------------
def lump_check_due(c: Context, t: Turn) -> bool:
    """An open episode old enough for the 24-48 hour rule, not yet checked this session."""
    if "lump_duration" in t.state["triage"]["answered"]:
        return False
    episode = episodes.current(t.memory)
    if episode is None or not episodes.is_open(t.memory, t.now, c.thresholds["episode_max_days"]):
        return False
    return bool(episodes.hours_since_start(episode, t.now) >= c.thresholds["lump_watch_hours"])


def ask_lump_check(c: Context, t: Turn) -> Reply:
    episode = episodes.current(t.memory)
    hours = episodes.hours_since_start(episode, t.now) if episode else 0
    return asking(t, "lump_check", c.dialog.say("lump_check_due", hours=round(hours)),
                  c.dialog.say("lump_check_reprompt"))


def answer_lump_check(c: Context, t: Turn, yes: bool) -> Reply:
    t.state["pending"] = None
    if not yes:
        episodes.mark_cleared(t.memory, t.now)
        return reply(c, c.dialog.say("returning_cleared"), red_flag_reminder(c, t), next_key="next_idle")
    episode = episodes.open_if_needed(t.memory, t.now)
    hours = episodes.hours_since_start(episode, t.now)
    if hours < c.thresholds["lump_watch_hours"]:
        whole = round(hours)
        elapsed = c.dialog.text({0: "elapsed_under_hour", 1: "elapsed_hour"}.get(whole, "elapsed_hours"), hours=whole)
        return asking(t, "resume_offer", c.dialog.say("returning_continue", elapsed=elapsed),
                      c.dialog.say("resume_offer_reprompt"), red_flag_reminder(c, t))
    start_context(t)
    heard = c.dialog.say("returning_hours", hours=round(hours))
    return triage_step(c, t, c.triage.lump_age(t.state["triage"], hours), heard)


def lump_still_there(c: Context, t: Turn) -> Reply:
    if lump_check_due(c, t):
        return answer_lump_check(c, t, True)
    if in_routine(t):
        return present_step(c, t, c.dialog.say("keep_going"))
    return offer_start(c, t, c.dialog.say("keep_going"))


INTENTS: Intents = {
    "ReportSymptomIntent": report_symptom,
    "GiveTemperatureIntent": temperature,
    "GiveDurationIntent": duration,
    "LumpStillThereIntent": lump_still_there,
}
PENDING: Questions = {
    "triage": Pending(answer_triage, None, None, blocking=True),
    "precheck": Pending(answer_precheck, "precheck_ask", "precheck_reprompt", blocking=True),
    "lump_check": Pending(answer_lump_check, "lump_check_reprompt", "lump_check_reprompt"),
}
