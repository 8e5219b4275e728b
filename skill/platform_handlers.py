"""Requests from the Alexa platform rather than from the user's words.

- `CanFulfillIntentRequest` (name-free interaction): Alexa asks whether the skill can take an
  intent with the slots it heard, and the answer must change nothing and say nothing
  ("Implement CanFulfillIntentRequest for Name-free Interactions", ASK docs).
- Everything else that is not a launch, an intent or a session end (`System.ExceptionEncountered`,
  AudioPlayer and PlaybackController events, other Connections responses, skill events) is
  acknowledged with an empty response: no speech, which those requests do not allow.

Registered after the conversation's handlers, so those answer every request they know first.
"""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_request_type
from ask_sdk_model.canfulfill import (CanFulfillIntent, CanFulfillIntentValues, CanFulfillSlot,
                                      CanFulfillSlotValues, CanUnderstandSlotValues)

from .slots import matched_values

log = logging.getLogger(__name__)

# Intents that mean something only inside a running session, or that Alexa serves better
# itself: answers to the skill's questions, routine navigation, timers, reminders, erasing.
# Offered to the skill without its name, they would take the user somewhere unexpected.
IN_SESSION_ONLY = frozenset({
    "GiveDurationIntent", "LumpGoneIntent", "LumpStillThereIntent", "SkipStepIntent", "WhereAmIIntent",
    "GoToSectionIntent", "SetTimerIntent", "SetReminderIntent", "DeleteDataIntent",
    "ChooseRoutineIntent", "SwitchRoutineIntent", "ContinueIntent", "FeedingMethodIntent", "StillHurtsIntent",
    "DontKnowIntent", "FalseAlarmIntent", "MoreIntent",  # answers to what the skill just asked or said
    "CalledForHelpIntent",  # "I already called 911": said to the skill that gave the advice, not to Alexa at large
    "HoldOnIntent",  # "wait", "one sec": a hold in the skill's own session
    "SomeoneElseUnwellIntent",  # "my husband has a fever", said to Alexa at large, is not for a skill about her
})
USER_REQUESTS = ("LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest")


def name_free_intents(intents) -> frozenset[str]:
    """The skill's own intents it will take without being named (not built-ins, not answers)."""
    return frozenset(name for name in intents if not name.startswith("AMAZON.") and name != "Launch") - IN_SESSION_ONLY


def understanding(slot) -> CanUnderstandSlotValues:
    """YES for a value resolved to exactly one of the skill's entities (or, for a slot without
    entity resolution, AMAZON.NUMBER, a whole number); MAYBE when it resolved to several;
    NO otherwise."""
    matched = matched_values(slot)
    if matched is None:
        value = (slot.value or "").strip()
        return CanUnderstandSlotValues.YES if value.isdecimal() else CanUnderstandSlotValues.NO
    if not matched:
        return CanUnderstandSlotValues.NO
    return CanUnderstandSlotValues.YES if len(matched) == 1 else CanUnderstandSlotValues.MAYBE


def can_fulfill(intent, claimed: frozenset[str]) -> CanFulfillIntent:
    """YES for a claimed intent whose every heard slot is understood, MAYBE when one is not
    (the skill still takes the intent and asks again), NO for any other intent."""
    if intent is None or intent.name not in claimed:
        return CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO)
    slots = {}
    for name, slot in (intent.slots or {}).items():
        if slot is None or not slot.value:
            continue
        understood = understanding(slot)
        slots[name] = CanFulfillSlot(can_understand=understood, can_fulfill=(
            CanFulfillSlotValues.NO if understood is CanUnderstandSlotValues.NO else CanFulfillSlotValues.YES))
    every_slot_understood = all(s.can_understand is CanUnderstandSlotValues.YES for s in slots.values())
    verdict = CanFulfillIntentValues.YES if every_slot_understood else CanFulfillIntentValues.MAYBE
    return CanFulfillIntent(can_fulfill=verdict, slots=slots or None)


class CanFulfillIntentHandler(AbstractRequestHandler):
    """Answers whether the skill would take the intent; speaks and stores nothing."""

    def __init__(self, intents):
        self.claimed = name_free_intents(intents)

    def can_handle(self, handler_input):
        return is_request_type("CanFulfillIntentRequest")(handler_input)

    def handle(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        return handler_input.response_builder.set_can_fulfill_intent(can_fulfill(intent, self.claimed)).response


class PlatformEventHandler(AbstractRequestHandler):
    """Acknowledges any other request without speech; an error Alexa reports is logged by type."""

    def can_handle(self, handler_input):
        return handler_input.request_envelope.request.object_type not in USER_REQUESTS

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        if request.object_type == "System.ExceptionEncountered":
            error_type = getattr(getattr(request, "error", None), "object_type", None)
            log.warning("Alexa reported an error with a response: %s", getattr(error_type, "value", error_type))
        return handler_input.response_builder.response


def handlers(intents) -> tuple[AbstractRequestHandler, ...]:
    """In the order they are asked: CanFulfill first, as the catch-all excludes it anyway."""
    return CanFulfillIntentHandler(intents), PlatformEventHandler()
