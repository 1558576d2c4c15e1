"""lambda:invoke served by Python functions bound by name or ARN: Lambda's result shape and function errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from statewise import StateMachine, TaskFailed, UnservedTasksError
from statewise.integrations.lambdas import function_name
from statewise.testing import FakeClock

INVOKE = "arn:aws:states:::lambda:invoke"


def _invoke(function: str, **fields: Any) -> dict[str, Any]:
    task = {
        "Type": "Task",
        "Resource": INVOKE,
        "Parameters": {"FunctionName": function, "Payload.$": "$"},
        "End": True,
        **fields,
    }
    states: dict[str, Any] = {"Call": task}
    if "Catch" in fields:
        states["Caught"] = {"Type": "Succeed"}
    return {"StartAt": "Call", "States": states}


@pytest.mark.parametrize(
    "reference",
    [
        "resize",
        "resize:live",
        "123456789012:function:resize",
        "arn:aws:lambda:us-east-1:123456789012:function:resize",
        "arn:aws:lambda:us-east-1:123456789012:function:resize:3",
    ],
)
def test_function_names(reference: str) -> None:
    assert function_name(reference) == "resize"


@pytest.mark.parametrize("key", ["resize", "arn:aws:lambda:eu-west-1:123456789012:function:resize"])
def test_invoke_calls_the_function_bound_by_name_or_arn(key: str) -> None:
    machine = StateMachine(_invoke("arn:aws:lambda:us-east-1:123456789012:function:resize:live"))
    execution = machine.run({"w": 2}, clock=FakeClock(), resources={key: lambda event: {"w": event["w"] * 2}})
    assert execution.output["Payload"] == {"w": 4}
    assert (execution.output["StatusCode"], execution.output["ExecutedVersion"]) == (200, "$LATEST")


def test_a_function_error_is_named_by_its_type_and_caught_as_on_aws() -> None:
    def broken(event: Any) -> Any:
        raise ValueError("bad width")

    catch = [{"ErrorEquals": ["ValueError"], "ResultPath": "$.error", "Next": "Caught"}]
    execution = StateMachine(_invoke("resize", Catch=catch)).run({}, clock=FakeClock(), resources={"resize": broken})
    error = execution.output["error"]
    assert error["Error"] == "ValueError"
    assert json.loads(error["Cause"]) == {"errorMessage": "bad width", "errorType": "ValueError"}


def test_task_failed_names_error_and_cause() -> None:
    def refuse(event: Any) -> Any:
        raise TaskFailed("Orders.Rejected", "no stock")

    execution = StateMachine(_invoke("resize")).run({}, clock=FakeClock(), resources={"resize": refuse})
    assert (execution.error, execution.cause) == ("Orders.Rejected", "no stock")


def test_an_unknown_function_is_lambdas_resource_not_found() -> None:
    execution = StateMachine(_invoke("nope")).run({}, clock=FakeClock(), resources={"resize": lambda event: event})
    assert execution.error == "Lambda.ResourceNotFoundException"
    assert "bound functions: resize" in (execution.cause or "")


def test_lambda_invoke_without_functions_is_unserved() -> None:
    with pytest.raises(UnservedTasksError):
        StateMachine(_invoke("resize")).run({}, clock=FakeClock())


def test_binding_the_integration_arn_itself_still_wins() -> None:
    execution = StateMachine(_invoke("resize")).run(
        {}, clock=FakeClock(), resources={INVOKE: lambda params: {"whole": params}, "resize": lambda event: 1}
    )
    assert execution.output == {"whole": {"FunctionName": "resize", "Payload": {}}}


def test_a_blocking_function_holds_a_fake_clock_so_no_timeout_fires_meanwhile() -> None:
    execution = StateMachine(_invoke("resize", TimeoutSeconds=30)).run(
        {}, clock=FakeClock(), resources={"resize": lambda event: "done"}
    )
    assert execution.output["Payload"] == "done", execution.cause


def test_a_lambda_function_error_through_aws_fails_the_task_by_its_error_type() -> None:
    class Lambda:  # a stand-in client answering as Lambda does when the function raised
        def invoke(self, **params: Any) -> dict[str, Any]:
            body = {"errorType": "ValueError", "errorMessage": "bad width"}
            return {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": json.dumps(body)}

    execution = StateMachine(_invoke("resize")).run({}, clock=FakeClock(), aws={"lambda": Lambda()})
    assert execution.error == "ValueError"
    assert json.loads(execution.cause or "{}") == {"errorType": "ValueError", "errorMessage": "bad width"}
