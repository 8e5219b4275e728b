"""HTTPS on loopback for the local Alexa API: every request recorded and answered by one function.

The SDK's `DefaultApiClient` refuses plain http, so this serves TLS for "localhost" with a
throw-away CA made by `trustme`, and points `requests` at that CA while it runs.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_TRUST_VARIABLES = ("REQUESTS_CA_BUNDLE", "NO_PROXY", "no_proxy")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: object

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


# A request -> (status, JSON body or None for an empty one, seconds to wait before answering).
Answer = Callable[[RecordedRequest], tuple[int, object, float]]


@contextlib.contextmanager
def serve_https(answer: Answer) -> Iterator[str]:
    """Serve on 127.0.0.1 (a free port) with `requests` trusting this server, until the block
    ends; yields the server's URL."""
    import trustme  # only where the local API runs: the console and the tests

    authority = trustme.CA(organization_name="Milk Duct Helper local Alexa API")
    directory = Path(tempfile.mkdtemp(prefix="local-alexa-api-"))
    ca_file = directory / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    server = _Server(("127.0.0.1", 0), _handler_for(answer))
    server.block_on_close = False  # do not wait for handlers still sleeping out a delay
    # The TLS handshake happens in each request's own thread, not in the one accepting thread.
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    saved = {name: os.environ.get(name) for name in _TRUST_VARIABLES}
    os.environ.update(REQUESTS_CA_BUNDLE=str(ca_file), NO_PROXY="127.0.0.1,localhost",
                      no_proxy="127.0.0.1,localhost")
    # Stopping waits out one poll, and the tests start and stop this server about 70 times a run:
    # 5 ms polls keep that short for a few hundred idle wake-ups a second (next to no CPU).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(directory, ignore_errors=True)


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # the load tests open many connections at once; the default is 5


def _handler_for(answer: Answer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            request = RecordedRequest(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            status, reply, delay = answer(request)
            time.sleep(delay)
            payload = b"" if reply is None else json.dumps(reply).encode()
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
            pass  # the console's transcript and the test output stay clean

    return Handler
