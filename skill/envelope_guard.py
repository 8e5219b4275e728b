"""Every request envelope gets a valid Alexa response, however malformed it is.

The SDK's `CustomSkill.invoke` reads `context.System` (skill id, API endpoint) before any
handler runs, so an envelope without it raised before the skill's own error handler could
answer. Here a missing, null or non-object `context` or `System` is read as an empty one, and
whatever still fails outside the handlers (an envelope the SDK cannot read, a skill id check)
gets the reply of the skill's own exception handler. Used by `lambda_handler` and the web
service alike. Logs name the error class only: an envelope carries user ids and health words.
"""
from __future__ import annotations

import logging

from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import RequestEnvelope, ResponseEnvelope

from .serializer import AlexaSerializer

log = logging.getLogger(__name__)

class UnreadableEnvelope(ValueError):
    """The event is not a request envelope the SDK can read (what the exception handler is told)."""


_reader = AlexaSerializer()  # clamped timestamps and fast copies, whatever the skill serializes with


def bare_response() -> dict:
    """The least a valid response can be, for a skill with no exception handler to ask."""
    return {"version": "1.0", "response": {"shouldEndSession": True}}


def with_context(event):
    """The event with `context.System` an object, and session attributes that are not an object
    dropped (as any forged attribute is), copying only when it has to change."""
    if not isinstance(event, dict):
        return event
    session = event.get("session")
    if isinstance(session, dict) and session.get("attributes") is not None \
            and not isinstance(session["attributes"], dict):
        event = {**event, "session": {**session, "attributes": None}}
    context = event.get("context")
    if isinstance(context, dict) and isinstance(context.get("System"), dict):
        return event
    context = dict(context) if isinstance(context, dict) else {}
    context["System"] = {}
    return {**event, "context": context}


def read(event) -> RequestEnvelope | None:
    """The request envelope of a parsed event, or None when it is not one the SDK can read."""
    try:
        envelope = _reader.request_from_event(with_context(event))
    except Exception as error:  # SerializationException, and anything a forged shape provokes
        problem = type(error).__name__
    else:
        if isinstance(envelope, RequestEnvelope) and envelope.request is not None:
            return envelope
        problem = "no request"
    log.warning("unreadable request envelope: %s", problem)
    return None


def answer_event(skill, event, lambda_context=None) -> dict:
    """The Lambda way in: an event the runtime has parsed."""
    envelope = read(event)
    if envelope is None:
        return fallback(skill, UnreadableEnvelope())
    return answer(skill, envelope, lambda_context)


def answer(skill, envelope: RequestEnvelope, lambda_context=None) -> dict:
    """The skill's response to a readable envelope, serialized; never raises."""
    try:
        return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=lambda_context))
    except Exception as error:
        log.error("request failed outside the handlers: %s", type(error).__name__)
        return fallback(skill, error)


def fallback(skill, error: Exception) -> dict:
    """What the skill's own exception handler says (calm, with what to say next), for a request
    that never reached it; no session attributes, since none could be trusted."""
    try:
        envelope = RequestEnvelope()
        handler_input = HandlerInput(request_envelope=envelope, attributes_manager=AttributesManager(envelope))
        mapper = skill.request_dispatcher.exception_mapper
        handler = mapper.get_handler(handler_input, error) if mapper is not None else None
        if handler is None:
            return bare_response()
        response = handler.handle(handler_input=handler_input, exception=error)
        return skill.serializer.serialize(ResponseEnvelope(version="1.0", response=response))
    except Exception as failure:  # the last line: no handler may turn a bad request into a crash
        log.error("exception handler failed: %s", type(failure).__name__)
        return bare_response()
