"""AlexaSerializer's faster reading and writing give what the SDK's own code gives, for real
envelopes mutated every which way (hypothesis) and for every kind of response the skill sends.

The reference is AlexaSerializer with the SDK's three methods put back: both then share the
timestamp rules (tested in test_serializer.py), so any difference is the fast paths'.
"""
from __future__ import annotations

import copy
import uuid
from decimal import Decimal
from enum import Enum

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, ResponseEnvelope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_envelopes import CHOICE, NOW, base_envelopes, lambda_handler, mutate  # noqa: F401 - fixtures

from skill import envelope_guard
from skill.console.envelopes import SCREEN_DEVICE, Session, slot
from skill.serializer import AlexaSerializer


class SdkWay(AlexaSerializer):
    _DefaultSerializer__deserialize = DefaultSerializer._DefaultSerializer__deserialize
    _DefaultSerializer__deserialize_model = DefaultSerializer._DefaultSerializer__deserialize_model
    serialize = DefaultSerializer.serialize


def read_by(serializer, event: dict):
    """The envelope read, or the class of what reading raised."""
    try:
        return serializer.request_from_event(copy.deepcopy(event))
    except Exception as error:
        return type(error)


def test_the_overrides_are_the_ones_put_back():
    for name in ("_DefaultSerializer__deserialize", "_DefaultSerializer__deserialize_model", "serialize"):
        assert name in vars(AlexaSerializer) and name in vars(DefaultSerializer)


def test_mutated_envelopes_read_and_write_as_the_sdk_does(base_envelopes):
    ours, sdk = AlexaSerializer(), SdkWay()

    @settings(max_examples=3_000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def check(data):
        base = base_envelopes[data.draw(CHOICE, label="envelope") % len(base_envelopes)]
        event = mutate(data, copy.deepcopy(base), lambda path: True)
        read = read_by(ours, event)
        assert read == read_by(sdk, event)
        if isinstance(read, RequestEnvelope):
            assert ours.serialize(read) == sdk.serialize(read)

    check()


def test_a_failed_read_raises_what_the_sdk_raises(base_envelopes):
    event = copy.deepcopy(base_envelopes[1])
    event["request"]["intent"]["slots"] = ["not", "a", "dict"]
    assert read_by(AlexaSerializer(), event) is read_by(SdkWay(), event) is not RequestEnvelope


def responses(lambda_handler) -> list[ResponseEnvelope]:  # noqa: F811
    """What the skill answers a visit on an Echo Show: screens, cards, a timer's permission
    request, triage, the end."""
    from skill import lambda_function

    session = Session(now=NOW, user_id=f"amzn1.ask.account.SER{uuid.uuid4().hex}",
                      supported_interfaces=SCREEN_DEVICE)
    answered = []
    for name, slots in (("Launch", None), ("StartRoutineIntent", [slot("side", "left", "left")]),
                        ("AMAZON.NoIntent", None), ("AMAZON.NextIntent", None),
                        ("SetTimerIntent", [slot("minutes", "10")]), ("AMAZON.YesIntent", None),
                        ("ReportSymptomIntent", [slot("symptom", "fever", "fever")]), ("AMAZON.HelpIntent", None),
                        ("AMAZON.StopIntent", None)):
        event = session.launch() if name == "Launch" else session.intent(name, slots)
        answer = lambda_function.skill.invoke(request_envelope=envelope_guard.read(event), context=None)
        answered.append(answer)
        session.absorb(lambda_function.skill.serializer.serialize(answer))
        session.advance(seconds=20)
    return answered


def test_every_kind_of_response_is_written_as_the_sdk_writes_it(lambda_handler):  # noqa: F811
    answered = responses(lambda_handler)
    kinds = {type(part).__name__ for answer in answered for part in answer.response.directives or []}
    assert {"RenderDocumentDirective", "SendRequestDirective"} <= kinds  # screens and the timer's permission
    for answer in answered:
        assert AlexaSerializer().serialize(answer) == SdkWay().serialize(answer)


@pytest.mark.parametrize(("payload", "kind"), [
    ([1, "2"], "list[int, str]"), (["a", 2], "list[str]"), ({"a": "1"}, "dict(str, int)"), ({"a": 1}, "dict(str,int)"),
    ([{"type": "SSML", "ssml": "<speak/>"}], "list[ask_sdk_model.ui.output_speech.OutputSpeech]"),
    ("USER_INITIATED", "ask_sdk_model.session_ended_reason.SessionEndedReason"), ("x", "object"), ("7", "int")])
def test_every_shape_of_type_is_read_as_the_sdk_reads_it(payload, kind):
    def read(serializer):
        try:
            return serializer._DefaultSerializer__deserialize(payload, kind)
        except Exception as error:
            return type(error)

    assert read(AlexaSerializer()) == read(SdkWay())


class Colour(Enum):
    RED = "red"


class Text(str):
    pass


@pytest.mark.parametrize("value", [
    {"n": Decimal("2"), "x": Decimal("2.5")}, [Colour.RED, (1, "a")], {"text": Text("kept as the SDK keeps it")},
    {"nested": [{"deep": [None, True, 1.5]}]}, NOW, NOW.date(), b"bytes"])
def test_what_is_not_plain_json_is_written_as_the_sdk_writes_it(value):
    assert AlexaSerializer().serialize(value) == SdkWay().serialize(value)
    assert type(AlexaSerializer().serialize(value)) is type(SdkWay().serialize(value))
