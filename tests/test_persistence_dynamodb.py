import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from moto_server import T0, envelope, moto_dynamodb  # noqa: F401  (fixture)
from skill.persistence import adapter_from_env

EPISODE = {
    "episode": {"side": "left", "temps_c": [38.4, 39.0, 37], "hours": 30,
                "steps": [{"section": "massage", "hold_seconds": 5, "ok": True}]},
    "sessions": 3, "cleared": False, "note": None,
}


def sdk_adapter_class():
    # Imported once the fixture has set a region: the SDK module needs one at import time.
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    return DynamoDbAdapter


@pytest.fixture
def user():
    return f"amzn1.ask.account.{uuid.uuid4()}"


def test_round_trip_with_plain_numbers_and_nesting(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    assert isinstance(adapter, sdk_adapter_class())
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


def test_item_layout_has_top_level_ttl_number(moto_dynamodb, user):
    moto_dynamodb.adapter().save_attributes(envelope(user, T0), {"sessions": 1})
    item = moto_dynamodb.raw_item(user)
    assert item == {
        "id": {"S": user},
        "attributes": {"M": {"sessions": {"N": "1"}}},
        "expires_at": {"N": str(int((T0 + timedelta(days=30)).timestamp()))},
    }


def test_caller_set_expires_at_becomes_the_ttl(moto_dynamodb, user):
    when = int((T0 + timedelta(days=2)).timestamp())
    moto_dynamodb.adapter().save_attributes(envelope(user, T0), {"expires_at": when})
    assert moto_dynamodb.raw_item(user)["expires_at"] == {"N": str(when)}


def test_expired_item_not_yet_removed_by_ttl_reads_as_empty(moto_dynamodb, user):
    adapter = moto_dynamodb.adapter()
    adapter.save_attributes(envelope(user, T0), EPISODE)
    assert adapter.get_attributes(envelope(user, T0 + timedelta(days=29))) == EPISODE
    assert adapter.get_attributes(envelope(user, T0 + timedelta(days=31))) == {}


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
    assert isinstance(adapter.inner, sdk_adapter_class())
    adapter.save_attributes(envelope(user), {"sessions": 2})
    assert moto_dynamodb.raw_item(user)["attributes"] == {"M": {"sessions": {"N": "2"}}}
