"""Interceptors: memory load and save around every request, and privacy-safe request logs.

Memory is read afresh every turn (another device of the same user may have written since)
and written when the turn changed it, with one exception: where the routine stands (the
episode's PLACE_FIELDS, which every "next" changes) waits for the session's end, because
the session attributes hold it meanwhile. The end is a reply that closes the session, or the
SessionEndedRequest Alexa sends after a timeout, an exit or an error (its handler copies the
place into the memory). Red flags, answers, the outcome, the episode opening or clearing and
preferences are written the turn they happen. A session that vanishes without either end
loses only its place since the last write.

Red flags are never lost to a store fault (issue 10): when a save does not reach the store,
the episode's red flags, answers and outcome (and the disclaimer heard, so it is not repeated
every turn) ride in the session attributes (`CARRIED`), are
merged into memory at the start of every later turn (with the stores' own union rule,
`persistence.merge`), so replies see the union of session and store, and are saved again
until a save succeeds. The session also notes when memory could not be read or cannot be
saved (`store`), so the logic says nothing that would need the history to be safe.
"""
from __future__ import annotations

import json
import logging
import marshal

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor

from .logic.episode import PLACE_FIELDS
from .logic.values import parse_time

log = logging.getLogger(__name__)

SNAPSHOT = "memory_snapshot"
CARRIED = "carried"  # session attribute: red flags, outcome and disclaimer the store lacks
# The requests that read or write memory. The rest (CanFulfillIntentRequest, AudioPlayer and
# other platform events) never do, so they cost no read of the store (a GetItem on AWS).
USES_MEMORY = frozenset({"LaunchRequest", "IntentRequest", "SessionEndedRequest", "Connections.Response",
                         "Alexa.Presentation.APL.UserEvent"})


def fingerprint(memory: dict) -> tuple[bytes, bytes]:
    """(everything but the routine's place, the place): equal for equal memory."""
    episode = memory.get("episode")
    place = None
    if isinstance(episode, dict) and not PLACE_FIELDS.isdisjoint(episode):
        place = [episode.get(name) for name in sorted(PLACE_FIELDS)]
        memory = {**memory, "episode": {k: v for k, v in episode.items() if k not in PLACE_FIELDS}}
    return _serialized(memory), _serialized(place)


def _serialized(data) -> bytes:
    # marshal format 2 (no object back-references, so the bytes do not depend on which objects
    # are shared) takes ~1 µs; a sorted json.dumps took ~6 µs, and this runs four times a
    # turn. Key order counts, which at worst costs one needless write.
    try:
        return marshal.dumps(data, 2)
    except ValueError:  # not plain JSON data (a store handing back Decimals, say)
        return json.dumps(data, sort_keys=True, default=str).encode()


class RequestLogger(AbstractRequestInterceptor):
    """Request type and intent name only: never slot values, user ids or health details.

    At DEBUG (LOG_LEVEL=DEBUG): Lambda already logs every invocation, and building a record
    per request cost about 10 µs, a twentieth of a warm request."""

    def process(self, handler_input):
        if log.isEnabledFor(logging.DEBUG):
            request = handler_input.request_envelope.request
            intent = getattr(getattr(request, "intent", None), "name", "")
            log.debug("request %s %s", request.object_type, intent or "")


class MemorySnapshot(AbstractRequestInterceptor):
    """Loads the user's memory once and notes how it looked, so only real changes are written;
    then merges in what the session carries for the store, so that is written (again) too."""

    def __init__(self, store=None):
        self.store = store

    def process(self, handler_input):
        if handler_input.request_envelope.request.object_type not in USES_MEMORY:
            return  # no snapshot: the saver writes nothing either
        manager = handler_input.attributes_manager
        if not isinstance(manager.persistent_attributes, dict):
            manager.persistent_attributes = {}
        manager.request_attributes[SNAPSHOT] = fingerprint(manager.persistent_attributes)
        session = session_of(handler_input)
        if session is None:
            return
        carry_in(manager.persistent_attributes, session.pop(CARRIED, None))
        if getattr(self.store, "unreadable", False):  # for the rest of the session: history unknown
            session["store"] = "unreadable"
        elif not getattr(self.store, "can_remember", True):
            session.setdefault("store", "read_only")


class MemorySaver(AbstractResponseInterceptor):
    """Writes what the turn changed; a new place in the routine only when the session ends.
    A write that does not reach the store leaves the red flags carried in the session."""

    def __init__(self, store=None):
        self.store = store

    def process(self, handler_input, response):
        manager = handler_input.attributes_manager
        before = manager.request_attributes.get(SNAPSHOT)
        if before is None:
            return
        memory = manager.persistent_attributes
        durable, place = fingerprint(memory)
        unsaved = False
        if durable != before[0] or (place != before[1] and session_ends(handler_input, response)):
            manager.save_persistent_attributes()
            unsaved = getattr(self.store, "save_failed", False)
            if not unsaved:  # what the store now holds: an error reply after this saves nothing twice
                manager.request_attributes[SNAPSHOT] = (durable, place)
        session = session_of(handler_input)
        unsaved_part = {}
        if unsaved:  # only after a failed save: the usual turn carries nothing
            from .logic import carry

            unsaved_part = carry.carried(memory)
        if session is not None and unsaved_part:
            session[CARRIED] = unsaved_part
        elif session is not None:
            session.pop(CARRIED, None)


def carry_in(memory: dict, raw) -> None:
    """Merges what the session carries into memory as read from the store: red flags and
    answers united, the earlier start, the carried outcome (this session's, the newest)."""
    if not raw:  # the usual turn: nothing carried, and nothing to check
        return
    from .logic import carry  # only after a failed save: kept off the cold start

    carried = carry.carried(raw)
    if not carried:
        return
    from .persistence.merge import merge

    stored = memory.get("episode")
    if "episode" in carried and isinstance(stored, dict) and _closed_before(stored, carried["episode"]):
        del memory["episode"]  # the carried episode began after the stored one cleared
    memory.update(merge(None, dict(carried), memory))  # keys keep their place: fewer needless writes


def _closed_before(stored: dict, carried) -> bool:
    cleared, started = parse_time(stored.get("cleared_at")), parse_time(carried["started"])
    return cleared is not None and started is not None and cleared <= started


def session_of(handler_input) -> dict | None:
    """The session attributes, or None for a request outside a session (the SDK refuses them)."""
    if handler_input.request_envelope.session is None:
        return None
    return handler_input.attributes_manager.session_attributes


def session_ends(handler_input, response) -> bool:
    if handler_input.request_envelope.request.object_type == "SessionEndedRequest":
        return True
    # Unset (e.g. with an AskFor directive) may end it too: count it as ending.
    return response is None or response.should_end_session is not False
