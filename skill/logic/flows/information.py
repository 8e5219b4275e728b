"""Launch, help, stop, fallback, home and repeat; answers from the content; where the clog is;
and the lump clearing."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from .. import settings
from ..replies import (ask_pending_again, asking, goodbye, idle_next, in_routine, red_flag_reminder, reply,
                       side_words, topic_lines, topic_text)
from ..speech import Reply, Say, Shown
from ..steps import FOLLOWUP, hold_for_location, present_step, remember_location

if TYPE_CHECKING:
    from ..turn import Context, Intents, Turn

# Each question's answer, as topics of content/topics.yaml in the order spoken.
TOPIC_INTENTS = {
    "WhatIsClogIntent": ("what_is", "infection_difference"),
    "CausesIntent": ("causes",),
    "SymptomsInfoIntent": ("symptoms",),
    "ClearedSignsIntent": ("cleared_signs",),
    "PreventionIntent": ("prevention",),
    "MastitisInfoIntent": ("mastitis", "infection_difference"),
    "SelfCareIntent": ("self_care",),
    "WarningSignsIntent": ("warning_signs",),
    "HowLongIntent": ("how_long",),
    "RecurringClogIntent": ("recurring",),
    "PainReliefIntent": ("pain_relief",),
    "KeepFeedingIntent": ("keep_feeding",),
    "BothSidesIntent": ("both_sides",),
    "NewerAdviceIntent": ("newer_advice",),
}


def launch(c: Context, t: Turn) -> Reply:
    if not t.memory.get("prefs", {}).get("disclaimer_heard"):
        return info(reply(c, c.dialog.say("welcome_first"), topic_text(c, "disclaimer"), next_key="next_idle"),
                    "welcome", "welcome_first", "topic:disclaimer")
    episode = episodes.current(t.memory)
    if episode is None or not episodes.is_open(t.memory, t.now, c.thresholds["episode_max_days"]):
        return info(reply(c, c.dialog.say("welcome_back"), next_key="next_idle"), "welcome", "welcome_back")
    key = episodes.when_spoken(episode["started"], t.now, settings.time_zone(t), c.dialog.text("default_time_zone"))
    when = c.dialog.text(key, days=round(episodes.hours_since_start(episode, t.now) / 24))
    return asking(t, "lump_check",
                  c.dialog.say("welcome_back_episode", when=when, side=side_words(c, episode.get("side"))),
                  c.dialog.say("lump_check_reprompt"))


def help_(c: Context, t: Turn) -> Reply:
    disclaimer = topic_text(c, "disclaimer")
    if t.state["pending"] and c.pending[t.state["pending"]].blocking:
        return ask_pending_again(c, t, c.dialog.say("help_question"), disclaimer)
    key = "help_routine" if in_routine(t) else "help_idle"
    return info(reply(c, c.dialog.say(key), c.dialog.say("help_two_ways"), disclaimer, next_key=idle_next(t)),
                "help", key, "help_two_ways", "topic:disclaimer")


def info(built: Reply, title: str, *ids: str) -> Reply:
    """The reply, shown on a screen as text: `title` names it, `ids` are the keys of its
    segments that the screen shows."""
    built.screen = Shown("info", title, ids=ids)
    return built


def fallback(c: Context, t: Turn) -> Reply:
    if t.state["pending"] and c.pending[t.state["pending"]].blocking:
        return ask_pending_again(c, t, c.dialog.say("fallback_question"))
    return reply(c, c.dialog.say("fallback"), next_key=idle_next(t))


def repeat(c: Context, t: Turn) -> Reply:
    # The repeat interceptor replays the last response; this serves a session with none.
    if in_routine(t):
        return present_step(c, t)
    return reply(c, c.dialog.say("repeat_nothing"), next_key="next_idle")


def home(c: Context, t: Turn) -> Reply:
    t.state.update({"mode": "idle", "pending": None})
    return reply(c, c.dialog.say("home"), next_key="next_idle")


def yes_no(c: Context, t: Turn) -> Reply:
    return reply(c, c.dialog.say("yes_no_unexpected"), next_key=idle_next(t))


def topic(c: Context, t: Turn) -> Reply:
    names = TOPIC_INTENTS[t.event.kind]
    said = [line for name in names for line in topic_lines(c, name)]
    if in_routine(t):
        answer = reply(c, *said, next_key="back_to_step", title=c.routine.step(t.state["pos"])["title"])
    else:
        answer = reply(c, *said, next_key="next_idle")
    return info(answer, "topic", *(f"topic:{name}" for name in names))


def location(c: Context, t: Turn) -> Reply:
    remember_location(t)
    episodes.open_if_needed(t.memory, t.now)
    suggestion = hold_for_location(c, t)
    if suggestion is None:
        return reply(c, c.dialog.say("location_noted", side=side_words(c, t.state.get("side"))),
                     next_key="location_ask")
    gravity = Say(" ".join(c.positions["gravity"]["say"]), "position:gravity")
    answer = reply(c, suggestion, gravity, next_key=idle_next(t))
    answer.screen = Shown("location", t.state["location"])
    return answer


def lump_gone(c: Context, t: Turn) -> Reply:
    episodes.mark_cleared(t.memory, t.now)
    reminder = red_flag_reminder(c, t)
    opening = c.dialog.say("lump_gone_flagged" if reminder else "lump_gone")
    t.state["mode"] = "routine"
    c.routine.jump(t.state["pos"], FOLLOWUP)
    return present_step(c, t, opening, reminder)


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
    "SetClogLocationIntent": location,
    "LumpGoneIntent": lump_gone,
    **{intent: topic for intent in TOPIC_INTENTS},
}
