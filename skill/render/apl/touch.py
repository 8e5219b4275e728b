"""Touch on a screen goes to the same intents as the voice commands."""
from __future__ import annotations

# The word each button sends (SendEvent arguments[0], in documents/common.json) -> the intent.
TOUCH_INTENTS = {
    "next": "AMAZON.NextIntent",
    "back": "AMAZON.PreviousIntent",
    "repeat": "AMAZON.RepeatIntent",
    "pause": "AMAZON.PauseIntent",
}


def touch_intent(arguments: object) -> str | None:
    """The intent for an Alexa.Presentation.APL.UserEvent's arguments; None for anything else."""
    if isinstance(arguments, (list, tuple)) and arguments and isinstance(arguments[0], str):
        return TOUCH_INTENTS.get(arguments[0])
    return None
