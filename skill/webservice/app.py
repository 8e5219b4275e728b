"""The skill as a self-hosted web service: Flask app factory.

Plays the part of flask-ask-sdk's SkillAdapter (see verifier.py for why that package is not
used): verify the request, invoke the skill, serialize its response.
"""
from __future__ import annotations

import importlib
import json
import logging
import os

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from .verifier import (AbstractVerifier, RequestVerifier, SkillIdVerifier, TimestampVerifier,
                       VerificationException)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Alexa requests are a few KiB.


def _error(status: int, message: str):
    return jsonify(error=message), status


def create_app(skill: CustomSkill | None = None, *, verify: bool | None = None, skill_id: str | None = None,
               request_verifier: RequestVerifier | None = None) -> Flask:
    """Build the WSGI app.

    skill: defaults to `skill.lambda_function.skill`, imported here so a broken skill stops
    start-up. verify: signature and timestamp checks; default on unless MILKDUCT_DEV_INSECURE=1.
    skill_id: default MILKDUCT_SKILL_ID; unset turns the applicationId check off.
    request_verifier: signature verifier to use (tests inject their own trust store).
    """
    if skill is None:
        skill = importlib.import_module("skill.lambda_function").skill
    if verify is None:
        verify = os.environ.get("MILKDUCT_DEV_INSECURE") != "1"
    if skill_id is None:
        skill_id = os.environ.get("MILKDUCT_SKILL_ID") or None

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
            text = body.decode("utf-8")
            is_object = isinstance(json.loads(text), dict)
        except ValueError:  # includes UnicodeDecodeError and JSONDecodeError
            is_object = False
        if not is_object:
            log.warning("rejected request: body is not a JSON object")
            return _error(400, "body is not a JSON object")
        try:
            envelope = skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
        except SerializationException:
            envelope = None
        if envelope is None or envelope.request is None:
            log.warning("rejected request: not an Alexa request envelope")
            return _error(400, "not an Alexa request envelope")
        try:
            for verifier in verifiers:
                verifier.verify(headers=request.headers, serialized_request_env=body,
                                deserialized_request_env=envelope)
        except VerificationException as refused:
            log.warning("rejected request: %s", refused)
            return _error(refused.status, str(refused))
        response = skill.invoke(request_envelope=envelope, context=None)
        return jsonify(skill.serializer.serialize(response))

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
        log.exception("request failed")
        return _error(500, "internal error")

    return app
