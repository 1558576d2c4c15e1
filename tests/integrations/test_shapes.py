"""PascalCase member names both ways, renaming structure members only (never map keys)."""

from __future__ import annotations

from statewise.integrations.shapes import from_api, to_api


def test_a_camel_case_api_takes_and_returns_pascal_case_members() -> None:
    params = {"StateMachineArn": "arn:x", "Input": "{}", "Name": "run-1"}
    assert to_api("stepfunctions", "startExecution", params) == {
        "stateMachineArn": "arn:x",
        "input": "{}",
        "name": "run-1",
    }
    response = {"executionArn": "arn:e", "startDate": "2024-01-01", "ResponseMetadata": {}}
    assert from_api("stepfunctions", "startExecution", response) == {
        "ExecutionArn": "arn:e",
        "StartDate": "2024-01-01",
        "ResponseMetadata": {},
    }


def test_map_keys_and_unknown_members_pass_through() -> None:
    params = {"TableName": "t", "Item": {"lowercase": {"S": "v"}, "pk": {"S": "a"}}, "extra": 1}
    assert to_api("dynamodb", "putItem", params) == params
    assert to_api(
        "stepfunctions", "tagResource", {"ResourceArn": "arn:r", "Tags": [{"Key": "team", "Value": "a"}]}
    ) == {
        "resourceArn": "arn:r",
        "tags": [{"key": "team", "value": "a"}],
    }
    assert from_api("stepfunctions", "listTagsForResource", {"tags": [{"key": "team", "value": "a"}]}) == {
        "Tags": [{"Key": "team", "Value": "a"}]
    }
    assert to_api("s3", "noSuchAction", {"a": 1}) == {"a": 1}
