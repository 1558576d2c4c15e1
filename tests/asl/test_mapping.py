"""Parallel and Map concurrency hygiene: when a branch or an iteration fails, its siblings are cancelled
and awaited before the state fails, and asyncio logs nothing (no "Task exception was never retrieved",
no "Task was destroyed but it is pending")."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable
from typing import Any

import pytest

from statewise import StateMachine
from statewise.asl.mapping import gather_limited
from statewise.testing import FakeClock

FAIL = {"Type": "Fail", "Error": "Boom", "Cause": "it failed"}
SLOW = "arn:aws:lambda:us-east-1:111111111111:function:slow"


@pytest.fixture
def asyncio_log(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """What the asyncio logger has said so far, after a garbage collection (which is when a task
    whose exception nobody read reports it)."""
    caplog.set_level(logging.WARNING, logger="asyncio")

    def logged() -> list[str]:
        gc.collect()
        return [record.getMessage() for record in caplog.records if record.name == "asyncio"]

    return logged


def _branch(name: str, state: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": name, "States": {name: {**state, "End": True} if state["Type"] != "Fail" else state}}


def _parallel(*branches: dict[str, Any]) -> StateMachine:
    return StateMachine(
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": list(branches), "End": True}}}
    )


def _map(processor: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, **fields, "End": True}


def test_two_parallel_branches_failing_in_the_same_round_log_nothing(asyncio_log: Callable[[], list[str]]) -> None:
    execution = _parallel(_branch("A", FAIL), _branch("B", FAIL)).run({}, clock=FakeClock())
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Boom", "it failed")
    assert execution.history[-1]["type"] == "ExecutionFailed"
    del execution
    assert asyncio_log() == []


def test_a_map_with_several_failing_iterations_logs_nothing(asyncio_log: Callable[[], list[str]]) -> None:
    processor = _branch("F", FAIL)
    execution = StateMachine({"StartAt": "M", "States": {"M": _map(processor)}}).run(
        {"items": [1, 2, 3, 4]}, clock=FakeClock()
    )
    assert (execution.status, execution.error) == ("FAILED", "Boom")
    types = [event["type"] for event in execution.history]
    assert types.count("MapIterationFailed") >= 2  # every iteration fails in the first round
    assert "MapStateFailed" in types
    del execution
    assert asyncio_log() == []


def test_a_failure_cancels_a_sibling_waiting_on_the_fake_clock(asyncio_log: Callable[[], list[str]]) -> None:
    clock = FakeClock()
    waiting = _branch("Wait", {"Type": "Wait", "Seconds": 100})
    execution = _parallel(_branch("A", FAIL), waiting).run({}, clock=clock)
    assert (execution.status, execution.error) == ("FAILED", "Boom")
    types = [event["type"] for event in execution.history]
    assert "WaitStateEntered" in types
    assert "WaitStateExited" not in types
    assert clock.elapsed == 0  # the cancelled sleeper never moved time
    del execution
    assert asyncio_log() == []


def test_a_failure_cancels_and_awaits_a_sibling_task_still_running(asyncio_log: Callable[[], list[str]]) -> None:
    seen: list[str] = []

    async def slow(payload: Any) -> Any:
        try:
            await asyncio.Event().wait()  # never set: only cancellation ends it
        finally:
            seen.append("cleaned up")  # before run() returns: the sibling was awaited, not abandoned

    running = _branch("T", {"Type": "Task", "Resource": SLOW})
    execution = _parallel(running, _branch("A", FAIL)).run({}, clock=FakeClock(), resources={SLOW: slow})
    assert (execution.status, execution.error, seen) == ("FAILED", "Boom", ["cleaned up"])
    del execution
    assert asyncio_log() == []


def test_failing_distributed_map_children_log_nothing(asyncio_log: Callable[[], list[str]]) -> None:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        **_branch("F", FAIL),
    }
    machine = StateMachine({"StartAt": "M", "States": {"M": _map(processor, MaxConcurrency=0)}})
    execution = machine.run({"items": [1, 2, 3]}, clock=FakeClock())
    assert (execution.status, execution.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    assert [child.error for child in execution.children] == ["Boom"] * 3
    del execution
    assert asyncio_log() == []


def test_distributed_map_children_are_cancelled_when_a_sibling_branch_fails(
    asyncio_log: Callable[[], list[str]],
) -> None:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        **_branch("Wait", {"Type": "Wait", "Seconds": 50}),
    }
    distributed = {"StartAt": "M", "States": {"M": _map(processor)}}
    clock = FakeClock()
    execution = _parallel(distributed, _branch("A", FAIL)).run({"items": [1, 2]}, clock=clock)
    assert (execution.status, execution.error) == ("FAILED", "Boom")
    assert clock.elapsed == 0
    del execution
    assert asyncio_log() == []


@pytest.mark.parametrize("limit", [0, 2])
def test_gather_limited_reads_every_failure_and_raises_the_first(
    limit: int, asyncio_log: Callable[[], list[str]]
) -> None:
    finished: list[int] = []

    async def one(i: int) -> int:
        if i < 3:
            raise ValueError(i)
        await asyncio.sleep(0)
        finished.append(i)
        return i

    with pytest.raises(ValueError, match="0"):
        asyncio.run(gather_limited(5, limit, one))
    assert asyncio_log() == []
