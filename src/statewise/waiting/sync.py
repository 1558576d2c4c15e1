"""``wait``: the blocking driver over :class:`WaitCore`.

Theory of operation: all decisions live in :mod:`statewise.waiting.core`;
this loop only does what a decision says -- call the operation, sleep on the
clock, return, or raise -- and reports each attempt to ``on_attempt``. Its
twin in :mod:`statewise.waiting.aio` differs only by ``await``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from statewise.clock import Clock
from statewise.specs.waiter import WaiterSpec
from statewise.waiting.core import Attempt, Call, Done, Failed, Sleep, client_error_response
from statewise.waiting.pacing import Backoff
from statewise.waiting.setup import begin

__all__ = ["wait"]


def wait(
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
    """Call the operation until an acceptor says success; return the last response.

    ``source`` is a client with a ``waiter`` name, or a client or callable
    with ``spec=``. ``params`` go to the operation unchanged. Raises
    :class:`statewise.WaiterFailed` or :class:`statewise.WaiterTimeout`.
    """
    run = begin(
        source, waiter, spec=spec, delay=delay, max_attempts=max_attempts, timeout=timeout,
        backoff=backoff, min_delay=min_delay, max_delay=max_delay, clock=clock, rng=rng,
        on_attempt=on_attempt, waiter_config=WaiterConfig, params=params, coroutines_ok=False,
    )  # fmt: skip
    while True:
        match run.core.next_decision():
            case Call(params=kwargs):
                error = None
                try:
                    response = run.operation(**kwargs)
                except Exception as exc:
                    if (response := client_error_response(exc)) is None:
                        raise
                    error = exc
                attempt = run.core.receive(response, now=run.clock.monotonic(), error=error)
                if on_attempt is not None:
                    on_attempt(attempt)
            case Sleep(seconds=seconds):
                run.clock.sleep(seconds)
            case Done(response=response):
                return response
            case Failed(error=failure):
                raise failure
