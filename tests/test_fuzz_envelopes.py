"""Property-based fuzzing of lambda_handler with mutated real envelopes (hypothesis).

Real envelopes of every kind the skill meets, with session attributes taken from a real
conversation, are mutated: keys dropped, values swapped for the wrong type, NaN, infinities,
huge numbers and strings, markup, odd slots and timestamps. Every one must come back as a valid
Alexa response (strict JSON, the response shape, well-formed SSML) and nothing may raise.

Forged session attributes are fuzzed apart (every reply must be a real answer, never the error
handler's), and the exact inputs that broke the logic before issue 8's normaliser are kept as
plain tests, each asserting the exact reply: the one the same turn gets without the forgery.
"""
from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime, timezone
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from driver import speech_text
from skill.console.envelopes import Session, slot
from skill.interceptors import CARRIED

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
ENVELOPES_PER_RUN = 10_000
WEB_ENVELOPES_PER_RUN = 1_000  # the web service adds Flask and the body checks to each
HUGE = "x" * 100_000

ODD_TEXT = ["", " ", "nan", "NaN", "-0", "1e999", "<audio src='https://evil.example/a.mp3'/>", "</speak><speak>",
            "]]>&<'\"", "\x00\x1f", "\ud7ff\ue000\U0001f600", "𝔣𝔢𝔳𝔢𝔯", "y" * 2_000, "2026-11-20T15:00:00",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH",
            "AMAZON.StopIntent", "LaunchRequest", "IntentRequest", "fever", "chest_pain", "left", "celsius", "days",
            "-5", "100000", "38.3", "?"]


def odd_values(*extra_text: str):
    """Values that break assumptions: wrong types, non-finite and huge numbers, markup, time-like
    text, names the skill reacts to."""
    return st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
        st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(ODD_TEXT + list(extra_text)),
        st.text(max_size=12), st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


ODD_VALUES = odd_values(HUGE)
ODD_SLOT_VALUES = odd_values()  # the 100 KB slot value has its own case below (FORGED_CASES)
# Strategies made once: building one per draw (sampled_from a fresh list) was most of the run.
CHOICE = st.integers(min_value=0, max_value=2 ** 16)  # an index, taken modulo the choices
MUTATIONS = st.integers(min_value=1, max_value=4)
OPERATIONS = st.sampled_from(["drop", "replace", "replace", "wrap", "add"])
NEW_KEYS = st.sampled_from(["value", "id", "type", "attributes", "x"])


@pytest.fixture(scope="module")
def lambda_handler():
    """The real entry point and skill, on the test session's throwaway SQLite store, without the
    store wrapper's backoff sleeps (an envelope without a user id would wait 0.15 s each)."""
    from skill import lambda_function

    store = lambda_function.skill.persistence_adapter
    saved_sleep = store.sleep
    store.sleep = lambda seconds: None
    yield lambda_function.lambda_handler
    store.sleep = saved_sleep


@pytest.fixture(scope="module")
def base_envelopes(lambda_handler) -> list[dict]:
    """Envelopes of every kind, from a real conversation (so their session attributes are real)."""
    # A user of its own: a store that already knows "FUZZ" (an earlier run's, under mutmut) would
    # offer her saved place and change every turn below.
    session = Session(now=NOW, user_id=f"amzn1.ask.account.FUZZ{uuid.uuid4().hex}", api_endpoint="http://127.0.0.1:9")
    built: list[dict] = []

    def turn(event: dict) -> None:
        built.append(copy.deepcopy(event))
        session.absorb(lambda_handler(event, None))
        session.advance(seconds=20)

    turn(session.launch())
    turn(session.intent("StartRoutineIntent", [slot("side", "left", "left"), slot("location", "outer", "outer")]))
    turn(session.intent("AMAZON.NoIntent"))
    # Issue 14: the first start asks which routine; without an answer the turns below are not in it.
    turn(session.intent("ChooseRoutineIntent", [slot("routine", "classic", "classic")]))
    turn(session.intent("AMAZON.NextIntent"))
    turn(session.intent("AMAZON.RepeatIntent"))
    turn(session.intent("ReportSymptomIntent", [slot("symptom", "fever", "fever"), slot("symptomTwo", None)]))
    turn(session.intent("AMAZON.NoIntent"))
    turn(session.intent("GiveTemperatureIntent", [slot("whole", "101"), slot("fraction", "3"),
                                                  slot("scale", "fahrenheit", "fahrenheit")]))
    turn(session.intent("GiveDurationIntent", [slot("amount", "2"), slot("unit", "days", "days"), slot("since", None)]))
    turn(session.intent("SetTimerIntent", [slot("minutes", "10"), slot("compress", "cool", "cool")]))
    turn(session.intent("AMAZON.YesIntent"))
    turn(session.intent("AMAZON.HelpIntent"))
    turn(session.intent("AMAZON.FallbackIntent"))
    turn(session.intent("AMAZON.StopIntent"))
    turn(session.connections_response("AskFor", "ACCEPTED", token="timer:10"))
    turn(session.session_ended("USER_INITIATED"))
    # A session carrying what a store fault left unsaved (skill/interceptors.py), to be forged too.
    fallback = next(e for e in built if (e["request"].get("intent") or {}).get("name") == "AMAZON.FallbackIntent")
    carrying = copy.deepcopy(fallback)
    carrying["session"]["attributes"][CARRIED] = {
        "episode": {"started": "2026-11-20T14:00:00+00:00", "signs": ["fever"], "outcome": "provider"},
        "prefs": {"disclaimer_heard": True}}
    built.append(carrying)
    can_fulfill = session.intent("ReportSymptomIntent", [slot("symptom", "chills", "chills")])
    can_fulfill["request"]["type"] = "CanFulfillIntentRequest"
    del can_fulfill["session"]
    built.append(can_fulfill)
    for request in ({"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": "m"},
                     "cause": {"requestId": "r"}},
                    {"type": "AudioPlayer.PlaybackStopped", "token": "t", "offsetInMilliseconds": 5}):
        event = session.launch()
        event["request"] = {"requestId": "r", "timestamp": "2026-11-20T15:00:00Z", "locale": "en-US", **request}
        built.append(event)
    return built


def paths(value, prefix=()) -> list[tuple]:
    """Every key path in a JSON value, containers included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


def is_session_attributes(path: tuple) -> bool:
    return path[:2] == ("session", "attributes")


def is_slot(path: tuple) -> bool:
    return path[:3] == ("request", "intent", "slots")


def mutate(data, event: dict, allowed) -> dict:
    """One to four mutations at paths `allowed` accepts: drop, replace, wrap, or add a key."""
    for _ in range(data.draw(MUTATIONS, label="mutations")):
        candidates = [p for p in paths(event) if p and allowed(p)]
        if not candidates:
            break
        path = candidates[data.draw(CHOICE, label="path") % len(candidates)]
        parent = event
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        values = ODD_SLOT_VALUES if is_slot(path) else ODD_VALUES
        operation = data.draw(OPERATIONS, label="operation")
        if operation == "drop":
            del parent[key]
        elif operation == "replace":
            parent[key] = data.draw(values, label="value")
        elif operation == "wrap":
            parent[key] = [parent[key]]
        elif isinstance(parent[key], dict):
            parent[key][data.draw(NEW_KEYS, label="key")] = data.draw(values, label="value")
    return event


def assert_valid_response(response) -> None:
    """What Alexa accepts: strict JSON, version 1.0, a response object with well-formed parts."""
    text = json.dumps(response, allow_nan=False)  # NaN or Infinity would not be JSON
    assert len(text.encode()) <= 24 * 1024, f"response of {len(text)} bytes"
    assert isinstance(response, dict) and response["version"] == "1.0"
    body = response["response"]
    assert isinstance(body, dict)
    assert isinstance(response.get("sessionAttributes", {}), dict)
    assert body.get("shouldEndSession") in (None, True, False)
    for speech in (body.get("outputSpeech"), (body.get("reprompt") or {}).get("outputSpeech")):
        if speech is not None:
            assert speech["type"] == "SSML"
            root = ElementTree.fromstring(speech["ssml"])
            assert root.tag == "speak"
            assert {element.tag for element in root.iter()} <= {"speak", "break"}, speech["ssml"]
    if "canFulfillIntent" in body:
        assert body["canFulfillIntent"]["canFulfill"] in ("YES", "NO", "MAYBE")


SAFE_ERROR = "Sorry, something went wrong on my side."


def assert_understood(response) -> None:
    """A valid response that is not the error handler's: the turn was really served."""
    assert_valid_response(response)
    assert SAFE_ERROR not in response["response"].get("outputSpeech", {}).get("ssml", "")


def fuzz(handler, base_envelopes, allowed, examples: int, check_response=assert_valid_response,
         phases=tuple(Phase)) -> int:
    """Sends `examples` mutated envelopes to `handler(event, context)`, checking every response."""
    sent = []

    @settings(max_examples=examples, deadline=None, database=None, phases=phases,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def check(data):
        base = base_envelopes[data.draw(CHOICE, label="envelope") % len(base_envelopes)]
        event = mutate(data, copy.deepcopy(base), allowed)
        sent.append(1)
        check_response(handler(event, None))

    check()
    return len(sent)


@pytest.mark.slow
def test_mutated_envelopes_always_get_a_valid_response(lambda_handler, base_envelopes):
    sent = fuzz(lambda_handler, base_envelopes, lambda path: not is_session_attributes(path), ENVELOPES_PER_RUN)
    assert sent >= ENVELOPES_PER_RUN


@pytest.mark.slow
def test_mutated_envelopes_through_the_web_service_get_a_response_or_a_400(lambda_handler, base_envelopes):
    """Never a 500: a valid Alexa response, a 400 for a body that is not strict JSON or has
    no readable request, or a 413 for a body over the limit (verification off: the checks
    themselves are tested one by one)."""
    from skill import lambda_function
    from skill.webservice import create_app
    from skill.webservice.app import MAX_BODY_BYTES

    client = create_app(lambda_function.skill, verify=False).test_client()

    def post(event, context):
        body = json.dumps(event)  # NaN stays NaN
        answer = client.post("/", data=body, content_type="application/json")
        if len(body.encode()) > MAX_BODY_BYTES:  # a mutation can grow a value past the limit
            assert answer.status_code == 413, answer.status_code
            return {"status": 400, "error": "too large"}
        if answer.status_code == 400:
            return {"status": 400, **answer.get_json()}
        assert answer.status_code == 200, (answer.status_code, answer.get_data()[:200])
        return answer.get_json()

    def check(response):
        if response.get("status") == 400:
            assert set(response) == {"status", "error"} and response["error"]
        else:
            assert_valid_response(response)

    sent = fuzz(post, base_envelopes, lambda path: not is_session_attributes(path), WEB_ENVELOPES_PER_RUN, check)
    assert sent >= WEB_ENVELOPES_PER_RUN


@pytest.mark.slow
def test_forged_session_attributes_are_served(lambda_handler, base_envelopes):
    with_attributes = [e for e in base_envelopes if (e.get("session") or {}).get("attributes")]
    fuzz(lambda_handler, with_attributes, is_session_attributes, 2_000, check_response=assert_understood)


def turn_of(base_envelopes, intent: str) -> dict:
    found = next(e for e in base_envelopes if (e["request"].get("intent") or {}).get("name") == intent)
    return copy.deepcopy(found)


def _set(event: dict, path: tuple, value) -> dict:
    parent = event
    for key in path[:-1]:
        parent = parent[key]
    if value is DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return event


DROP = object()
SIDE_ID = ("request", "intent", "slots", "side", "resolutions", "resolutionsPerAuthority", 0, "values", 0, "value", "id")

# The exact inputs the fuzz tests above found mishandled before issue 8's normaliser:
# (turn, where, what, the reply's response keys if not the untouched turn's reply).
FORGED_CASES = [
    # were echoed back as NaN / Infinity: not JSON
    ("AMAZON.NoIntent", ("session", "attributes", "triage", "signs"), float("nan"), None),
    ("AMAZON.RepeatIntent", ("session", "attributes", "pos", "held"), float("inf"), None),
    # were echoed back verbatim: a response over 100 KB, past Alexa's 24 KB
    ("AMAZON.NextIntent", ("session", "attributes", "side"), HUGE, None),
    ("StartRoutineIntent", SIDE_ID, HUGE, None),
    # was replayed by "repeat" as SSML taken from the request
    ("AMAZON.RepeatIntent", ("session", "attributes", "_last", 0), "<audio src='https://evil.example/a.mp3'/>",
     None),
    # got the generic error reply instead of an answer
    ("AMAZON.NextIntent", ("session", "attributes", "pos", "step"), 0.5, None),
    ("AMAZON.HelpIntent", ("session", "attributes", "pending"), {}, None),
    ("ReportSymptomIntent", ("session", "attributes", "triage", "signs"), None, None),
    # a confirmation without its action: nothing is done, and she hears so
    ("AMAZON.YesIntent", ("session", "attributes", "action", "type"), DROP, ("not_done", "next_in_routine")),
]


@pytest.mark.parametrize("intent, path, value, keys", FORGED_CASES,
                         ids=[f"{i}-{'.'.join(map(str, p[-2:]))}" for i, p, _, _ in FORGED_CASES])
def test_forged_values_are_dropped_and_the_turn_served(lambda_handler, base_envelopes, content, intent, path, value,
                                                       keys):
    untouched = lambda_handler(turn_of(base_envelopes, intent), None)
    forged = lambda_handler(_set(turn_of(base_envelopes, intent), path, value), None)
    assert_understood(forged)
    said = forged["response"]["outputSpeech"]["ssml"]
    if keys is None:
        assert said == untouched["response"]["outputSpeech"]["ssml"]
    else:
        assert speech_text(said) == " ".join(content["responses"][key] for key in keys)
    assert "x" * 201 not in json.dumps(forged) and "evil.example" not in json.dumps(forged)
