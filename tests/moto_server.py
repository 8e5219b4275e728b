"""Persistence test fixtures: a DynamoDB over moto's HTTP server, and request envelopes.

tests/conftest.py makes `moto_dynamodb` suite-wide: one server per test run. A test module must
not import it again, which would start a second server for that module.
"""
from __future__ import annotations

import functools
import http.client
import json
import threading
import urllib.parse
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import datetime, timezone

import boto3
import pytest
from ask_sdk_core.serialize import DefaultSerializer
from moto.dynamodb.responses import DynamoHandler
from moto.server import ThreadedMotoServer

from skill.console.envelopes import Session

REGION = "us-east-1"
FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",  # never wait on an instance-metadata lookup
}
T0 = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)

_serializer = DefaultSerializer()


def envelope(user_id: str, now: datetime = T0):
    """A LaunchRequest from `user_id` at `now`, as the SDK hands it to an adapter."""
    body = Session(user_id=user_id, now=now).launch()
    return _serializer.deserialize(json.dumps(body), "ask_sdk_model.RequestEnvelope")


@dataclass
class MotoDynamo:
    endpoint_url: str
    table_name: str
    client: object  # a low-level boto3 DynamoDB client, to read raw items

    def adapter(self, **kwargs):
        """The skill's DynamoDB adapter on this server (imported here, after the fake env is set)."""
        from skill.persistence.dynamodb import dynamodb_adapter

        kwargs.setdefault("endpoint_url", self.endpoint_url)
        return dynamodb_adapter(self.table_name, region=REGION, **kwargs)

    def raw_item(self, user_id: str) -> dict | None:
        return self.client.get_item(TableName=self.table_name, Key={"id": {"S": user_id}}).get("Item")


# moto's state is one per process, shared by every server started in it: so is this lock.
_ONE_REQUEST_AT_A_TIME = threading.Lock()


def _atomic(call_action):
    """DynamoDB applies each request to an item atomically: a conditional write checks its
    condition and writes in one step, and a read sees the item as it was before a write or
    after it, never between. moto runs each request as plain Python in its server's threads,
    which switch mid-request: PutItem reads the item, evaluates the condition, then writes
    (two writes conditional on the same version both passed, about once in 1,000 races),
    DeleteItem and UpdateItem check their conditions outside the table's methods, and
    UpdateItem changes the stored item in place while a GetItem may be serializing it.
    Running moto's DynamoDB requests one at a time, from the parsed request to the answer's
    body, gives every operation the service's atomicity (moto holds the GIL for nearly all of
    a request anyway, so the tests lose next to no concurrency)."""

    @functools.wraps(call_action)
    def one_at_a_time(self):
        with _ONE_REQUEST_AT_A_TIME:
            return call_action(self)
    one_at_a_time.one_at_a_time = True  # type: ignore[attr-defined]
    return one_at_a_time


@pytest.fixture(scope="session")
def moto_dynamodb():
    """moto on 127.0.0.1 (free port) with the skill's table: key "id", TTL on "expires_at"."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FAKE_AWS_ENV.items():
            patch.setenv(name, value)
        # A second server in the run would wrap moto twice and wait on its own lock forever.
        if getattr(DynamoHandler.call_action, "one_at_a_time", False):
            raise RuntimeError("moto_dynamodb started twice: use conftest's fixture, do not import it")
        patch.setattr(DynamoHandler, "call_action", _atomic(DynamoHandler.call_action))
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            # moto's state is per process: a name of its own keeps the table apart from any other.
            table = f"milkduct-test-{uuid.uuid4().hex[:8]}"
            client = boto3.client("dynamodb", region_name=REGION, endpoint_url=endpoint)
            client.create_table(
                TableName=table, BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
            client.update_time_to_live(
                TableName=table,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
            yield MotoDynamo(endpoint, table, client)
        finally:
            server.stop()


class FaultProxy(ThreadingHTTPServer):
    """An HTTP/1.1 relay on 127.0.0.1 in front of moto, for faults a real network makes.

    `fault = None` relays each request (and, unlike moto, keeps connections alive, so a test
    can count the connections a client opens: `connections`); `fault = "hang"` takes the
    request and never answers (until closed); any other string answers HTTP 400 with that
    DynamoDB error code (e.g. "ProvisionedThroughputExceededException"). `only`, if set,
    limits the fault to those operations ("GetItem", "PutItem", ...); `times`, if set, to
    that many requests (then the store is back).
    """

    daemon_threads = True

    def __init__(self, target_url: str) -> None:
        self.target = urllib.parse.urlsplit(target_url).netloc
        self.fault: str | None = None
        self.only: set[str] | None = None
        self.times: int | None = None
        self.connections = 0
        self.requests: list[str] = []  # the DynamoDB operations asked for, answered or not
        self.closed = threading.Event()
        super().__init__(("127.0.0.1", 0), _Relay)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self) -> None:
        self.closed.set()
        self.shutdown()
        self.server_close()


class _Relay(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultProxy

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        operation = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
        self.server.requests.append(operation)
        server = self.server
        fault = server.fault if (server.only is None or operation in server.only) and server.times != 0 else None
        if fault and server.times:
            server.times -= 1
        if fault == "hang":
            self.server.closed.wait()
            return
        if fault:
            status, headers = 400, {"Content-Type": "application/x-amz-json-1.0"}
            answer = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{fault}", "message": fault}).encode()
        else:
            upstream = http.client.HTTPConnection(self.server.target, timeout=10)
            upstream.request("POST", self.path, body, dict(self.headers))
            reply = upstream.getresponse()
            status, headers, answer = reply.status, dict(reply.getheaders()), reply.read()
            upstream.close()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("connection", "content-length", "transfer-encoding", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:  # quiet
        pass
