"""Thin ASK SDK handlers: translate a request into a logic `Event`, render the `Reply`."""
from __future__ import annotations

import logging
import re

from ask_sdk_core.dispatch_components import (AbstractExceptionHandler, AbstractRequestHandler,
                                             AbstractResponseInterceptor)
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model.ui import SimpleCard

from . import render
from .logic import state as states
from .logic.conversation import Conversation, Event
from .logic.speech import Reply
from .logic.turn import Context
from .render import stored

log = logging.getLogger(__name__)

# Compiled by `re` (and cached there) on first use: only a locale the skill lacks is checked.
LOCALE_SHAPE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}"
TOUCH = "Alexa.Presentation.APL.UserEvent"
LAST_REPLY = "_last"  # session attribute: the last reply, kept by the repeat interceptor
REPLY = "reply"  # request attribute: this turn's reply, for the repeat interceptor
REPEATED = "repeated"  # request attribute: the kept reply a "repeat" found, read once
PREVIOUS = "previous"  # request attribute: the last reply as the request brought it


def event_of(handler_input) -> Event:
    request = handler_input.request_envelope.request
    if is_request_type("LaunchRequest")(handler_input):
        return Event("Launch")
    if is_touch(handler_input):
        return Event(touched_intent(handler_input))
    from .slots import slot_values  # a launch has no slots

    return Event(request.intent.name, slot_values(request.intent))


def locale_of(handler_input, conversation: Conversation) -> str:
    """The request's locale when the skill speaks it, else the default (en-US), with a log line
    naming only the locale (or that it was unreadable): never a user's words or ids."""
    requested = getattr(handler_input.request_envelope.request, "locale", None)
    if requested in conversation.locales:
        return requested
    chosen = conversation.context.locale
    shown = requested if isinstance(requested, str) and re.fullmatch(LOCALE_SHAPE, requested) else "an unreadable locale"
    log.info("answering %s in %s", shown, chosen)
    return chosen


def is_touch(handler_input) -> bool:
    """A button touched on a screen, in a session: the same as saying it. (Without a session
    there is no conversation to go on with: the platform handler acknowledges it.)"""
    return is_request_type(TOUCH)(handler_input) and handler_input.request_envelope.session is not None


def touched_intent(handler_input) -> str:
    """The intent a touch stands for; a touch the skill does not know is answered as Fallback."""
    from .render.apl import touch_intent

    return touch_intent(handler_input.request_envelope.request.arguments) or "AMAZON.FallbackIntent"


def respond(handler_input, reply: Reply, directive=None, context: Context | None = None):
    """The one place a logic `Reply` becomes an Alexa response. With a directive (AskFor),
    the session's end is left unset and there is no reprompt, as Alexa requires. With the
    content (`context`), a reply that has a screen shows it on a device that has one."""
    builder = handler_input.response_builder
    builder.speak(render.ssml(reply.speech))
    screen = screen_directive(handler_input, reply, context)
    if screen is not None:
        builder.add_directive(screen)
    if directive is not None:
        builder.add_directive(directive)
    elif reply.reprompt and not reply.end_session:
        builder.ask(render.ssml(reply.reprompt))
    card = render.card(reply)
    if card:
        builder.set_card(SimpleCard(title=card[0], content=card[1]))
    if directive is None:
        builder.set_should_end_session(reply.end_session)
    handler_input.attributes_manager.request_attributes[REPLY] = reply
    return builder.response


def screen_directive(handler_input, reply: Reply, context: Context | None):
    """The RenderDocument directive for the reply's screen when the device shows APL, else None.
    Voice-only requests (most) never import the screen code nor read the documents; the screen
    code decides which replies show something (any that waits for her answer)."""
    if context is None:
        return None
    device = handler_input.request_envelope.context.system.device
    interfaces = getattr(device, "supported_interfaces", None)
    if getattr(interfaces, "alexa_presentation_apl", None) is None:
        return None
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    from .render.apl import supports_apl
    from .render.screens import directive

    try:
        shown = directive(reply, context) if supports_apl(interfaces) else None
    except Exception as error:  # a screen that cannot be built must not cost the spoken answer
        log.error("no screen: %s building the %s screen", type(error).__name__,
                  reply.screen.kind if reply.screen else "reply's")
        return None
    if shown is None:
        return None
    return RenderDocumentDirective(token=shown["token"], document=shown["document"], datasources=shown["datasources"])


class _ConversationAdapter(AbstractRequestHandler):
    def __init__(self, conversation: Conversation, store):
        self.conversation = conversation
        self.store = store

    def context(self, handler_input, locale: str) -> Context:
        """The context of the chosen locale and of the routine the parent chose."""
        return self.conversation.context_for(memory_of(handler_input), locale)

    def after(self, handler_input, action: dict, outcome: str, locale: str):
        manager = handler_input.attributes_manager
        reply = self.conversation.after_action(action, outcome, manager.session_attributes, memory_of(handler_input),
                                               handler_input.request_envelope.request.timestamp, locale)
        return respond(handler_input, reply, context=self.context(handler_input, locale))


class ConversationHandler(_ConversationAdapter):
    """Every launch and intent goes to the conversation logic; its actions are carried out here."""

    def __init__(self, conversation: Conversation, store, settings_lookups):
        super().__init__(conversation, store)
        self.time_zone_lookup, self.unit_lookup = settings_lookups

    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input) or is_request_type("IntentRequest")(handler_input) \
            or is_touch(handler_input)

    def handle(self, handler_input):
        manager = handler_input.attributes_manager
        request = handler_input.request_envelope.request
        manager.request_attributes[PREVIOUS] = manager.session_attributes.get(LAST_REPLY)
        locale = locale_of(handler_input, self.conversation)
        reply = self.conversation.handle(
            event_of(handler_input), manager.session_attributes, memory_of(handler_input), request.timestamp,
            time_zone=lambda: self.time_zone_lookup(handler_input), locale=locale,
            temperature_unit=lambda: self.unit_lookup(handler_input))
        if not reply.actions:
            return respond(handler_input, reply, context=self.context(handler_input, locale))
        from . import actions  # timers, reminders, erasing: most turns have no action

        action = reply.actions[0]
        outcome = actions.perform(handler_input, action, self.store, locale)
        if outcome == "NEEDS_PERMISSION":
            directive = actions.ask_permission(handler_input, action)
            lead = self.context(handler_input, locale).dialog.say("permission_lead")
            return respond(handler_input, Reply([lead]), directive)
        return self.after(handler_input, action, outcome, locale)


class PermissionAnswerHandler(_ConversationAdapter):
    """The user's answer to Alexa's consent dialog (Connections.Response to AskFor)."""

    def can_handle(self, handler_input):
        request = handler_input.request_envelope.request
        return is_request_type("Connections.Response")(handler_input) and getattr(request, "name", None) == "AskFor"

    def handle(self, handler_input):
        from . import actions
        from .alexa_apis import permission_answer

        locale = locale_of(handler_input, self.conversation)
        action = memory_of(handler_input).pop(actions.PENDING_ACTION, None)
        if not isinstance(action, dict) or "type" not in action:
            return self.after(handler_input, {"type": "none"}, "NOT_ANSWERED", locale)
        answer = permission_answer(handler_input.request_envelope.request) or "NOT_ANSWERED"
        outcome = actions.perform(handler_input, action, self.store, locale) if answer == "ACCEPTED" else answer
        return self.after(handler_input, action, outcome, locale)


class RepeatHandler(AbstractRequestHandler):
    """Says the last reply again, word for word (as the alexa-samples howto skill does)."""

    def can_handle(self, handler_input):
        asked = is_intent_name("AMAZON.RepeatIntent")(handler_input) or (
            is_touch(handler_input) and touched_intent(handler_input) == "AMAZON.RepeatIntent")
        if not asked:
            return False
        # Read once: the handler takes the reply from here.
        manager = handler_input.attributes_manager
        reply = manager.request_attributes[REPEATED] = stored.from_data(manager.session_attributes.get(LAST_REPLY))
        return reply is not None

    def handle(self, handler_input):
        reply = handler_input.attributes_manager.request_attributes[REPEATED]
        reply.end_session = False
        # The rest of the session goes back to Alexa as it came: checked, as on any other turn.
        session = handler_input.attributes_manager.session_attributes
        states.replace(session, states.session_state(session))
        return respond(handler_input, reply)


class RepeatKeeper(AbstractResponseInterceptor):
    """Keeps every reply (permission requests and error replies too) for "repeat", as its
    keys and words: rendered again when repeated, never SSML read back from the request."""

    def process(self, handler_input, response):
        manager = handler_input.attributes_manager
        reply = manager.request_attributes.get(REPLY)
        if reply is None or handler_input.request_envelope.session is None:
            return
        # After a fallback, the reply before it (read back checked, as "repeat" reads it).
        kept = reply if reply.repeatable else stored.from_data(manager.request_attributes.get(PREVIOUS))
        if kept is not None:
            manager.session_attributes[LAST_REPLY] = stored.to_data(kept)


class SessionEndedHandler(AbstractRequestHandler):
    """Alexa closed the session: the place in the routine goes into memory (the saver writes it)."""

    def __init__(self, conversation: Conversation):
        self.conversation = conversation

    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        if request.error:
            log.warning("session ended with error type %s", request.error.object_type)
        manager = handler_input.attributes_manager
        self.conversation.session_ended(manager.session_attributes, memory_of(handler_input), request.timestamp)
        return handler_input.response_builder.response


class SafeErrorHandler(AbstractExceptionHandler):
    """Any failure still gets a calm, useful answer; the log names the error, not the user's words."""

    def __init__(self, conversation: Conversation, after_error=()):
        self.conversation = conversation
        # The response interceptors, which the SDK does not run after an error: the memory
        # saver (a fever heard before the failure is still saved, or carried) and the repeat keeper.
        self.after_error = after_error

    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        request = handler_input.request_envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        log.error("unhandled %s on %s %s", type(exception).__name__, getattr(request, "object_type", "?"), intent or "")
        dialog = self.conversation.in_locale(locale_of(handler_input, self.conversation)).dialog
        hint = dialog.say("error_next")
        response = respond(handler_input, Reply([dialog.say("error"), hint], reprompt=[hint]))
        for interceptor in self.after_error:
            try:
                interceptor.process(handler_input, response)
            except Exception as error:  # the apology must still go out
                log.error("after the error, %s failed: %s", type(interceptor).__name__, type(error).__name__)
        return response


def memory_of(handler_input) -> dict:
    """The user's persistent memory, loaded once per request (see interceptors)."""
    return handler_input.attributes_manager.persistent_attributes


def register(builder, conversation: Conversation, store, settings_lookups) -> None:
    """`settings_lookups`: (time zone, temperature unit) functions of the handler input, each
    called only when the conversation needs that setting and its weekly cache is stale."""
    from .interceptors import MemorySaver, MemorySnapshot, RequestLogger

    builder.add_request_handler(RepeatHandler())
    builder.add_request_handler(ConversationHandler(conversation, store, settings_lookups))
    builder.add_request_handler(PermissionAnswerHandler(conversation, store))
    builder.add_request_handler(SessionEndedHandler(conversation))
    after_turn = (MemorySaver(store), RepeatKeeper())
    builder.add_exception_handler(SafeErrorHandler(conversation, after_turn))
    builder.add_global_request_interceptor(RequestLogger())
    builder.add_global_request_interceptor(MemorySnapshot(store))
    for interceptor in after_turn:
        builder.add_global_response_interceptor(interceptor)


def handled_intents(conversation: Conversation) -> set[str]:
    """Intent names the handlers answer (the model's tests compare against this)."""
    return conversation.intents - {"Launch"}

