"""The thin path of the hot AWS calls (`integrations/aws_json.py`) answers exactly as the client
would: the same items (binary values included), the same ClientError shapes, the same retries and
events, on DynamoDB Local and on moto's SQS."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from orchestrator.devtools.localaws import DynamoDBLocal, MotoServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.aws_json import ThinClient
from tests.aws_calls import CallLog
from tests.conftest import open_clients

ITEM: dict[str, Any] = {
    "k": {"S": "one"},
    "blob": {"B": b"\x00\xffcompressed"},
    "n": {"N": "3"},
    "m": {"M": {"B": {"S": "a map key named B is no binary"}, "bs": {"BS": [b"1", b"2"]}}},
}


@pytest.fixture
async def ddb(dynamodb_local: DynamoDBLocal) -> AsyncIterator[tuple[AwsClients, str]]:
    async with await open_clients(dynamodb_local.endpoint) as aws:
        table = f"thin{uuid.uuid4().hex[:10]}"
        await aws.dynamodb.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield aws, table
        await aws.dynamodb.delete_table(TableName=table)


def _raw(aws: AwsClients) -> Any:
    thin = aws.dynamodb
    assert isinstance(thin, ThinClient)
    return thin._client


def _without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


async def _error(call: Any, **params: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        await call(**params)
    return caught.value


class TestDynamoDBParity:
    async def test_item_read_back_the_same(self, ddb: tuple[AwsClients, str]) -> None:
        """GetItem answers the same item, binary values decoded to bytes, on both paths."""
        aws, table = ddb
        await aws.dynamodb.put_item(TableName=table, Item=ITEM)
        key = {"k": {"S": "one"}}
        thin = await aws.dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)
        full = await _raw(aws).get_item(TableName=table, Key=key, ConsistentRead=True)
        assert _without_metadata(thin) == _without_metadata(full) == {"Item": ITEM}
        assert thin["ResponseMetadata"]["HTTPStatusCode"] == 200

    async def test_condition_failure_the_same(self, ddb: tuple[AwsClients, str]) -> None:
        """A failed condition raises the same exception class, code and old item."""
        aws, table = ddb
        await aws.dynamodb.put_item(TableName=table, Item=ITEM)
        request = {
            "TableName": table,
            "Item": ITEM,
            "ConditionExpression": "attribute_not_exists(k)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        thin = await _error(aws.dynamodb.put_item, **request)
        full = await _error(_raw(aws).put_item, **request)
        assert type(thin) is type(full)
        assert thin.response["Error"] == full.response["Error"]
        assert thin.response["Error"]["Code"] == "ConditionalCheckFailedException"
        assert thin.response["Item"] == full.response["Item"] == ITEM

    async def test_cancelled_transaction_the_same(self, ddb: tuple[AwsClients, str]) -> None:
        """A cancelled transaction carries the same reasons, with the old item decoded."""
        aws, table = ddb
        await aws.dynamodb.put_item(TableName=table, Item=ITEM)
        put = {"TableName": table, "Item": ITEM, "ConditionExpression": "attribute_not_exists(k)"}
        request = {"TransactItems": [{"Put": {**put, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]}
        thin = await _error(aws.dynamodb.transact_write_items, **request)
        full = await _error(_raw(aws).transact_write_items, **request)
        assert thin.response["Error"]["Code"] == full.response["Error"]["Code"] == "TransactionCanceledException"
        assert thin.response["CancellationReasons"] == full.response["CancellationReasons"]
        assert thin.response["CancellationReasons"][0]["Item"] == ITEM

    async def test_hooks_see_every_thin_call(self, ddb: tuple[AwsClients, str]) -> None:
        """`before-call` hooks (the tests' and the bench's call counters) count thin calls too."""
        aws, table = ddb
        calls = CallLog().watch(aws.dynamodb)
        await aws.dynamodb.put_item(TableName=table, Item=ITEM)
        await aws.dynamodb.get_item(TableName=table, Key={"k": {"S": "one"}})
        calls.stop(aws.dynamodb)
        assert calls.operations == ["PutItem", "GetItem"]

    async def test_retried_under_the_client_policy(self, ddb: tuple[AwsClients, str]) -> None:
        """A 500 answer is retried by the client's standard policy; the last answer is returned."""
        aws, table = ddb
        failures = [True, True]

        def fail_first(request: Any, **_: Any) -> Any:
            if failures:
                failures.pop()
                return _Answer(500, b'{"__type":"InternalServerError","message":"try again"}')
            return None

        aws.dynamodb.meta.events.register("before-send.dynamodb.PutItem", fail_first)
        response = await aws.dynamodb.put_item(TableName=table, Item=ITEM)
        aws.dynamodb.meta.events.unregister("before-send.dynamodb.PutItem", fail_first)
        assert response["ResponseMetadata"]["RetryAttempts"] == 2
        assert not failures


class _Answer:
    """A canned HTTP answer in the shape botocore's `before-send` hooks return."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = {"content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "r1"}
        self.raw = None
        self.url = "http://stand-in"


class TestSqsParity:
    async def test_send_and_receive(self, moto_server: MotoServer) -> None:
        """SendMessage and ReceiveMessage on the thin path carry the body and attributes through."""
        async with await open_clients(moto_server.endpoint) as aws:
            name = f"thin{uuid.uuid4().hex[:10]}.fifo"
            url = (await aws.sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"}))["QueueUrl"]
            await aws.sqs.send_message(
                QueueUrl=url,
                MessageBody='{"v": 1}',
                MessageGroupId="g",
                MessageDeduplicationId="d",
                MessageAttributes={"bin": {"DataType": "Binary", "BinaryValue": b"\x01\x02"}},
            )
            received = await aws.sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=1, MessageAttributeNames=["All"], AttributeNames=["All"]
            )
            [message] = received["Messages"]
            assert message["Body"] == '{"v": 1}'
            assert message["MessageAttributes"]["bin"]["BinaryValue"] == b"\x01\x02"
            assert message["Attributes"]["MessageGroupId"] == "g"
            missing = await _error(aws.sqs.send_message, QueueUrl=f"{url}-gone", MessageBody="x", MessageGroupId="g")
            full = await _error(
                aws.sqs._client.send_message, QueueUrl=f"{url}-gone", MessageBody="x", MessageGroupId="g"
            )
            assert missing.response["Error"] == full.response["Error"]
            await aws.sqs.delete_queue(QueueUrl=url)
