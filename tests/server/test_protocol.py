"""The protocol core, the parameter readers and the pager, without a server."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from statewise.server.arns import check_name, parse_arn
from statewise.server.operations import OPERATIONS
from statewise.server.params import Pager, optional, required
from statewise.server.protocol import ApiError, decode, encode_error, encode_result


def test_decode_reads_the_target_and_the_json_body() -> None:
    assert decode("AWSStepFunctions.ListActivities", b'{"maxResults": 2}') == ("ListActivities", {"maxResults": 2})
    assert decode("AWSStepFunctions.ListActivities", b"") == ("ListActivities", {})


@pytest.mark.parametrize(
    ("target", "body", "code"),
    [
        (None, b"{}", "UnknownOperationException"),
        ("DynamoDB_20120810.ListTables", b"{}", "UnknownOperationException"),
        ("AWSStepFunctions.ListActivities", b"{", "SerializationException"),
        ("AWSStepFunctions.ListActivities", b"[1]", "SerializationException"),
    ],
)
def test_decode_refuses_what_is_not_a_step_functions_call(target: str | None, body: bytes, code: str) -> None:
    with pytest.raises(ApiError) as info:
        decode(target, body)
    assert info.value.code == code


def test_results_carry_timestamps_as_epoch_seconds() -> None:
    reply = encode_result({"creationDate": datetime(2026, 1, 1, tzinfo=UTC)})
    assert (reply.status, json.loads(reply.body)) == (200, {"creationDate": 1767225600.0})
    assert reply.headers["Content-Type"] == "application/x-amz-json-1.0"
    assert reply.headers["Content-Length"] == str(len(reply.body))


def test_errors_carry_the_code_botocore_reads_in_body_and_header() -> None:
    reply = encode_error(ApiError("TooManyTags", "too many", resourceName="arn:x"))
    assert reply.status == 400
    assert json.loads(reply.body) == {"__type": "TooManyTags", "message": "too many", "resourceName": "arn:x"}
    assert reply.headers["X-Amzn-ErrorType"] == "TooManyTags"


def test_every_operation_the_issue_lists_is_served() -> None:
    listed = {
        "CreateStateMachine", "UpdateStateMachine", "DescribeStateMachine", "DescribeStateMachineForExecution",
        "ListStateMachines", "DeleteStateMachine", "StartExecution", "StartSyncExecution", "DescribeExecution",
        "StopExecution", "ListExecutions", "GetExecutionHistory", "RedriveExecution", "SendTaskSuccess",
        "SendTaskFailure", "SendTaskHeartbeat", "CreateActivity", "DeleteActivity", "ListActivities",
        "GetActivityTask", "TestState", "ValidateStateMachineDefinition", "TagResource", "UntagResource",
        "ListTagsForResource",
    }  # fmt: skip
    assert listed <= set(OPERATIONS)


def test_parameters_are_checked_in_the_apis_words() -> None:
    assert required({"name": "a"}, "name", str) == "a"
    assert optional({}, "maxResults", int, 7) == 7
    with pytest.raises(ApiError, match="Value null at 'name' failed to satisfy constraint: Member must not be null"):
        required({}, "name", str)
    with pytest.raises(ApiError, match="Member must be a integer"):
        optional({"maxResults": True}, "maxResults", int, 0)


def test_pages_continue_only_their_own_listing() -> None:
    pager = Pager()
    first, token = pager.page(list(range(5)), {"maxResults": 2}, "A")
    assert (first, token is not None) == ([0, 1], True)
    second, token = pager.page(list(range(5)), {"maxResults": 2, "nextToken": token}, "A")
    last, end = pager.page(list(range(5)), {"maxResults": 2, "nextToken": token}, "A")
    assert (second, last[-1:], end) == ([2, 3], [4], None)
    with pytest.raises(ApiError, match="Invalid Token"):
        pager.page(list(range(5)), {"nextToken": token}, "B")
    with pytest.raises(ApiError, match="Invalid Token"):
        Pager().page(list(range(5)), {"nextToken": token}, "A")  # another server's secret


def test_names_and_arns() -> None:
    assert check_name("order-2026_01") == "order-2026_01"
    for bad in ("", "a" * 81, "a b", "a:b", "a*", "tab\t"):
        with pytest.raises(ApiError, match="Invalid Name"):
            check_name(bad)
    arn = parse_arn("arn:aws:states:us-east-1:123456789012:stateMachine:M:3", "stateMachine", member="x")
    assert (arn.name, arn.qualifier, arn.base) == ("M", "3", "arn:aws:states:us-east-1:123456789012:stateMachine:M")
    express = parse_arn("arn:aws:states:us-east-1:123456789012:express:M:run:abc", "execution", "express", member="x")
    assert express.name == "run"
    with pytest.raises(ApiError, match="Invalid Arn"):
        parse_arn("arn:aws:states:us-east-1:123456789012:execution:M", "execution", member="executionArn")
