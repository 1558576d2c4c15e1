"""Running the async engine from synchronous code.

Theory of operation: :func:`run_sync` is how ``StateMachine.run`` and
``StateMachine.test_state`` call the engine's coroutines. Without a running
event loop it drives the coroutine on a private loop (:func:`drive`); inside
one (a notebook, an async test) a loop cannot be nested, so it drives it on a
private loop in a worker thread and blocks until it is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["close", "drive", "run_sync"]

_T = TypeVar("_T")


def run_sync(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run ``coro`` to completion: on a private loop, or in a worker thread when the caller runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return drive(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(drive, coro).result()


def drive(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run ``coro`` on a private event loop (no signal handlers, unlike ``asyncio.run``)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        close(loop)


def close(loop: asyncio.AbstractEventLoop) -> None:
    """Finish ``loop``'s async generators and join its worker threads, then close it."""
    try:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
