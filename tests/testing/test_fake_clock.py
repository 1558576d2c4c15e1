"""FakeClock: sleeps never take real time; concurrent sleepers overlap on one timeline."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from statewise import StateMachine
from statewise.testing import DEFAULT_START, FakeClock


def test_sync_sleep_advance_and_now():
    clock = FakeClock()
    clock.sleep(5)
    clock.advance(2.5)
    clock.sleep(-1)  # negative sleeps count as zero
    assert clock.monotonic() == 7.5
    assert clock.sleeps == [5.0, 0.0]
    assert clock.now() == DEFAULT_START + timedelta(seconds=7.5)
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="aware datetime"):
        FakeClock(datetime(2026, 1, 1))
    assert FakeClock(datetime(2030, 1, 1, tzinfo=UTC)).now().year == 2030


def test_concurrent_sleepers_wake_in_order_and_overlap():
    clock = FakeClock()
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.asleep(seconds)
        woke.append((name, clock.monotonic()))

    async def main() -> None:
        await asyncio.gather(sleeper("a", 5), sleeper("b", 3), sleeper("c", 5), sleeper("d", 0))

    asyncio.run(main())
    assert woke == [("d", 0.0), ("b", 3.0), ("a", 5.0), ("c", 5.0)]
    assert clock.monotonic() == 5.0
    assert sorted(clock.sleeps) == [0.0, 3.0, 5.0, 5.0]


def test_a_cancelled_sleeper_does_not_move_time():
    clock = FakeClock()

    async def main() -> None:
        long = asyncio.create_task(clock.asleep(100))
        await clock.asleep(1)
        long.cancel()
        with pytest.raises(asyncio.CancelledError):
            await long
        await clock.asleep(2)

    asyncio.run(main())
    assert clock.monotonic() == 3.0


def _map_of_waits(**extra: Any) -> StateMachine:
    return StateMachine(
        {
            **extra,
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "End": True}}},
                    "End": True,
                }
            },
        }
    )


def test_map_iterations_wait_at_the_same_time():
    clock = FakeClock()
    execution = _map_of_waits(TimeoutSeconds=250).run([1, 2, 3], clock=clock)
    assert execution.status == "SUCCEEDED"
    assert clock.monotonic() == 100.0
    assert execution.history[-1]["timestamp"] == DEFAULT_START + timedelta(seconds=100)


def test_a_failed_branch_cancels_its_waiting_sibling():
    calls: list[float] = []
    clock = FakeClock()
    machine = StateMachine(
        {
            "StartAt": "P",
            "States": {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}},
                        {
                            "StartAt": "W",
                            "States": {
                                "W": {"Type": "Wait", "Seconds": 100, "Next": "T"},
                                "T": {"Type": "Task", "Resource": "task", "End": True},
                            },
                        },
                    ],
                    "End": True,
                }
            },
        }
    )
    execution = machine.run({}, clock=clock, resources={"task": lambda payload: calls.append(clock.monotonic())})
    assert execution.error == "Boom"
    assert calls == []
    assert clock.monotonic() == 0.0


def test_time_stands_still_while_a_blocking_task_runs():
    clock = FakeClock()
    seen: list[float] = []
    machine = StateMachine(
        {
            "StartAt": "P",
            "States": {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {
                            "StartAt": "T",
                            "States": {
                                "T": {"Type": "Task", "Resource": "task", "Next": "W5"},
                                "W5": {"Type": "Wait", "Seconds": 5, "End": True},
                            },
                        },
                        {"StartAt": "W10", "States": {"W10": {"Type": "Wait", "Seconds": 10, "End": True}}},
                    ],
                    "End": True,
                }
            },
        }
    )
    execution = machine.run({}, clock=clock, resources={"task": lambda payload: seen.append(clock.monotonic())})
    assert execution.status == "SUCCEEDED"
    assert seen == [0.0]  # the other branch's Wait did not jump time while the task ran
    assert clock.monotonic() == 10.0


def test_a_clock_outlives_the_loop_it_was_used_on():
    clock = FakeClock()

    async def leave_a_parked_sleeper() -> None:
        parked = asyncio.create_task(clock.asleep(100))
        await asyncio.sleep(0)  # parked, a jump queued on this loop; the loop then closes
        parked.cancel()

    asyncio.run(leave_a_parked_sleeper())
    # a new loop still gets its jump (the real-time bound only matters if it hangs)
    asyncio.run(asyncio.wait_for(clock.asleep(5), timeout=30))
    assert clock.monotonic() == 5.0
