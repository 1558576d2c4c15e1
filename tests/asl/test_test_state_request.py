"""TestState's request beyond the input: mocks for Map and Parallel, context, variables, stateConfiguration.

The cases follow AWS's answers as LocalStack recorded them against AWS (``tests/aws/services/stepfunctions/
v2/test_state/*.snapshot.json`` in localstack/localstack): statuses, errors, causes, retry back-off and the
Map's inspection data.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from statewise import StateMachine, StateTestRequestError
from statewise.testing import FakeClock

LAMBDA = "arn:aws:states:::lambda:invoke"
MOCK_ERROR = {"errorOutput": {"error": "MockException", "cause": "Mock the cause of the error."}}
VALUES = {"Values": ["first", "second", "third"]}


def _processor(mode: str = "DISTRIBUTED") -> dict[str, Any]:
    config = {"Mode": mode, "ExecutionType": "STANDARD"} if mode == "DISTRIBUTED" else {"Mode": mode}
    task = {
        "QueryLanguage": "JSONata",
        "Type": "Task",
        "Resource": LAMBDA,
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
    }
    return {"ProcessorConfig": config, "StartAt": "TestState", "States": {"TestState": {**task, "End": True}}}


def _jsonata_map(**fields: Any) -> StateMachine:
    state = {
        "Type": "Map",
        "QueryLanguage": "JSONata",
        "Items": "{% $states.input.Values %}",
        "ItemProcessor": _processor(),
        "End": True,
        **fields,
    }
    return StateMachine.from_state(state)


def _test(machine: StateMachine, **request: Any) -> Any:
    return machine.test_state("State", request.pop("input", VALUES), clock=FakeClock(), **request)


# -- Map and Parallel mocks ----------------------------------------------------------------------------------


def test_a_mocked_map_runs_no_iteration_and_its_result_is_the_mock() -> None:
    machine = _jsonata_map(Output={"count": "{% $count($states.result) %}", "result": "{% $states.result %}"})
    result = _test(machine, mock={"result": json.dumps([1, 1, 1])}, inspection_level="DEBUG")
    assert (result.status, result.output) == ("SUCCEEDED", {"count": 3, "result": [1, 1, 1]})
    assert result.inspection_data["maxConcurrency"] == 0  # always there, a number
    assert "MapIterationStarted" not in [event["type"] for event in result.history]


def test_a_jsonpath_maps_inspection_data_has_its_items_and_counts() -> None:
    state = {
        "Type": "Map",
        "ItemsPath": "$.Values",
        "ItemSelector": {"value.$": "$$.Map.Item.Value"},
        "MaxConcurrencyPath": "$.limit",
        "ItemProcessor": _processor(),
        "ToleratedFailureCount": 2,
        "End": True,
    }
    result = _test(
        StateMachine.from_state(state),
        input={**VALUES, "limit": 4},
        mock={"result": ["a", "b", "c"]},
        inspection_level="TRACE",
    )
    data = result.inspection_data
    assert result.status == "SUCCEEDED"
    assert data["afterItemsPath"] == '["first","second","third"]'
    assert json.loads(data["afterItemSelector"]) == [{"value": "first"}, {"value": "second"}, {"value": "third"}]
    assert (data["maxConcurrency"], data["toleratedFailureCount"]) == (4, 2)
    assert json.loads(data["afterResultPath"]) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("fields", "failed", "status", "error"),
    [
        ({"ToleratedFailureCount": 1}, 1, "SUCCEEDED", None),
        ({"ToleratedFailureCount": 1}, 2, "FAILED", "States.ExceedToleratedFailureThreshold"),
        ({"ToleratedFailurePercentage": 50}, 1, "SUCCEEDED", None),
        ({"ToleratedFailurePercentage": 50}, 2, "FAILED", "States.ExceedToleratedFailureThreshold"),
        ({}, 2, "SUCCEEDED", None),  # no threshold given: the count is not checked (as recorded on AWS)
    ],
)
def test_failed_iterations_are_checked_against_the_tolerated_threshold(
    fields: dict[str, Any], failed: int, status: str, error: str | None
) -> None:
    result = _test(
        _jsonata_map(**fields),
        mock={"result": "[0, 0, 1]"},
        state_configuration={"mapIterationFailureCount": failed},
    )
    assert (result.status, result.error) == (status, error)
    if error:
        assert result.cause == "The specified tolerated failure threshold was exceeded"


def test_the_threshold_error_is_retried_or_caught_as_any_error() -> None:
    catch = [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "HandleThreshold"}]
    caught = _test(
        _jsonata_map(ToleratedFailureCount=1, Catch=catch),
        mock={"result": "[0, 0, 1]"},
        state_configuration={"mapIterationFailureCount": 2},
    )
    assert (caught.status, caught.next_state) == ("CAUGHT_ERROR", "HandleThreshold")
    retry = [
        {"ErrorEquals": ["MockException"], "MaxAttempts": 3},
        {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 2},
    ]
    retried = _test(
        _jsonata_map(ToleratedFailureCount=1, Retry=retry),
        mock={"result": "[0, 0, 1]"},
        state_configuration={"mapIterationFailureCount": 2},
        inspection_level="DEBUG",
    )
    assert retried.status == "RETRIABLE"
    assert retried.inspection_data["errorDetails"] == {"retryIndex": 1, "retryBackoffIntervalSeconds": 1}


def test_a_mocked_maps_error_comes_from_the_state_it_names() -> None:
    result = _test(
        _jsonata_map(ToleratedFailureCount=1),
        mock=MOCK_ERROR,
        state_configuration={"errorCausedByState": "TestState", "mapIterationFailureCount": 2},
        inspection_level="DEBUG",
    )
    assert (result.status, result.error, result.cause) == ("FAILED", "MockException", "Mock the cause of the error.")
    with pytest.raises(StateTestRequestError, match=r"holds no state named 'TestStat'.*'TestState'"):
        _test(_jsonata_map(), mock=MOCK_ERROR, state_configuration={"errorCausedByState": "TestStat"})


def test_map_item_reader_data_stands_in_for_the_reader() -> None:
    state = {
        "Type": "Map",
        "QueryLanguage": "JSONata",
        "MaxConcurrency": 1,
        "ItemReader": {
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Resource": "arn:aws:states:::s3:getObject",
            "Arguments": {"Bucket": "{% $states.input.Bucket %}", "Key": "{% $states.input.Key %}"},
        },
        "ItemProcessor": _processor(),
        "Output": {"items": "{% $count($states.result) %}"},
        "End": True,
    }
    machine = StateMachine.from_state(state)
    result = _test(
        machine,
        input={"Bucket": "b", "Key": "k.csv"},
        mock={"result": "[1, 4, 9]"},
        state_configuration={"mapItemReaderData": "n\n1\n2\n3\n"},
        inspection_level="DEBUG",
    )
    assert (result.status, result.output) == ("SUCCEEDED", {"items": 3})
    assert result.inspection_data["maxConcurrency"] == 1
    with pytest.raises(StateTestRequestError, match="Map with an ItemReader"):
        _test(_jsonata_map(), mock={"result": "[]"}, state_configuration={"mapItemReaderData": "[1]"})


def test_a_parallels_mock_has_one_result_per_branch() -> None:
    branches = [{"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}} for name in ("Branch1", "Branch2")]
    state = {
        "Type": "Parallel",
        "InputPath": "$.input",
        "ResultPath": "$.parallelResult",
        "OutputPath": "$.parallelResult",
        "Branches": branches,
        "End": True,
    }
    machine = StateMachine.from_state(state)
    mock = {"result": json.dumps([{"branch1": "result"}, {"branch2": "result"}])}
    result = _test(machine, input={"input": {"key": "value"}}, mock=mock)
    assert (result.status, result.output) == ("SUCCEEDED", [{"branch1": "result"}, {"branch2": "result"}])
    with pytest.raises(StateTestRequestError, match="same number of items as number of Parallel branches"):
        _test(machine, input={"input": {}}, mock={"result": "[1]"})
    with pytest.raises(StateTestRequestError, match=r"Mocked result must be an array\."):
        _test(machine, input={"input": {}}, mock={"result": "{}"})


def test_a_map_with_a_result_writer_mocks_the_writers_answer() -> None:
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "jobs"}}
    state = {"Type": "Map", "ItemsPath": "$.Values", "ItemProcessor": _processor(), "ResultWriter": writer, "End": True}
    machine = StateMachine.from_state(state)
    with pytest.raises(StateTestRequestError, match=r"Mocked result must be a JSON object\."):
        _test(machine, mock={"result": "[1]"})
    answer = {"MapRunArn": "arn", "ResultWriterDetails": {"Bucket": "out", "Key": "jobs/manifest.json"}}
    assert _test(machine, mock={"result": answer}).output == answer


def test_inline_maps_still_run_when_no_mock_is_given() -> None:  # AWS insists on a mock; locally they can run
    state = {"Type": "Map", "ItemsPath": "$.Values", "ItemProcessor": _processor("INLINE"), "End": True}
    result = StateMachine.from_state(state).test_state(
        "State", VALUES, clock=FakeClock(), resources={LAMBDA: lambda payload: payload["Payload"].upper()}
    )
    assert result.output == ["FIRST", "SECOND", "THIRD"]


# -- retries spent --------------------------------------------------------------------------------------------


def _retrying_task() -> StateMachine:
    retry = [{"ErrorEquals": ["MockException"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 2.0}]
    task = {"QueryLanguage": "JSONata", "Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "foo"}}
    return StateMachine.from_state({**task, "Retry": retry, "End": True})


def test_retries_already_spent_set_the_backoff_or_exhaust_the_retrier() -> None:
    below = _test(
        _retrying_task(), mock=MOCK_ERROR, state_configuration={"retrierRetryCount": 4}, inspection_level="DEBUG"
    )
    assert below.status == "RETRIABLE"
    assert below.inspection_data["errorDetails"] == {"retryIndex": 0, "retryBackoffIntervalSeconds": 16}
    spent = _test(_retrying_task(), mock=MOCK_ERROR, state_configuration={"retrierRetryCount": 5})
    assert (spent.status, spent.error) == ("FAILED", "MockException")


def test_retry_count_is_seen_in_the_context() -> None:
    task = {"Type": "Task", "Resource": LAMBDA, "Parameters": {"n.$": "$$.State.RetryCount"}, "End": True}
    result = StateMachine.from_state(task).test_state(
        "State", {}, resources={LAMBDA: lambda payload: payload}, state_configuration={"retrierRetryCount": 2}
    )
    assert result.output == {"n": 2}


# -- context --------------------------------------------------------------------------------------------------

CONTEXT = {
    "Execution": {
        "Id": "arn:aws:states:::execution:MyStateMachine:execution-name-12345",
        "Input": {"values": ["charizard", "pikachu", "bulbasaur"]},
        "Name": "execution-name-12345",
        "RoleArn": "arn:aws:iam:::role/StepFunctionsRole",
        "StartTime": "2025-01-15T10:30:00.000Z",
    },
    "State": {"EnteredTime": "2025-01-15T10:30:01.500Z", "Name": "MyTaskState", "RetryCount": 0},
    "StateMachine": {"Id": "arn:aws:states:::stateMachine:MyStateMachine", "Name": "MyStateMachine"},
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [("$$", CONTEXT), ("$$.Execution.Input.values", CONTEXT["Execution"]["Input"]["values"]), ("$$.Map", None)],
)
def test_the_context_given_replaces_the_whole_context_object(path: str, expected: Any) -> None:
    selector = {"Context.$": path} if expected is not None else {"Map.$": "States.JsonToString($$)"}
    task = {"Type": "Task", "Resource": LAMBDA, "ResultSelector": selector, "End": True}
    result = _test(StateMachine.from_state(task), mock={"result": "{}"}, context=CONTEXT)
    if expected is not None:
        assert result.output == {"Context": expected}
    else:
        assert json.loads(result.output["Map"]) == CONTEXT  # nothing generated is merged in


def test_a_callback_tasks_token_comes_from_the_context() -> None:
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token"}},
        "ResultPath": "$.SQS",
        "Next": "NEXT_STATE",
    }
    context = {**CONTEXT, "Task": {"Token": "abcd123"}}
    result = _test(
        StateMachine.from_state(task), input={}, mock={"result": "{}"}, context=context, inspection_level="DEBUG"
    )
    assert (result.status, result.next_state, result.output) == ("SUCCEEDED", "NEXT_STATE", {"SQS": {}})
    assert json.loads(result.inspection_data["afterParameters"])["MessageBody"]["TaskToken"] == "abcd123"


@pytest.mark.parametrize(
    ("context", "message", "where"),
    [
        (
            {"Execution": {"Id": 1}},
            "Invalid Context object provided: Execution.Id must be a string",
            "/context/Execution/Id",
        ),
        ({"Map": {}}, "'Map' field is not supported when mocking a Context object", "/context/Map"),
        ({"Execution": {"pokemon": "squirtle"}}, "Field 'pokemon' is not allowed", "/context/Execution/pokemon"),
        ({"Pokedex": {}}, "Field 'Pokedex' is not allowed", "/context/Pokedex"),
        (
            {"Task": {"Token": "t"}},
            "Context object contains 'Task' when state is not a Task state with a",
            "/context/Task",
        ),
    ],
)
def test_a_context_that_does_not_fit_is_refused(context: dict[str, Any], message: str, where: str) -> None:
    task = StateMachine.from_state({"Type": "Task", "Resource": LAMBDA, "End": True})
    with pytest.raises(StateTestRequestError, match=message) as caught:
        _test(task, mock={"result": "{}"}, context=context)
    assert caught.value.where == where


def test_a_context_needs_a_mock() -> None:
    task = StateMachine.from_state({"Type": "Task", "Resource": LAMBDA, "End": True})
    with pytest.raises(StateTestRequestError, match="only be given with a mock"):
        _test(task, context=CONTEXT, resources={LAMBDA: lambda payload: payload})


# -- variables ------------------------------------------------------------------------------------------------


def test_variables_are_set_and_reported_after_the_state() -> None:
    definition = {
        "StartAt": "Init",
        "States": {
            "Init": {
                "Type": "Pass",
                "Assign": {"var_input_value.$": "$.input_value", "var_constant_1": 1},
                "Next": "State0",
            },
            "State0": {
                "QueryLanguage": "JSONata",
                "Type": "Pass",
                "Assign": {"total": "{% $sum($states.input.input_values) + $var_constant_1 %}"},
                "Output": {"ja_var_access": "{% $var_input_value %}"},
                "End": True,
            },
        },
    }
    result = StateMachine(definition).test_state(
        "State0",
        {"input_values": [1, 2, 3]},
        variables={"var_input_value": "test_value", "var_constant_1": 10},
        inspection_level="TRACE",
    )
    assert result.output == {"ja_var_access": "test_value"}
    assert json.loads(result.inspection_data["variables"]) == {
        "var_input_value": "test_value",
        "var_constant_1": 10,
        "total": 16,
    }
    quiet = StateMachine(definition).test_state("Init", {"input_value": 1}, inspection_level="DEBUG")
    assert json.loads(quiet.inspection_data["variables"]) == {"var_input_value": 1, "var_constant_1": 1}
    assert (
        "variables"
        not in StateMachine.from_state({"Type": "Pass", "End": True})
        .test_state("State", {}, inspection_level="DEBUG")
        .inspection_data
    )


@pytest.mark.parametrize(("variables", "where"), [([1], "/variables"), ({"1x": 1}, "/variables/1x")])
def test_variables_must_be_named_as_variables_are(variables: Any, where: str) -> None:
    with pytest.raises(StateTestRequestError) as caught:
        StateMachine.from_state({"Type": "Pass", "End": True}).test_state("State", {}, variables=variables)
    assert caught.value.where == where


# -- the request itself ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configuration", "message"),
    [
        ({"retrierRetryCounts": 1}, "unknown stateConfiguration field 'retrierRetryCounts'.*'retrierRetryCount'"),
        ({"retrierRetryCount": -1}, "retrierRetryCount must be a whole number from 0"),
        ({"mapIterationFailureCount": 1}, "for a Map state tested with a mock"),
    ],
)
def test_a_state_configuration_that_does_not_fit_is_refused(configuration: dict[str, Any], message: str) -> None:
    with pytest.raises(StateTestRequestError, match=message):
        _test(
            _retrying_task(),
            mock=MOCK_ERROR if "Counts" in str(configuration) else None,
            state_configuration=configuration,
        )
