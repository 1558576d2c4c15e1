"""TestState's mock: a tested Task answered by a given result or error, checked against the API's response."""

from __future__ import annotations

from typing import Any

import pytest

from statewise import StateMachine
from statewise.errors import MockConfigError

GET = "arn:aws:states:::aws-sdk:dynamodb:getItem"


def _machine(resource: str = GET, **task: Any) -> StateMachine:
    state = {"Type": "Task", "Resource": resource, "Parameters": {"TableName": "t", "Key": {}}, "End": True, **task}
    states: dict[str, Any] = {"Get": state}
    if "Catch" in task:
        states["Missing"] = {"Type": "Pass", "End": True}
    return StateMachine({"StartAt": "Get", "States": states})


def test_a_mocked_result_is_the_tasks_result_without_any_binding() -> None:
    result = _machine(ResultSelector={"n.$": "$.Item.n.N"}).test_state(
        "Get", {}, mock={"result": '{"Item": {"n": {"N": "3"}}}'}, inspection_level="DEBUG"
    )
    assert (result.status, result.output) == ("SUCCEEDED", {"n": "3"})
    assert result.inspection_data["result"] == '{"Item":{"n":{"N":"3"}}}'


def test_a_mocked_error_goes_through_catch() -> None:
    catch = [{"ErrorEquals": ["DynamoDb.ResourceNotFoundException"], "Next": "Missing"}]
    mock = {"errorOutput": {"error": "DynamoDb.ResourceNotFoundException", "cause": "no table"}}
    result = _machine(Catch=catch).test_state("Get", {}, mock=mock)
    assert (result.status, result.next_state, result.error) == (
        "CAUGHT_ERROR",
        "Missing",
        "DynamoDb.ResourceNotFoundException",
    )


@pytest.mark.parametrize(
    ("mode", "result", "where"),
    [
        ("STRICT", {"Itme": {}}, "/mock/result/Itme"),  # a misspelt field
        ("PRESENT", {"Item": []}, "/mock/result/Item"),  # the wrong type
        ("STRICT", {"Item": {"n": {"N": 3}}}, "/mock/result/Item/n/N"),  # a number where the API has text
    ],
)
def test_field_validation_refuses_results_the_api_cannot_return(mode: str, result: Any, where: str) -> None:
    with pytest.raises(MockConfigError) as caught:
        _machine().test_state("Get", {}, mock={"result": result, "fieldValidationMode": mode})
    assert caught.value.where == where


def test_present_allows_missing_fields_and_none_checks_nothing() -> None:
    assert _machine().test_state("Get", {}, mock={"result": {}, "fieldValidationMode": "PRESENT"}).output == {}
    loose = {"result": {"Anything": 1}, "fieldValidationMode": "NONE"}
    assert _machine().test_state("Get", {}, mock=loose).output == {"Anything": 1}


def test_strict_wants_required_fields() -> None:
    start = _machine("arn:aws:states:::aws-sdk:sfn:startExecution")
    partial = {"ExecutionArn": "arn:aws:states:us-east-1:1:execution:m:e"}
    with pytest.raises(MockConfigError, match="missing required field 'StartDate'"):
        start.test_state("Get", {}, mock={"result": partial})
    assert start.test_state("Get", {}, mock={"result": partial, "fieldValidationMode": "PRESENT"}).output == partial


@pytest.mark.parametrize(
    "mock",
    [
        {"result": {}, "errorOutput": {"error": "E"}},
        {},
        {"result": "{not json"},
        {"result": {}, "fieldValidationMode": "LOOSE"},
        {"errorOutput": "E"},
    ],
)
def test_malformed_mocks_are_refused(mock: dict[str, Any]) -> None:
    with pytest.raises(MockConfigError):
        _machine().test_state("Get", {}, mock=mock)


@pytest.mark.parametrize("state_type", ["Pass", "Succeed"])
def test_only_task_map_and_parallel_states_take_a_mock(state_type: str) -> None:
    state = {"Type": state_type, "End": True} if state_type == "Pass" else {"Type": state_type}
    machine = StateMachine.from_state(state)
    with pytest.raises(MockConfigError, match=f"State type '{state_type}' is not supported when a mock is specified"):
        machine.test_state("State", {}, mock={"result": {}})
