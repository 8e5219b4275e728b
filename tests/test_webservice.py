"""The Flask web service, through Flask's test client (and once through waitress)."""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type
from cryptography.x509.verification import Store

import certs
from skill.console.envelopes import SKILL_ID, Session
from skill.webservice import create_app
from skill.webservice.app import MAX_BODY_BYTES, ConfigurationError
from skill.webservice.verifier import RequestVerifier

ROOT = Path(__file__).resolve().parent.parent
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"


class Hello(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak("Hello from the test skill.").response


class Broken(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("BreakIntent")(handler_input)

    def handle(self, handler_input):
        raise RuntimeError("secret internals")


@pytest.fixture(scope="module")
def tiny_skill():
    builder = SkillBuilder()
    builder.add_request_handler(Hello())
    builder.add_request_handler(Broken())
    return builder.create()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("MILKDUCT_DEV_INSECURE", raising=False)
    monkeypatch.delenv("MILKDUCT_SKILL_ID", raising=False)


def post(client, envelope, path="/", headers=None):
    return client.post(path, data=json.dumps(envelope), content_type="application/json", headers=headers or {})


def speech(response) -> str:
    return response.get_json()["response"]["outputSpeech"]["ssml"]


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"\"text\"", b"\xff\xfe{}", b"{}",
                                  b'{"request": {"type": "NoSuchRequest"}}'])
def test_bodies_that_are_not_alexa_envelopes_are_bad_requests(tiny_skill, body):
    client = create_app(tiny_skill, verify=False).test_client()
    response = client.post("/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_oversized_bodies_are_refused(tiny_skill):
    client = create_app(tiny_skill, verify=False).test_client()
    response = client.post("/", data=b" " * (MAX_BODY_BYTES + 1), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json() == {"error": "Request Entity Too Large"}


def test_get_on_the_skill_endpoint_is_not_allowed(tiny_skill):
    response = create_app(tiny_skill, verify=False).test_client().get("/")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.get_json() == {"error": "Method Not Allowed"}


def test_unsigned_requests_are_forbidden_when_verification_is_on(tiny_skill, caplog):
    client = create_app(tiny_skill, skill_id=SKILL_ID).test_client()
    envelope = Session().launch()
    envelope["request"]["marker"] = "body-must-not-be-logged"
    with caplog.at_level(logging.WARNING, logger="skill.webservice"):
        response = post(client, envelope)
    assert response.status_code == 403
    assert response.get_json() == {"error": "request is not signed"}
    assert "rejected request: request is not signed" in caplog.text
    assert "body-must-not-be-logged" not in caplog.text


def test_signed_requests_reach_the_skill(tiny_skill):
    root = certs.root_ca()
    intermediate = certs.intermediate_ca(root)
    leaf = certs.signing_leaf(intermediate)
    chain = certs.pem_chain(leaf.cert, intermediate.cert)
    verifier = RequestVerifier(fetch_chain={CERT_URL: chain}.__getitem__, trust_store=Store([root.cert]))
    client = create_app(tiny_skill, skill_id=SKILL_ID, request_verifier=verifier).test_client()
    body = json.dumps(Session().launch()).encode()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": certs.sign(leaf.key, body)}
    response = client.post("/", data=body, content_type="application/json", headers=headers)
    assert response.status_code == 200, response.get_json()
    assert "Hello from the test skill." in speech(response)
    # The same signature does not cover another body.
    other = body.replace(b'"new": true', b'"new": false')
    assert client.post("/", data=other, content_type="application/json", headers=headers).status_code == 403


@pytest.mark.parametrize("path", ["/", "/alexa"])
def test_dev_switch_serves_unsigned_requests(tiny_skill, path):
    response = post(create_app(tiny_skill, verify=False).test_client(), Session().launch(), path)
    assert response.status_code == 200
    assert response.is_json
    assert "Hello from the test skill." in speech(response)


def test_dev_switch_from_the_environment_warns_and_shows_in_health(tiny_skill, monkeypatch, caplog):
    monkeypatch.setenv("MILKDUCT_DEV_INSECURE", "1")
    with caplog.at_level(logging.WARNING, logger="skill.webservice"):
        client = create_app(tiny_skill).test_client()
    assert "DEV-INSECURE" in caplog.text
    assert client.get("/health").get_json() == {"status": "ok", "dev_insecure": True, "skill_id_check": False}
    assert post(client, Session().launch()).status_code == 200


def test_health_in_production_mode(tiny_skill, monkeypatch, caplog):
    monkeypatch.setenv("MILKDUCT_SKILL_ID", "amzn1.ask.skill.x")
    with caplog.at_level(logging.WARNING, logger="skill.webservice"):
        client = create_app(tiny_skill).test_client()
    assert caplog.text == ""
    assert client.get("/health").get_json() == {"status": "ok", "dev_insecure": False, "skill_id_check": True}


def test_with_verification_on_a_missing_skill_id_refuses_to_start(tiny_skill):
    with pytest.raises(ConfigurationError) as refused:
        create_app(tiny_skill)
    assert str(refused.value).startswith("MILKDUCT_SKILL_ID is not set")


@pytest.mark.parametrize("settings", [{"any_skill_id": True}, {"verify": False}])
def test_any_skill_id_is_accepted_only_when_asked_for_and_warned_about(tiny_skill, caplog, settings):
    with caplog.at_level(logging.WARNING, logger="skill.webservice"):
        client = create_app(tiny_skill, **settings).test_client()
    assert "MILKDUCT_SKILL_ID is not set: requests for any skill id are accepted." in caplog.text
    assert client.get("/health").get_json()["skill_id_check"] is False


def test_skill_id_check_stays_on_in_dev_mode(tiny_skill, monkeypatch):
    monkeypatch.setenv("MILKDUCT_SKILL_ID", "amzn1.ask.skill.someone-else")
    response = post(create_app(tiny_skill, verify=False).test_client(), Session().launch())
    assert response.status_code == 403
    assert response.get_json() == {"error": "request is for another skill"}


def test_skill_errors_are_still_answered_without_details(tiny_skill, caplog):
    client = create_app(tiny_skill, verify=False).test_client()
    with caplog.at_level(logging.ERROR):
        response = post(client, Session().intent("BreakIntent"))
    # The bare skill has no exception handler: the least valid response (the real skill's is below).
    assert response.status_code == 200
    assert response.get_json() == {"version": "1.0", "response": {"shouldEndSession": True}}
    assert "RuntimeError" in caplog.text and "secret internals" not in caplog.text


def _real_skill():
    from skill.lambda_function import skill

    return skill


def test_the_real_skill_answers_a_launch():
    client = create_app(_real_skill(), verify=False).test_client()
    response = post(client, Session().launch())
    assert response.status_code == 200
    assert response.get_json()["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_python_m_skill_webservice_serves_with_waitress(tmp_path):
    _real_skill()
    port = _free_port()
    env = {**os.environ, "MILKDUCT_DATA_DIR": str(tmp_path)}
    env.pop("MILKDUCT_SKILL_ID", None)
    server = subprocess.Popen([sys.executable, "-m", "skill.webservice", "--port", str(port), "--dev-insecure"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=1) as health:
                    assert json.load(health)["dev_insecure"] is True
                break
            except OSError:
                time.sleep(0.1)
        request = urllib.request.Request(base + "/", data=json.dumps(Session().launch()).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
            assert "outputSpeech" in json.load(answer)["response"]
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "DEV-INSECURE" in output
    assert f"Serving on http://127.0.0.1:{port}" in output
