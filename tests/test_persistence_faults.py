"""ResilientAdapter over real adapters whose store fails: throttled, unreachable, corrupt."""
import logging
import socket
import sqlite3
from contextlib import closing
import threading
import time
import uuid

import pytest
from botocore.awsrequest import AWSResponse

from moto_server import envelope
from skill.persistence.resilient import ResilientAdapter
from skill.persistence.sqlite import SQLitePersistenceAdapter

EPISODE = {"episode": {"side": "left", "temps_c": [38.4]}, "symptoms": ["red_streaks"]}
SECRETS = ["left", "38.4", "red_streaks"]


class Throttle:
    """Answers `operation` calls with ProvisionedThroughputExceededException inside botocore,
    as DynamoDB would (the first `times` calls; later ones reach the server)."""

    def __init__(self, adapter, operation, times=10**9, delay=0.0):
        self.calls, self.times, self.delay = 0, times, delay
        adapter.client.meta.events.register(f"before-call.dynamodb.{operation}", self)

    def __call__(self, **_):
        self.calls += 1
        time.sleep(self.delay)
        if self.calls > self.times:
            return None
        error = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "Rate exceeded"},
                 "ResponseMetadata": {"HTTPStatusCode": 400}}
        return AWSResponse("http://127.0.0.1", 400, {}, None), error


@pytest.fixture
def user():
    return f"amzn1.ask.account.{uuid.uuid4()}"


@pytest.fixture
def logs(caplog):
    """The persistence package's log records (moto's own request log is left out)."""
    caplog.set_level(logging.DEBUG, logger="skill.persistence")
    return lambda: [r for r in caplog.records if r.name.startswith("skill.persistence")]


def assert_private(logs, user):
    text = " ".join(record.getMessage() for record in logs())
    assert user not in text
    for secret in SECRETS:
        assert secret not in text


def test_throttled_get_recovers_with_backoff(moto_dynamodb, user):
    inner = moto_dynamodb.adapter()
    inner.save_attributes(envelope(user), EPISODE)
    throttle, pauses = Throttle(inner, "GetItem", times=2), []
    adapter = ResilientAdapter(inner, sleep=pauses.append)
    assert adapter.get_attributes(envelope(user)) == EPISODE
    assert (throttle.calls, pauses, adapter.degraded, adapter.last_error) == (3, [0.05, 0.1], False, None)


def test_throttled_get_degrades_and_a_later_save_merges_into_the_stored_episode(moto_dynamodb, user, logs):
    inner = moto_dynamodb.adapter()
    inner.save_attributes(envelope(user), EPISODE)
    throttle = Throttle(inner, "GetItem", times=3)
    adapter = ResilientAdapter(inner, sleep=lambda _: None)
    request = envelope(user)
    assert adapter.get_attributes(request) == {}
    assert adapter.degraded and throttle.calls == 3
    assert adapter.last_error == "ProvisionedThroughputExceededException"
    # The turn built its memory from nothing; the store is back for the save, which reads
    # what is stored and merges: the episode stays, and the new sign joins it.
    adapter.save_attributes(request, {"episode": {"signs": ["fever"]}})
    assert inner.get_attributes(envelope(user)) == {
        "episode": {"side": "left", "temps_c": [38.4], "signs": ["fever"]}, "symptoms": ["red_streaks"]}
    assert [r.levelname for r in logs()] == ["WARNING"]
    assert "ProvisionedThroughputExceededException" in logs()[0].getMessage()
    assert_private(logs, user)


@pytest.mark.parametrize("operation, call", [
    ("PutItem", lambda adapter, request: adapter.save_attributes(request, EPISODE)),
    ("DeleteItem", lambda adapter, request: adapter.delete_attributes(request)),
])
def test_throttled_write_is_retried_then_swallowed(moto_dynamodb, user, logs, operation, call):
    inner = moto_dynamodb.adapter()
    throttle = Throttle(inner, operation)
    adapter = ResilientAdapter(inner, sleep=lambda _: None)
    assert call(adapter, envelope(user)) is None
    assert throttle.calls == 3 and not adapter.degraded
    assert adapter.last_error == "ProvisionedThroughputExceededException"
    assert "failed after 3 attempt(s)" in logs()[0].getMessage()
    assert_private(logs, user)


def test_unreachable_store_fails_fast_within_the_deadline(moto_dynamodb, user, logs):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    adapter = ResilientAdapter(moto_dynamodb.adapter(endpoint_url=f"http://127.0.0.1:{port}"))
    request = envelope(user)
    started = time.monotonic()
    assert adapter.get_attributes(request) == {}
    adapter.delete_attributes(request)
    elapsed = time.monotonic() - started
    assert adapter.degraded and adapter.last_error == "ConnectionRefusedError"
    assert elapsed < 2 * adapter.deadline_seconds
    assert_private(logs, user)


def test_slow_failures_stop_retrying_before_the_deadline(moto_dynamodb, user):
    inner = moto_dynamodb.adapter()
    throttle = Throttle(inner, "GetItem", delay=0.3)
    adapter = ResilientAdapter(inner, retries=5, deadline_seconds=0.8)
    started = time.monotonic()
    assert adapter.get_attributes(envelope(user)) == {}
    # 0.3 s attempt, 0.05 s pause, 0.3 s attempt; a third would end past 0.8 s.
    assert throttle.calls == 2 and time.monotonic() - started < 0.8


def test_state_is_per_request_and_per_thread(moto_dynamodb, user):
    inner = moto_dynamodb.adapter()
    Throttle(inner, "GetItem", times=3)
    adapter = ResilientAdapter(inner, sleep=lambda _: None)
    adapter.get_attributes(envelope(user))
    assert adapter.degraded
    seen = []
    other = threading.Thread(target=lambda: seen.append(adapter.degraded))
    other.start()
    other.join()
    assert seen == [False]
    adapter.get_attributes(envelope(user))  # next request: the store answers again
    assert not adapter.degraded and adapter.last_error is None


def test_corrupt_sqlite_record_reads_empty_without_retry_then_is_replaced(tmp_path, logs):
    inner = SQLitePersistenceAdapter(tmp_path / "m.sqlite3")
    inner.save_attributes(envelope("u1"), EPISODE)
    with closing(sqlite3.connect(inner.path, isolation_level=None)) as conn:
        conn.execute("UPDATE attributes SET attributes = '{\"episode\": {\"side\": \"left\"'")
    pauses = []
    adapter = ResilientAdapter(inner, sleep=pauses.append)
    request = envelope("u1")
    assert adapter.get_attributes(request) == {}
    assert pauses == [] and not adapter.degraded and adapter.last_error == "CorruptRecordError"
    assert "corrupt record" in logs()[0].getMessage()
    adapter.save_attributes(request, {"fresh": True})
    assert inner.get_attributes(envelope("u1")) == {"fresh": True}
    assert_private(logs, "u1")


def test_old_format_dynamodb_record_reads_empty(moto_dynamodb, user, logs):
    moto_dynamodb.client.put_item(TableName=moto_dynamodb.table_name,
                                  Item={"id": {"S": user}, "attributes": {"S": "left side, 38.4"}})
    adapter = ResilientAdapter(moto_dynamodb.adapter(), sleep=lambda _: None)
    assert adapter.get_attributes(envelope(user)) == {}
    assert adapter.last_error == "CorruptRecordError" and not adapter.degraded
    assert "corrupt record" in logs()[0].getMessage()
    assert_private(logs, user)
