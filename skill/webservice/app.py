"""The skill as a self-hosted web service: Flask app factory.

Plays the part of flask-ask-sdk's SkillAdapter (see verifier.py for why that package is not
used): verify the request, invoke the skill, serialize its response.
"""
from __future__ import annotations

import importlib
import json
import logging
import math
import os

from ask_sdk_core.skill import CustomSkill
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from .. import envelope_guard
from .verifier import (AbstractVerifier, RequestVerifier, SkillIdVerifier, TimestampVerifier,
                       VerificationException)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Alexa requests are a few KiB.
# Alexa's envelopes nest about ten levels (request.intent.slots.*.resolutions...values.value).
# Deeper bodies are refused before anything recursive (the SDK's reader, deepcopy) meets them.
MAX_DEPTH = 64


class ConfigurationError(ValueError):
    """The service would start in an unsafe configuration."""


class BadBody(ValueError):
    """The body is not a JSON object Alexa could have sent; the message says why."""


def _error(status: int, message: str):
    return jsonify(error=message), status


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999 reads as infinity
        raise BadBody("body has a number out of range")
    return number


def _no_constants(name: str):
    raise BadBody(f"body has {name}, which is not JSON")


def parse_body(body: bytes) -> dict:
    """The body as a JSON object: strict JSON (no NaN or Infinity), at most MAX_DEPTH deep.

    The standard library's parser has no depth option (it fails only at the interpreter's
    recursion limit, with RecursionError), so depth is checked after parsing, without recursion.
    """
    try:
        event = json.loads(body.decode("utf-8"), parse_constant=_no_constants, parse_float=_finite)
    except BadBody:
        raise
    except RecursionError:
        raise BadBody("body is nested too deeply") from None
    except ValueError:  # UnicodeDecodeError, JSONDecodeError, an integer of too many digits
        raise BadBody("body is not a JSON object") from None
    if not isinstance(event, dict):
        raise BadBody("body is not a JSON object")
    if _deeper_than(event, MAX_DEPTH):
        raise BadBody("body is nested too deeply")
    return event


def _deeper_than(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def create_app(skill: CustomSkill | None = None, *, verify: bool | None = None, skill_id: str | None = None,
               any_skill_id: bool = False, request_verifier: RequestVerifier | None = None) -> Flask:
    """Build the WSGI app.

    skill: defaults to `skill.lambda_function.skill`, imported here so a broken skill stops
    start-up. verify: signature and timestamp checks; default on unless MILKDUCT_DEV_INSECURE=1.
    skill_id: default MILKDUCT_SKILL_ID. With verification on, a missing skill id raises
    ConfigurationError unless any_skill_id says that requests for any skill are meant to pass.
    request_verifier: signature verifier to use (tests inject their own trust store).
    """
    if verify is None:
        verify = os.environ.get("MILKDUCT_DEV_INSECURE") != "1"
    if skill_id is None:
        skill_id = os.environ.get("MILKDUCT_SKILL_ID") or None
    if verify and not skill_id and not any_skill_id:
        raise ConfigurationError("MILKDUCT_SKILL_ID is not set: set it to your skill's id, or pass --any-skill-id "
                                 "to accept signed requests for any skill (or --dev-insecure for local simulators)")
    if skill is None:
        skill = importlib.import_module("skill.lambda_function").skill

    verifiers: list[AbstractVerifier] = []
    if verify:
        verifiers += [request_verifier or RequestVerifier(), TimestampVerifier()]
    else:
        log.warning("!!! DEV-INSECURE: request signature and timestamp checks are OFF. "
                    "Use only with local simulators, never on the internet. !!!")
    if skill_id:
        verifiers.append(SkillIdVerifier(skill_id))
    else:
        log.warning("MILKDUCT_SKILL_ID is not set: requests for any skill id are accepted.")

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.post("/")
    @app.post("/alexa")
    def alexa():
        body = request.get_data(cache=False)
        try:
            event = parse_body(body)
        except BadBody as bad:
            log.warning("rejected request: %s", bad)
            return _error(400, str(bad))
        envelope = envelope_guard.read(event)
        if envelope is None:  # read() has logged why
            return _error(400, "not an Alexa request envelope")
        try:
            for verifier in verifiers:
                verifier.verify(headers=request.headers, serialized_request_env=body,
                                deserialized_request_env=envelope)
        except VerificationException as refused:
            log.warning("rejected request: %s", refused)
            return _error(refused.status, str(refused))
        return jsonify(envelope_guard.answer(skill, envelope))

    @app.get("/health")
    def health():
        return jsonify(status="ok", dev_insecure=not verify, skill_id_check=bool(skill_id))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Keep Werkzeug's status and headers (e.g. Allow on 405), answer in JSON.
        response = error.get_response()
        response.data = json.dumps({"error": error.name})
        response.content_type = "application/json"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # The class only: a traceback's locals and messages may quote the request.
        log.error("request failed: %s", type(error).__name__)
        return _error(500, "internal error")

    return app
