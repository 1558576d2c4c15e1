"""A suite written for Step Functions Local (MockConfigFile from SFN_MOCK_CONFIG, endpoint overrides from
SQS_ENDPOINT/DYNAMODB_ENDPOINT), run against the server with only the container start replaced.

The hybrid case leaves two states unmocked: they reach moto's server on 127.0.0.1 through the endpoint
variables, and the callback comes by token from another thread, which reads it off moto's queue.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from statewise.server import LocalStepFunctions
from tests.server.helpers import ROLE, make_client, wait_done

DEFINITION = {
    "Comment": "Order flow: check stock (Lambda), record (DynamoDB), ask a person (SQS callback), notify (SNS)",
    "StartAt": "CheckStock",
    "States": {
        "CheckStock": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "check-stock", "Payload.$": "$"},
            "ResultSelector": {"inStock.$": "$.Payload.inStock"},
            "ResultPath": "$.stock",
            "Retry": [
                {"ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], "MaxAttempts": 3}
            ],
            "Next": "Record",
        },
        "Record": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": "orders", "Item": {"id": {"S.$": "$.orderId"}}},
            "ResultPath": None,
            "Next": "Approve",
        },
        "Approve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {
                "QueueUrl": "${QueueUrl}",
                "MessageBody": {"orderId.$": "$.orderId", "token.$": "$$.Task.Token"},
            },
            "ResultPath": "$.approval",
            "Next": "Notify",
        },
        "Notify": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:orders", "Message": "done"},
            "ResultPath": None,
            "End": True,
        },
    },
}

MOCK_CONFIG = {
    "StateMachines": {
        "OrderFlow": {
            "TestCases": {
                "HappyPath": {
                    "CheckStock": "InStock",
                    "Record": "Recorded",
                    "Approve": "Approved",
                    "Notify": "Notified",
                },
                "RetryPath": {
                    "CheckStock": "FlakyThenInStock",
                    "Record": "Recorded",
                    "Approve": "Approved",
                    "Notify": "Notified",
                },
                "HybridPath": {"CheckStock": "InStock", "Notify": "Notified"},
            }
        }
    },
    "MockedResponses": {
        "InStock": {"0": {"Return": {"StatusCode": 200, "Payload": {"inStock": True}}}},
        "FlakyThenInStock": {
            "0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "cold"}},
            "1-2": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "throttled"}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"inStock": True}}},
        },
        "Recorded": {"0": {"Return": {}}},
        "Approved": {"0": {"Return": {"approved": True}}},
        "Notified": {"0": {"Return": {"MessageId": "m-1"}}},
    },
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    port = _free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        moto.stop()


@pytest.fixture(scope="module")
def aws(moto_endpoint: str) -> dict[str, Any]:
    """moto's SQS queue and DynamoDB table, as a test's fixtures would make them in LocalStack or moto."""
    options = {"endpoint_url": moto_endpoint, "region_name": "us-east-1",
               "aws_access_key_id": "local", "aws_secret_access_key": "local"}  # fmt: skip
    sqs, dynamodb = boto3.client("sqs", **options), boto3.client("dynamodb", **options)
    dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return {"sqs": sqs, "dynamodb": dynamodb, "queue": sqs.create_queue(QueueName="approvals")["QueueUrl"]}


@pytest.fixture(scope="module")
def sfn_local(tmp_path_factory: pytest.TempPathFactory, moto_endpoint: str) -> Iterator[str]:
    """Where the suite's container used to be: the same variables, statewise's server."""
    mocks = tmp_path_factory.mktemp("sfn") / "MockConfigFile.json"
    mocks.write_text(json.dumps(MOCK_CONFIG))
    env = {
        "SFN_MOCK_CONFIG": str(mocks),
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCOUNT_ID": "123456789012",
        "SQS_ENDPOINT": moto_endpoint,
        "DYNAMODB_ENDPOINT": moto_endpoint,
        "WAIT_TIME_SCALE": "0",
    }
    with LocalStepFunctions(env=env) as server:
        yield server.endpoint_url


@pytest.fixture(scope="module")
def order_flow(sfn_local: str, aws: dict[str, Any]) -> tuple[Any, str]:
    client = make_client(sfn_local)
    definition = json.dumps(DEFINITION).replace("${QueueUrl}", aws["queue"])
    arn = client.create_state_machine(name="OrderFlow", definition=definition, roleArn=ROLE)["stateMachineArn"]
    return client, arn


def _event_types(client: Any, arn: str) -> list[str]:
    return [e["type"] for e in client.get_execution_history(executionArn=arn, maxResults=1000)["events"]]


def test_happy_path(order_flow: tuple[Any, str]) -> None:
    client, machine = order_flow
    arn = client.start_execution(stateMachineArn=f"{machine}#HappyPath", input='{"orderId": "o-1"}')["executionArn"]
    described = wait_done(client, arn)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {
        "orderId": "o-1",
        "stock": {"inStock": True},
        "approval": {"approved": True},
    }
    assert _event_types(client, arn).count("TaskSucceeded") == 4


def test_retry_path_with_numbered_and_ranged_throws(order_flow: tuple[Any, str]) -> None:
    client, machine = order_flow
    arn = client.start_execution(stateMachineArn=f"{machine}#RetryPath", input='{"orderId": "o-2"}')["executionArn"]
    assert wait_done(client, arn)["status"] == "SUCCEEDED"
    events = client.get_execution_history(executionArn=arn)["events"]
    failed = [e["taskFailedEventDetails"] for e in events if e["type"] == "TaskFailed"]
    assert [(f["error"], f["cause"]) for f in failed] == [
        ("Lambda.ServiceException", "cold"),
        ("Lambda.TooManyRequestsException", "throttled"),
        ("Lambda.TooManyRequestsException", "throttled"),
    ]


def test_hybrid_path_reaches_moto_and_takes_the_callback_from_another_thread(
    order_flow: tuple[Any, str], aws: dict[str, Any], sfn_local: str
) -> None:
    client, machine = order_flow
    approvals: list[str] = []

    def approver() -> None:  # a person's tool: reads the queue, answers by token through its own client
        own = make_client(sfn_local)
        messages = aws["sqs"].receive_message(QueueUrl=aws["queue"], WaitTimeSeconds=10).get("Messages", [])
        body = json.loads(messages[0]["Body"])
        approvals.append(body["orderId"])
        own.send_task_success(taskToken=body["token"], output=json.dumps({"approvedBy": "ann"}))

    thread = threading.Thread(target=approver)
    thread.start()
    arn = client.start_execution(stateMachineArn=f"{machine}#HybridPath", input='{"orderId": "o-3"}')["executionArn"]
    thread.join(15)
    described = wait_done(client, arn)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"])["approval"] == {"approvedBy": "ann"}
    assert approvals == ["o-3"]
    assert aws["dynamodb"].get_item(TableName="orders", Key={"id": {"S": "o-3"}})["Item"] == {"id": {"S": "o-3"}}
