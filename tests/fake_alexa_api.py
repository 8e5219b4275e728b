"""A local stand-in for the Alexa API endpoint (api.amazonalexa.com), over real HTTPS.

The SDK's DefaultApiClient refuses plain http, so the fake serves TLS on 127.0.0.1 (as
"localhost") with a throw-away CA from tests/certs.py; the `fake_alexa_api` fixture points
`requests` at that CA (REQUESTS_CA_BUNDLE). Use it with
`from fake_alexa_api import fake_alexa_api  # noqa: F401` in a test module or tests/conftest.py.

Implements POST /v1/alerts/timers, POST /v1/alerts/reminders and
GET /v2/devices/{deviceId}/settings/System.timeZone; records every request.
"""
from __future__ import annotations

import atexit
import datetime as dt
import functools
import json
import re
import shutil
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

import certs

NO_BODY = object()  # `respond_with(..., body=NO_BODY)`: answer with an empty body
TIME_ZONE_PATH = re.compile(r"^/v2/devices/[^/]+/settings/System\.timeZone$")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: object

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


@dataclass
class _Rule:
    status: int
    body: object
    delay: float
    after: int  # matching requests still to answer normally before this rule applies


@dataclass
class FakeAlexaApi:
    """What the fixture yields: `.url`, `.requests` (in arrival order), `.respond_with`, `.time_zone`."""

    url: str = ""
    time_zone: str = "America/Chicago"
    requests: list[RecordedRequest] = field(default_factory=list)
    _rules: dict[str, _Rule] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def respond_with(self, path_prefix: str, status: int, body=None, *, delay: float = 0.0, after: int = 0) -> None:
        """Answer requests whose path starts with `path_prefix` with `status` (after `delay` seconds).

        `body` is sent as JSON; when None, error statuses get an Alexa-style {"code", "message"}.
        `after=n` lets the first n matching requests through to the normal answer.
        """
        self._rules[path_prefix] = _Rule(status, body, delay, after)

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

    def answer(self, method: str, path: str, number: int, body) -> tuple[int, object, float]:
        rule = self._rule_for(path)
        if rule is not None:
            if rule.body is NO_BODY:
                return rule.status, None, rule.delay
            if rule.body is None and rule.status >= 400:
                return rule.status, {"code": f"HTTP_{rule.status}", "message": "fake error"}, rule.delay
            return rule.status, rule.body, rule.delay
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        body = body if isinstance(body, dict) else {}
        if method == "POST" and path == "/v1/alerts/timers":
            return 200, {"id": f"timer-{number}", "status": "ON", "duration": body.get("duration"),
                         "timerLabel": body.get("timerLabel"), "createdTime": now, "updatedTime": now}, 0
        if method == "POST" and path == "/v1/alerts/reminders":
            return 201, {"alertToken": f"reminder-{number}", "createdTime": now, "updatedTime": now,
                         "status": "ON", "version": "1", "href": f"/v1/alerts/reminders/reminder-{number}"}, 0
        if method == "GET" and TIME_ZONE_PATH.match(path):
            return 200, self.time_zone, 0
        return 404, {"code": "NOT_FOUND", "message": "no such resource"}, 0


def _handler_for(api: FakeAlexaApi):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            number = api._record(RecordedRequest(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            status, answer, delay = api.answer(self.command, self.path, number, body)
            time.sleep(delay)
            payload = b"" if answer is None else json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass  # the client gave up (timeout tests)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, *args) -> None:
            pass

    return Handler


@functools.cache
def _tls_files() -> tuple[Path, Path, Path]:
    """CA file, server certificate and key for "localhost", made once per test run."""
    directory = Path(tempfile.mkdtemp(prefix="fake-alexa-tls-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    root = certs.root_ca("Fake Alexa API Test CA")
    leaf = certs.signing_leaf(root, dns_name="localhost")
    files = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    files[0].write_bytes(certs.pem_chain(root.cert))
    files[1].write_bytes(certs.pem_chain(leaf.cert))
    files[2].write_bytes(leaf.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return files


@pytest.fixture
def fake_alexa_api(monkeypatch):
    """A running fake Alexa API; `.url` goes into the envelope's apiEndpoint."""
    ca_file, cert_file, key_file = _tls_files()
    api = FakeAlexaApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(api))
    server.block_on_close = False  # do not wait for handlers still sleeping out a delay
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    api.url = f"https://localhost:{server.server_address[1]}"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_file))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
