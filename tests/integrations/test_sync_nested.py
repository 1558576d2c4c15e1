"""states:startExecution.sync and .sync:2 with the child state machine bound locally (resources={arn: machine})."""

from __future__ import annotations

import json
from typing import Any

import pytest

from statewise import StateMachine
from statewise.asl.options import UnservedTasksError
from statewise.testing import FakeClock

CHILD = {
    "StartAt": "Wait",
    "States": {
        "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Echo"},
        "Echo": {"Type": "Pass", "Parameters": {"got.$": "$"}, "End": True},
    },
}
FAILING = {"StartAt": "Fail", "States": {"Fail": {"Type": "Fail", "Error": "Child.Broke", "Cause": "it broke"}}}


def _parent(pattern: str, target: str, **task: Any) -> StateMachine:
    """A parent starting ``target``; a failure of its Task is caught into ``$.error``."""
    parameters = {
        "StateMachineArn": target,
        "Name": "kid",
        "Input": {"n": 1, "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
    }
    state = {"Type": "Task", "Resource": f"arn:aws:states:::states:startExecution{pattern}", "End": True}
    catch = [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Caught"}]
    state |= {"Parameters": parameters, "Catch": catch, **task}
    return StateMachine({"StartAt": "Nest", "States": {"Nest": state, "Caught": {"Type": "Succeed"}}}, name="parent")


@pytest.mark.parametrize("pattern", [".sync", ".sync:2"])
def test_a_child_runs_on_the_parents_clock_and_returns_its_description(pattern: str) -> None:
    child = StateMachine(CHILD, name="child")
    clock = FakeClock()
    execution = _parent(pattern, child.arn).run({}, clock=clock, resources={child.arn: child}, seed=7)
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    child_input = {"n": 1, "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": execution.arn}
    if pattern == ".sync":  # Input and Output as JSON text
        assert json.loads(out["Input"]) == child_input
        assert json.loads(out["Output"]) == {"got": child_input}
    else:  # .sync:2: as JSON
        assert out["Input"] == child_input
        assert out["Output"] == {"got": child_input}
    assert list(out) == sorted(out)  # the Java SDK's members, in alphabetical order
    assert out["ExecutionArn"] == "arn:aws:states:us-east-1:111111111111:execution:child:kid"
    assert out["StateMachineArn"] == child.arn
    assert (out["Status"], out["RedriveStatus"], out["InputDetails"]) == (
        "SUCCEEDED",
        "NOT_REDRIVABLE",
        {"Included": True},
    )
    assert out["StopDate"] - out["StartDate"] == 30_000  # epoch milliseconds, 30 s on the fake clock
    assert clock.sleeps == [30.0]
    (kid,) = execution.children
    assert (kid.name, kid.status, kid.input) == ("kid", "SUCCEEDED", child_input)
    types = [event["type"] for event in execution.history]
    assert types[2:6] == ["TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"]
    submitted = execution.history[4]["taskSubmittedEventDetails"]
    assert submitted["resource"] == f"startExecution{pattern}"
    assert json.loads(submitted["output"]) == {"ExecutionArn": out["ExecutionArn"], "StartDate": out["StartDate"]}


def test_a_failed_child_fails_the_task_with_states_task_failed_and_its_description() -> None:
    child = StateMachine(FAILING, name="child")
    execution = _parent(".sync", child.arn).run({}, resources={child.arn: child}, clock=FakeClock())
    assert execution.status == "SUCCEEDED"
    error = execution.output["error"]
    assert error["Error"] == "States.TaskFailed"
    cause = json.loads(error["Cause"])
    assert (cause["Status"], cause["Error"], cause["Cause"], cause["RedriveStatus"]) == (
        "FAILED",
        "Child.Broke",
        "it broke",
        "REDRIVABLE",
    )
    assert "Output" not in cause
    assert execution.children[0].status == "FAILED"


def test_an_unbound_child_is_named_as_step_functions_names_it() -> None:
    child = StateMachine(CHILD, name="child")
    execution = _parent(".sync:2", child.arn.replace("child", "other")).run({}, resources={child.arn: child})
    error = execution.output["error"]
    assert error["Error"] == "StepFunctions.StateMachineDoesNotExistException"
    assert "stateMachine:other" in error["Cause"]


def test_a_childs_timeout_is_the_parent_tasks_and_stops_the_child() -> None:
    child = StateMachine(CHILD, name="child")
    clock = FakeClock()
    execution = _parent(".sync", child.arn, TimeoutSeconds=10).run({}, resources={child.arn: child}, clock=clock)
    assert (execution.status, execution.error) == ("FAILED", "States.Timeout")
    assert clock.elapsed == 10
    assert execution.children == ()  # cut short: it never finished


def test_the_childs_tasks_must_be_served_before_anything_runs() -> None:
    child = StateMachine(
        {
            "StartAt": "Call",
            "States": {"Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": True}},
        },
        name="child",
    )
    with pytest.raises(UnservedTasksError, match="function:f"):
        _parent(".sync", child.arn).run({}, resources={child.arn: child})
    execution = _parent(".sync", child.arn).run(
        {}, resources={child.arn: child, "arn:aws:lambda:us-east-1:1:function:f": lambda event: {"ok": event["n"]}}
    )
    assert json.loads(execution.output["Output"]) == {"ok": 1}


def test_grandchildren_run_through_the_same_bindings() -> None:
    leaf = StateMachine(CHILD, name="leaf")
    middle = _parent(".sync:2", leaf.arn)
    middle = StateMachine(middle.definition, name="middle")
    execution = _parent(".sync:2", middle.arn).run(
        {}, resources={leaf.arn: leaf, middle.arn: middle}, clock=FakeClock(), seed=1
    )
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output["Output"]["Output"]["got"]["n"] == 1
    assert execution.children[0].children[0].name == "kid"
