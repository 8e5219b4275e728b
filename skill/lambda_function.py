"""AWS Lambda entry point: `skill.lambda_function.lambda_handler`.

The skill is built once per process (content compiled and validated once); each
invocation only deserializes, dispatches and serializes.
"""
from __future__ import annotations

import logging
import os
from typing import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model.services.api_client import ApiClient

from . import envelope_guard
from .content import load_content
from .handlers import register
from .logic.conversation import Conversation
from .persistence import adapter_from_env
from .serializer import AlexaSerializer

logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))


class LazyApiClient(ApiClient):
    """The SDK's HTTP client, imported on the first Alexa API call: `requests` alone costs
    about 60 ms of import, half a hello-world cold start, and most requests never need it."""

    def __init__(self):
        self._client = None

    def invoke(self, request):
        if self._client is None:
            from .alexa_apis import AlexaApiClient

            self._client = AlexaApiClient()
        return self._client.invoke(request)


class PlatformRequests(AbstractRequestHandler):
    """The handlers of `platform_handlers` (CanFulfillIntentRequest, AudioPlayer and other
    platform events), made on first need. Registered last, it is asked only about a request no
    conversation handler took, which a voice session never sends: a launch never loads them."""

    def __init__(self, intents: Callable[[], set[str]]):
        self.intents = intents
        self._handlers: tuple[AbstractRequestHandler, ...] | None = None

    def handlers(self) -> tuple[AbstractRequestHandler, ...]:
        if self._handlers is None:
            from .platform_handlers import handlers

            self._handlers = handlers(self.intents())
        return self._handlers

    def can_handle(self, handler_input):
        return any(handler.can_handle(handler_input) for handler in self.handlers())

    def handle(self, handler_input):
        return next(h for h in self.handlers() if h.can_handle(handler_input)).handle(handler_input)


def time_zone_of(handler_input) -> str | None:
    from .alexa_apis import get_time_zone

    return get_time_zone(handler_input)


def temperature_unit_of(handler_input) -> str | None:
    from .alexa_apis import get_temperature_unit

    return get_temperature_unit(handler_input)


def build_skill(content: dict | None = None, persistence_adapter=None, api_client: ApiClient | None = None):
    store = persistence_adapter or adapter_from_env()
    builder = CustomSkillBuilder(persistence_adapter=store, api_client=api_client or LazyApiClient())
    builder.skill_id = os.environ.get("MILKDUCT_SKILL_ID") or None  # type: ignore[assignment]  # the SDK annotates None
    conversation = Conversation(content or load_content())
    register(builder, conversation, store, (time_zone_of, temperature_unit_of))
    builder.add_request_handler(PlatformRequests(lambda: conversation.intents))
    built = builder.create()
    built.serializer = AlexaSerializer()  # also what the web service and the API clients use
    return built


skill = build_skill()


def lambda_handler(event, context):
    return envelope_guard.answer_event(skill, event, context)
