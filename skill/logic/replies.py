"""Building replies, shared by every flow: hints and reprompts, questions, the red-flag
reminder that keeps anything from sounding like all is well, and confirm-then-act: nothing is
created or erased before the user has heard exactly what it will be and said yes (the handler
layer carries out the action and reports back)."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .speech import Reply, Say, Segment, Shown, lines
from .state import PendingName, ReminderKind
from .triage import CRISIS, EMERGENCY, UNSURE_OF_EMERGENCY, URGENT
from . import episode as episodes

if TYPE_CHECKING:
    from .turn import AnswerReader, Context, IntentHandler, Turn

CREATED = "CREATED"


def reply(c: Context, *segments: Segment | None, next_key: str | None = None, **values: object) -> Reply:
    """A reply that ends with what the user can say next (also the reprompt)."""
    built = Reply().add(*segments)
    if next_key:
        hint = c.dialog.say(next_key, **values)
        built.add(hint)
        built.reprompt = [hint]
    return built


def asking(t: Turn, pending: PendingName, question: Say, reprompt: Say, *before: Segment | None) -> Reply:
    t.state["pending"] = pending
    built = Reply().add(*before, question)
    built.reprompt = [reprompt]
    built.screen = Shown("info", "question", ids=(question.key,))
    return built


def ask(c: Context, t: Turn, pending: PendingName, *before: Segment | None) -> Reply:
    """Ask one of the declared questions, with its own responses."""
    question = c.pending[pending]
    assert question.ask and question.reprompt, f"{pending} is asked from the content"
    return asking(t, pending, c.dialog.say(question.ask), c.dialog.say(question.reprompt), *before)


def question_waits(c: Context, t: Turn) -> bool:
    """A question that must be answered before anything else waits for its answer: whatever
    else is said, it is asked again (`ask_pending_again`)."""
    pending = t.state["pending"]
    return c.pending[pending].blocking if pending else False


def ask_pending_again(c: Context, t: Turn, *before: Segment | None, briefly: bool = False) -> Reply:
    """The waiting question again; `briefly`, in its shorter reprompt form (after an aside)."""
    pending = t.state["pending"]
    assert pending is not None
    declared = c.pending[pending]
    if declared.ask is None:  # the triage question being asked, from the content
        asked = t.state["triage"]["asking"]
        assert asked is not None  # a pending triage question is always being asked
        content = c.questions[asked]
        question, reprompt = Say(content["ask"], f"question:{asked}"), Say(content["reprompt"], f"question:{asked}")
    else:
        assert declared.reprompt, f"{pending} is asked from the content"
        question, reprompt = c.dialog.say(declared.ask), c.dialog.say(declared.reprompt)
    return asking(t, pending, reprompt if briefly else question, reprompt, *before)


def accepting(on_yes: IntentHandler, next_key: str = "next_idle") -> AnswerReader:
    """The answer to an offer: yes takes it up, no leaves things as they are (then `next_key`).
    Bound with `partial`, not a closure: the offers are declared at import, and a closure made
    then would hide its body from mutation testing (mutmut swaps functions per call)."""
    return partial(answer_offer, on_yes, next_key)


def answer_offer(on_yes: IntentHandler, next_key: str, c: Context, t: Turn, yes: bool) -> Reply:
    t.state["pending"] = None
    return on_yes(c, t) if yes else reply(c, c.dialog.say("okay"), next_key=next_key)


def in_routine(t: Turn) -> bool:
    return t.state["mode"] == "routine"


def idle_next(t: Turn) -> str:
    return "next_in_routine" if in_routine(t) else "next_idle"


def topic_text(c: Context, topic: str) -> Say:
    return Say(" ".join(c.topics[topic]["say"]), f"topic:{topic}")


def topic_lines(c: Context, topic: str) -> list[Say]:
    return lines(c.topics[topic]["say"], f"topic:{topic}")


def outcome_lines(c: Context, level: str) -> list[Say]:
    return lines(c.outcomes[level]["say"], f"outcome:{level}")


def remembered_flags(c: Context, t: Turn) -> list[str]:
    flags = c.triage.red_flags(t.state["triage"]["signs"])
    stored = c.triage.red_flags(episodes.flags(t.memory))
    return flags + [s for s in stored if s not in flags]


def red_flag_reminder(c: Context, t: Turn) -> Say | None:
    """Said wherever the conversation winds down, so nothing sounds like all is well."""
    flags = remembered_flags(c, t)
    return reminder_of(c, flags, help_called(c, t)) if flags else history_unknown_reminder(c, t)


def reminder_of(c: Context, flags: list[str], called: bool = False) -> Say:
    """What to do about these warning signs, in one sentence that names them (`called`: she has
    called the emergency number, so an emergency's asks her to call again if anything gets worse)."""
    levels = {c.triage.level(f) for f in flags}
    emergency = "reminder_emergency_called" if called else "reminder_emergency"
    key = emergency if EMERGENCY in levels else "reminder_urgent" if URGENT in levels else "reminder_provider"
    return c.dialog.say(key, signs=sign_names(c, flags))


def help_called(c: Context, t: Turn) -> bool:
    """She has said this session that she called the emergency number, and told no emergency
    sign since (one told after the call gets the full advice, and "call now" again, until she
    says she called again). Not kept with the episode: a call made yesterday brings no one today."""
    called = t.state.get("called")
    return called is not None and set(emergency_signs(c, t)) <= set(called)


def emergency_signs(c: Context, t: Turn) -> list[str]:
    return [s for s in t.state["triage"]["signs"] if c.triage.level(s) == EMERGENCY]


def history_unknown_reminder(c: Context, t: Turn) -> Say | None:
    """Memory could not be read this session: a sign told before may be missing from what we
    know, so remind her of the warning signs rather than sound reassured."""
    return c.dialog.say("reminder_history_unknown") if t.state.get("store") == "unreadable" else None


# A yes to a question that names several signs at once, and the questions whose signs it
# stands for: named only when none of those signs was named as well (a yes to "trouble
# breathing, chest pain, confusion, or fainting?", then "I can't breathe": trouble breathing alone).
SUMMARIES = {"emergency_screen": ("emergency_screen",), "precheck": ("fever", "feel_feverish", "chills_aches", "red_streaks")}


def sign_names(c: Context, signs: list[str]) -> str:
    """The signs as she would say them, each name once ("dizzy and faint" are one CDC sign)."""
    covered = {summary for summary, questions in SUMMARIES.items()
               if (set(signs) - {summary}) & set().union(*(c.triage.answered_by[q] for q in questions))}
    names = [c.signs[s]["name"] if s in c.signs else c.dialog.text(f"sign_{s}") for s in signs if s not in covered]
    return c.dialog.join(list(dict.fromkeys(names)))


def side_words(c: Context, side: str | None) -> str:
    return c.dialog.text(f"side_{side}" if side in ("left", "right", "both") else "side_unknown")


def duration_words(c: Context, seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(c.dialog.text("minute_one" if minutes == 1 else "minutes", n=minutes))
    if rest or not minutes:
        parts.append(c.dialog.text("seconds", n=rest))
    return c.dialog.join(parts)


def elapsed_words(c: Context, hours: float) -> str:
    """How long something has lasted, as people say it: "about an hour", "about 30 hours",
    "about 2 days" (whole days from the provider line, `lump_provider_hours`, on: under it,
    hours, so a lump short of the line is never rounded up to it)."""
    whole = round(hours)
    if whole >= c.thresholds["lump_provider_hours"]:
        return c.dialog.text("elapsed_days", days=round(hours / 24))
    return c.dialog.text({0: "elapsed_under_hour", 1: "elapsed_hour"}.get(whole, "elapsed_hours"), hours=whole)


def closing_advice(c: Context, t: Turn) -> list[Say | None]:
    """What must be said when the session ends here, whatever else is said."""
    triage = t.state["triage"]
    unanswered_screen = t.state["pending"] == "triage" and triage["asking"] == "emergency_screen"
    unsure = UNSURE_OF_EMERGENCY in triage["answered"]  # she was not sure: the number again
    return [c.dialog.say("closing_emergency_screen") if unanswered_screen or unsure else None,
            red_flag_reminder(c, t)]


def goodbye(c: Context, t: Turn) -> Reply:
    leave_emergency_question_waiting(c, t)
    return Reply(end_session=True).add(*closing_advice(c, t), c.dialog.say("goodbye"))


def leave_emergency_question_waiting(c: Context, t: Turn) -> None:
    """A "stop", or silence until Alexa closes the session, before the check heard about the
    emergency signs: the next session asks the questions again, as after a pause."""
    if t.state["pending"] == "triage" and c.triage.emergency_unanswered(t.state["triage"]):
        episodes.leave_check_waiting(t.memory, "triage", t.now)


def emergency_again(c: Context, t: Turn, *also: Segment) -> Reply:
    """The emergency advice again, its number first, instead of a routine step (and `also`,
    before what she can say next); once she has called, in the called form (`called_advice`)."""
    if help_called(c, t):
        advice, hint = called_advice(c, t), c.dialog.say("called_next")
    else:
        advice = outcome_lines(c, c.triage.outcome_key(EMERGENCY, t.state["triage"]["signs"]))
        hint = c.dialog.say("after_emergency")
    built = Reply(reprompt=[hint]).add(*advice, *also, hint)
    built.screen = outcome_screen(c, t, EMERGENCY)
    return built


def called_advice(c: Context, t: Turn) -> list[Say]:
    """After her call: the number to call again if anything gets worse before help arrives, then
    one thing to do while she waits; after thoughts of harm, the crisis outcome's words after its
    call line instead (support, and the crisis line)."""
    key = c.triage.outcome_key(EMERGENCY, t.state["triage"]["signs"])
    waiting = outcome_lines(c, key)[1:] if key == CRISIS else [c.dialog.say("called_meanwhile")]
    return [c.dialog.say("called_again"), *waiting]


def outcome_screen(c: Context, t: Turn, level: str) -> Shown:
    """The triage outcome's screen: the level, the warning signs on record, the lump's age."""
    hours = t.state["triage"]["lump_hours"]
    return Shown("outcome", level, ids=tuple(remembered_flags(c, t)), hours=None if hours is None else round(hours))


def offer_reminder(c: Context, t: Turn, built: Reply, kind: ReminderKind) -> Reply:
    """Ask, at a natural moment, whether they want reminders of this kind, saying exactly
    which: a yes sets them, with no second question."""
    _, values = reminder_plan(c, t, kind)
    t.state.update({"pending": "reminder_offer", "offer": kind})
    built.add(c.dialog.say(f"reminder_offer_{kind}", **values))
    built.reprompt = [c.dialog.say("reminder_offer_reprompt")]
    return built


def reminder_plan(c: Context, t: Turn, kind: ReminderKind) -> tuple[dict[str, object], dict[str, object]]:
    """The reminders of this kind (the action for the handler layer) and the numbers that
    describe them, for an offer or a confirmation."""
    episode = episodes.current(t.memory) or {}
    side = side_words(c, t.state.get("side") or episode.get("side"))
    every, within = c.thresholds["feed_reminder_every_hours"], c.thresholds["followup_hours"]
    if kind == "feed":
        return ({"type": "reminders", "every_hours": every, "within_hours": within,
                 "text": c.dialog.text("reminder_text_feed", side=side)},
                {"count": within // every, "hours": every, "within": within, "side": side})
    after = c.thresholds["checkin_after_hours"]
    return ({"type": "reminders", "after_hours": after, "text": c.dialog.text("reminder_text_checkin")},
            {"hours": after})


def confirm(c: Context, t: Turn, pending: PendingName, action: dict[str, object], described: Say) -> Reply:
    t.state.update({"pending": pending, "action": action})
    built = Reply().add(described, c.dialog.say("shall_i"))
    built.reprompt = [c.dialog.say("shall_i_reprompt")]
    return built


def confirmed(c: Context, t: Turn, yes: bool) -> Reply:
    action = t.state.pop("action", None)
    t.state["pending"] = None
    if not yes or action is None:
        return reply(c, c.dialog.say("not_done"), next_key=idle_next(t))
    return Reply(actions=[action])


def declined_by_moving(c: Context, t: Turn, declined: str, move: IntentHandler) -> Reply:
    """"Next", "skip" or "go back" at a "Shall I?": she moves on, so the action is not taken
    (nor anything offered), she is told so in the question's `declined` words, never by a
    silent drop, and then the move she asked for (after an emergency, the call first)."""
    t.state["pending"] = None
    t.state.pop("action", None)
    t.state.pop("offer", None)
    not_done = c.dialog.say(declined)
    if t.state["emergency"]:
        return emergency_again(c, t, not_done)
    moved = move(c, t)
    moved.speech.insert(0, not_done)
    return moved
