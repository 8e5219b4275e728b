"""She has called for help: "I already called 911", "they're on their way", "I called my
doctor", "the nurse line said to come in". Acknowledged calmly, with what to do while she
waits; nothing is switched off: a sign she reports later gets its advice as ever, the closing
lines still name the signs on record, and nothing says all is well.

Once she has called the emergency number, the session remembers it, with the emergency signs
told by then: the replies that follow still open with the number, in the called form ("if
anything gets worse before help arrives, call 9 1 1 again", `replies.help_called`), until an
emergency sign she had not told before the call brings the full "please call now" back."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..replies import emergency_signs, reply
from ..speech import Reply, Say

if TYPE_CHECKING:
    from ..turn import Asides, Context, Intents, Turn

PROVIDER = "provider"  # the HELP_CALLED id for a doctor, midwife or nurse line; any other call is for help now
CRISIS_LINE = "crisis"  # ... for the market's crisis line (988, Samaritans, Lifeline): support, no one on the way


def acknowledged(c: Context, t: Turn) -> list[Say]:
    """Her call in a few words. A call with no one named ("they're on their way") is taken as
    the emergency one: the careful reading, since it says to call again if anything gets worse.
    A call to her provider also names the emergency signs that cannot wait for them; one to the
    crisis line, where to turn in an emergency."""
    helper = t.event.slot("helper")
    if helper == PROVIDER:
        return [c.dialog.say("called_provider"), c.dialog.say("closing_emergency_screen")]
    if helper == CRISIS_LINE:
        # Not the emergency call: after an emergency sign "please call now, if you haven't" still
        # opens the reply (`number_first`); before one, where to turn in an emergency.
        pointer = [] if t.state["emergency"] else [c.dialog.say("emergency_pointer")]
        return [c.dialog.say("called_crisis"), *pointer]
    # Opens with the number (replies.NUMBER_FIRST): after an emergency, no "call now, if you haven't".
    t.state["called"] = emergency_signs(c, t)
    return [c.dialog.say("called_emergency"), c.dialog.say("called_wait")]


def called_for_help(c: Context, t: Turn) -> Reply:
    return reply(c, *acknowledged(c, t), next_key="called_next")


INTENTS: Intents = {"CalledForHelpIntent": called_for_help}
# Told while a warning-sign question waits: acknowledged, then the question again.
ASIDES: Asides = {"CalledForHelpIntent": acknowledged}
