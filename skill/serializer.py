"""The SDK's `DefaultSerializer`, with its hot spots answered by the standard library.

Measured per request (bench/): the SDK parses every timestamp with dateutil's free-form
parser (~36 µs, a quarter of a hello-world request, and ~6 ms to import dateutil.parser on
the first request of a cold process), and resolves every nested model class by name with
`__import__` (~12 µs). Alexa sends ISO 8601 timestamps, which `datetime.fromisoformat` reads
in 0.1 µs; class names never change meaning, so each is resolved once. A Lambda event is read
as the dict it already is, and session attributes are copied with marshal (see below).
The SDK also re-reads every type text with a regex and rebuilds every model's field map on
each use (~25 µs of a ~75 µs mid-routine request): both are worked out once per type here.

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
import re
from datetime import date, datetime, timezone

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope


# Alexa was launched in November 2014: no real request is older. LATEST is far beyond any real
# request and far enough from datetime.max for any episode arithmetic (days, expiry) to fit.
EARLIEST = datetime(2015, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
MAX_TIME_TEXT = 100  # ISO 8601 needs about 30 characters; longer text is not a time
_EARLIEST_WALL, _LATEST_WALL = EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None)
# The SDK's own patterns for a type text ("list[a.b.C]", "dict(str, a.b.C)").
_LIST, _DICT = re.compile(r"list\[(.*)\]"), re.compile(r"dict\(([^,]*), (.*)\)")


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
        self._types: dict[str, tuple[str, object]] = {}  # type text -> (list | dict | type, what of)
        self._fields: dict[type, tuple[tuple[tuple[str, str, str], ...], frozenset[str]]] = {}
        self._keys: dict[type, tuple[tuple[str, str], ...]] = {}  # model class -> (attribute, JSON key)s

    def serialize(self, obj):
        """The SDK's writing, with JSON data passed through and each model's keys listed once."""
        kind = type(obj)
        if obj is None or kind is str or kind is int or kind is float or kind is bool:
            return obj
        if kind is dict:
            return {key: self.serialize(value) for key, value in obj.items()}
        if kind is list:
            return [self.serialize(item) for item in obj]
        keys = self._keys.get(kind)
        if keys is None:
            if not hasattr(obj, "deserialized_types"):  # subclasses, times, Decimals...: the SDK's way
                return super().serialize(obj)
            names = getattr(kind, "attribute_map", {})
            keys = self._keys[kind] = tuple((name, names.get(name, name)) for name in obj.deserialized_types)
        return {key: self.serialize(value) for name, key in keys if (value := getattr(obj, name)) is not None}

    def deserialize(self, payload, obj_type):
        return self._normalised(super().deserialize(payload, obj_type))

    def request_from_event(self, event: dict) -> RequestEnvelope:
        """A Lambda event, which the runtime has already parsed: the SDK's own lambda_handler
        dumps it back to a string only to parse it again (~10 µs for a mid-routine request)."""
        return self._normalised(self._DefaultSerializer__deserialize(event, RequestEnvelope))

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

    def _DefaultSerializer__deserialize(self, payload, obj_type):
        """The SDK's reading, with each type text worked out once. A type text the SDK reads
        in its own odd ways (a list of mixed types, one its patterns do not match) is left to it."""
        if payload is None:
            return None
        if isinstance(obj_type, str):
            kind = self._types.get(obj_type) or self._type_of(obj_type)
            if kind is None:
                return super()._DefaultSerializer__deserialize(payload, obj_type)
            shape, obj_type = kind
            if shape == "list":
                return [self._DefaultSerializer__deserialize(item, obj_type) for item in payload]
            if shape == "dict":
                return {key: self._DefaultSerializer__deserialize(value, obj_type) for key, value in payload.items()}
        if obj_type in self.PRIMITIVE_TYPES:
            return self._DefaultSerializer__deserialize_primitive(payload, obj_type)
        if obj_type is object:
            return payload
        if obj_type is date or obj_type is datetime:
            return self._DefaultSerializer__deserialize_datetime(payload, obj_type)
        return self._DefaultSerializer__deserialize_model(payload, obj_type)

    def _type_of(self, text: str) -> tuple[str, object] | None:
        kind: tuple[str, object] | None
        if text.startswith("list["):
            found = _LIST.match(text)
            kind = ("list", found.group(1).strip()) if found and "," not in found.group(1) else None
        elif text.startswith("dict("):
            found = _DICT.match(text)
            kind = ("dict", found.group(2)) if found else None
        else:
            kind = ("type", self.NATIVE_TYPES_MAPPING.get(text) or self._DefaultSerializer__load_class_from_name(text))
        if kind is not None:
            self._types[text] = kind
        return kind

    def _DefaultSerializer__deserialize_model(self, payload, obj_type):
        """The SDK's model reading, with each class's fields listed once."""
        try:
            if not hasattr(obj_type, "deserialized_types"):  # an Enum, or not a model: the SDK's way
                return super()._DefaultSerializer__deserialize_model(payload, obj_type)
            if hasattr(obj_type, "get_real_child_model"):
                obj_type = self._DefaultSerializer__get_obj_by_discriminator(payload, obj_type)
            fields, keys = self._fields.get(obj_type) or self._fields_of(obj_type)
            model = obj_type()
            for attribute, key, kind in fields:
                if key in payload:
                    setattr(model, attribute, self._DefaultSerializer__deserialize(payload[key], kind))
            for key in payload:
                if key not in keys:  # as the SDK does: a field it does not know is kept as it came
                    setattr(model, key, payload[key])
            return model
        except Exception as error:  # the SDK's own wrapping, whatever went wrong inside
            raise SerializationException(str(error)) from error

    def _fields_of(self, model: type) -> tuple[tuple[tuple[str, str, str], ...], frozenset[str]]:
        kinds = model.deserialized_types  # type: ignore[attr-defined]
        keys = {**{name: name for name in kinds}, **getattr(model, "attribute_map", {})}
        fields = self._fields[model] = (tuple((name, key, kinds[name]) for name, key in keys.items()),
                                        frozenset(keys.values()))
        return fields

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
