"""statewise.lint.rules_tasks: aws-sdk calls against botocore's models, non-idempotent retries, pass-through Maps."""

from __future__ import annotations

from typing import Any

import pytest

from statewise import lint
from tests.lint.definitions import SDK, machine

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


def _call(resource: str, parameters: Any = None, **fields: Any) -> dict[str, Any]:
    state = {"Type": "Task", "Resource": resource, "End": True, **fields}
    if parameters is not None:
        state["Parameters"] = parameters
    return machine({"Call": state})


def codes(definition: Any) -> list[tuple[str, str]]:
    return [(d.pointer, d.code) for d in lint(definition)]


# -- aws-sdk parameters -----------------------------------------------------------------------------------


def test_a_task_without_parameters_sends_its_input_which_is_not_checked():
    """No Parameters: the request is the state's input (here through InputPath), unknown to the linter."""
    assert codes(_call(SDK + "s3:getObject", InputPath="$.request")) == []


def test_an_unknown_parameter_with_a_close_match():
    (item,) = lint(_call(SDK + "s3:getObject", {"Bucket": "b", "Key": "k", "VersionIdd": "v"}))
    assert (item.code, item.severity, item.pointer) == (
        "unknown-sdk-parameter",
        "error",
        "/States/Call/Parameters/VersionIdd",
    )
    assert item.message == (
        "s3:getObject has no parameter 'VersionIdd', so Step Functions rejects the definition; "
        "did you mean 'VersionId'?"
    )


def test_wrong_case():
    (item,) = lint(_call(SDK + "s3:getObject", {"bucket": "b", "Key": "k"}))
    assert (item.code, item.pointer) == ("sdk-parameter-case", "/States/Call/Parameters/bucket")
    assert item.fix == "rename 'bucket' to 'Bucket'"


def test_camel_case_apis_are_written_in_pascal_case():
    (item,) = lint(_call(SDK + "sfn:startExecution", {"stateMachineArn": "arn"}))
    assert (item.code, item.fix) == ("sdk-parameter-case", "rename 'stateMachineArn' to 'StateMachineArn'")
    assert lint(_call(SDK + "sfn:startExecution", {"StateMachineArn": "arn"})) == []


def test_the_java_sdk_spelling_is_accepted_too():
    assert lint(_call(SDK + "rds:describeDBInstances", {"DbInstanceIdentifier": "db"})) == []
    assert lint(_call(SDK + "rds:describeDBInstances", {"DBInstanceIdentifier": "db"})) == []


def test_missing_required_parameters():
    (item,) = lint(_call(SDK + "s3:getObject", {"Bucket.$": "$.bucket"}))
    assert (item.code, item.severity, item.pointer) == ("missing-sdk-parameter", "warning", "/States/Call/Parameters")
    assert item.message == "s3:getObject requires 'Key', which this object does not give"


def test_nested_structures_are_checked_and_map_keys_are_data():
    parameters = {
        "QueueUrl": "q",
        "MessageBody": "m",
        "MessageAttributes": {"any-name": {"DataType": "String", "StringVal": "v"}},
    }
    (item,) = lint(_call(SDK + "sqs:sendMessage", parameters))
    assert (item.code, item.pointer) == (
        "unknown-sdk-parameter",
        "/States/Call/Parameters/MessageAttributes/any-name/StringVal",
    )


def test_jsonata_arguments_are_checked_and_expressions_are_not():
    definition = machine(
        {
            "Call": {
                "Type": "Task",
                "Resource": SDK + "s3:getObject",
                "Arguments": {"Bucket": "{% $states.input.b %}", "Keys": "k"},
                "End": True,
            }
        },
        QueryLanguage="JSONata",
    )
    assert codes(definition) == [
        ("/States/Call/Arguments/Keys", "unknown-sdk-parameter"),
        ("/States/Call/Arguments", "missing-sdk-parameter"),
    ]


def test_an_unknown_action_and_an_unknown_service():
    (item,) = lint(_call(SDK + "s3:listObjectV2", {"Bucket": "b"}))
    assert (item.code, item.pointer) == ("unknown-sdk-action", "/States/Call/Resource")
    assert item.message == (
        "the aws-sdk service 's3' has no action 'listObjectV2'; "
        "did you mean 'listObjectsV2' or 'listObjects' or 'listObjectVersions'?"
    )
    (item,) = lint(_call(SDK + "nosuchservicex:doIt", {}))
    assert (item.code, item.severity) == ("unknown-sdk-service", "info")


def test_placeholders_in_the_resource_are_not_guessed():
    assert codes(_call(SDK + "${Service}:doIt", {})) == [("/States/Call/Resource", "unsubstituted-placeholder")]


# -- retries ------------------------------------------------------------------------------------------------------


def _retrying(resource: str, parameters: Any, attempts: int, errors: tuple[str, ...] = ("States.ALL",)) -> Any:
    retry = [{"ErrorEquals": list(errors), "MaxAttempts": attempts}]
    return _call(resource, parameters, Retry=retry)


def test_many_retries_of_a_call_with_side_effects():
    (item,) = lint(_retrying(SDK + "sqs:sendMessage", {"QueueUrl": "q", "MessageBody": "m"}, 20))
    assert (item.code, item.severity, item.pointer) == (
        "retry-non-idempotent",
        "warning",
        "/States/Call/Retry/0/MaxAttempts",
    )
    assert "repeats 'sendMessage'" in item.message


@pytest.mark.parametrize(
    "definition",
    [
        _retrying(SDK + "sqs:sendMessage", {"QueueUrl": "q", "MessageBody": "m"}, 3),  # bounded
        _retrying(SDK + "sqs:getQueueUrl", {"QueueName": "q"}, 20),  # no side effect
        _retrying(LAMBDA, None, 20, ("Lambda.ServiceException",)),  # the call did not happen
        _retrying(SDK + "ec2:runInstances", {"MinCount": 1, "MaxCount": 1, "ClientToken": "t"}, 20),  # idempotent
        _retrying("arn:aws:states:::states:startExecution.sync:2", {"StateMachineArn": "a"}, 20),  # a job
    ],
)
def test_retries_that_are_fine(definition: Any):
    assert [d.code for d in lint(definition)] == []


def test_a_lambda_function_is_invoked_again_on_each_retry():
    (item,) = lint(_retrying(LAMBDA, None, 50, ("States.TaskFailed",)))
    assert item.code == "retry-non-idempotent"


# -- Maps ---------------------------------------------------------------------------------------------------------


def test_a_map_of_pass_states_does_nothing():
    processor = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}},
    }
    (item,) = lint(machine({"Each": {"Type": "Map", "ItemProcessor": processor, "End": True}}))
    assert (item.code, item.pointer) == ("map-passes-items-through", "/States/Each/ItemProcessor")


def test_a_map_that_shapes_its_items_does_something():
    processor = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "$.Id"}, "End": True}}}
    assert lint(machine({"Each": {"Type": "Map", "ItemProcessor": processor, "End": True}})) == []
