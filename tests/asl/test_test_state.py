"""TestState: statuses (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR), error details, running inside a loop."""

from __future__ import annotations

import asyncio
from typing import Any

import botocore.session

from statewise import StateMachine, TaskFailed
from statewise.asl.test_state import StateTestResult
from statewise.testing import FakeClock

R = "arn:aws:states:::lambda:invoke"


def fail(payload: Any) -> Any:
    raise TaskFailed(error="Custom", cause="it broke")


def task(**fields: Any) -> StateMachine:
    return StateMachine.from_state({"Type": "Task", "Resource": R, "Next": "N", **fields})


def try_state(machine: StateMachine, resource: Any = fail, **options: Any) -> StateTestResult:
    return machine.test_state("State", {"in": 1}, resources={R: resource}, **options)


def test_statuses_are_botocores() -> None:
    from statewise.asl.test_state import STATUSES

    model = botocore.session.get_session().get_service_model("stepfunctions")
    assert tuple(model.shape_for("TestExecutionStatus").enum) == STATUSES


# -- CAUGHT_ERROR ---------------------------------------------------------------------------------------------


def test_a_catch_whose_next_is_the_states_next_is_still_caught() -> None:
    result = try_state(task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "N"}]))
    assert (result.status, result.error, result.cause, result.next_state) == (
        "CAUGHT_ERROR",
        "Custom",
        "it broke",
        "N",
    )
    assert result.output == {"Error": "Custom", "Cause": "it broke"}


def test_a_caught_error_keeps_error_cause_and_the_catchers_index() -> None:
    catch = [{"ErrorEquals": ["Other"], "Next": "N"}, {"ErrorEquals": ["Custom"], "Next": "C", "ResultPath": "$.e"}]
    result = try_state(task(Catch=catch), inspection_level="DEBUG")
    assert (result.status, result.error, result.cause, result.next_state) == ("CAUGHT_ERROR", "Custom", "it broke", "C")
    assert result.output == {"in": 1, "e": {"Error": "Custom", "Cause": "it broke"}}
    assert result.inspection_data["errorDetails"] == {"catchIndex": 1}


def test_a_jsonata_catch_reports_its_output() -> None:
    catcher = {"ErrorEquals": ["Custom"], "Next": "N", "Output": "{% $states.errorOutput.Cause & '!' %}"}
    state = {"Type": "Task", "Resource": R, "End": True, "Catch": [catcher]}
    states = {"State": state, "N": {"Type": "Succeed"}}
    machine = StateMachine({"QueryLanguage": "JSONata", "StartAt": "State", "States": states})
    result = try_state(machine, inspection_level="DEBUG")
    assert (result.status, result.output, result.error) == ("CAUGHT_ERROR", "it broke!", "Custom")
    assert result.next_state == "N"
    assert result.inspection_data["errorDetails"] == {"catchIndex": 0}


def test_a_catcher_whose_result_path_cannot_apply_fails_the_state() -> None:
    result = try_state(task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "N", "ResultPath": "$.in.deeper"}]))
    assert (result.status, result.error, result.next_state) == ("FAILED", "States.ResultPathMatchFailure", None)
    assert "errorDetails" not in result.inspection_data


def test_success_with_a_catch_to_the_same_next_is_succeeded() -> None:
    result = try_state(task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "N"}]), lambda p: {"ok": True})
    assert (result.status, result.output, result.error, result.next_state) == ("SUCCEEDED", {"ok": True}, None, "N")
    assert "errorDetails" not in result.inspection_data


# -- RETRIABLE ------------------------------------------------------------------------------------------------


def test_a_matching_retrier_makes_the_test_retriable_without_running_it_again() -> None:
    calls: list[Any] = []

    def flaky(payload: Any) -> Any:
        calls.append(payload)
        fail(payload)

    clock = FakeClock()
    retry = [{"ErrorEquals": ["Other"]}, {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 2}]
    machine = task(Retry=retry, Catch=[{"ErrorEquals": ["States.ALL"], "Next": "N"}])
    result = try_state(machine, flaky, clock=clock, inspection_level="DEBUG")
    assert (result.status, result.error, result.cause, result.next_state, result.output) == (
        "RETRIABLE",
        "Custom",
        "it broke",
        None,
        None,
    )
    assert result.inspection_data["errorDetails"] == {"retryIndex": 1, "retryBackoffIntervalSeconds": 3}
    assert len(calls) == 1
    assert clock.elapsed == 0


def test_a_jittered_retry_reports_the_seeded_delay_rounded() -> None:
    retry = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "JitterStrategy": "FULL"}]
    result = try_state(task(Retry=retry), inspection_level="DEBUG", seed=3)
    assert result.status == "RETRIABLE"
    assert result.inspection_data["errorDetails"] == {"retryIndex": 0, "retryBackoffIntervalSeconds": 4}


def test_a_retrier_with_no_attempts_left_falls_through_to_catch_or_failure() -> None:
    retry = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}]
    assert try_state(task(Retry=retry)).status == "FAILED"
    caught = try_state(task(Retry=retry, Catch=[{"ErrorEquals": ["States.ALL"], "Next": "N"}]))
    assert caught.status == "CAUGHT_ERROR"


def test_retries_inside_a_tested_parallel_state_run_as_usual() -> None:
    calls: list[Any] = []

    def once(payload: Any) -> Any:
        calls.append(payload)
        if len(calls) == 1:
            fail(payload)
        return "done"

    inner = {"Type": "Task", "Resource": R, "End": True, "Retry": [{"ErrorEquals": ["States.ALL"]}]}
    machine = StateMachine.from_state(
        {"Type": "Parallel", "End": True, "Branches": [{"StartAt": "T", "States": {"T": inner}}]}
    )
    result = try_state(machine, once, clock=FakeClock())
    assert (result.status, result.output, len(calls)) == ("SUCCEEDED", ["done"], 2)


# -- FAILED and the event loop --------------------------------------------------------------------------------


def test_an_unhandled_error_fails() -> None:
    result = try_state(task())
    assert (result.status, result.error, result.cause, result.next_state) == ("FAILED", "Custom", "it broke", None)


def test_test_state_works_inside_a_running_event_loop() -> None:
    machine = StateMachine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})

    async def main() -> StateTestResult:
        return machine.test_state("P", {"a": 1})

    result = asyncio.run(main())
    assert (result.status, result.output) == ("SUCCEEDED", {"a": 1})
