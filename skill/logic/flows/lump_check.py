"""The 24-48 hour lump check of a returning user: is the lump still there? A yes (or "it's
still there", or not sure) goes on to the lump's age in the warning-sign check (past a day, with
the provider advice at once); a no closes the clog; a sign or a worry counts the age too."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from ..replies import asking, elapsed_words, goodbye, in_routine, red_flag_reminder, reply
from ..steps import offer_start, present_step, saved_position
from ..triage import SELF_CARE
from ..turn import OKAY_OR_NEXT, Pending
from .triage import lump_advice, report_symptom, start_context, suspect_mastitis, triage_step

if TYPE_CHECKING:
    from ..speech import Reply
    from ..state import Episode
    from ..turn import Context, Intents, Questions, Turn


def told_a_clog(c: Context, episode: Episode) -> bool:
    """Whether she told of the clog (or a lump, breast pain: the signs of self-care level), not
    only of warning signs: only then is there a lump to ask about."""
    return not episode.get("signs_only") or any(c.triage.level(sign) == SELF_CARE for sign in episode["signs"])


def lump_check_due(c: Context, t: Turn) -> bool:
    """An open episode of a told clog whose lump has reached a stage of the 24-48 hour rule it
    was not yet checked at (a lump age told two minutes ago is not asked back), not checked
    this session."""
    if "lump_duration" in t.state["triage"]["answered"]:
        return False
    episode = episodes.open_episode(t.memory, t.now, c.thresholds["episode_max_days"])
    if episode is None or not told_a_clog(c, episode):
        return False
    checked = episode.get("lump_hours")
    return lump_stage(c, episodes.hours_since_start(episode, t.now)) > (0 if checked is None else lump_stage(c, checked))


def lump_stage(c: Context, hours: float) -> int:
    """0 under a day, 1 from 24 hours (watch), 2 from 48 hours (provider)."""
    return sum(hours >= c.thresholds[name] for name in ("lump_watch_hours", "lump_provider_hours"))


def ask_lump_check(c: Context, t: Turn) -> Reply:
    episode = episodes.current(t.memory)
    assert episode is not None  # asked only once lump_check_due found the open episode
    hours = episodes.hours_since_start(episode, t.now)
    return asking(t, "lump_check", c.dialog.say("lump_check_due", elapsed=elapsed_words(c, hours)),
                  c.dialog.say("lump_check_reprompt"))


def answer_lump_check(c: Context, t: Turn, yes: bool) -> Reply:
    t.state["pending"] = None
    if not yes:
        episodes.mark_cleared(t.memory, t.now)
        return reply(c, c.dialog.say("returning_cleared"), red_flag_reminder(c, t), next_key="next_idle")
    hours = hours_still_there(t)
    if hours < c.thresholds["lump_watch_hours"]:
        said = c.dialog.say("returning_continue", elapsed=elapsed_words(c, hours)), red_flag_reminder(c, t)
        # Pick up the routine where it stopped; with none started (a night of triage only), start it.
        if saved_position(c, t) is None:
            return offer_start(c, t, *said)
        return asking(t, "resume_offer", c.dialog.say("resume_offer_ask"), c.dialog.say("resume_offer_reprompt"), *said)
    start_context(c, t)
    heard = c.dialog.say("returning_hours", elapsed=elapsed_words(c, hours))
    step = c.triage.lump_age(t.state["triage"], hours)
    return triage_step(c, t, step, heard, *lump_advice(c, step, hours))


def hours_still_there(t: Turn) -> float:
    """The lump is still there: its age from the clog's start. The check is asked only of an
    open clog, so one found cleared was cleared on another device while she was asked: it is
    the clog she answers about, opened again with its age (a new clog from now would understate
    it). A record erased there starts a new clog, from now."""
    episode = episodes.current(t.memory)
    if episode is not None:
        episode.pop("cleared_at", None)
    return episodes.hours_since_start(episodes.open_if_needed(t.memory, t.now), t.now)


def lump_still_there(c: Context, t: Turn) -> Reply:
    if lump_check_due(c, t):
        return answer_lump_check(c, t, True)
    episode = episodes.open_episode(t.memory, t.now, c.thresholds["episode_max_days"])
    if episode is not None:  # after signs alone, she tells of the clog: a later session asks about it
        episode.pop("signs_only", None)
    if in_routine(t):
        return present_step(c, t, c.dialog.say("keep_going"))
    return offer_start(c, t, c.dialog.say("keep_going"))


def lump_check_yes(c: Context, t: Turn) -> Reply:
    """"It's still there", or not sure it's gone (the careful side): a yes to the lump check."""
    return answer_lump_check(c, t, True)


def suspected_at_check(c: Context, t: Turn) -> Reply:
    """"I think it's infected" to the lump check: the lump is still there, so its age (from the
    clog's start) counts in the warning-sign check her worry starts, whatever the age."""
    c.triage.lump_age(t.state["triage"], hours_still_there(t))
    return suspect_mastitis(c, t)  # which asks the next question from here


def symptom_at_check(c: Context, t: Turn) -> Reply:
    """"Yes and it's red now" to the lump check: the sign leads, and the lump's age (from the
    clog's start) counts, so "how long has it been there?" is not asked of a lump we know."""
    c.triage.lump_age(t.state["triage"], hours_still_there(t))
    return report_symptom(c, t)


INTENTS: Intents = {"LumpStillThereIntent": lump_still_there}
PENDING: Questions = {
    # "Cancel" leaves the question, as anywhere else; read as a no, it would mark the clog cleared.
    "lump_check": Pending(answer_lump_check, "lump_check_reprompt", "lump_check_reprompt",
                          answers={"DontKnowIntent": lump_check_yes, "LumpStillThereIntent": lump_check_yes,
                                   "SuspectMastitisIntent": suspected_at_check,
                                   "ReportSymptomIntent": symptom_at_check,
                                   "AMAZON.CancelIntent": goodbye}, again=OKAY_OR_NEXT),
}
