"""The DynamoDB store against moto's server over HTTP: layout, versions, merges, calls per turn."""
import json
import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from ask_sdk_core.exceptions import PersistenceException
from botocore.awsrequest import AWSResponse

from driver import Driver
from moto_server import FAKE_AWS_ENV, REGION, T0, FaultProxy, envelope
from skill.console.envelopes import Session
from skill.persistence import adapter_from_env
from skill.persistence.dynamodb import CONFLICT_RETRIES, DynamoDbStore
from skill.persistence.resilient import ResilientAdapter

ROOT = Path(__file__).resolve().parent.parent
EPISODE = {
    "episode": {"side": "left", "temps_c": [38.4, 39.0, 37], "hours": 30,
                "steps": [{"section": "massage", "hold_seconds": 5, "ok": True}]},
    "sessions": 3, "cleared": False, "note": None,
}


@pytest.fixture
def user():
    return f"amzn1.ask.account.{uuid.uuid4()}"


class Calls:
    """Counts the DynamoDB operations a client makes (botocore's own event hooks)."""

    def __init__(self, adapter):
        self.made = []
        adapter.client.meta.events.register("before-call.dynamodb", self)

    def __call__(self, model, **_):
        self.made.append(model.name)

    def take(self) -> list[str]:
        made, self.made = self.made, []
        return made


def test_round_trip_with_plain_numbers_and_nesting(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    assert isinstance(adapter, DynamoDbStore)
    adapter.save_attributes(envelope(user), EPISODE)
    got = moto_dynamodb.adapter().get_attributes(envelope(user))
    # 39.0 is whole, and DynamoDB keeps numbers without trailing zeros: it reads back as 39.
    assert got == EPISODE
    temps = got["episode"]["temps_c"]
    assert [type(t) for t in temps] == [float, int, int]
    assert type(got["sessions"]) is int and type(got["episode"]["steps"][0]["hold_seconds"]) is int

    def decimals(value):
        if isinstance(value, dict):
            return any(decimals(v) for v in value.values())
        if isinstance(value, list):
            return any(decimals(v) for v in value)
        return isinstance(value, Decimal)
    assert not decimals(got)


def test_item_layout_has_top_level_ttl_and_a_version_that_counts_saves(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    adapter.save_attributes(envelope(user, T0), {"sessions": 1})
    item = moto_dynamodb.raw_item(user)
    assert item == {
        "id": {"S": user},
        "attributes": {"M": {"sessions": {"N": "1"}}},
        "expires_at": {"N": str(int((T0 + timedelta(days=30)).timestamp()))},
        "version": {"N": "1"},
    }
    request = envelope(user, T0)
    adapter.get_attributes(request)
    adapter.save_attributes(request, {"sessions": 2})
    assert moto_dynamodb.raw_item(user)["version"] == {"N": "2"}


def test_not_json_safe_attributes_are_refused_before_any_call(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    calls = Calls(adapter)
    for bad in ({"t": float("nan")}, {"t": float("inf")}, {"when": object()}):
        with pytest.raises(PersistenceException):
            adapter.save_attributes(envelope(user), bad)
    assert calls.take() == []


def sdk_adapter(moto_dynamodb):
    """The SDK's own DynamoDbAdapter on the same table (imported only here, never by the skill)."""
    import boto3
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    resource = boto3.resource("dynamodb", region_name=REGION, endpoint_url=moto_dynamodb.endpoint_url)
    return DynamoDbAdapter(moto_dynamodb.table_name, partition_key_name="id", dynamodb_resource=resource)


def test_the_sdk_adapter_reads_our_items_and_we_read_and_update_its_items(moto_dynamodb, user):
    ours = moto_dynamodb.adapter()
    ours.save_attributes(envelope(user), {"episode": {"side": "left", "temp": 38.4}})
    assert sdk_adapter(moto_dynamodb).get_attributes(envelope(user)) == {
        "episode": {"side": "left", "temp": Decimal("38.4")}}

    other = f"amzn1.ask.account.{uuid.uuid4()}"
    sdk_adapter(moto_dynamodb).save_attributes(envelope(other), {"episode": {"side": "right"}})
    request = envelope(other)
    assert ours.get_attributes(request) == {"episode": {"side": "right"}}
    ours.save_attributes(request, {"episode": {"side": "both"}})  # no version yet: the first one
    assert ours.get_attributes(envelope(other)) == {"episode": {"side": "both"}}
    assert moto_dynamodb.raw_item(other)["version"] == {"N": "1"}


def test_a_write_in_between_is_merged_not_lost(moto_dynamodb, user):
    """Two devices read the same record; the second to write finds the version moved,
    reads again and merges: both red flags are kept."""
    first, second = moto_dynamodb.adapter(), moto_dynamodb.adapter()
    first.save_attributes(envelope(user), {"episode": {"started": "2025-03-01T09:00:00+00:00", "signs": []}})
    calls = Calls(second)
    on_a, on_b = envelope(user), envelope(user)
    memory_a, memory_b = first.get_attributes(on_a), second.get_attributes(on_b)
    memory_a["episode"]["signs"].append("fever")
    memory_b["episode"]["signs"].append("red_streaks")
    first.save_attributes(on_a, memory_a)
    second.save_attributes(on_b, memory_b)
    assert calls.take() == ["GetItem", "PutItem", "GetItem", "PutItem"]
    stored = first.get_attributes(envelope(user))
    assert stored["episode"]["signs"] == ["fever", "red_streaks"]
    assert moto_dynamodb.raw_item(user)["version"] == {"N": "3"}
    # A second save in the same request (its memory still without the fever) keeps the fever,
    # with one PutItem: the version it wrote is known.
    memory_b["episode"]["side"] = "left"
    second.save_attributes(on_b, memory_b)
    assert calls.take() == ["PutItem"]
    assert first.get_attributes(envelope(user))["episode"] == {
        "started": "2025-03-01T09:00:00+00:00", "signs": ["fever", "red_streaks"], "side": "left"}


class ConditionFails:
    """Answers every PutItem with ConditionalCheckFailedException, as if another device wrote
    each time just before this one."""

    def __init__(self, adapter):
        self.calls = 0
        adapter.client.meta.events.register("before-call.dynamodb.PutItem", self)

    def __call__(self, **_):
        self.calls += 1
        error = {"Error": {"Code": "ConditionalCheckFailedException", "Message": "The conditional request failed"},
                 "ResponseMetadata": {"HTTPStatusCode": 400}}
        return AWSResponse("http://127.0.0.1", 400, {}, None), error


def test_a_record_that_keeps_changing_gives_up_after_a_bounded_number_of_tries(moto_dynamodb, user, caplog):
    inner = moto_dynamodb.adapter()
    failing = ConditionFails(inner)
    with pytest.raises(PersistenceException):
        inner.save_attributes(envelope(user), {"episode": {"signs": ["fever"]}})
    assert failing.calls == CONFLICT_RETRIES + 1
    adapter = ResilientAdapter(inner, sleep=lambda _: None)
    adapter.save_attributes(envelope(user), {"episode": {"signs": ["fever"]}})  # logged, not raised
    assert adapter.last_error == "PersistenceException"


def test_expired_item_not_yet_removed_by_ttl_reads_as_empty(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    adapter.save_attributes(envelope(user, T0), EPISODE)
    assert adapter.get_attributes(envelope(user, T0 + timedelta(days=29))) == EPISODE
    later = envelope(user, T0 + timedelta(days=31))
    assert adapter.get_attributes(later) == {}
    adapter.save_attributes(later, {"sessions": 1})  # replaces it, nothing merged from it
    assert adapter.get_attributes(envelope(user, T0 + timedelta(days=31))) == {"sessions": 1}


def test_delete(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    adapter.save_attributes(envelope(user), EPISODE)
    adapter.delete_attributes(envelope(user))
    assert moto_dynamodb.raw_item(user) is None
    assert adapter.get_attributes(envelope(user)) == {}


def test_two_users_from_threads_no_cross_talk(moto_dynamodb):
    adapter = moto_dynamodb.adapter()
    users = [f"amzn1.ask.account.{uuid.uuid4()}" for _ in range(2)]

    def turns(worker):
        user = users[worker % 2]
        seen = []
        for turn in range(10):
            adapter.save_attributes(envelope(user), {"user": user, "turn": turn, "t": 37.5})
            seen.append(adapter.get_attributes(envelope(user))["user"])
        return user, seen

    with ThreadPoolExecutor(4) as pool:
        for user, seen in pool.map(turns, range(4)):
            assert set(seen) == {user}


def test_adapter_from_env_uses_the_table(moto_dynamodb, user):
    adapter = adapter_from_env({"MILKDUCT_TABLE": moto_dynamodb.table_name,
                                "DYNAMODB_ENDPOINT_URL": moto_dynamodb.endpoint_url})
    assert isinstance(adapter.inner, DynamoDbStore)
    adapter.save_attributes(envelope(user), {"sessions": 2})
    assert moto_dynamodb.raw_item(user)["attributes"] == {"M": {"sessions": {"N": "2"}}}


def test_one_get_per_turn_and_a_put_only_when_memory_changed_over_one_kept_connection(
        moto_dynamodb, make_skill, user):
    proxy = FaultProxy(moto_dynamodb.endpoint_url)
    try:
        inner = moto_dynamodb.adapter(endpoint_url=proxy.url)
        calls = Calls(inner)
        talker = Driver(make_skill(ResilientAdapter(inner)), Session(user_id=user, api_endpoint="http://127.0.0.1:9"))
        talker.launch()  # a first visit: the disclaimer is heard, and remembered
        assert calls.take() == ["GetItem", "PutItem"]
        for quiet in ("AMAZON.RepeatIntent", "AMAZON.HelpIntent", "WhereAmI"):
            talker.say(quiet)
            assert calls.take() == ["GetItem"], quiet
        talker.say("ReportSymptom", symptom="fever")
        assert calls.take() == ["GetItem", "PutItem"]
        assert proxy.connections == 1  # every call of every turn on the same kept-alive connection
    finally:
        proxy.close()


def test_the_skill_imports_neither_boto3_nor_the_sdk_dynamodb_adapter(moto_dynamodb, tmp_path):
    probe = ("import json, sys\n"
             "import skill.lambda_function\n"
             "print(json.dumps({m: m in sys.modules for m in ('boto3', 'botocore', 'ask_sdk_dynamodb')}))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("MILKDUCT_TABLE", "DYNAMODB_ENDPOINT_URL")}
    env.update(MILKDUCT_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))

    def loaded(extra: dict) -> dict:
        result = subprocess.run([sys.executable, "-c", probe], env={**env, **extra}, cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])

    assert loaded({}) == {"boto3": False, "botocore": False, "ask_sdk_dynamodb": False}
    aws = {**FAKE_AWS_ENV, "MILKDUCT_TABLE": moto_dynamodb.table_name,
           "DYNAMODB_ENDPOINT_URL": moto_dynamodb.endpoint_url}
    assert loaded(aws) == {"boto3": False, "botocore": True, "ask_sdk_dynamodb": False}


def test_the_lean_data_loader_knows_every_service_botocore_knows_and_loads_the_same_model():
    import botocore.session

    from skill.persistence.dynamodb import botocore_session

    stock = botocore.session.Session().get_component("data_loader")
    lean = botocore_session().get_component("data_loader")
    assert set(stock.list_available_services("service-2")) <= set(lean.list_available_services("service-2"))
    assert lean.load_service_model("dynamodb", "service-2") == stock.load_service_model("dynamodb", "service-2")
