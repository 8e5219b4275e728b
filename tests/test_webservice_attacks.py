"""Each attack on the web service and the exact answer it gets: hostile bodies, malformed
envelopes, forged certificates, an unsafe start-up, slow and greedy clients."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time

import pytest
from cryptography.x509.verification import Store

import certs
from skill.console.envelopes import SKILL_ID, Session, slot
from skill.webservice import create_app
from skill.webservice.__main__ import main, server_settings
from skill.webservice.app import MAX_DEPTH
from skill.webservice.verifier import RequestVerifier

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
SAFE_ERROR_START = "<speak>Sorry, something went wrong on my side."


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("MILKDUCT_DEV_INSECURE", raising=False)
    monkeypatch.delenv("MILKDUCT_SKILL_ID", raising=False)


@pytest.fixture
def skill(make_skill, fast_store):
    return make_skill(persistence_adapter=fast_store)


@pytest.fixture
def client(skill):
    return create_app(skill, verify=False).test_client()


def post_raw(client, body: bytes, headers=None):
    return client.post("/", data=body, content_type="application/json", headers=headers or {})


def nested(depth: int) -> dict:
    """A launch whose session attributes nest so that the whole body is `depth` deep."""
    event = Session().launch()
    value: object = "x"
    for _ in range(depth - 2):  # the envelope and "session" are two levels, "attributes" a third
        value = {"a": value}
    event["session"]["attributes"] = value
    return event


# --- hostile bodies: 400, a short reason, a warning without traceback -----------------------

@pytest.mark.parametrize("body, reason", [
    (b"[" * 100_000 + b"]" * 100_000, "body is nested too deeply"),
    (b'{"a":' * 20_000 + b"1" + b"}" * 20_000, "body is nested too deeply"),
    (b"[" * 100_000, "body is nested too deeply"),  # unterminated as well
    (json.dumps(nested(MAX_DEPTH + 1)).encode(), "body is nested too deeply"),
    (b'{"version": "1.0", "x": NaN}', "body has NaN, which is not JSON"),
    (b'{"version": "1.0", "x": -Infinity}', "body has -Infinity, which is not JSON"),
    (b'{"version": "1.0", "x": 1e999}', "body has a number out of range"),
    (b'{"version": "1.0", "x": ' + b"9" * 5000 + b"}", "body is not a JSON object"),
    (b'{"version": "1.0"', "body is not a JSON object"),
    (b"\xff\xfe{}", "body is not a JSON object"),
    (b"[]", "body is not a JSON object"),
    (b"", "body is not a JSON object"),
])
def test_hostile_bodies_are_bad_requests_without_a_traceback(client, caplog, body, reason):
    with caplog.at_level(logging.DEBUG):
        response = post_raw(client, body)
    assert response.status_code == 400
    assert response.get_json() == {"error": reason}
    assert f"rejected request: {reason}" in caplog.text
    assert "Traceback" not in caplog.text
    assert all(record.levelno <= logging.WARNING for record in caplog.records)


def test_a_body_at_the_depth_limit_is_served(client):
    response = post_raw(client, json.dumps(nested(MAX_DEPTH)).encode())
    assert response.status_code == 200
    assert response.get_json()["response"]["outputSpeech"]["ssml"].startswith("<speak>Hi, I'm Milk Duct Helper.")


# --- malformed envelopes: a valid Alexa response, or 400 when there is no request at all ----

def launch_with(change) -> dict:
    event = Session().launch()
    change(event)
    return event


@pytest.mark.parametrize("name, event", [
    ("no context", launch_with(lambda e: e.pop("context"))),
    ("null context", launch_with(lambda e: e.update(context=None))),
    ("context not an object", launch_with(lambda e: e.update(context=[1, 2]))),
    ("no System", launch_with(lambda e: e["context"].pop("System"))),
    ("System not an object", launch_with(lambda e: e["context"].update(System="x"))),
    ("no timestamp", launch_with(lambda e: e["request"].pop("timestamp"))),
    ("naive timestamp", launch_with(lambda e: e["request"].update(timestamp="2026-11-20T15:00:00"))),
    ("year 1 timestamp", launch_with(lambda e: e["request"].update(timestamp="0001-01-01T00:00:00+14:00"))),
    ("numeric timestamp", launch_with(lambda e: e["request"].update(timestamp=1e300))),
    ("no session", launch_with(lambda e: e.pop("session"))),
])
def test_malformed_launches_are_welcomed(client, name, event):
    response = post_raw(client, json.dumps(event).encode())
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == "1.0"
    ssml = body["response"]["outputSpeech"]["ssml"]
    assert ssml.startswith("<speak>Hi, I'm Milk Duct Helper.") or ssml.startswith(SAFE_ERROR_START), ssml


def test_platform_requests_through_the_web_service(client):
    error = Session().launch()
    error["request"] = {"type": "System.ExceptionEncountered", "requestId": "r", "timestamp": "2026-11-20T15:00:00Z",
                        "error": {"type": "INVALID_RESPONSE", "message": "m"}, "cause": {"requestId": "q"}}
    del error["session"]
    response = post_raw(client, json.dumps(error).encode())
    assert response.status_code == 200 and response.get_json()["response"] == {}

    ask = Session().intent("ReportSymptomIntent", [slot("symptom", "fever", "fever")])
    ask["request"]["type"] = "CanFulfillIntentRequest"
    del ask["session"]
    response = post_raw(client, json.dumps(ask).encode())
    assert response.get_json()["response"] == {"canFulfillIntent": {
        "canFulfill": "YES", "slots": {"symptom": {"canUnderstand": "YES", "canFulfill": "YES"}}}}


@pytest.mark.parametrize("event", [{}, {"request": None}, {"request": {"type": "NoSuchRequest"}},
                                   {"request": {"type": 5}}, {"version": "1.0", "context": {}}])
def test_envelopes_without_a_request_are_bad_requests(client, event):
    response = post_raw(client, json.dumps(event).encode())
    assert response.status_code == 400
    assert response.get_json() == {"error": "not an Alexa request envelope"}


def test_unreadable_parts_of_an_envelope_get_the_safe_reply(client):
    event = Session().intent("ReportSymptomIntent", [slot("symptom", "fever", "fever")])
    event["request"]["intent"]["slots"] = 5
    response = post_raw(client, json.dumps(event).encode())
    assert response.status_code == 400  # the SDK cannot read it at all: no request
    event["session"]["attributes"] = "not an object"
    del event["request"]["intent"]["slots"]
    response = post_raw(client, json.dumps(event).encode())
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.get_json()["response"]["outputSpeech"]["ssml"].startswith("<speak>")


# --- forged certificates, through the whole app -----------------------------------------

@pytest.fixture(scope="module")
def pki():
    root = certs.root_ca()
    intermediate = certs.intermediate_ca(root)
    return root, intermediate


@pytest.mark.parametrize("case, url", [
    ("wildcard SAN only", CERT_URL),
    ("look-alike SAN", CERT_URL),
    ("good chain, %2e%2e path", "https://s3.amazonaws.com/echo.api/%2e%2e/evil/echo-api-cert-12.pem"),
    ("good chain, encoded slash", "https://s3.amazonaws.com/echo.api%2F..%2Fevil/echo-api-cert-12.pem"),
])
def test_forged_signing_certificates_are_forbidden(skill, pki, case, url):
    root, intermediate = pki
    name = {"wildcard SAN only": "*.amazon.com", "look-alike SAN": "echo-api.amazon.com.evil.example"}.get(
        case, certs.ALEXA_DOMAIN)
    leaf = certs.signing_leaf(intermediate, dns_name=name)
    served = {url: certs.pem_chain(leaf.cert, intermediate.cert)}
    fetched: list[str] = []

    def fetch(wanted: str) -> bytes:
        fetched.append(wanted)
        return served.get(wanted, served.get(url))

    verifier = RequestVerifier(fetch_chain=fetch, trust_store=Store([root.cert]))
    client = create_app(skill, skill_id=SKILL_ID, request_verifier=verifier).test_client()
    body = json.dumps(Session().launch()).encode()
    response = post_raw(client, body, {"SignatureCertChainUrl": url, "Signature-256": certs.sign(leaf.key, body)})
    assert response.status_code == 403
    if "path" in case or "slash" in case:
        assert response.get_json() == {"error": "certificate URL path is not under /echo.api/"}
        assert fetched == []  # refused before any download
    else:
        assert response.get_json()["error"].startswith("certificate chain is not trusted")


# --- start-up ------------------------------------------------------------------------------

def test_the_server_refuses_to_start_without_a_skill_id():
    with pytest.raises(SystemExit) as stopped:
        main(["--port", "1"])
    assert str(stopped.value.code).startswith("refusing to start: MILKDUCT_SKILL_ID is not set")


def test_server_settings_bound_connections_time_and_size():
    assert server_settings() == {"threads": 8, "connection_limit": 64, "channel_timeout": 10, "cleanup_interval": 5,
                                 "max_request_body_size": 256 * 1024, "max_request_header_size": 16 * 1024}


# --- slow and greedy clients, against waitress itself -------------------------------------

@pytest.fixture
def waitress_server(skill):
    import waitress.server

    app = create_app(skill, verify=False)
    # waitress counts its listening socket and its wake-up pipe in the limit: 4 leaves 2 clients
    server = waitress.server.create_server(app, host="127.0.0.1", port=0,
                                           **server_settings(threads=2, connection_limit=4, channel_timeout=2))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server
    server.close()
    thread.join(timeout=5)


def _request(port: int, timeout: float) -> bytes:
    body = json.dumps(Session().launch()).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                           + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.mark.slow
def test_a_silent_client_is_disconnected(waitress_server):
    port = int(waitress_server.effective_port)
    with socket.create_connection(("127.0.0.1", port), timeout=15) as slow:
        slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")  # then nothing
        began = time.monotonic()
        assert slow.recv(1024) == b""  # closed by the server, no answer
        assert time.monotonic() - began < 8  # 2 s timeout, checked every second
    assert _request(port, timeout=5).startswith(b"HTTP/1.1 200")


@pytest.mark.slow
def test_connections_beyond_the_limit_wait_until_one_closes(waitress_server):
    port = int(waitress_server.effective_port)
    hogs = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
    time.sleep(0.3)  # let the server accept both
    try:
        with pytest.raises(TimeoutError):
            _request(port, timeout=1)  # a third is not served while two are open
    finally:
        for hog in hogs:
            hog.close()
    assert _request(port, timeout=5).startswith(b"HTTP/1.1 200")


def _raw(port: int, head: bytes, body: bytes = b"") -> bytes:
    """The answer, whole: its head, then its body by Content-Length (under load the two may
    arrive apart; reading to the close instead meets a reset, as the request body lies unread)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head + body)
        reply = connection.makefile("rb")
        lines = []
        while (line := reply.readline()) not in (b"\r\n", b""):
            lines.append(line)
        length = next((int(line.partition(b":")[2]) for line in lines if line.lower().startswith(b"content-length:")), 0)
        return b"".join(lines) + b"\r\n" + reply.read(length)


@pytest.mark.slow
def test_oversized_headers_and_bodies_are_refused_before_the_app(waitress_server):
    port = int(waitress_server.effective_port)
    big_header = b"POST / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (20 * 1024) + b"\r\nContent-Length: 2\r\n\r\n"
    for head, body, status in [(big_header, b"{}", b" 431 Request Header Fields Too Large"),
                               (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (256 * 1024 + 1),
                                b" " * 1024, b" 413 Request Entity Too Large")]:
        answer = _raw(port, head, body)
        assert answer.split(b"\r\n")[0].endswith(status)
        assert answer.endswith(b"(generated by waitress)")  # not the app's JSON: refused before it
