"""The rules every reply passes through once its flow has answered, whatever the flow: the
disclaimer once, the number to call first after an emergency, the warning signs on record at a
session's opening (named once a session), what she can say next once a sign is told, and the
store's notice. The dispatcher (`Conversation.handle` and `finish`) applies them; the flows
build their replies with `replies`."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .replies import (asking, help_called, history_unknown_reminder, in_routine, remembered_flags, reminder_of,
                      topic_lines, topic_text)
from .speech import Say

if TYPE_CHECKING:
    from .speech import Reply, Segment
    from .turn import Context, Turn

# The one-sentence reminders of red flags on record, and the first sentences that name the number.
EMERGENCY_REMINDER = frozenset(("reminder_emergency", "reminder_emergency_called"))
REMINDERS = EMERGENCY_REMINDER | {"reminder_urgent", "reminder_provider"}
NUMBER_FIRST = EMERGENCY_REMINDER | {"outcome:emergency", "outcome:crisis", "topic:warning_signs", "called_emergency",
                                     "called_again"}


def to_front(built: Reply, keys: frozenset[str]) -> bool:
    """Moves the first sentence said under one of these keys to the front; whether there was one."""
    at = next((i for i, s in enumerate(built.speech) if isinstance(s, Say) and s.key in keys), None)
    if at is not None:
        built.speech.insert(0, built.speech.pop(at))
    return at is not None


def signs_on_record_first(c: Context, flags: list[str], built: Reply) -> None:
    """A session's first reply, whatever she asked (a launch, "resume", "go to massage", a
    question, a timer), opens with the warning signs an earlier session heard (an emergency's
    number before any welcome or saved place), unless it gives the advice itself."""
    if flags and not opens_with_advice(built) and not to_front(built, REMINDERS):
        built.speech.insert(0, reminder_of(c, flags))


def opens_with_advice(built: Reply) -> bool:
    return any(key.startswith("outcome:") for key in built.keys()[:1])


# Words said in one breath: the most a reply says outside a timed hold (tests/test_every_response.py).
ONE_BREATH = 60
# What gives way to the signs on record when both would not fit in one breath: help's
# description (it still says the disclaimer and what she can say), the warning-sign check's
# introduction and "about 30 hours, got it" or "you told me about this clog 30 hours ago" (its
# advice and question are said all the same), why
# a lower temperature counts as a fever after a birth (the check's advice comes at its end), which
# routine was picked for her (the place or step named after it is that routine's), and the
# lean-forward tip after a nursing hold.
GIVE_WAY = frozenset(("help_idle", "help_two_ways", "triage_intro", "duration_heard", "duration_on_record", "note:fever_lines",
                      "routine_picked", "position:gravity"))


def made_to_follow_signs(c: Context, t: Turn, flags: list[str], built: Reply) -> Reply:
    """A session's first reply, made to follow the warning signs on record that will open it
    (`signs_on_record_first`), one thing at a time and in one breath: a routine step she asked
    for is offered, not begun (after the number to call, does she want the step now?); where
    both would not fit, what can gives way (`GIVE_WAY`), and an answer that still would not is
    offered too. A yes gives what she asked for. A reply that gives the advice itself is left
    as it is."""
    if not flags or opens_with_advice(built):
        return built
    # A reply that names the signs itself (a saved place, a goodbye) has them moved to the front.
    opening = [] if REMINDERS & set(built.keys()) else [reminder_of(c, flags)]
    if opening and in_routine(t) and any(key.startswith("step:") for key in built.keys()):
        return step_offered(c, t)
    if fits(c, [*opening, *built.speech]):
        return built
    built.drop(GIVE_WAY)
    shown = built.screen
    if fits(c, [*opening, *built.speech]) or shown is None or shown.ref != "topic":
        return built
    # The answer's parts to come, as "tell me more" says them (`information.more`).
    t.state["more"] = [shown.ids[0].removeprefix("topic:"), *t.state.get("more", [])]
    return asking(t, "topic_more", c.dialog.say("answer_offer"), c.dialog.say("answer_offer_reprompt"))


def step_offered(c: Context, t: Turn) -> Reply:
    """The step the routine has just moved to, offered: a yes (the resume offer's) says it
    from its start."""
    pos = t.state["pos"]
    pos["held"] = 0
    offer = c.dialog.say("step_offer", section=c.routine.section(pos)["title"], title=c.routine.step(pos)["title"])
    return asking(t, "resume_offer", offer, c.dialog.say("step_offer_reprompt"))


def fits(c: Context, speech: list[Segment]) -> bool:
    """Within one breath, the number to call counted as one word however many it takes to say
    ("triple zero, or in New Zealand, 1 1 1"), as the limit counts it."""
    number = c.market["emergency"]["spoken"]
    return sum(len(s.text.replace(number, "number").split()) for s in speech if isinstance(s, Say)) <= ONE_BREATH


# Replies that name the signs on record each time, not once a session: where something ends
# (the lump eased, the routine is over, her record erased), so nothing sounds like all is well.
ALWAYS_NAMED = frozenset(("returning_cleared", "lump_gone_flagged", "routine_done", "routine_finished",
                          "deleted", "delete_failed"))


def named_once(c: Context, t: Turn, built: Reply) -> None:
    """The warning signs on record are named once a session (its first reply names them), and
    again once a newer sign came in; always at the end of something (`ALWAYS_NAMED`) and in a
    reply that ends the session, a closing or a pause, which must name what not to wait on."""
    if not REMINDERS & set(built.keys()):
        return
    flags = remembered_flags(c, t)
    if built.end_session or ALWAYS_NAMED & set(built.keys()) or not set(flags) <= set(t.state.get("signs_named", [])):
        t.state["signs_named"] = flags
        return
    built.drop(REMINDERS)


def disclaimer_once(c: Context, t: Turn, built: Reply) -> None:
    """The disclaimer once, on the first turn that carries on (launch and help say it themselves),
    but not while an emergency's advice stands this session: the number to call comes first,
    then what she asked, and nothing else."""
    if t.memory.get("prefs", {}).get("disclaimer_heard") or built.end_session or t.state["emergency"]:
        return  # memory is left as it was: a turn that changes nothing writes nothing
    if t.event.kind not in ("Launch", "AMAZON.HelpIntent"):
        # Its second sentence names the number, which a reply pointing to it already does.
        pointed = "emergency_pointer" in built.keys()
        built.speech.insert(0, topic_lines(c, "disclaimer")[0] if pointed else topic_text(c, "disclaimer"))
    t.memory.setdefault("prefs", {})["disclaimer_heard"] = True


def number_first(c: Context, t: Turn, built: Reply) -> None:
    """Once an emergency sign is heard in a session, every reply opens with the number to call,
    whatever else it answers (help, a question, a timer): she may not have called yet. Replies
    that already open with it (the advice itself, a goodbye) are left as they are; one that
    reminds her of an emergency sign further on, in any session, says that first."""
    if built.keys()[:1] and built.keys()[0] in NUMBER_FIRST:
        return
    # A reply that reminds her of the call further on says it first instead (in any session).
    if not to_front(built, EMERGENCY_REMINDER) and t.state["emergency"]:
        # Once she has called: call again if anything gets worse (`replies.help_called`).
        built.speech.insert(0, c.dialog.say("called_again" if help_called(c, t) else "call_first"))


def idle_hint_after_signs(c: Context, t: Turn, built: Reply) -> None:
    """Once she has told a warning sign, "tell me a symptom like 'I have a fever'" sounds as if
    she had not: what she can say next asks for what changes instead."""
    if not remembered_flags(c, t):
        return
    for said in (built.speech, built.reprompt or []):
        said[:] = [c.dialog.say("next_idle_told") if isinstance(s, Say) and s.key == "next_idle" else s for s in said]


def store_notice(c: Context, t: Turn, built: Reply) -> None:
    """Once a session, when memory cannot be read or saved, say so (before what to say next);
    with the history unknown and no sign heard, remind her of the warning signs there too."""
    status = t.state.get("store")
    if status is None or t.state.get("store_told"):
        return
    t.state["store_told"] = True
    notice = [c.dialog.say(f"store_{status}")]
    reminder = None if remembered_flags(c, t) else history_unknown_reminder(c, t)
    if reminder is not None and reminder.key not in built.keys():
        notice.append(reminder)
    at = max(len(built.speech) - 1, 0)
    built.speech[at:at] = notice
