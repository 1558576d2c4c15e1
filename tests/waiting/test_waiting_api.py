"""The public surface of waiting: exports, and the sync/async twins staying twins."""

from __future__ import annotations

import inspect
import re

import statewise
import statewise.waiting
from statewise.waiting import aio, sync


def test_waiting_all() -> None:
    assert statewise.waiting.__all__ == ["Attempt", "WaiterSpec", "async_wait", "wait"]
    for name in statewise.waiting.__all__:
        assert getattr(statewise, name) is getattr(statewise.waiting, name)


def test_statewise_exports_the_waiter_names() -> None:
    names = {"UnknownWaiterError", "WaiterError", "WaiterFailed", "WaiterOptionsError", "WaiterTimeout"}
    names |= {"find_waiter", "register_waiters"}
    assert names <= set(statewise.__all__)
    for name in names:
        assert getattr(statewise, name) is not None


def test_sync_and_async_drivers_take_the_same_arguments() -> None:
    assert inspect.signature(sync.wait).parameters == inspect.signature(aio.async_wait).parameters
    assert inspect.iscoroutinefunction(aio.async_wait)


def test_drivers_are_twins_but_for_await() -> None:
    def body(function: object) -> list[str]:
        lines = inspect.getsource(function).split('"""')[2].splitlines()  # after the docstring
        return [re.sub(r"await _resolved\((.*)\)$", r"\1", line).replace("await ", "").strip() for line in lines]

    sync_body, async_body = body(sync.wait), body(aio.async_wait)
    differences = [(s, a) for s, a in zip(sync_body, async_body, strict=True) if s != a]
    assert differences == [
        ("on_attempt=on_attempt, waiter_config=WaiterConfig, params=params, coroutines_ok=False,",
         "on_attempt=on_attempt, waiter_config=WaiterConfig, params=params, coroutines_ok=True,"),
        ("run.clock.sleep(seconds)", "run.clock.asleep(seconds)"),
    ]  # fmt: skip
