"""Regressions found in review: async operations in sync wait, zero delays, names in errors, plurals."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import statewise
from statewise.errors import UnknownOperationError, WaiterOptionsError
from statewise.testing import FakeClock

SPEC = {
    "operation": "GetJob",
    "delay": 5,
    "maxAttempts": 4,
    "acceptors": [{"state": "success", "matcher": "path", "argument": "Status", "expected": "DONE"}],
}


def test_sync_wait_refuses_an_async_operation():
    async def get_job(**kw: Any) -> dict[str, Any]:
        return {"Status": "DONE"}

    class AsyncCallable:
        async def __call__(self, **kw: Any) -> dict[str, Any]:
            return {"Status": "DONE"}

    for operation in (get_job, AsyncCallable()):
        with pytest.raises(WaiterOptionsError, match=r"async operation; use statewise\.async_wait"):
            statewise.wait(operation, spec=SPEC)


def test_zero_delay_with_exponential_backoff_still_waits():
    answers = iter([{"Status": "RUNNING"}, {"Status": "RUNNING"}, {"Status": "DONE"}])

    def get_job(**kw: Any) -> dict[str, Any]:
        return next(answers)

    clock = FakeClock()
    assert statewise.wait(get_job, spec=SPEC, delay=0, backoff="exponential", clock=clock) == {"Status": "DONE"}
    assert clock.sleeps == [0.0, 0.0]


def test_spec_waiters_are_named_after_what_they_wait_on():
    def get_job(**kw: Any) -> dict[str, Any]:
        return {"Status": "RUNNING"}

    expected = r"^Waiter .*get_job failed: max_attempts \(1\) reached after 1 attempt in"
    with pytest.raises(statewise.WaiterTimeout, match=expected):
        statewise.wait(get_job, spec=SPEC, max_attempts=1, clock=FakeClock())


def test_min_delay_message_names_where_the_ceiling_came_from():
    with pytest.raises(WaiterOptionsError, match=r"must not exceed the waiter's delay, used as max_delay, \(5s\)"):
        statewise.wait(lambda **kw: {}, spec=SPEC, backoff="exponential", min_delay=10)


def test_unknown_operation_error_pickles_with_its_suggestions():
    error = UnknownOperationError("ec2 has no operation 'x'", name="x", suggestions=("a", "b"))
    copy = pickle.loads(pickle.dumps(error))
    assert copy.suggestions == ("a", "b")
    assert str(copy) == str(error)
