"""What the server's tests share: the role, the Orders machine and its mocks, a checking client, a wait."""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.config import Config

from statewise.integrations.shape_check import shape_problems

ROLE = "arn:aws:iam::123456789012:role/statewise"

MOCKS: dict[str, Any] = {
    "StateMachines": {
        "Orders": {
            "TestCases": {
                "HappyPath": {"Charge": "ChargeOk"},
                "RetryPath": {"Charge": "ChargeFlaky"},
            }
        }
    },
    "MockedResponses": {
        "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": True}}}},
        "ChargeFlaky": {
            "0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
            "1-2": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"charged": True}}},
        },
    },
}

ORDERS = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3}],
            "OutputPath": "$.Payload",
            "End": True,
        }
    },
}


class ShapeProblems(AssertionError):
    """A response the server sent does not fit botocore's output shape."""


def _check_response(http_response: Any, model: Any, **_: Any) -> None:
    if http_response.status_code != 200 or model.output_shape is None:
        return
    body = json.loads(http_response.content or b"{}")
    problems = list(shape_problems(model.output_shape, body))
    if problems:
        raise ShapeProblems(f"{model.name}: {problems}")


def make_client(endpoint_url: str, **config: Any) -> Any:
    """A stepfunctions client for ``endpoint_url`` (fake credentials, no retries), checking response shapes."""
    client = boto3.client(
        "stepfunctions",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}, **config),
    )
    client.meta.events.register("after-call.stepfunctions", _check_response)
    return client


def wait_done(sfn: Any, execution_arn: str) -> dict[str, Any]:
    """DescribeExecution once the execution ended (executions run on a fake clock: they end at once)."""
    waiter_clock = iter(range(10_000))
    while next(waiter_clock) < 9_999:
        described: dict[str, Any] = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
    raise AssertionError(f"{execution_arn} still runs")
