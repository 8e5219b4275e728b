"""The SDK's `DefaultSerializer`, with its hot spots answered by the standard library.

Measured per request (bench/): the SDK parses every timestamp with dateutil's free-form
parser (~36 µs, a quarter of a hello-world request, and ~6 ms to import dateutil.parser on
the first request of a cold process), and resolves every nested model class by name with
`__import__` (~12 µs). Alexa sends ISO 8601 timestamps, which `datetime.fromisoformat` reads
in 0.1 µs; class names never change meaning, so each is resolved once. A Lambda event is read
as the dict it already is, and session attributes are copied with marshal (see below).

The hooks are the SDK's private (name-mangled) methods, overridden or called by their mangled
names; tests/test_serializer.py fails if a new SDK release renames them, and anything
`fromisoformat` cannot read still goes to the SDK's own parser (dateutil).

Every time read is aware UTC within [EARLIEST, LATEST]: Alexa sends UTC, so a time without a
zone is UTC; a time that is missing or unreadable is EARLIEST. A forged or broken timestamp
then cannot make the logic compare naive with aware times or overflow in date arithmetic, and
the machine clock is never taken for the request's time (the stores count a record's expiry
from the clock instead when the time was clamped: see skill/persistence).
"""
from __future__ import annotations

import copy
import marshal
from datetime import date, datetime, timezone

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope


# Alexa was launched in November 2014: no real request is older. LATEST is far beyond any real
# request and far enough from datetime.max for any episode arithmetic (days, expiry) to fit.
EARLIEST = datetime(2015, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
MAX_TIME_TEXT = 100  # ISO 8601 needs about 30 characters; longer text is not a time
_EARLIEST_WALL, _LATEST_WALL = EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None)


def request_time(value) -> datetime:
    """Any parsed time as aware UTC, clamped to [EARLIEST, LATEST]; anything else is EARLIEST."""
    if not isinstance(value, datetime):
        return EARLIEST
    # Compared on the wall-clock fields first: converting a time near year 1 or 9999 overflows.
    wall = value.replace(tzinfo=None)
    if wall <= _EARLIEST_WALL:
        return EARLIEST
    if wall >= _LATEST_WALL:
        return LATEST
    if value.utcoffset() is None:
        return value.replace(tzinfo=timezone.utc)
    return min(max(value.astimezone(timezone.utc), EARLIEST), LATEST)


class AlexaSerializer(DefaultSerializer):
    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def deserialize(self, payload, obj_type):
        return self._normalised(super().deserialize(payload, obj_type))

    def request_from_event(self, event: dict) -> RequestEnvelope:
        """A Lambda event, which the runtime has already parsed: the SDK's own lambda_handler
        dumps it back to a string only to parse it again (~10 µs for a mid-routine request)."""
        return self._normalised(self._DefaultSerializer__deserialize(event, RequestEnvelope))  # type: ignore[attr-defined]

    @staticmethod
    def _normalised(result):
        """A request envelope with a timestamp always set and session attributes that copy fast."""
        if not isinstance(result, RequestEnvelope):
            return result
        request = result.request
        if request is not None and not isinstance(request.timestamp, datetime):
            request.timestamp = EARLIEST  # missing: never None, never the machine clock
        session = result.session
        if session is not None and session.attributes:
            session.attributes = _SessionAttributes(session.attributes)
        return result

    def _DefaultSerializer__deserialize_datetime(self, payload, obj_type):
        try:
            parsed = datetime.fromisoformat(payload)
        except (TypeError, ValueError):
            parsed = self._free_form_time(payload)
        clamped = request_time(parsed)
        return clamped.date() if obj_type is date else clamped

    @staticmethod
    def _free_form_time(payload) -> datetime | None:
        """What the SDK's parser (dateutil) reads, but with missing fields taken from EARLIEST:
        dateutil's default fills them from today, which would make "10:30" the machine's date."""
        if not isinstance(payload, str) or len(payload) > MAX_TIME_TEXT:
            return None
        from dateutil import parser  # ~6 ms of import, paid only for a time that is not ISO 8601

        try:
            return parser.parse(payload, default=_EARLIEST_WALL)
        except Exception:  # ValueError, OverflowError and more: not a time
            return None

    def _DefaultSerializer__load_class_from_name(self, class_name):
        resolved = self._classes.get(class_name)
        if resolved is None:
            resolved = self._classes[class_name] = super()._DefaultSerializer__load_class_from_name(class_name)
        return resolved


class _SessionAttributes(dict):
    """Session attributes as the request carried them. The SDK deep-copies them on every
    request; they are JSON data, which marshal copies in ~2 µs instead of deepcopy's ~8."""

    def __deepcopy__(self, memo):
        try:
            return marshal.loads(marshal.dumps(dict(self), 2))
        except ValueError:  # something marshal cannot copy: the general way
            return copy.deepcopy(dict(self), memo)
