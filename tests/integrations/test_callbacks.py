""".waitForTaskToken: hand the token over, then wait for send_task_success / failure / heartbeat, on the clock."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from statewise import CALLBACK, StateMachine, TaskTokenError, TaskTokens
from statewise.testing import FakeClock

ASK = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"


def _machine(**task: Any) -> StateMachine:
    ask = {
        "Type": "Task",
        "Resource": ASK,
        "Parameters": {"MessageBody": {"token.$": "$$.Task.Token"}},
        "End": True,
        **task,
    }
    states: dict[str, Any] = {"Ask": ask}
    if "Catch" in task:
        states["Caught"] = {"Type": "Pass", "End": True}
    return StateMachine({"StartAt": "Ask", "States": states})


def _types(history: list[dict[str, Any]]) -> list[str]:
    return [event["type"] for event in history]


def test_an_answer_sent_during_the_hand_over_is_the_result() -> None:
    tokens = TaskTokens()

    def hand_over(params: Any) -> Any:
        tokens.send_task_success(params["MessageBody"]["token"], {"approved": True})
        return CALLBACK

    execution = _machine().run({}, clock=FakeClock(), resources={ASK: hand_over}, callbacks=tokens)
    assert execution.output == {"approved": True}
    assert _types(execution.history)[2:6] == ["TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"]
    assert tokens.pending == ()


def test_an_answer_from_another_thread_while_the_execution_runs() -> None:
    handle = _machine().start({}, clock=FakeClock(), resources={ASK: lambda params: CALLBACK})
    for _ in range(2000):
        if handle.task_tokens:
            break
        threading.Event().wait(0.005)  # the test's own thread waits for the execution's thread, not the clock
    (token,) = handle.task_tokens
    handle.send_task_success(token, {"n": 1})
    assert handle.result(timeout=10).output == {"n": 1}
    with pytest.raises(TaskTokenError):  # answered already
        handle.send_task_success(token, {"n": 2})


def test_a_failure_sent_by_token_is_caught_by_its_name() -> None:
    tokens = TaskTokens()

    def hand_over(params: Any) -> Any:
        tokens.send_task_failure(params["MessageBody"]["token"], "Orders.Rejected", "no stock")
        return CALLBACK

    catch = [{"ErrorEquals": ["Orders.Rejected"], "ResultPath": "$.error", "Next": "Caught"}]
    execution = _machine(Catch=catch).run({}, clock=FakeClock(), resources={ASK: hand_over}, callbacks=tokens)
    assert execution.output == {"error": {"Error": "Orders.Rejected", "Cause": "no stock"}}


def test_a_missed_heartbeat_times_the_task_out_on_the_clock() -> None:
    clock = FakeClock()
    execution = _machine(HeartbeatSeconds=10, TimeoutSeconds=100).run(
        {}, clock=clock, resources={ASK: lambda params: CALLBACK}, callbacks=TaskTokens()
    )
    assert (execution.error, execution.cause) == ("States.HeartbeatTimeout", "Task heartbeat timed out.")
    assert clock.monotonic() == pytest.approx(10)
    assert "TaskTimedOut" in _types(execution.history)


def test_heartbeats_keep_the_task_alive_until_its_timeout() -> None:
    clock = FakeClock()
    tokens = TaskTokens()

    async def worker(token: str) -> None:
        for _ in range(5):
            await clock.asleep(8)
            tokens.send_task_heartbeat(token)

    async def hand_over(params: Any) -> Any:
        asyncio.get_running_loop().create_task(worker(params["MessageBody"]["token"]))
        return CALLBACK

    execution = _machine(HeartbeatSeconds=10, TimeoutSeconds=30).run(
        {}, clock=clock, resources={ASK: hand_over}, callbacks=tokens
    )
    assert (execution.error, execution.cause) == ("States.Timeout", "Task timed out.")  # beats outlive it
    assert (execution.stop_date - execution.start_date).total_seconds() == pytest.approx(30)


def test_heartbeats_then_success() -> None:
    clock = FakeClock()
    tokens = TaskTokens()

    async def worker(token: str) -> None:
        for _ in range(3):
            await clock.asleep(8)
            tokens.send_task_heartbeat(token)
        tokens.send_task_success(token, "done")

    async def hand_over(params: Any) -> Any:
        asyncio.get_running_loop().create_task(worker(params["MessageBody"]["token"]))
        return CALLBACK

    execution = _machine(HeartbeatSeconds=10).run({}, clock=clock, resources={ASK: hand_over}, callbacks=tokens)
    assert execution.output == "done"
    assert clock.monotonic() == pytest.approx(24)


def test_a_plain_return_value_is_still_the_whole_round_trip() -> None:
    assert _machine().run({}, clock=FakeClock(), resources={ASK: lambda params: {"ok": 1}}).output == {"ok": 1}


def test_unknown_tokens_are_refused() -> None:
    with pytest.raises(TaskTokenError):
        TaskTokens().send_task_heartbeat("nope")


def test_callback_from_a_task_that_is_not_wait_for_task_token_fails_the_task() -> None:
    machine = StateMachine({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "fn", "End": True}}})
    execution = machine.run({}, clock=FakeClock(), resources={"fn": lambda params: CALLBACK})
    assert execution.error == "States.Runtime"
    assert "not a .waitForTaskToken Task" in (execution.cause or "")


def test_a_wait_nobody_can_answer_fails_at_once_instead_of_hanging() -> None:
    execution = _machine().run({}, clock=FakeClock(), resources={ASK: lambda params: CALLBACK})
    assert execution.error == "States.Runtime"
    assert "pass callbacks=TaskTokens()" in (execution.cause or "")


def test_each_retry_gets_its_own_token_and_a_late_answer_is_refused() -> None:
    tokens = TaskTokens()
    seen: list[str] = []

    def hand_over(params: Any) -> Any:
        seen.append(params["MessageBody"]["token"])
        if len(seen) == 2:
            tokens.send_task_success(seen[-1], "second")
        return CALLBACK

    retry = [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 1}]
    execution = _machine(TimeoutSeconds=5, Retry=retry).run(
        {}, clock=FakeClock(), resources={ASK: hand_over}, callbacks=tokens
    )
    assert execution.output == "second"
    assert len(set(seen)) == 2
    with pytest.raises(TaskTokenError):
        tokens.send_task_success(seen[0], "late")


def test_a_failure_sent_during_a_hand_over_that_returns_a_value_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    import gc

    tokens = TaskTokens()

    def hand_over(params: Any) -> Any:
        tokens.send_task_failure(params["MessageBody"]["token"], "Boom", "x")
        return {"ok": 1}  # the round trip stands in: the sent failure goes unread

    with caplog.at_level("ERROR", logger="asyncio"):
        execution = _machine().run({}, clock=FakeClock(), resources={ASK: hand_over}, callbacks=tokens)
        gc.collect()
    assert execution.output == {"ok": 1}
    assert "never retrieved" not in caplog.text


def test_output_that_is_not_json_is_refused_to_the_sender() -> None:
    tokens = TaskTokens()
    with pytest.raises(ValueError, match="must be JSON"):
        tokens.send_task_success("any", {1, 2})


def test_an_activity_worker_takes_the_task_and_answers_it() -> None:
    activity = "arn:aws:states:us-east-1:111111111111:activity:approve"
    machine = StateMachine(
        {"StartAt": "Approve", "States": {"Approve": {"Type": "Task", "Resource": activity, "End": True}}}
    )
    tokens = TaskTokens()

    def worker() -> None:
        task = tokens.get_activity_task(activity, timeout=10)
        assert task is not None
        tokens.send_task_success(task.token, {"approved": task.input["order"]})

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    execution = machine.run({"order": 7}, clock=FakeClock(), callbacks=tokens)
    thread.join(timeout=10)
    assert execution.output == {"approved": 7}
    assert _types(execution.history)[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]
    assert tokens.get_activity_task(activity, timeout=0) is None


def test_an_activity_without_callbacks_is_unserved() -> None:
    from statewise import UnservedTasksError

    activity = "arn:aws:states:us-east-1:111111111111:activity:approve"
    machine = StateMachine({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": activity, "End": True}}})
    with pytest.raises(UnservedTasksError):
        machine.run({}, clock=FakeClock())
