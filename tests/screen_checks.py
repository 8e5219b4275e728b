"""Helpers for the screen tests: a reply turned into a real Alexa response by the handler layer's
`respond()`, on an Echo Show and on a voice-only Echo, and what makes a RenderDocument valid."""
from __future__ import annotations

import json

from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import RequestEnvelope

from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.handlers import respond
from skill.render.apl.documents import documents
from skill.serializer import AlexaSerializer
from test_apl import unbound_paths

SERIALIZER = AlexaSerializer()
RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
MAX_RESPONSE_BYTES = 24_000  # Alexa's limit for the whole response


def envelope(interfaces: dict) -> RequestEnvelope:
    raw = Session(supported_interfaces=interfaces).intent("AMAZON.HelpIntent")
    return SERIALIZER.deserialize(json.dumps(raw), RequestEnvelope)


SHOW, VOICE_ONLY = envelope(SCREEN_DEVICE), envelope({})


def response_on(device: RequestEnvelope, reply, context) -> dict:
    """The JSON response body (outputSpeech, directives, ...) `respond()` builds for this reply
    on this device."""
    handler_input = HandlerInput(request_envelope=device, attributes_manager=AttributesManager(device))
    return SERIALIZER.serialize(respond(handler_input, reply, context=context))


def render_documents(response: dict) -> list[dict]:
    return [d for d in response.get("directives", []) if d["type"] == RENDER_DOCUMENT]


def problems_of(directive: dict) -> list[str]:
    """What is wrong with a RenderDocument directive: a document that is not one of ours, a
    binding the datasource does not fill."""
    kinds = [kind for kind, document in documents().items() if document == directive["document"]]
    if len(kinds) != 1:
        return ["the document is not one of skill/render/apl/documents"]
    return unbound_paths(directive["document"], directive["datasources"])
