"""Timers, reminders, the device's time zone and temperature unit, and voice permissions, through the ASK SDK's service clients.

Every call goes through `handler_input.service_client_factory`, i.e. the SDK's generated clients
on the skill's `api_client`. Build the skill with `CustomSkillBuilder(api_client=AlexaApiClient())`:
it is the SDK's `DefaultApiClient` plus a timeout (the default client has none, and a hung call
would eat Alexa's 8-second answer window).

API errors never reach the caller: each call returns an `ApiOutcome`, and failures are logged at
WARNING with the HTTP status only (no spoken text, no user or device ids).

Asking for a permission by voice (`ask_for_permission_directive`), what the handler must do:

- Speak a short lead-in if wanted ("To set that timer I need your permission."), add the
  directive, and add **no reprompt**; leave `shouldEndSession` unset or set it to true, never
  false. Alexa then runs the consent dialog itself (the skill cannot word it).
- Alexa answers with a `Connections.Response` request named "AskFor"; read it with
  `permission_answer(request)` and its `request.token`. That request may open a new session, so
  put what to do next (e.g. "timer:10") in the token or in persistent attributes, not only in
  session attributes.
- ACCEPTED: do the deferred action now. DENIED: say it cannot be done without the permission
  and carry on. NOT_ANSWERED: carry on without it; do not ask again in the same session.
"""
from __future__ import annotations

import enum
import functools
import logging
from dataclasses import dataclass
from datetime import timezone

from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_model.interfaces.connections import ConnectionsResponse, SendRequestDirective
from ask_sdk_model.permission_status import PermissionStatus
from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo, PushNotification, PushNotificationStatus, ReminderRequest, SpokenInfo, SpokenText,
    Trigger, TriggerType,
)
from ask_sdk_model.services.timer_management import (
    AnnounceOperation, CreationBehavior, DisplayExperience, NotificationConfig, TextToAnnounce,
    TimerRequest, TriggeringBehavior, Visibility,
)

log = logging.getLogger(__name__)

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"

PERMISSION_ANSWERS = ("ACCEPTED", "DENIED", "NOT_ANSWERED")


class ApiOutcome(enum.Enum):
    CREATED = "created"
    NEEDS_PERMISSION = "needs_permission"  # 401/403, or the request carries no consent at all
    UNSUPPORTED = "unsupported"  # 400/404/405: this device, account or marketplace cannot do it
    FAILED = "failed"  # anything else: 5xx, 429, timeouts, network errors


class AlexaApiClient(DefaultApiClient):
    """`DefaultApiClient` with a per-request timeout, and empty bodies passed on as None.

    The SDK's serializer cannot parse "" (what `requests` gives for an empty body), so a bodiless
    401 would surface as a parse error instead of a ServiceException carrying the status code.
    """

    def __init__(self, timeout_seconds: float = 3.0):
        super().__init__()
        self.timeout_seconds = timeout_seconds

    def _resolve_method(self, request):
        return functools.partial(super()._resolve_method(request), timeout=self.timeout_seconds)

    def invoke(self, request):
        response = super().invoke(request)
        if not response.body:
            response.body = None
        return response


def _outcome_for_status(status: int | None) -> ApiOutcome:
    if status in (401, 403):
        return ApiOutcome.NEEDS_PERMISSION
    if status in (400, 404, 405):
        return ApiOutcome.UNSUPPORTED
    return ApiOutcome.FAILED


def _call(operation: str, call) -> tuple[ApiOutcome, object]:
    """Run one service-client call (CREATED here just means it succeeded); never raise."""
    try:
        return ApiOutcome.CREATED, call()
    except ServiceException as error:
        # The SDK reports timeouts and connection errors as status 500.
        log.warning("alexa api %s failed: status %s", operation, error.status_code)
        return _outcome_for_status(error.status_code), None
    except Exception as error:  # noqa: BLE001 - e.g. an unparsable body; the message may hold ids
        log.warning("alexa api %s failed: %s", operation, type(error).__name__)
        return ApiOutcome.FAILED, None


def has_permission(handler_input, scope: str) -> bool:
    """Whether the request says the user granted `scope`.

    A per-scope status, when Alexa sends one, decides; otherwise any consent token counts (the API
    call itself then answers 401/403 if this scope was not granted).
    """
    permissions = handler_input.request_envelope.context.system.user.permissions
    if permissions is None:
        return False
    scope_status = (permissions.scopes or {}).get(scope)
    if scope_status is not None and scope_status.status is not None:
        return scope_status.status == PermissionStatus.GRANTED
    return bool(permissions.consent_token)


def create_timer(handler_input, *, minutes: int, label: str, announce_text: str, locale: str) -> ApiOutcome:
    """A countdown of `minutes` that announces `announce_text` when it ends.

    HIDDEN keeps the skill's own screen on display devices instead of a full-screen timer.
    """
    if minutes < 1:
        raise ValueError(f"a timer needs at least one minute, got {minutes}")
    if not has_permission(handler_input, TIMERS_SCOPE):
        return ApiOutcome.NEEDS_PERMISSION
    timer = TimerRequest(
        duration=f"PT{int(minutes)}M",
        timer_label=label,
        creation_behavior=CreationBehavior(display_experience=DisplayExperience(visibility=Visibility.HIDDEN)),
        triggering_behavior=TriggeringBehavior(
            operation=AnnounceOperation(text_to_announce=[TextToAnnounce(locale=locale, text=announce_text)]),
            notification_config=NotificationConfig(play_audible=True),
        ),
    )
    outcome, _ = _call("create_timer", lambda: handler_input.service_client_factory
                       .get_timer_management_service().create_timer(timer))
    return outcome


@dataclass(frozen=True)
class After:
    """One reminder `seconds` from now (e.g. 24 * 3600 for "check in tomorrow")."""

    seconds: int

    def __post_init__(self):
        if self.seconds < 1:
            raise ValueError(f"After.seconds must be positive, got {self.seconds}")

    def offsets(self) -> list[int]:
        return [self.seconds]


@dataclass(frozen=True)
class Every:
    """A reminder every `hours` hours for the next `within_hours` hours, the first `hours` from now."""

    hours: int
    within_hours: int = 24

    def __post_init__(self):
        if not 1 <= self.hours <= self.within_hours:
            raise ValueError(f"Every.hours must be 1..{self.within_hours}, got {self.hours}")

    def offsets(self) -> list[int]:
        return [step * self.hours * 3600 for step in range(1, self.within_hours // self.hours + 1)]


@dataclass(frozen=True)
class ReminderResult:
    outcome: ApiOutcome
    alert_tokens: tuple[str, ...] = ()


def create_reminder(handler_input, *, text: str, locale: str, trigger: After | Every) -> ReminderResult:
    """Reminders that speak `text`, all as one-shot SCHEDULED_RELATIVE reminders.

    Why not one recurring reminder for `Every`: the Reminders API's recurrence (startDateTime,
    endDateTime, RFC 5545 `recurrenceRules`) is documented only with DAILY/WEEKLY rules, and it
    needs SCHEDULED_ABSOLUTE local times, i.e. the user's time zone and DST handling. Relative
    offsets need neither, and each reminder stays deletable by its own alert token.

    Stops at the first failure and returns that outcome with the tokens created before it.
    """
    if not has_permission(handler_input, REMINDERS_SCOPE):
        return ReminderResult(ApiOutcome.NEEDS_PERMISSION)
    request_time = handler_input.request_envelope.request.timestamp
    if request_time is not None and request_time.tzinfo is not None:
        # The API documents requestTime without an offset.
        request_time = request_time.astimezone(timezone.utc).replace(tzinfo=None)
    tokens: list[str] = []
    for offset in trigger.offsets():
        reminder = ReminderRequest(
            request_time=request_time,
            trigger=Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=offset),
            alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])),
            push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
        )
        outcome, response = _call("create_reminder", lambda: handler_input.service_client_factory
                                  .get_reminder_management_service().create_reminder(reminder))
        if outcome is not ApiOutcome.CREATED:
            return ReminderResult(outcome, tuple(tokens))
        token = getattr(response, "alert_token", None)
        if token:
            tokens.append(token)
    return ReminderResult(ApiOutcome.CREATED, tuple(tokens))


def get_time_zone(handler_input) -> str | None:
    """The device's IANA time zone ("America/New_York"), or None when it cannot be read."""
    zone = _device_setting(handler_input, "get_time_zone", lambda ups, device: ups.get_system_time_zone(device))
    return zone if isinstance(zone, str) and zone else None


def get_temperature_unit(handler_input) -> str | None:
    """The device's temperature unit, "celsius" or "fahrenheit", or None when it cannot be read."""
    unit = _device_setting(handler_input, "get_temperature_unit",
                           lambda ups, device: ups.get_system_temperature_unit(device))
    name = getattr(unit, "value", unit)  # the SDK's TemperatureUnit enum
    return name.lower() if name in ("CELSIUS", "FAHRENHEIT") else None


def _device_setting(handler_input, operation: str, read) -> object:
    """One Settings API value of this request's device (through the SDK's UPS client), or None."""
    device = handler_input.request_envelope.context.system.device
    if device is None or not device.device_id:
        return None
    outcome, value = _call(operation, lambda: read(handler_input.service_client_factory.get_ups_service(),
                                                   device.device_id))
    return value if outcome is ApiOutcome.CREATED else None


def ask_for_permission_directive(scope: str, token: str) -> SendRequestDirective:
    """Connections.SendRequest "AskFor": Alexa asks the user, by voice, to grant `scope`.

    Version "1" takes a single `permissionScope` (version "2" is the StartConnection form).
    """
    return SendRequestDirective(
        name="AskFor",
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": scope},
        token=token,
    )


def permission_answer(request) -> str | None:
    """ACCEPTED, DENIED or NOT_ANSWERED from an AskFor Connections.Response; None for anything else."""
    if not isinstance(request, ConnectionsResponse) or request.name != "AskFor":
        return None
    payload = request.payload
    status = payload.get("status") if isinstance(payload, dict) else None
    return status if status in PERMISSION_ANSWERS else None
