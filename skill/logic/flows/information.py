"""Launch, help, stop, fallback, home and repeat; answers from the content; where the clog is;
and the lump clearing."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard, get_args

from .. import episode as episodes
from .. import settings
from ..replies import (ask_pending_again, asking, confirmed, duration_words, emergency_again, goodbye, idle_next, in_routine,
                       question_waits, red_flag_reminder, reply, side_words, topic_lines, topic_text)
from ..speech import Reply, Say, Shown
from ..state import FeedingMethod
from ..turn import GO_ON, Pending
from ..steps import FOLLOWUP, aftercare_routine, present_step
from . import lump_check, routine, triage

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..speech import Segment
    from ..turn import Asides, Context, Intents, Questions, Turn

FEEDING_METHODS = get_args(FeedingMethod)
MORE = "MoreIntent"  # "tell me more", "the rest"
PAIN = "pain"  # the symptom id (content/triage.yaml) of "it hurts"
# Each question's answer, as topics of content/topics.yaml in the order spoken: the first at
# once, each of the others when she says she would like to hear more (every reply stays short).
TOPIC_INTENTS = {
    "WhatIsClogIntent": ("what_is", "infection_difference"),
    "CausesIntent": ("causes", "causes_more"),
    "SymptomsInfoIntent": ("symptoms", "symptoms_more"),
    "ClearedSignsIntent": ("cleared_signs",),
    "PreventionIntent": ("prevention",),
    "MastitisInfoIntent": ("mastitis", "mastitis_more"),
    "SelfCareIntent": ("self_care",),
    "WarningSignsIntent": ("warning_signs",),
    "HowLongIntent": ("how_long",),
    "RecurringClogIntent": ("recurring",),
    "PainReliefIntent": ("pain_relief",),
    "KeepFeedingIntent": ("keep_feeding",),
    "ExtraPumpingIntent": ("extra_pumping",),
    "BabyUnwellIntent": ("baby_unwell",),
    "SomeoneElseUnwellIntent": ("someone_else",),  # "my partner has chills": never noted as hers
    "BothSidesIntent": ("both_sides",),
    "NewerAdviceIntent": ("newer_advice",),
}


def launch(c: Context, t: Turn) -> Reply:
    if not t.memory.get("prefs", {}).get("disclaimer_heard"):
        return info(reply(c, c.dialog.say("welcome_first"), topic_text(c, "disclaimer"), next_key="next_idle"),
                    "welcome", "welcome_first", "topic:disclaimer")
    waiting = routine.back_to_check(c, t)  # "hang on" at a safety question last time
    if waiting is not None:
        return waiting
    episode = episodes.open_episode(t.memory, t.now, c.thresholds["episode_max_days"])
    if episode is None or not lump_check.told_a_clog(c, episode):
        return info(reply(c, c.dialog.say("welcome_back"), next_key="next_idle"), "welcome", "welcome_back")
    zone, default = settings.time_zone(t), c.dialog.text("default_time_zone")
    key = episodes.when_spoken(episode["started"], t.now, zone, default)
    when = c.dialog.text(key, days=episodes.days_ago(episode["started"], t.now, zone, default))
    return asking(t, "lump_check",
                  c.dialog.say("welcome_back_episode", when=when, side=side_words(c, episode.get("side"))),
                  c.dialog.say("lump_check_reprompt"))


def help_(c: Context, t: Turn) -> Reply:
    if t.state["emergency"]:  # the call to make first; the advice names the number already
        return emergency_again(c, t, topic_lines(c, "disclaimer")[0])
    disclaimer = topic_text(c, "disclaimer")
    if question_waits(c, t):
        return ask_pending_again(c, t, c.dialog.say("help_question"), disclaimer)
    key = "help_routine" if in_routine(t) else "help_idle"
    next_key = "next_in_routine" if in_routine(t) else "help_next"
    return info(reply(c, c.dialog.say(key), c.dialog.say("help_two_ways"), disclaimer, next_key=next_key),
                "help", key, "help_two_ways", "topic:disclaimer")


def info(built: Reply, title: str, *ids: str) -> Reply:
    """The reply, shown on a screen as text: `title` names it, `ids` are the keys of its
    segments that the screen shows."""
    built.screen = Shown("info", title, ids=ids)
    return built


def fallback(c: Context, t: Turn) -> Reply:
    """Not understood: say so, point to the emergency number (she may be describing one in
    words we missed), and ask the pending question again or say what she can say."""
    # After an emergency this session the number opens the reply already (`number_first`).
    sorry = (c.dialog.say("fallback"), None if t.state["emergency"] else c.dialog.say("emergency_pointer"))
    # Words we missed are no answer and no new request: whatever was asked is asked again, so
    # a misheard reply to "which routine?" or to an offer doesn't lose the question.
    pending = t.state["pending"]
    if pending and c.pending[pending].read is not confirmed:
        # A safety question is asked in full again; an offer or a choice in its short form.
        built = ask_pending_again(c, t, *sorry, briefly=not question_waits(c, t))
    else:
        # A confirmation is left behind: asked again, it would be a bare "say yes or no", and a
        # yes to that must not erase her data or set a reminder she no longer hears described.
        t.state["pending"] = None
        built = reply(c, *sorry, next_key=idle_next(t))
    built.repeatable = False
    return built


def repeat(c: Context, t: Turn) -> Reply:
    # The repeat interceptor replays the last response; this serves a session with none.
    if in_routine(t):
        return present_step(c, t)
    return reply(c, c.dialog.say("repeat_nothing"), next_key="next_idle")


def home(c: Context, t: Turn) -> Reply:
    t.state["mode"] = "idle"
    return reply(c, c.dialog.say("home"), next_key="next_idle")


def yes_no(c: Context, t: Turn) -> Reply:
    """A yes or no with no question asked: after an emergency this session, the call advice again
    (not "you can say start"); in the routine, "yes" or "sure" goes on."""
    if t.state["emergency"]:
        return emergency_again(c, t)
    if t.event.kind == "AMAZON.YesIntent" and in_routine(t):
        return routine.carry_on(c, t)
    return reply(c, c.dialog.say("yes_no_unexpected"), next_key=idle_next(t))


def topic_answer(c: Context, t: Turn) -> list[Say]:
    """The answer's first part, said while a safety question waits (asked again after it)."""
    return topic_lines(c, TOPIC_INTENTS[t.event.kind][0])


def topic(c: Context, t: Turn) -> Reply:
    return tell(c, t, TOPIC_INTENTS[t.event.kind])


def tell(c: Context, t: Turn, names: Sequence[str]) -> Reply:
    """The first of `names`, then the offer of the next part while one is left, else what she
    can say next. In the routine, no offer, only how to go back to the step: there an "ok" goes
    back to it (a question asked mid-step is an interruption); "tell me more" still says the rest."""
    name, rest = names[0], list(names[1:])
    said = topic_lines(c, name)
    if rest:
        t.state["more"] = rest
    else:
        t.state.pop("more", None)
    if in_routine(t):
        answer = reply(c, *said, next_key="back_to_step", title=c.routine.step(t.state["pos"])["title"])
    elif rest:
        t.state["pending"] = "topic_more"
        answer = reply(c, *said, next_key="more_offer")
        answer.reprompt = [c.dialog.say("more_offer_reprompt")]
    else:
        answer = reply(c, *said, next_key="next_after_topic")
    return info(answer, "topic", f"topic:{name}")


def more(c: Context, t: Turn, yes: bool) -> Reply:
    """"Would you like to hear more?": yes, "ok" or "tell me more" says the next part."""
    t.state["pending"] = None
    rest = [name for name in t.state.pop("more", []) if name in c.topics]
    if yes and rest:
        return tell(c, t, rest)
    return reply(c, c.dialog.say("okay"), next_key=idle_next(t))


def more_please(c: Context, t: Turn) -> Reply:
    """"Tell me more": the rest of the last longer answer, else ask what about."""
    if any(name in c.topics for name in t.state.get("more", [])):
        return more(c, t, True)
    return reply(c, c.dialog.say("more_nothing"), next_key=idle_next(t))


def how_long(c: Context, t: Turn) -> Reply:
    """"How long" in the routine is the step she is at: the time left while its hold is paced,
    else the step's own length (from the content), then how to go on; out of it, the clog."""
    if not in_routine(t):
        return topic(c, t)
    pos, step = t.state["pos"], c.routine.step(t.state["pos"])
    if c.routine.hold_in_progress(pos):
        return reply(c, c.dialog.say("hold_left", remaining=duration_words(c, c.routine.hold_remaining(pos))),
                     next_key="back_to_step", title=step["title"])
    if "length" in step:  # the sources' own words ("about ten minutes, up to once an hour")
        length = Say(step["length"], f"length:{step['id']}")
    elif "hold_seconds" not in step:
        length = c.dialog.say("step_untimed")
    elif pos["held"]:
        length = c.dialog.say("step_time_up")
    else:
        length = c.dialog.say("step_length", duration=duration_words(c, step["hold_seconds"]))
    return reply(c, length, next_key="next_step_hint")


def routine_lengths(c: Context, t: Turn) -> Reply:
    """"How long will this take", asked which routine she wants: each routine's timed steps,
    added up from the content (the others go at her pace), then the question again."""
    minutes = {name: round(sum(step.get("hold_seconds", 0) for section in routine.sections
                               for step in section["steps"]) / 60) for name, routine in c.routines.items()}
    lengths = c.dialog.say("routine_lengths", **{name: duration_words(c, 60 * n) for name, n in minutes.items()})
    return ask_pending_again(c, t, lengths, briefly=True)


def still_hurts(c: Context, t: Turn) -> Reply:
    """"It still hurts" in the routine: ease off, lighter, stop if it hurts. Outside it, "it
    hurts" is a symptom, and the warning-sign questions follow."""
    if not in_routine(t):
        return triage.report_signs(c, t, [PAIN])
    return reply(c, *topic_lines(c, "ease_off"), next_key="hurts_next")


def note_feeding(c: Context, t: Turn) -> list[Segment]:
    """"I'm pumping, not nursing": remembered, and the routine's words follow it."""
    method = t.event.slot("method")
    if not is_feeding_method(method):
        return [c.dialog.say("feeding_which")]
    t.memory.setdefault("prefs", {})["feeding"] = method
    return [c.dialog.say(f"feeding_noted_{method}")]


def is_feeding_method(method: str | None) -> TypeGuard[FeedingMethod]:
    return method in FEEDING_METHODS


def feeding_method(c: Context, t: Turn) -> Reply:
    noted = note_feeding(c, t)
    if not is_feeding_method(t.event.slot("method")):
        return reply(c, *noted, next_key=idle_next(t))
    if in_routine(t):
        return reply(c, *noted, next_key="back_to_step", title=c.routine.step(t.state["pos"])["title"])
    return reply(c, *noted, next_key="next_idle")


def lump_gone(c: Context, t: Turn) -> Reply:
    episodes.mark_cleared(t.memory, t.now)
    c = aftercare_routine(c, t)
    reminder = red_flag_reminder(c, t)
    opening = c.dialog.say("lump_gone_flagged" if reminder else "lump_gone")
    t.state["mode"] = "routine"
    pos = t.state["pos"]
    c.routine.jump(pos, FOLLOWUP)
    # She has just told us it cleared: the aftercare, without "feel the lump again" (the
    # content checks that the follow-up of each routine opens with that step).
    section = c.routine.section(pos)
    c.routine.advance(pos)
    return present_step(c, t, opening, reminder, Say(section["intro"], f"section:{FOLLOWUP}"))


INTENTS: Intents = {
    "Launch": launch,
    "AMAZON.HelpIntent": help_,
    "AMAZON.StopIntent": goodbye,
    "AMAZON.CancelIntent": goodbye,
    "AMAZON.FallbackIntent": fallback,
    "AMAZON.NavigateHomeIntent": home,
    "AMAZON.RepeatIntent": repeat,
    "AMAZON.YesIntent": yes_no,
    "AMAZON.NoIntent": yes_no,
    "LumpGoneIntent": lump_gone,
    "FeedingMethodIntent": feeding_method,
    "StillHurtsIntent": still_hurts,
    MORE: more_please,
    **{intent: topic for intent in TOPIC_INTENTS},
    "HowLongIntent": how_long,
}
PENDING: Questions = {"topic_more": Pending(more, "more_offer", "more_offer_reprompt", yes_words=GO_ON,
                                             answers={MORE: more_please})}
# Answered while a safety question waits, which is then asked again (not "let's finish this first").
ASIDES: Asides = {
    "StillHurtsIntent": lambda c, t: topic_lines(c, "ease_off"),
    "FeedingMethodIntent": note_feeding,
    **{intent: topic_answer for intent in TOPIC_INTENTS},
}
