"""Carrying out the side effects a logic `Reply` asks for: Alexa timers and reminders, asking
permission by voice when they need it, and erasing the user's memory."""
from __future__ import annotations

from .interceptors import SNAPSHOT, fingerprint

PENDING_ACTION = "pending_action"  # kept in memory: the permission answer may open a new session


def perform(handler_input, action: dict, store, locale: str) -> str:
    """The action's outcome as an `ApiOutcome` name (CREATED, NEEDS_PERMISSION, ...). `locale`
    is the one the reply was worded in, so a timer's announcement is spoken in its language."""
    if action["type"] == "delete_memory":
        return _forget(handler_input, store)
    from . import alexa_apis  # its HTTP client costs ~60 ms of import: load only when used

    if action["type"] == "timer":
        return alexa_apis.create_timer(handler_input, minutes=action["minutes"], label=action["label"],
                                       announce_text=action["announce"], locale=locale).name
    trigger = (alexa_apis.Every(action["every_hours"], within_hours=action["within_hours"])
               if "every_hours" in action else alexa_apis.After(action["after_hours"] * 3600))
    return alexa_apis.create_reminder(handler_input, text=action["text"], locale=locale, trigger=trigger).outcome.name


def permission_scope(action: dict) -> str | None:
    from . import alexa_apis

    return {"timer": alexa_apis.TIMERS_SCOPE, "reminders": alexa_apis.REMINDERS_SCOPE}.get(action["type"])


def ask_permission(handler_input, action: dict):
    """The directive for Alexa's own consent dialog; the action waits in memory for the answer."""
    from . import alexa_apis

    handler_input.attributes_manager.persistent_attributes[PENDING_ACTION] = action
    scope = permission_scope(action)
    assert scope is not None, "only timers and reminders need permission"
    return alexa_apis.ask_for_permission_directive(scope, token=action["type"])


def _forget(handler_input, store) -> str:
    manager = handler_input.attributes_manager
    manager.delete_persistent_attributes()
    failed = getattr(store, "last_error", None)  # the resilient store swallows and records failures
    # What is left to save is nothing: make the saver see no change.
    manager.persistent_attributes = {}
    manager.request_attributes[SNAPSHOT] = fingerprint({})
    return "FAILED" if failed else "CREATED"
