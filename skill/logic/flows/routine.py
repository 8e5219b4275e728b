"""The guided routine: start (after a quick pre-check), next, previous, skip, go to a section,
where am I, pause, resume, start over."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import episode as episodes
from ..replies import (accepting, answer_offer, ask, ask_pending_again, closing_advice, in_routine, offer_reminder,
                       question_waits, red_flag_reminder, reply, topic_lines)
from ..speech import Reply, Say
from ..state import new_position
from ..steps import (begin_routine, continue_hold_or_step, not_started, offer_start, open_clog, present_step,
                     remember_location, saved_position)
from ..turn import CONTINUE, GO_ON, NEXT, Pending
from . import lump_check, triage

if TYPE_CHECKING:
    from ..state import Position
    from ..turn import Context, Intents, Questions, Turn

STEP_DONE_HINTS = frozenset(("next_step_hint", "hold_done"))
BOTH_SIDES = "both_sides"  # topic id (content/topics.yaml)
SKIP = "SkipStepIntent"
# Moves through the routine that, like "next", ask a waiting question about her again.
MOVES = frozenset(("AMAZON.PreviousIntent", SKIP))
# "skip" to an offer of the routine is "next": she wants to move on, so it starts.
MOVE_ON = GO_ON | {SKIP}


def start(c: Context, t: Turn) -> Reply:
    remember_location(t)
    if in_routine(t):  # "what should I do" partway through: her place, not step one again
        return present_step(c, t, c.dialog.say("routine_already_started"))
    if lump_check.lump_check_due(c, t):
        return lump_check.ask_lump_check(c, t)
    # Once she said no to picking up her place this session, "start" starts: never the offer again.
    elsewhere = back_to_check(c, t) or (None if t.state.get("place_declined")
                                         else offer_saved_place(c, t, past_first=True))
    if elsewhere is not None:
        return elsewhere
    return start_afresh(c, t)


def start_afresh(c: Context, t: Turn) -> Reply:
    """Step one, after the pre-check (unless this session's answers or signs make it moot)."""
    open_clog(c, t)
    both = both_sides_first(c, t)
    return ask(c, t, "precheck", both) if precheck_due(c, t) else begin_routine(c, t, both)


def precheck_due(c: Context, t: Turn) -> bool:
    """The quick check is asked unless this session's answers or signs make it moot."""
    triage_state = t.state["triage"]
    answered = triage_state["answered"]
    return not (c.triage.red_flags(triage_state["signs"]) or "precheck" in answered or "fever" in answered)


def both_sides_first(c: Context, t: Turn) -> Say | None:
    """Both sides sore: the routine is done one side at a time (the both-sides topic's advice)."""
    return topic_lines(c, BOTH_SIDES)[0] if t.state.get("side") == "both" else None


def next_step(c: Context, t: Turn) -> Reply:
    if not in_routine(t):
        return out_of_routine(c, t)
    if c.routine.hold_in_progress(t.state["pos"]):
        return continue_hold_or_step(c, t)
    return advance(c, t)


def skip(c: Context, t: Turn) -> Reply:
    return advance(c, t) if in_routine(t) else out_of_routine(c, t)


def out_of_routine(c: Context, t: Turn) -> Reply:
    """"next", "go back", "skip" or "where am I" with no routine under way in this session: a
    safety check a pause left waiting comes first; then her saved place counts (a new session,
    often the next morning); a routine she finished is said to be finished; only with none of
    these has it not started."""
    elsewhere = back_to_check(c, t) or offer_saved_place(c, t)
    if elsewhere is not None:
        return elsewhere
    if routine_finished(c, t):
        return reply(c, c.dialog.say("routine_finished"), red_flag_reminder(c, t), next_key="after_routine_next")
    return not_started(c, t)


def routine_finished(c: Context, t: Turn) -> bool:
    """She went through the routine to its end for this (still open) clog, and has no place
    in it since."""
    episode = episodes.open_episode(t.memory, t.now, c.thresholds["episode_max_days"])
    return episode is not None and "routine_done_at" in episode


def offer_saved_place(c: Context, t: Turn, past_first: bool = False) -> Reply | None:
    """Where she stopped last, with the offer to pick it up; None when there is no such place
    (`past_first`: or it is the first step, where picking up and starting are the same)."""
    pos = saved_position(c, t)
    if pos is None or (past_first and pos["section"] == pos["step"] == 0):
        return None
    return ask(c, t, "resume_offer", place_words(c, "where_saved", pos), red_flag_reminder(c, t))


def answer_resume_offer(c: Context, t: Turn, yes: bool) -> Reply:
    """A yes picks up her place; a no leaves it saved ("resume" or "go back" still offer it),
    but "start" then starts (`start`)."""
    if not yes and not in_routine(t):
        t.state["place_declined"] = True
    return answer_offer(resume, "resume_declined_next", c, t, yes)


def advance(c: Context, t: Turn) -> Reply:
    if c.routine.advance(t.state["pos"]):
        return present_step(c, t)
    return finished(c, t)


def finished(c: Context, t: Turn) -> Reply:
    t.state["mode"] = "idle"
    episodes.sync(t.memory, t.state, None)
    t.state["tried"] = []  # the session no longer has a place in the routine
    episodes.mark_routine_done(t.memory, t.now)
    done = Reply().add(c.dialog.say("routine_done"), red_flag_reminder(c, t))
    # The gentle routine feeds on demand with no extra sessions (ABM #36): a check-in, not feed reminders.
    return offer_reminder(c, t, done, "checkin" if c.routine.name == "gentle" else "feed")


def previous(c: Context, t: Turn) -> Reply:
    if not in_routine(t):
        return out_of_routine(c, t)
    if c.routine.back(t.state["pos"]):
        return present_step(c, t)
    t.state["pos"]["held"] = 0
    return present_step(c, t, c.dialog.say("first_step"))


def start_over(c: Context, t: Turn) -> Reply:
    if not in_routine(t):  # from the beginning, whatever place was saved
        return start_afresh(c, t)
    t.state["pos"] = new_position()
    return present_step(c, t, c.dialog.say("start_over"))


def go_to_section(c: Context, t: Turn) -> Reply:
    section = t.event.slot("section")
    if not section or not c.routine.jump(t.state["pos"], section):
        choices = "section_choices" if c.routine.name == "classic" else "section_choices_gentle"
        return reply(c, c.dialog.say("section_unknown"), next_key=choices)
    open_clog(c, t)
    t.state["mode"] = "routine"
    return present_step(c, t)


def where(c: Context, t: Turn) -> Reply:
    """Her place in the routine; out of it, where she stopped last, with an offer to pick it up
    (a new session, often the next morning: "where was I")."""
    if in_routine(t):
        return reply(c, place_words(c, "where", t.state["pos"]), next_key="next_in_routine")
    return out_of_routine(c, t)


def place_words(c: Context, key: str, pos: Position) -> Say:
    number, total = c.routine.step_number(pos)
    return c.dialog.say(key, n=number, total=total, section=c.routine.section(pos)["title"],
                        title=c.routine.step(pos)["title"])


def pause(c: Context, t: Turn) -> Reply:
    """"Hang on", "wait", "one sec": she needs longer than Alexa listens (about eight seconds),
    so the session ends, saying how to come back, and nothing is lost. A safety question waits:
    the next session asks it again before anything else (`back_to_check`), and until then she
    hears which signs not to wait on."""
    waits = question_waits(c, t)
    if in_routine(t) and not waits:
        return Reply(end_session=True).add(place_words(c, "paused", t.state["pos"]), *closing_advice(c, t))
    advice = closing_advice(c, t)
    if not waits:
        return Reply(end_session=True).add(c.dialog.say("pause_okay"), *advice, c.dialog.say("pause_back"))
    back = mark_paused(t)
    reminded = advice[-1] is not None  # closing_advice ends with the signs on record, if any
    return Reply(end_session=True).add(c.dialog.say("pause_okay"), *advice,
                                       None if reminded else c.dialog.say("pause_check_signs"),
                                       c.dialog.say(back))


def mark_paused(t: Turn) -> str:
    """Which check the pause leaves waiting for the next session (the quick check before the
    routine, or the warning-sign questions, which come first while they wait); returns the key
    of how she is told to come back to it."""
    episodes.leave_check_waiting(t.memory, t.state["pending"], t.now)
    return "pause_back_precheck" if t.state["pending"] == "precheck" else "pause_back_check"


def back_to_check(c: Context, t: Turn) -> Reply | None:
    """The check a pause left unanswered in an earlier session; None when none waits. The
    warning-sign questions come back from the first one (an answer from then, "no trouble
    breathing right now", may no longer hold), asked until advice ends the check, so a "stop"
    midway loses nothing; the advice then names her place in the routine, if she has one. The
    quick check before the routine comes back as itself until it is answered (`episode.sync`),
    unless the lump's own check is due first, as at a start. "Not sure" to the emergency
    question in an earlier session brings the questions back the same way, saying so."""
    if t.state["pending"] in ("triage", "precheck"):
        return None
    max_days = c.thresholds["episode_max_days"]
    unsure = episodes.unsure_waits(t.memory, t.now, max_days) and c.triage.emergency_unanswered(t.state["triage"])
    if unsure or episodes.check_waits(t.memory, t.now, max_days, "check_paused_at"):
        pos = saved_position(c, t)
        if pos is not None:  # her place in the routine: the advice ends with the way back to it
            t.state.update({"mode": "routine", "pos": pos})
        triage.start_context(c, t)
        welcome = c.dialog.say("check_unsure" if unsure else "check_unfinished")
        return triage.triage_step(c, t, c.triage.next(t.state["triage"]), welcome)
    if episodes.check_waits(t.memory, t.now, max_days, "precheck_paused_at") and precheck_due(c, t) \
            and not lump_check.lump_check_due(c, t):
        t.state["pending"] = "precheck"  # its short form: the welcome back says where we were
        return ask_pending_again(c, t, c.dialog.say("precheck_unfinished"), briefly=True)
    return None


def carry_on(c: Context, t: Turn) -> Reply:
    """"ok", "go on", "carry on": on to the next step once this one was heard to its end
    ("say next when you're ready"); after anything else, back to where she was."""
    if in_routine(t) and t.state.get("step_heard") and not c.routine.hold_in_progress(t.state["pos"]):
        return advance(c, t)
    return resume(c, t)


def go_on_answer(c: Context, t: Turn) -> Reply | None:
    """A go-on word while a question waits: a yes where the question takes it ("ok" to a
    confirmation, "ready" or "skip" to an offer to start), else the question again where it
    declares the word (`Pending.again`). None: the word is a request of its own, and an offer is
    left behind ("next" is no yes to reminders); so is anything but a safety question once an
    emergency was heard this session (every go-on word then gets the call to make, first).
    "Go back" and "skip" (`MOVES`) ask a question again wherever "next" does, never dropping it."""
    pending = t.state["pending"]
    question = c.pending[pending] if pending else None
    kind = t.event.kind
    if question is None or (t.state["emergency"] and not question.blocking):
        return None
    if kind in question.yes_words:
        return question.read(c, t, True)
    if kind in question.again or (kind in MOVES and not question.blocking and NEXT in question.again):
        return ask_again(c, t)  # "go back" is no more an answer than "next" ("Is the lump still there?")
    return None


def ask_again(c: Context, t: Turn, _yes: bool = False) -> Reply:
    """A word that doesn't answer the waiting question (a go-on word, or a yes or no to which
    routine): the question again in the form that names what answers it, its reprompt ("Say
    yes, no, the number, or that you're not sure."), with nothing claimed about what it takes.
    Also the reader of a question that a yes or no doesn't answer."""
    return ask_pending_again(c, t, briefly=True)


def note_step_heard(t: Turn, said: Reply) -> None:
    """Whether this reply ended by saying the step is done ("say next when you're ready")."""
    keys = said.keys()
    if in_routine(t) and keys and keys[-1] in STEP_DONE_HINTS:
        t.state["step_heard"] = True
    else:
        t.state.pop("step_heard", None)


def resume(c: Context, t: Turn) -> Reply:
    if in_routine(t):
        return continue_hold_or_step(c, t)
    waiting = back_to_check(c, t)
    if waiting is not None:
        return waiting
    pos = saved_position(c, t)
    if pos and lump_check.lump_check_due(c, t):
        return lump_check.ask_lump_check(c, t)
    if pos:
        t.state.update({"mode": "routine", "pos": pos})
        return present_step(c, t, c.dialog.say("resuming"))
    return offer_start(c, t, c.dialog.say("nothing_to_resume"))


INTENTS: Intents = {
    "StartRoutineIntent": start,
    "AMAZON.NextIntent": next_step,
    "AMAZON.PreviousIntent": previous,
    "SkipStepIntent": skip,
    "GoToSectionIntent": go_to_section,
    "WhereAmIIntent": where,
    "AMAZON.PauseIntent": pause,
    "AMAZON.ResumeIntent": carry_on,
    CONTINUE: carry_on,
    "AMAZON.StartOverIntent": start_over,
}
PENDING: Questions = {
    # "where am I" when just told the routine has not started: the offer again, naming its answers.
    "start_offer": Pending(accepting(start), "start_offer", "start_offer_reprompt", yes_words=MOVE_ON,
                           again=frozenset(("WhereAmIIntent",))),
    "resume_offer": Pending(answer_resume_offer, "resume_offer_reprompt",
                            "resume_offer_reprompt", yes_words=MOVE_ON),
}
