"""statewise.lint.rules_paging: page-token parameter names against botocore's paginators."""

from __future__ import annotations

from typing import Any

from statewise import lint
from tests.lint.definitions import SDK, machine, seed


def _call(action: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return machine({"Call": {"Type": "Task", "Resource": SDK + action, "Parameters": parameters, "End": True}})


def test_next_token_on_list_objects_v2_is_the_wrong_token():
    (item,) = lint(_call("s3:listObjectsV2", {"Bucket": "b", "NextToken.$": "$.token"}))
    assert (item.code, item.severity, item.pointer) == (
        "paging-token-mismatch",
        "error",
        "/States/Call/Parameters/NextToken.$",
    )
    assert item.message == (
        "s3:listObjectsV2 pages with 'ContinuationToken' (from the response's 'NextContinuationToken'), "
        "not 'NextToken', so this token never reaches the API"
    )
    assert item.fix == (
        "rename 'NextToken.$' to 'ContinuationToken.$' and read it from the response's 'NextContinuationToken'"
    )


def test_the_paginators_own_token_names_pass():
    assert lint(_call("s3:listObjectsV2", {"Bucket": "b", "ContinuationToken.$": "$.token"})) == []
    assert lint(seed()) == []  # workspaces:describeWorkspaces pages with NextToken


def test_camel_case_apis_take_their_token_in_pascal_case():
    assert lint(_call("sfn:listExecutions", {"StateMachineArn": "arn", "NextToken.$": "$.t"})) == []


def test_marker_apis():
    (item,) = lint(_call("rds:describeDBInstances", {"NextToken": "x"}))
    assert item.code == "paging-token-mismatch"
    assert "pages with 'Marker'" in item.message


def test_apis_without_a_paginator_are_left_to_the_shape_check():
    (item,) = lint(_call("sqs:sendMessage", {"QueueUrl": "q", "MessageBody": "m", "NextToken": "x"}))
    assert item.code == "unknown-sdk-parameter"
