"""skill.alexa_apis against a local HTTPS fake of the Alexa API, through the SDK's real service clients."""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone

import pytest
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.interfaces.connections import ConnectionsResponse
from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory

from skill import alexa_apis
from skill.alexa_apis import (
    REMINDERS_SCOPE, TIMERS_SCOPE, After, AlexaApiClient, ApiOutcome, Every, ReminderResult,
)
from skill.console.alexa_api import NO_BODY
from skill.console.envelopes import Session

SERIALIZER = DefaultSerializer()
TOKEN = "api-token-123"
DEVICE = "amzn1.ask.device.TESTDEVICE"
T0 = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
TIMEOUT = 0.3  # client timeout in these tests; the fake's delays are longer


def envelope_for(api_url: str, *, granted: bool = True, scopes: dict | None = None) -> dict:
    session = Session(device_id=DEVICE, now=T0, api_endpoint=api_url, api_access_token=TOKEN,
                      permissions_granted=granted)
    envelope = session.intent("SetTimerIntent")
    if scopes is not None:
        envelope["context"]["System"]["user"].setdefault("permissions", {})["scopes"] = scopes
    return envelope


def handler_input_for(envelope: dict, api_client=None) -> HandlerInput:
    """What ask_sdk_core.skill.CustomSkill.invoke hands a request handler."""
    request_envelope = SERIALIZER.deserialize(json.dumps(envelope), RequestEnvelope)
    system = request_envelope.context.system
    factory = ServiceClientFactory(ApiConfiguration(
        serializer=SERIALIZER, api_client=api_client or AlexaApiClient(timeout_seconds=TIMEOUT),
        authorization_value=system.api_access_token, api_endpoint=system.api_endpoint))
    return HandlerInput(request_envelope=request_envelope, service_client_factory=factory)


def set_timer(handler_input) -> ApiOutcome:
    return alexa_apis.create_timer(handler_input, minutes=10, label="warm compress",
                                   announce_text="Your warm compress time is up.", locale="en-US")


def feed_reminder(handler_input, trigger) -> ReminderResult:
    return alexa_apis.create_reminder(handler_input, text="Time to feed from the left side.",
                                      locale="en-US", trigger=trigger)


# --- timers -------------------------------------------------------------------------------------

def test_timer_sends_the_documented_request(fake_alexa_api):
    assert set_timer(handler_input_for(envelope_for(fake_alexa_api.url))) is ApiOutcome.CREATED

    [sent] = fake_alexa_api.requests
    assert (sent.method, sent.path) == ("POST", "/v1/alerts/timers")
    assert sent.authorization == f"Bearer {TOKEN}"
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == {
        "duration": "PT10M",
        "timerLabel": "warm compress",
        "creationBehavior": {"displayExperience": {"visibility": "HIDDEN"}},
        "triggeringBehavior": {
            "operation": {"type": "ANNOUNCE",
                          "textToAnnounce": [{"locale": "en-US", "text": "Your warm compress time is up."}]},
            "notificationConfig": {"playAudible": True},
        },
    }


# 400: the Timers API's answer when it cannot set this timer for this device/account; 404/405:
# the endpoint is not offered there (e.g. marketplaces or device types without skill timers).
@pytest.mark.parametrize("status, outcome", [
    (401, ApiOutcome.NEEDS_PERMISSION),
    (403, ApiOutcome.NEEDS_PERMISSION),
    (400, ApiOutcome.UNSUPPORTED),
    (404, ApiOutcome.UNSUPPORTED),
    (405, ApiOutcome.UNSUPPORTED),
    (429, ApiOutcome.FAILED),
    (500, ApiOutcome.FAILED),
    (504, ApiOutcome.FAILED),
])
def test_timer_status_codes_map_to_outcomes(fake_alexa_api, status, outcome):
    fake_alexa_api.respond_with("/v1/alerts/timers", status)
    assert set_timer(handler_input_for(envelope_for(fake_alexa_api.url))) is outcome
    assert len(fake_alexa_api.requests) == 1


def test_bodiless_401_still_means_needs_permission(fake_alexa_api):
    fake_alexa_api.respond_with("/v1/alerts/timers", 401, NO_BODY)
    assert set_timer(handler_input_for(envelope_for(fake_alexa_api.url))) is ApiOutcome.NEEDS_PERMISSION


def test_timer_timeout_fails_fast(fake_alexa_api):
    fake_alexa_api.respond_with("/v1/alerts/timers", 200, {"id": "late"}, delay=2.0)
    started = time.monotonic()
    assert set_timer(handler_input_for(envelope_for(fake_alexa_api.url))) is ApiOutcome.FAILED
    assert time.monotonic() - started < 1.5


def test_zero_minute_timer_is_a_caller_error(fake_alexa_api):
    with pytest.raises(ValueError):
        alexa_apis.create_timer(handler_input_for(envelope_for(fake_alexa_api.url)), minutes=0,
                                label="x", announce_text="x", locale="en-US")
    assert fake_alexa_api.requests == []


def test_no_consent_asks_for_permission_without_calling_the_api(fake_alexa_api):
    handler_input = handler_input_for(envelope_for(fake_alexa_api.url, granted=False))
    assert set_timer(handler_input) is ApiOutcome.NEEDS_PERMISSION
    assert feed_reminder(handler_input, After(3600)) == ReminderResult(ApiOutcome.NEEDS_PERMISSION)
    assert fake_alexa_api.requests == []


def test_missing_api_client_is_a_failure_not_an_exception():
    request_envelope = SERIALIZER.deserialize(json.dumps(envelope_for("https://localhost:9")), RequestEnvelope)
    assert set_timer(HandlerInput(request_envelope=request_envelope)) is ApiOutcome.FAILED


def test_warnings_carry_the_status_but_no_text_token_or_ids(fake_alexa_api, caplog):
    fake_alexa_api.respond_with("/v1/alerts/timers", 403)
    with caplog.at_level(logging.WARNING, logger="skill.alexa_apis"):
        set_timer(handler_input_for(envelope_for(fake_alexa_api.url)))
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "403" in message
    for secret in ("warm compress", "compress time is up", TOKEN, DEVICE, "amzn1.ask.account"):
        assert secret not in message


# --- permissions in the request -----------------------------------------------------------------

@pytest.mark.parametrize("granted, scopes, expected", [
    (True, None, True),  # consent token, no per-scope detail
    (False, None, False),  # no permissions object at all
    (True, {TIMERS_SCOPE: {"status": "DENIED"}}, False),  # the scope status overrides the token
    (False, {TIMERS_SCOPE: {"status": "GRANTED"}}, True),
    (True, {REMINDERS_SCOPE: {"status": "DENIED"}}, True),  # another scope's status does not matter
])
def test_has_permission(granted, scopes, expected):
    handler_input = handler_input_for(envelope_for("https://localhost:9", granted=granted, scopes=scopes))
    assert alexa_apis.has_permission(handler_input, TIMERS_SCOPE) is expected


# --- reminders ----------------------------------------------------------------------------------

def reminder_body(offset: int) -> dict:
    return {
        "requestTime": "2025-03-01T09:30:00",
        "trigger": {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": offset},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Time to feed from the left side."}]}},
        "pushNotification": {"status": "ENABLED"},
    }


def test_one_shot_reminder_sends_the_documented_request(fake_alexa_api):
    result = feed_reminder(handler_input_for(envelope_for(fake_alexa_api.url)), After(24 * 3600))

    assert result == ReminderResult(ApiOutcome.CREATED, ("reminder-1",))
    [sent] = fake_alexa_api.requests
    assert (sent.method, sent.path) == ("POST", "/v1/alerts/reminders")
    assert sent.authorization == f"Bearer {TOKEN}"
    assert sent.json == reminder_body(86400)


def test_every_three_hours_is_eight_relative_reminders_over_a_day(fake_alexa_api):
    result = feed_reminder(handler_input_for(envelope_for(fake_alexa_api.url)), Every(hours=3))

    assert result.outcome is ApiOutcome.CREATED
    assert result.alert_tokens == tuple(f"reminder-{n}" for n in range(1, 9))
    assert [r.json for r in fake_alexa_api.requests] == [reminder_body(h * 3600) for h in range(3, 25, 3)]


def test_reminders_stop_at_the_first_failure_and_keep_the_tokens_made(fake_alexa_api):
    fake_alexa_api.respond_with("/v1/alerts/reminders", 500, after=2)
    result = feed_reminder(handler_input_for(envelope_for(fake_alexa_api.url)), Every(hours=4))
    assert result == ReminderResult(ApiOutcome.FAILED, ("reminder-1", "reminder-2"))
    assert len(fake_alexa_api.requests) == 3


@pytest.mark.parametrize("status, outcome", [
    (401, ApiOutcome.NEEDS_PERMISSION),
    (403, ApiOutcome.NEEDS_PERMISSION),
    (400, ApiOutcome.UNSUPPORTED),
    (404, ApiOutcome.UNSUPPORTED),
    (429, ApiOutcome.FAILED),
    (503, ApiOutcome.FAILED),
])
def test_reminder_status_codes_map_to_outcomes(fake_alexa_api, status, outcome):
    fake_alexa_api.respond_with("/v1/alerts/reminders", status)
    result = feed_reminder(handler_input_for(envelope_for(fake_alexa_api.url)), After(60))
    assert result == ReminderResult(outcome)


def test_reminder_timeout_fails(fake_alexa_api):
    fake_alexa_api.respond_with("/v1/alerts/reminders", 201, {"alertToken": "late"}, delay=2.0)
    result = feed_reminder(handler_input_for(envelope_for(fake_alexa_api.url)), Every(hours=6))
    assert result == ReminderResult(ApiOutcome.FAILED)
    assert len(fake_alexa_api.requests) == 1  # no seven more timeouts


@pytest.mark.parametrize("make", [lambda: After(0), lambda: Every(hours=0), lambda: Every(hours=25)])
def test_nonsense_triggers_are_rejected(make):
    with pytest.raises(ValueError):
        make()


# --- time zone ----------------------------------------------------------------------------------

def test_time_zone_comes_from_the_device_settings(fake_alexa_api):
    fake_alexa_api.time_zone = "Europe/Berlin"
    assert alexa_apis.get_time_zone(handler_input_for(envelope_for(fake_alexa_api.url))) == "Europe/Berlin"
    [sent] = fake_alexa_api.requests
    assert (sent.method, sent.path) == ("GET", f"/v2/devices/{DEVICE}/settings/System.timeZone")
    assert sent.authorization == f"Bearer {TOKEN}"


@pytest.mark.parametrize("status, body, delay", [
    (401, None, 0), (403, None, 0), (500, None, 0), (204, NO_BODY, 0), (200, "", 0), (200, "Late/Zone", 2.0),
])
def test_time_zone_failures_give_none(fake_alexa_api, status, body, delay):
    fake_alexa_api.respond_with("/v2/devices/", status, body, delay=delay)
    assert alexa_apis.get_time_zone(handler_input_for(envelope_for(fake_alexa_api.url))) is None


# --- the lead's skill configuration -------------------------------------------------------------

@pytest.mark.parametrize("api_client", [DefaultApiClient(), AlexaApiClient()], ids=["default", "alexa"])
def test_through_a_real_skill(fake_alexa_api, api_client):
    """CustomSkillBuilder(api_client=...) gives handlers the same service clients."""
    outcomes = []

    class Capture(AbstractRequestHandler):
        def can_handle(self, handler_input):
            return True

        def handle(self, handler_input):
            outcomes.append(set_timer(handler_input))
            return handler_input.response_builder.response

    builder = CustomSkillBuilder(api_client=api_client)
    builder.add_request_handler(Capture())
    skill = builder.create()
    envelope = SERIALIZER.deserialize(json.dumps(envelope_for(fake_alexa_api.url)), RequestEnvelope)
    skill.invoke(request_envelope=envelope, context=None)
    fake_alexa_api.respond_with("/v1/alerts/timers", 403)
    skill.invoke(request_envelope=envelope, context=None)

    assert outcomes == [ApiOutcome.CREATED, ApiOutcome.NEEDS_PERMISSION]
    assert [r.authorization for r in fake_alexa_api.requests] == [f"Bearer {TOKEN}"] * 2


# --- voice permission ---------------------------------------------------------------------------

@pytest.mark.parametrize("scope", [TIMERS_SCOPE, REMINDERS_SCOPE])
def test_ask_for_directive_serializes_to_the_documented_shape(scope):
    directive = alexa_apis.ask_for_permission_directive(scope, "timer:10")
    assert SERIALIZER.serialize(directive) == {
        "type": "Connections.SendRequest",
        "name": "AskFor",
        "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": scope},
        "token": "timer:10",
    }


def request_from(envelope: dict):
    return SERIALIZER.deserialize(json.dumps(envelope), RequestEnvelope).request


@pytest.mark.parametrize("status", ["ACCEPTED", "DENIED", "NOT_ANSWERED"])
def test_permission_answer(status):
    request = request_from(Session(now=T0).connections_response("AskFor", status, token="timer:10"))
    assert alexa_apis.permission_answer(request) == status


@pytest.mark.parametrize("request_", [
    request_from(Session(now=T0).connections_response("AskFor", "MAYBE")),
    request_from(Session(now=T0).connections_response("Buy", "ACCEPTED")),
    request_from(Session(now=T0).intent("AMAZON.YesIntent")),
    ConnectionsResponse(name="AskFor", payload=None),
    ConnectionsResponse(name="AskFor", payload={"status": ["ACCEPTED"]}),
    ConnectionsResponse(name="AskFor", payload="ACCEPTED"),
    None,
], ids=["unknown-status", "other-connection", "intent", "no-payload", "list-status", "string-payload", "none"])
def test_permission_answer_tolerates_odd_requests(request_):
    assert alexa_apis.permission_answer(request_) is None
