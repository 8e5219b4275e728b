"""The DynamoDB fake is as atomic as DynamoDB: of several writes conditional on the same version,
exactly one succeeds. moto alone checks a condition and writes in two steps, so now and then
two got through, and the two-device race test reported a red flag lost that the skill had
not lost (tests/moto_server.py serializes moto's requests)."""
import threading
import time
import uuid

import moto.dynamodb.models.table
import pytest

WRITERS = 6
ROUNDS = 5


@pytest.fixture
def slow_conditions(monkeypatch):
    """moto takes 20 ms between reading the item and writing it (it parses the condition
    there), so the writers' requests overlap in that window every time, not once in 1,000."""
    parse = moto.dynamodb.models.table.get_filter_expression

    def slowly(*args, **kwargs):
        time.sleep(0.02)
        return parse(*args, **kwargs)
    monkeypatch.setattr(moto.dynamodb.models.table, "get_filter_expression", slowly)


@pytest.mark.slow
def test_of_writes_conditional_on_the_same_version_exactly_one_succeeds(moto_dynamodb, slow_conditions):
    client, table = moto_dynamodb.client, moto_dynamodb.table_name
    rounds = []
    for _ in range(ROUNDS):
        key = {"S": f"amzn1.ask.account.ATOMIC{uuid.uuid4().hex}"}
        client.put_item(TableName=table, Item={"id": key, "version": {"N": "1"}})
        start = threading.Barrier(WRITERS)
        won = []

        def write(writer: int) -> None:
            start.wait()
            try:
                client.put_item(TableName=table, Item={"id": key, "version": {"N": "2"}, "by": {"N": str(writer)}},
                                ConditionExpression="version = :read", ExpressionAttributeValues={":read": {"N": "1"}})
            except client.exceptions.ConditionalCheckFailedException:
                return
            won.append(writer)

        threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = client.get_item(TableName=table, Key={"id": key}, ConsistentRead=True)["Item"]
        rounds.append((len(won), won == [int(stored["by"]["N"])]))  # one winner, and its write stayed
    assert rounds == [(1, True)] * ROUNDS
