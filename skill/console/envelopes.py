"""Alexa request envelopes as the service sends them, for the console, tests and benchmarks.

A `Session` keeps what Alexa keeps between turns (session id, attributes, a clock taken
from the caller) and builds the JSON that `lambda_handler` receives.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot(name: str, value: str | None, resolved_id: str | None = None, resolved_name: str | None = None) -> dict:
    """One slot as Alexa sends it; `resolved_id` adds an entity-resolution match."""
    body: dict = {"name": name, "confirmationStatus": "NONE"}
    if value is None:
        return body
    body["value"] = value
    if resolved_id is not None:
        body["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{name}",
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": resolved_name or value, "id": resolved_id}}],
        }]}
    return body


# What an Echo Show (APL 2024.3) says it supports; a voice-only Echo sends none. Spelled out
# rather than built from skill.render.apl's APL_INTERFACE and APL_VERSION: importing those here
# would load the screen code into every process that makes envelopes (test_screens checks that a
# voice-only request never does), and the screen tests fail if this falls behind them.
SCREEN_DEVICE = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.3"}}}


@dataclass
class Session:
    """One user's conversation with the skill, turn by turn."""

    user_id: str = "amzn1.ask.account.CONSOLE"
    device_id: str = "amzn1.ask.device.CONSOLE"
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    # Never Amazon's: the console points this at its local Alexa API; a closed local port otherwise.
    api_endpoint: str = "http://127.0.0.1:9"
    api_access_token: str = "console-token"
    permissions_granted: bool = False
    locale: str = "en-US"
    session_id: str | None = None
    attributes: dict = field(default_factory=dict)
    supported_interfaces: dict = field(default_factory=dict)  # SCREEN_DEVICE for an Echo Show

    def advance(self, **delta) -> None:
        """Move this session's clock, e.g. `advance(hours=30)`."""
        self.now += timedelta(**delta)

    def _envelope(self, request: dict) -> dict:
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        user: dict = {"userId": self.user_id}
        if self.permissions_granted:
            user["permissions"] = {"consentToken": self.api_access_token}
        request.setdefault("requestId", f"amzn1.echo-api.request.{uuid.uuid4()}")
        request.setdefault("timestamp", _iso(self.now))
        request.setdefault("locale", self.locale)
        application = {"applicationId": SKILL_ID}
        return {
            "version": "1.0",
            "session": {
                "new": new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": self.attributes,
                "user": user,
            },
            "context": {
                "System": {
                    "application": application,
                    "user": user,
                    "device": {"deviceId": self.device_id, "supportedInterfaces": self.supported_interfaces},
                    "apiEndpoint": self.api_endpoint,
                    "apiAccessToken": self.api_access_token,
                },
            },
            "request": request,
        }

    def launch(self) -> dict:
        self.session_id = None
        return self._envelope({"type": "LaunchRequest"})

    def intent(self, name: str, slots: list[dict] | None = None) -> dict:
        return self._envelope({
            "type": "IntentRequest",
            "dialogState": "STARTED",
            "intent": {"name": name, "confirmationStatus": "NONE",
                       "slots": {s["name"]: s for s in (slots or [])}},
        })

    def user_event(self, *arguments: object, token: str = "") -> dict:
        """A touch on the screen: what the document's SendEvent sent."""
        return self._envelope({"type": "Alexa.Presentation.APL.UserEvent", "token": token,
                               "arguments": list(arguments), "source": {"type": "TouchWrapper", "handler": "Press"}})

    def can_fulfill_intent(self, name: str, slots: list[dict] | None = None) -> dict:
        """What Alexa asks before routing a name-free request: outside this conversation's session."""
        envelope = replace(self, session_id=None)._envelope({
            "type": "CanFulfillIntentRequest",
            "intent": {"name": name, "confirmationStatus": "NONE", "slots": {s["name"]: s for s in (slots or [])}},
        })
        return envelope

    def session_ended(self, reason: str = "USER_INITIATED") -> dict:
        envelope = self._envelope({"type": "SessionEndedRequest", "reason": reason})
        self.session_id = None
        return envelope

    def connections_response(self, name: str, status: str, token: str = "") -> dict:
        """The answer to a Connections.SendRequest (e.g. AskFor permissions)."""
        return self._envelope({
            "type": "Connections.Response", "name": name, "token": token,
            "status": {"code": "200", "message": "OK"},
            "payload": {"permissionScope": "", "status": status},
        })

    def absorb(self, response: dict) -> None:
        """Take the session attributes back from a response and close the session if asked."""
        self.attributes = response.get("sessionAttributes") or {}
        if response.get("response", {}).get("shouldEndSession", True) is True:
            self.session_id = None
