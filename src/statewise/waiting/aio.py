"""``async_wait``: the asynchronous driver over :class:`WaitCore`.

Theory of operation: the twin of :mod:`statewise.waiting.sync` with
``await``: the operation may be a coroutine function (aiobotocore client
methods are) or a plain function, ``on_attempt`` may be either too, and
sleeps go through ``clock.asleep``.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Mapping
from typing import Any

from statewise.clock import Clock
from statewise.specs.waiter import WaiterSpec
from statewise.waiting.core import Attempt, Call, Done, Failed, Sleep, client_error_response
from statewise.waiting.pacing import Backoff
from statewise.waiting.setup import begin

__all__ = ["async_wait"]


async def async_wait(
    source: Any,
    waiter: str | None = None,
    /,
    *,
    spec: WaiterSpec | Mapping[str, Any] | None = None,
    delay: float | None = None,
    max_attempts: int | None = None,
    timeout: float | None = None,
    backoff: Backoff = None,
    min_delay: float | None = None,
    max_delay: float | None = None,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    on_attempt: Callable[[Attempt], object] | None = None,
    WaiterConfig: Mapping[str, Any] | None = None,  # botocore's name, kept as an alias
    **params: Any,
) -> Any:
    """Await the operation until an acceptor says success; return the last response.

    The same arguments and errors as :func:`statewise.wait`, for aiobotocore
    clients and async callables.
    """
    run = begin(
        source, waiter, spec=spec, delay=delay, max_attempts=max_attempts, timeout=timeout,
        backoff=backoff, min_delay=min_delay, max_delay=max_delay, clock=clock, rng=rng,
        on_attempt=on_attempt, waiter_config=WaiterConfig, params=params, coroutines_ok=True,
    )  # fmt: skip
    while True:
        match run.core.next_decision():
            case Call(params=kwargs):
                error = None
                try:
                    response = await _resolved(run.operation(**kwargs))
                except Exception as exc:
                    if (response := client_error_response(exc)) is None:
                        raise
                    error = exc
                attempt = run.core.receive(response, now=run.clock.monotonic(), error=error)
                if on_attempt is not None:
                    await _resolved(on_attempt(attempt))
            case Sleep(seconds=seconds):
                await run.clock.asleep(seconds)
            case Done(response=response):
                return response
            case Failed(error=failure):
                raise failure


async def _resolved(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value
