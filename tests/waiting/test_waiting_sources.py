"""Real client paths: boto3 clients on moto, stubbed botocore and aiobotocore clients."""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

import statewise
from statewise import Attempt, SpecError, UnknownWaiterError, WaiterFailed, WaiterOptionsError, WaiterTimeout
from statewise.errors import UnknownNameError
from statewise.testing import FakeClock

REGION = "us-east-1"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


def create_table(client: Any, name: str = "t", **extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )
    return response


def test_dynamodb_table_exists_after_it_appears(aws: None) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    clock = FakeClock()
    seen: list[Attempt] = []

    def on_attempt(attempt: Attempt) -> None:
        seen.append(attempt)
        if attempt.number == 2:
            create_table(client)

    response = statewise.wait(client, "table_exists", TableName="t", clock=clock, on_attempt=on_attempt)
    assert response["Table"]["TableStatus"] == "ACTIVE"
    assert clock.sleeps == [20.0, 20.0]
    assert [a.error is not None for a in seen] == [True, True, False]
    assert seen[0].response["Error"]["Code"] == "ResourceNotFoundException"
    statewise.wait(client, "TableExists", TableName="t", clock=clock)  # CamelCase works too
    client.delete_table(TableName="t")
    statewise.wait(client, "table_not_exists", TableName="t", clock=clock)


def test_dynamodb_table_exists_times_out(aws: None) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    clock = FakeClock()
    with pytest.raises(WaiterTimeout) as info:
        statewise.wait(client, "table_exists", TableName="missing", clock=clock, WaiterConfig={"MaxAttempts": 3})
    assert info.value.attempts == 3
    assert clock.sleeps == [20.0, 20.0]
    assert 'last match: acceptor 1 (retry when error Code == "ResourceNotFoundException") on attempt 3' in str(
        info.value
    )


def test_s3_bucket_exists(aws: None) -> None:
    client = boto3.client("s3", region_name=REGION)
    client.create_bucket(Bucket="statewise-bucket")
    clock = FakeClock()
    response = statewise.wait(client, "bucket_exists", Bucket="statewise-bucket", clock=clock)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert clock.sleeps == []
    with pytest.raises(WaiterTimeout):
        statewise.wait(client, "bucket_exists", Bucket="statewise-missing", clock=clock, max_attempts=2)
    assert clock.sleeps == [5.0]
    statewise.wait(client, "bucket_not_exists", Bucket="statewise-missing", clock=clock)


def test_shipped_stream_enabled_waiter(aws: None) -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    table = create_table(dynamodb, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    arn = table["TableDescription"]["LatestStreamArn"]
    streams = boto3.client("dynamodbstreams", region_name=REGION)
    response = statewise.wait(streams, "stream_enabled", StreamArn=arn, clock=FakeClock())
    assert response["StreamDescription"]["StreamStatus"] == "ENABLED"


def test_client_with_a_spec(aws: None) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    create_table(client)
    spec = {
        "operation": "DescribeTable",
        "delay": 1,
        "maxAttempts": 2,
        "acceptors": [{"state": "success", "matcher": "path", "argument": "Table.ItemCount", "expected": 0}],
    }
    assert statewise.wait(client, spec=spec, TableName="t", clock=FakeClock())["Table"]["ItemCount"] == 0
    expected = r"^dynamodb\.DescribeTables/operation: dynamodb has no operation 'DescribeTables'$"
    with pytest.raises(SpecError, match=expected):
        statewise.wait(client, spec={**spec, "operation": "DescribeTables"}, TableName="t")


def test_unknown_waiter_suggests_close_names(aws: None) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    with pytest.raises(UnknownWaiterError) as info:
        statewise.wait(client, "table_exist", TableName="t")
    assert str(info.value) == (
        "dynamodb has no waiter named 'table_exist'; did you mean 'table_exists' or 'table_not_exists'?"
    )
    assert info.value.suggestions == ("table_exists", "table_not_exists")
    assert isinstance(info.value, UnknownNameError)
    # a typo must not pass for "not ready yet" in `except WaiterError` clauses; botocore raises ValueError
    assert not isinstance(info.value, statewise.WaiterError)
    assert isinstance(info.value, ValueError)
    copy = pickle.loads(pickle.dumps(info.value))
    assert str(copy) == str(info.value)
    assert copy.suggestions == info.value.suggestions
    with pytest.raises(UnknownWaiterError, match="did you mean 'TableExists'"):
        statewise.wait(client, "TableExist", TableName="t")


def test_source_errors(aws: None) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    with pytest.raises(WaiterOptionsError, match="name a waiter"):
        statewise.wait(client, TableName="t")
    with pytest.raises(WaiterOptionsError, match=r"give a waiter name \('table_exists'\) or spec=, not both"):
        statewise.wait(client, "table_exists", spec={}, TableName="t")
    with pytest.raises(WaiterOptionsError, match="needs a boto3/aiobotocore client"):
        statewise.wait(lambda: None, "table_exists")
    spec = {
        "operation": "X",
        "delay": 1,
        "maxAttempts": 1,
        "acceptors": [{"state": "success", "matcher": "error", "expected": False}],
    }
    with pytest.raises(WaiterOptionsError, match="must be a client or a callable, got int"):
        statewise.wait(3, spec=spec)


def test_shipped_execution_succeeded_on_a_stubbed_client() -> None:
    client = boto3.client("stepfunctions", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="y")
    arn = "arn:aws:states:us-east-1:123456789012:execution:sm:run1"
    base = {
        "executionArn": arn,
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        "startDate": datetime(2026, 1, 1, tzinfo=UTC),
    }
    clock = FakeClock()
    with Stubber(client) as stub:
        for status in ("RUNNING", "RUNNING", "SUCCEEDED", "RUNNING", "TIMED_OUT"):
            stub.add_response("describe_execution", {**base, "status": status}, {"executionArn": arn})
        response = statewise.wait(client, "execution_succeeded", executionArn=arn, clock=clock)
        assert response["status"] == "SUCCEEDED"
        assert clock.sleeps == [5.0, 5.0]
        with pytest.raises(WaiterFailed, match=r'acceptor 2 \(failure when path status == "TIMED_OUT"\)'):
            statewise.wait(client, "ExecutionSucceeded", executionArn=arn, clock=clock)
        stub.assert_no_pending_responses()


def test_async_wait_on_an_aiobotocore_client() -> None:
    from aiobotocore.session import get_session
    from aiobotocore.stub import AioStubber

    table = {"Table": {"TableName": "tbl", "TableStatus": "ACTIVE"}}

    async def main() -> tuple[Any, list[float]]:
        session = get_session()
        clock = FakeClock()
        async with session.create_client(
            "dynamodb", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="y"
        ) as client:
            with AioStubber(client) as stub:
                stub.add_client_error(
                    "describe_table", "ResourceNotFoundException", expected_params={"TableName": "tbl"}
                )
                stub.add_response("describe_table", {"Table": {"TableName": "tbl", "TableStatus": "CREATING"}})
                stub.add_response("describe_table", table, {"TableName": "tbl"})
                response = await statewise.async_wait(
                    client, "table_exists", TableName="tbl", clock=clock, backoff="exponential", min_delay=1
                )
                stub.assert_no_pending_responses()
        return response, clock.sleeps

    response, sleeps = asyncio.run(main())
    assert response["Table"]["TableStatus"] == "ACTIVE"
    assert len(sleeps) == 2
    assert sleeps[0] == 1.0
    assert 1.0 <= sleeps[1] <= 2.0


def test_a_mock_is_a_callable_not_a_client() -> None:
    from unittest import mock

    spec = {
        "operation": "GetThing",
        "delay": 2,
        "maxAttempts": 3,
        "acceptors": [{"state": "success", "matcher": "path", "argument": "Status", "expected": "READY"}],
    }
    operation = mock.Mock(side_effect=[{"Status": "PENDING"}, {"Status": "READY"}])
    clock = FakeClock()
    assert statewise.wait(operation, spec=spec, clock=clock, ThingId="t") == {"Status": "READY"}
    assert operation.call_args_list == [mock.call(ThingId="t")] * 2
    assert clock.sleeps == [2.0]
    with pytest.raises(WaiterOptionsError, match="needs a boto3/aiobotocore client; pass spec= to wait on a callable"):
        statewise.wait(mock.MagicMock(), "table_exists")
    with pytest.raises(WaiterOptionsError, match=r"use statewise\.async_wait"):
        statewise.wait(mock.AsyncMock(), spec=spec)
