"""AlexaSerializer reads every request exactly as the SDK's DefaultSerializer does, only faster."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.services.reminder_management import ReminderResponse

from skill.console.envelopes import Session, slot
from skill.serializer import EARLIEST, LATEST, AlexaSerializer

ROOT = Path(__file__).resolve().parent.parent


def envelopes() -> list[dict]:
    session = Session(now=datetime(2025, 3, 9, 23, 59, 58, tzinfo=timezone.utc), permissions_granted=True)
    built = [session.launch(),
             session.intent("ReportSymptomIntent", [slot("symptom", "chills", "chills"), slot("symptomTwo", None)]),
             session.intent("GiveTemperatureIntent", [slot("whole", "38"), slot("fraction", "3"),
                                                      slot("scale", "celsius", "celsius")]),
             session.connections_response("AskFor", "ACCEPTED", token="timer:10")]
    ended = session.session_ended("ERROR")
    ended["request"]["error"] = {"type": "INVALID_RESPONSE", "message": "bad"}
    built.append(ended)
    with_millis = session.launch()
    with_millis["request"]["timestamp"] = "2019-09-17T10:52:26.123Z"
    built.append(with_millis)
    offset = session.launch()
    offset["request"]["timestamp"] = "2025-03-09T18:59:58-05:00"
    built.append(offset)
    return built


@pytest.mark.parametrize("event", envelopes(), ids=lambda e: e["request"]["type"])
def test_reads_every_request_as_the_sdk_does(event):
    text = json.dumps(event)
    ours = AlexaSerializer().deserialize(text, RequestEnvelope)
    assert ours == DefaultSerializer().deserialize(text, RequestEnvelope)
    assert AlexaSerializer().request_from_event(json.loads(text)) == ours
    assert ours.request.timestamp.utcoffset() is not None  # aware, like dateutil's result


def test_timestamps_are_the_same_instant_as_dateutil_reads_them():
    for event in envelopes():
        text = json.dumps(event)
        stock = DefaultSerializer().deserialize(text, RequestEnvelope).request.timestamp
        assert AlexaSerializer().deserialize(text, RequestEnvelope).request.timestamp - stock == timedelta(0)


def test_what_the_standard_library_cannot_read_goes_to_dateutil():
    event = Session().launch()
    event["request"]["timestamp"] = "March 9 2025 11:59 PM UTC"  # not ISO 8601: only dateutil reads it
    ours = AlexaSerializer().deserialize(json.dumps(event), RequestEnvelope).request.timestamp
    assert ours == datetime(2025, 3, 9, 23, 59, tzinfo=timezone.utc)


def _timestamp_read_from(value, *, drop: bool = False) -> datetime:
    event = Session().launch()
    if drop:
        del event["request"]["timestamp"]
    else:
        event["request"]["timestamp"] = value
    ours = AlexaSerializer().request_from_event(event).request.timestamp
    assert AlexaSerializer().deserialize(json.dumps(event), RequestEnvelope).request.timestamp == ours
    return ours


@pytest.mark.parametrize("value, expected", [
    # Alexa sends UTC: a time without a zone is read as UTC.
    ("2025-03-09T23:59:58", datetime(2025, 3, 9, 23, 59, 58, tzinfo=timezone.utc)),
    ("2025-03-09T23:59:58.5", datetime(2025, 3, 9, 23, 59, 58, 500000, tzinfo=timezone.utc)),
    # Other zones come back as the same instant in UTC.
    ("2025-03-09T18:59:58-05:00", datetime(2025, 3, 9, 23, 59, 58, tzinfo=timezone.utc)),
    # Out of range, either side, clamps (no OverflowError in later date arithmetic).
    ("0001-01-01T00:00:00+14:00", EARLIEST),
    ("1970-01-01T00:00:00Z", EARLIEST),
    ("9999-12-31T23:59:59-14:00", LATEST),
    ("2250-06-01T00:00:00Z", LATEST),
    ("99999-01-01T00:00:00Z", EARLIEST),  # no such year: not a time at all
    # Not a time: the earliest instant, never the machine clock.
    ("not a time", EARLIEST),
    ("", EARLIEST),
    ("10:30", datetime(2015, 1, 1, 10, 30, tzinfo=timezone.utc)),  # dateutil would take today's date
    ("2025-03-09T23:59:58Z" + " " * 200, EARLIEST),  # too long to be a time: not even parsed
    (1741564798, EARLIEST),
    (17415647980000000000000, EARLIEST),
    (None, EARLIEST),
    ({"year": 2025}, EARLIEST),
    (["2025-03-09T23:59:58Z"], EARLIEST),
])
def test_every_timestamp_is_read_as_aware_utc_within_range(value, expected):
    ours = _timestamp_read_from(value)
    assert ours == expected
    assert ours.utcoffset() == timedelta(0)
    assert EARLIEST <= ours <= LATEST


def test_a_missing_timestamp_is_the_earliest_instant():
    assert _timestamp_read_from(None, drop=True) == EARLIEST


def test_the_range_leaves_room_for_date_arithmetic():
    assert EARLIEST < datetime(2020, 1, 1, tzinfo=timezone.utc) and LATEST > datetime(2100, 1, 1, tzinfo=timezone.utc)
    (LATEST + timedelta(days=3650)).timestamp()
    (EARLIEST - timedelta(days=3650)).timestamp()


def test_api_responses_with_dates_still_parse():
    body = json.dumps({"alertToken": "t", "createdTime": "2025-03-09T23:59:58.000Z", "status": "ON",
                       "version": "1", "href": "/v1/alerts/reminders/t"})
    assert AlexaSerializer().deserialize(body, ReminderResponse) == DefaultSerializer().deserialize(body, ReminderResponse)
    assert AlexaSerializer()._DefaultSerializer__deserialize_datetime("2025-03-09", date) == date(2025, 3, 9)


def test_the_sdk_still_has_the_hooks_overridden():
    """A new SDK release that renames them would silently bring back the slow path."""
    for hook in ("_DefaultSerializer__deserialize_datetime", "_DefaultSerializer__load_class_from_name"):
        assert hook in vars(DefaultSerializer) and hook in vars(AlexaSerializer)
    assert "_DefaultSerializer__deserialize" in vars(DefaultSerializer)  # what request_from_event calls


def test_a_launch_in_a_fresh_process_never_imports_dateutils_parser(tmp_path):
    script = ("import json, sys; from skill.lambda_function import lambda_handler; "
              "from skill.console.envelopes import Session; "
              "assert 'response' in lambda_handler(Session().launch(), None); "
              "print('dateutil.parser' in sys.modules)")
    env = {**os.environ, "MILKDUCT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("MILKDUCT_TABLE", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_skill_uses_it():
    from skill.lambda_function import skill

    assert isinstance(skill.serializer, AlexaSerializer)


def test_session_attributes_copy_fast_and_exactly():
    import copy

    session = Session()
    event = session.launch()
    event["session"]["attributes"] = {"pos": {"section": 0, "step": 2}, "tried": ["a", "b"], "_last": ["<speak/>", None],
                                      "n": 1.5, "flag": True}
    envelope = AlexaSerializer().deserialize(json.dumps(event), RequestEnvelope)
    attributes = envelope.session.attributes
    copied = copy.deepcopy(attributes)  # what the SDK's AttributesManager does on every request
    assert copied == event["session"]["attributes"] and type(copied) is dict
    copied["pos"]["step"] = 3
    assert attributes["pos"]["step"] == 2  # a real copy, nothing shared
    attributes["when"] = datetime(2025, 1, 1)  # not JSON data: the general way still copies it
    assert copy.deepcopy(attributes)["when"] == datetime(2025, 1, 1)
