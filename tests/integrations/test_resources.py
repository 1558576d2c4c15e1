"""Task resources: what bind() makes of callables and of objects with invoke(), and whether they block."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from statewise import StateMachine
from statewise.integrations.resources import CallableResource, Resource, bind
from statewise.testing import FakeClock

ARN = "arn:aws:states:::lambda:invoke"
TIMED = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ARN, "TimeoutSeconds": 10, "End": True}}}


class Echo:
    """Says nothing about blocking."""

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        return {"echo": payload}


class Threaded:
    """Works in a worker thread, and says so: a fake clock is held still meanwhile."""

    blocking = True

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        await asyncio.to_thread(self.clock.advance, 30)
        return payload


def test_callables_block_unless_they_are_coroutine_functions() -> None:
    async def coroutine(payload: Any) -> Any:
        return payload

    sync, async_ = bind(lambda payload: payload), bind(coroutine)
    assert isinstance(sync, CallableResource)
    assert (sync.blocking, async_.blocking) == (True, False)


def test_an_object_that_does_not_say_is_not_blocking() -> None:
    bound = bind(Echo())
    assert isinstance(bound, Resource)
    assert bound.blocking is False
    assert asyncio.run(bound.invoke(1, {})) == {"echo": 1}


def test_an_object_that_says_passes_through() -> None:
    threaded = Threaded(FakeClock())
    assert bind(threaded) is threaded


def test_a_non_blocking_resource_is_raced_against_the_task_timeout() -> None:
    clock = FakeClock()

    class Slow(Echo):
        async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
            await clock.asleep(30)
            return payload

    execution = StateMachine(TIMED).run({}, clock=clock, resources={ARN: Slow()})
    assert (execution.error, clock.monotonic()) == ("States.Timeout", 10)


def test_a_blocking_resource_holds_a_fake_clock_and_is_judged_after_the_call() -> None:
    clock = FakeClock()
    execution = StateMachine(TIMED).run({}, clock=clock, resources={ARN: Threaded(clock)})
    assert (execution.error, clock.monotonic()) == ("States.Timeout", 30)


def test_off_loop_calls_on_the_loop_when_alone_and_in_a_worker_thread_otherwise() -> None:
    import threading

    from statewise.integrations.resources import off_loop

    async def main() -> tuple[int, int, int]:
        here = threading.get_ident()
        alone = await off_loop(threading.get_ident)
        sibling = asyncio.ensure_future(asyncio.sleep(0))
        busy = await off_loop(threading.get_ident)
        await sibling
        return here, alone, busy

    here, alone, busy = asyncio.run(main())
    assert alone == here  # nothing else could have run meanwhile: no hop
    assert busy != here  # a sibling is in flight: the call must not stall it


def test_the_runs_own_concurrency_sends_calls_to_a_thread_without_counting_tasks() -> None:
    import threading

    from statewise.integrations.resources import off_loop, sharing_loop

    async def flagged() -> tuple[int, int]:
        sharing_loop()  # as a Map iteration's worker says it runs beside others
        return threading.get_ident(), await off_loop(threading.get_ident)

    here, called = asyncio.run(flagged())
    assert called != here  # alone on the loop, but flagged: to a thread

    async def parent() -> tuple[int, int]:
        await asyncio.ensure_future(flagged())  # the flag stays in the child's context
        return threading.get_ident(), await off_loop(threading.get_ident)

    here, called = asyncio.run(parent())
    assert called == here
