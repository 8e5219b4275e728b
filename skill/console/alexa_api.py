"""A local Alexa API (what `context.System.apiEndpoint` points at), over HTTPS on loopback.

One fake serves the console and the tests, so no request ever leaves the machine. It keeps what a
device would: the timers and reminders the skill set (ending on the caller's clock), the user's
settings, which permissions were granted, and the token requests must carry. `serving()` runs it
over TLS (`https_server`), with `requests` trusting it for as long as it runs.

Implements, as the Alexa APIs answer them:
- POST/GET/DELETE /v1/alerts/timers[/{id}] (timers scope), POST/GET /v1/alerts/reminders (reminders scope);
- GET /v2/devices/{deviceId}/settings/System.timeZone, System.temperatureUnit, System.distanceUnits (the SDK's paths).
Every request is recorded; `respond_with` makes a path fail (or answer slowly) on purpose.
"""
from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from skill.console.https_server import RecordedRequest, serve_https

TIMERS = "/v1/alerts/timers"
REMINDERS = "/v1/alerts/reminders"
SETTINGS = "/v2/devices/"
TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
TEMPERATURE_UNITS = ("CELSIUS", "FAHRENHEIT")
NO_BODY = object()  # `respond_with(..., body=NO_BODY)`: answer with an empty body
_SETTING = re.compile(r"^/v2/devices/[^/]+/settings/(System\.\w+)$")
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


@dataclass
class Alert:
    """A timer or reminder the skill set: `ends` on the API's clock, `speech` what Alexa says then."""

    kind: str  # "timer" or "reminder"
    id: str
    label: str
    speech: str
    ends: datetime


@dataclass
class _Rule:
    status: int
    body: object
    delay: float
    after: int  # matching requests still to answer normally before this rule applies


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _duration(text: object) -> timedelta | None:
    m = _DURATION.match(text) if isinstance(text, str) else None
    if m is None or not any(m.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _error(status: int, code: str, message: str) -> tuple[int, dict]:
    return status, {"code": code, "message": message}


@dataclass
class LocalAlexaApi:
    """The API's state and its answers; `serving()` runs it. `.url` goes into `apiEndpoint`.

    `clock` is the device's clock (the console's, so `:time +10m` ends a 10-minute timer).
    `token`: when set, requests must carry `Authorization: Bearer <token>`.
    `granted`: the permission scopes the user granted; None grants every scope (most tests).
    """

    clock: Callable[[], datetime] = _utc_now
    token: str | None = None
    granted: set[str] | None = None
    time_zone: str = "America/Chicago"
    temperature_unit: str = "FAHRENHEIT"
    distance_unit: str = "IMPERIAL"
    url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    alerts: dict[str, Alert] = field(default_factory=dict)
    _rules: dict[str, _Rule] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # -- what tests and the console change ---------------------------------------------------
    def respond_with(self, path_prefix: str, status: int, body=None, *, delay: float = 0.0, after: int = 0) -> None:
        """Answer requests whose path starts with `path_prefix` with `status` (after `delay` seconds).

        `body` is sent as JSON; when None, error statuses get an Alexa-style {"code", "message"}.
        `after=n` lets the first n matching requests through to the normal answer.
        """
        self._rules[path_prefix] = _Rule(status, body, delay, after)

    def stop_failing(self, path_prefix: str | None = None) -> None:
        """Forget the `respond_with` rule for `path_prefix` (every rule when None)."""
        if path_prefix is None:
            self._rules.clear()
        else:
            self._rules.pop(path_prefix, None)

    def grant(self, scope: str) -> None:
        with self._lock:
            if self.granted is not None:
                self.granted.add(scope)

    def active(self, kind: str) -> list[Alert]:
        """Timers or reminders still to go off, soonest first."""
        with self._lock:
            return sorted((a for a in self.alerts.values() if a.kind == kind), key=lambda a: a.ends)

    def due(self) -> list[Alert]:
        """The alerts whose time has come on the clock, soonest first; they go off (and are gone)."""
        now = self.clock()
        with self._lock:
            ended = sorted((a for a in self.alerts.values() if a.ends <= now), key=lambda a: a.ends)
            for alert in ended:
                del self.alerts[alert.id]
        return ended

    # -- answering --------------------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self.requests.append(request)
            return len(self.requests)

    def _rule_for(self, path: str) -> _Rule | None:
        matches = [prefix for prefix in self._rules if path.startswith(prefix)]
        if not matches:
            return None
        rule = self._rules[max(matches, key=len)]
        with self._lock:
            if rule.after > 0:
                rule.after -= 1
                return None
        return rule

    def answer(self, request: RecordedRequest, number: int) -> tuple[int, object, float]:
        rule = self._rule_for(request.path)
        if rule is not None:
            if rule.body is NO_BODY:
                return rule.status, None, rule.delay
            if rule.body is None and rule.status >= 400:
                return rule.status, {"code": f"HTTP_{rule.status}", "message": "fake error"}, rule.delay
            return rule.status, rule.body, rule.delay
        if self.token is not None and request.authorization != f"Bearer {self.token}":
            return (*_error(401, "UNAUTHORIZED", "missing or wrong access token"), 0)
        return (*self._route(request, number), 0)

    def _route(self, request: RecordedRequest, number: int) -> tuple[int, object]:
        method, path = request.method, request.path.split("?")[0]
        if m := _SETTING.match(path):
            value = {"System.timeZone": self.time_zone, "System.temperatureUnit": self.temperature_unit,
                     "System.distanceUnits": self.distance_unit}.get(m.group(1))
            return (200, value) if method == "GET" and value else _error(404, "NOT_FOUND", "no such setting")
        for prefix, scope, serve in ((TIMERS, TIMERS_SCOPE, self._timers), (REMINDERS, REMINDERS_SCOPE, self._reminders)):
            if path.startswith(prefix):
                if self.granted is not None and scope not in self.granted:
                    return _error(401, "UNAUTHORIZED", f"the user has not granted {scope}")
                return serve(method, path, request.json if isinstance(request.json, dict) else {}, number)
        return _error(404, "NOT_FOUND", "no such resource")

    def _timers(self, method: str, path: str, body: dict, number: int) -> tuple[int, object]:
        now = self.clock()
        if method == "POST" and path == TIMERS:
            length = _duration(body.get("duration"))
            if length is None:
                return _error(400, "INVALID_DURATION", "duration must be an ISO 8601 duration such as PT10M")
            announce = ((body.get("triggeringBehavior") or {}).get("operation") or {}).get("textToAnnounce") or []
            alert = Alert("timer", f"timer-{number}", body.get("timerLabel") or "", " ".join(
                a.get("text", "") for a in announce) or "Your timer is done.", now + length)
            with self._lock:
                self.alerts[alert.id] = alert
            return 200, {"id": alert.id, "status": "ON", "duration": body.get("duration"),
                         "timerLabel": alert.label, "triggerTime": _stamp(alert.ends),
                         "createdTime": _stamp(now), "updatedTime": _stamp(now)}
        if method == "GET" and path == TIMERS:
            timers = [{"id": a.id, "status": "ON", "timerLabel": a.label, "triggerTime": _stamp(a.ends),
                       "remainingTimeWhenPaused": None} for a in self.active("timer")]
            return 200, {"timers": timers, "totalCount": len(timers), "nextToken": None}
        if method == "DELETE":
            with self._lock:
                ids = [a.id for a in self.active("timer")] if path == TIMERS else [path.rsplit("/", 1)[1]]
                if not all(i in self.alerts for i in ids):
                    return _error(404, "TIMER_NOT_FOUND", "no such timer")
                for i in ids:
                    del self.alerts[i]
            return 200, {}
        return _error(405, "METHOD_NOT_ALLOWED", "not supported here")

    def _reminders(self, method: str, path: str, body: dict, number: int) -> tuple[int, object]:
        now = self.clock()
        if method == "POST" and path == REMINDERS:
            ends = self._trigger_time(body.get("trigger") or {}, now)
            if ends is None:
                return _error(400, "INVALID_TRIGGER", "trigger needs offsetInSeconds or scheduledTime")
            spoken = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
            text = " ".join(c.get("text", "") for c in spoken)
            alert = Alert("reminder", f"reminder-{number}", text, text, ends)
            with self._lock:
                self.alerts[alert.id] = alert
            return 201, {"alertToken": alert.id, "createdTime": _stamp(now), "updatedTime": _stamp(now),
                         "status": "ON", "version": "1", "href": f"{REMINDERS}/{alert.id}"}
        if method == "GET" and path == REMINDERS:
            alerts = [{"alertToken": a.id, "status": "ON", "trigger": {"scheduledTime": _stamp(a.ends)},
                       "alertInfo": {"spokenInfo": {"content": [{"text": a.speech}]}}}
                      for a in self.active("reminder")]
            return 200, {"alerts": alerts, "totalCount": str(len(alerts))}
        return _error(405, "METHOD_NOT_ALLOWED", "not supported here")

    def _trigger_time(self, trigger: dict, now: datetime) -> datetime | None:
        if trigger.get("type") == "SCHEDULED_RELATIVE" and isinstance(trigger.get("offsetInSeconds"), int):
            return now + timedelta(seconds=trigger["offsetInSeconds"])
        if trigger.get("type") == "SCHEDULED_ABSOLUTE" and trigger.get("scheduledTime"):
            # Absolute reminders are local times, in the trigger's zone or the device's.
            local = datetime.fromisoformat(trigger["scheduledTime"]).replace(tzinfo=None)
            return local.replace(tzinfo=ZoneInfo(trigger.get("timeZoneId") or self.time_zone))
        return None

    # -- running ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def serving(self) -> Iterator[LocalAlexaApi]:
        """Serve on 127.0.0.1 (a free port) with `requests` trusting this server, until the block ends."""
        with serve_https(self._answer_recorded) as url:
            self.url = url
            yield self

    def _answer_recorded(self, request: RecordedRequest) -> tuple[int, object, float]:
        return self.answer(request, self._record(request))
