"""Episode store on DynamoDB: the ASK SDK's `DynamoDbAdapter` plus a TTL attribute and plain numbers.

Import this module only when DynamoDB is in use: boto3 and the SDK module cost ~250 ms.
"""
from __future__ import annotations

import time
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

import boto3
from botocore.config import Config
from ask_sdk_core.exceptions import PersistenceException

from . import DEFAULT_TTL_SECONDS, TTL_ATTRIBUTE, CorruptRecordError, expiry, request_epoch

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

# ask_sdk_dynamodb.adapter evaluates `boto3.resource("dynamodb")` as a default argument when
# it is imported, which raises NoRegionError where no region is configured (a laptop against
# DynamoDB Local). Give the default session a placeholder region for that unused resource;
# every adapter built below gets an explicit region of its own.
if boto3.DEFAULT_SESSION is None:
    boto3.setup_default_session()
_CONFIGURED_REGION = boto3.DEFAULT_SESSION.region_name
if _CONFIGURED_REGION is None:
    boto3.setup_default_session(region_name="us-east-1")

from ask_sdk_dynamodb.adapter import DynamoDbAdapter  # noqa: E402  (needs the region above)

# Alexa allows a skill 8 s per turn and ResilientAdapter retries within its own deadline,
# so each call fails fast and botocore does not retry on its own.
DEFAULT_CONFIG = Config(connect_timeout=0.5, read_timeout=1.0, retries={"total_max_attempts": 1})


def to_dynamo(value):
    """boto3 refuses floats: store them as Decimal (via str, so 0.1 stays 0.1)."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: to_dynamo(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_dynamo(v) for v in value]
    return value


def from_dynamo(value):
    """DynamoDB numbers come back as Decimal: integral ones become int, the rest float.

    DynamoDB normalises numbers (2.0 is stored as 2), so a whole float reads back as int.
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_dynamo(v) for v in value]
    return value


class EpisodeDynamoDbAdapter(DynamoDbAdapter):
    """The SDK adapter with a top-level TTL attribute and Decimal-free attributes.

    The SDK writes items as {id, attributes}; DynamoDB TTL needs a top-level number, which
    its API has no hook for, so `save_attributes` puts {id, attributes, expires_at} through
    the adapter's own resource, table name and key generator. `get_attributes` reads the
    whole item to honour `expires_at` itself, because DynamoDB deletes expired items only
    eventually (often days later). Delete, key generation and construction are the SDK's.
    """

    def __init__(self, table_name: str, *, dynamodb_resource, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(table_name, partition_key_name="id", create_table=False,
                         dynamodb_resource=dynamodb_resource)
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        key = self.partition_keygen(request_envelope)
        try:
            response = self.dynamodb.Table(self.table_name).get_item(
                Key={self.partition_key_name: key}, ConsistentRead=True)
        except Exception as error:
            raise PersistenceException(f"DynamoDB get_item failed: {type(error).__name__}") from error
        item = response.get("Item")
        if item is None:
            return {}
        expires_at = item.get(TTL_ATTRIBUTE)
        if expires_at is not None and expires_at <= request_epoch(request_envelope, self.clock):
            return {}  # TTL will delete it; the next save overwrites it anyway
        attributes = item.get(self.attribute_name)
        if not isinstance(attributes, dict):
            raise CorruptRecordError("stored attributes are not a map")
        return from_dynamo(attributes)

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        now = request_epoch(request_envelope, self.clock)
        item = {
            self.partition_key_name: self.partition_keygen(request_envelope),
            self.attribute_name: to_dynamo(attributes),
            TTL_ATTRIBUTE: expiry(attributes, now, self.ttl_seconds),
        }
        try:
            self.dynamodb.Table(self.table_name).put_item(Item=item)
        except Exception as error:
            raise PersistenceException(f"DynamoDB put_item failed: {type(error).__name__}") from error


def dynamodb_adapter(table_name: str, *, endpoint_url: str | None = None, region: str | None = None,
                     config: Config = DEFAULT_CONFIG, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                     clock: Callable[[], float] = time.time) -> EpisodeDynamoDbAdapter:
    """A DynamoDbAdapter on an existing table (partition key "id", TTL attribute "expires_at").

    The resource comes from boto3's default session, which already holds the DynamoDB model
    loaded for the SDK's import-time resource (a fresh session would load it again, ~70 ms).
    """
    region = region or _CONFIGURED_REGION
    if region is None:
        raise PersistenceException("no AWS region: set AWS_DEFAULT_REGION or pass region=")
    resource = boto3.resource("dynamodb", region_name=region, endpoint_url=endpoint_url, config=config)
    return EpisodeDynamoDbAdapter(table_name, dynamodb_resource=resource, ttl_seconds=ttl_seconds, clock=clock)
