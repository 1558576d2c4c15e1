"""From ``wait()``'s arguments to a running core: the spec, the operation, the pacing.

Theory of operation: :func:`begin` is the one place both drivers start.
It resolves the *source*:

- a boto3/botocore/aiobotocore client with a waiter name (``table_exists``
  or ``TableExists``): the spec comes from the registry (user-registered,
  then the installed botocore's ``waiters-2.json`` for the client's service
  and API version, then statewise's own), and the operation is the client
  method for the spec's API operation name;
- a client with ``spec=``: the client method for the spec's operation;
- any other callable with ``spec=``: the callable itself (a
  ``unittest.mock.Mock`` too: only an object whose ``meta.service_model`` is
  a real botocore ``ServiceModel`` counts as a client).

The sync ``wait`` refuses an async operation (a coroutine function, an
aiobotocore client or one of its methods) before any call.

Then it resolves the options into a :class:`Pacing` and returns a fresh
:class:`WaitCore` with the operation to call and the clock to use.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from botocore import xform_name

from statewise.clients import callable_name, client_method, close_matches, is_async_callable, is_client
from statewise.clock import SYSTEM_CLOCK, Clock
from statewise.errors import SpecError, UnknownWaiterError, WaiterOptionsError
from statewise.specs.registry import find_waiter, waiter_names
from statewise.specs.waiter import WaiterSpec
from statewise.waiting.core import WaitCore
from statewise.waiting.pacing import Backoff, resolve_pacing

__all__ = ["Begun", "begin"]


@dataclass(frozen=True, slots=True)
class Begun:
    """What a driver needs: the core, the operation it calls, the clock it sleeps on."""

    core: WaitCore
    operation: Callable[..., Any]
    clock: Clock


def begin(
    source: Any,
    waiter: str | None,
    *,
    spec: WaiterSpec | Mapping[str, Any] | None,
    delay: float | None,
    max_attempts: int | None,
    timeout: float | None,
    backoff: Backoff,
    min_delay: float | None,
    max_delay: float | None,
    clock: Clock | None,
    rng: random.Random | None,
    on_attempt: Callable[..., Any] | None,
    waiter_config: Mapping[str, Any] | None,
    params: Mapping[str, Any],
    coroutines_ok: bool,
) -> Begun:
    """Resolve everything ``wait``/``async_wait`` were given; bad input raises before any call."""
    if on_attempt is not None and not coroutines_ok and inspect.iscoroutinefunction(on_attempt):
        raise WaiterOptionsError("on_attempt is a coroutine function; use async_wait, or pass a plain function")
    resolved, operation = _resolve_source(source, waiter, spec)
    if not coroutines_ok and is_async_callable(operation):
        raise WaiterOptionsError(f"{resolved.name} calls an async operation; use statewise.async_wait() for it")
    pacing = resolve_pacing(
        resolved,
        delay=delay,
        max_attempts=max_attempts,
        timeout=timeout,
        backoff=backoff,
        min_delay=min_delay,
        max_delay=max_delay,
        waiter_config=waiter_config,
    )
    clock = SYSTEM_CLOCK if clock is None else clock
    core = WaitCore(resolved, params, pacing, started=clock.monotonic(), rng=rng or random.Random())
    return Begun(core, operation, clock)


def _resolve_source(
    source: Any, waiter: str | None, spec: WaiterSpec | Mapping[str, Any] | None
) -> tuple[WaiterSpec, Callable[..., Any]]:
    client = is_client(source)
    if spec is not None:
        if waiter is not None:
            raise WaiterOptionsError(f"give a waiter name ({waiter!r}) or spec=, not both")
        resolved = spec if isinstance(spec, WaiterSpec) else WaiterSpec.from_dict(spec, name=_spec_name(source, spec))
        if client:
            return resolved, _client_method(source, resolved)
        if not callable(source):
            raise WaiterOptionsError(f"the source must be a client or a callable, got {type(source).__name__}")
        return resolved, source
    if waiter is None:
        raise WaiterOptionsError("name a waiter, as in wait(client, 'table_exists', ...), or pass spec=")
    if not client:
        raise WaiterOptionsError(
            f"a waiter name ({waiter!r}) needs a boto3/aiobotocore client; pass spec= to wait on a callable"
        )
    resolved = _find(source.meta.service_model.service_name, waiter, source.meta.service_model.api_version)
    return resolved, _client_method(source, resolved)


def _spec_name(source: Any, spec: Any) -> str:
    # name a spec= waiter after what it waits on, so errors say which one failed
    operation = spec.get("operation") if isinstance(spec, Mapping) else None
    if is_client(source):
        return f"{source.meta.service_model.service_name}.{operation or '<spec>'}"
    return callable_name(source, operation or "<spec>")


def _find(service: str, waiter: str, api_version: str | None) -> WaiterSpec:
    names = waiter_names(service, api_version)
    by_snake = {xform_name(name): name for name in names}
    name = waiter if waiter in names else by_snake.get(waiter)
    found = None if name is None else find_waiter(service, name, api_version)
    if found is None:
        pool = list(by_snake) if waiter.islower() else names
        raise UnknownWaiterError(
            f"{service} has no waiter named {waiter!r}",
            name=waiter,
            suggestions=close_matches(waiter, pool),
        )
    return found


def _client_method(client: Any, spec: WaiterSpec) -> Callable[..., Any]:
    operation = client_method(client, spec.operation)
    if operation is None:
        service = client.meta.service_model.service_name
        raise SpecError(f"{service} has no operation {spec.operation!r}", spec=spec.name, where="/operation")
    return operation
