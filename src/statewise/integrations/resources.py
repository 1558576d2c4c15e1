"""Task resources: the one small interface the engine calls, and Python callables behind it.

Theory of operation: the engine asks the run's resolver chain
(:mod:`statewise.integrations.resolver`) for the :class:`Resource` serving a
Task and awaits ``resource.invoke(payload, context)``; ``resource.blocking``
says whether the call runs where a fake clock cannot see it (a worker
thread), so the engine holds such a clock still meanwhile. Whatever
implements ``invoke`` can serve a Task: :func:`bind` passes it through, as
not blocking when it does not say. It wraps a plain Python callable:

- it gets the Task's effective input, and the context object too when it
  takes a second positional parameter;
- a coroutine function is awaited; a plain function runs in a worker thread,
  so Map iterations and Parallel branches that call blocking code overlap;
- its return value is the result; ``raise statewise.TaskFailed(error=..., cause=...)``
  names the failure, any other exception fails the Task with the exception's
  class name as error and its message as cause, as Lambda reports it.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar, runtime_checkable

from statewise.base_errors import ResourceBindingError, StatesError
from statewise.clients import is_async_callable

__all__ = [
    "CallableResource",
    "Invoker",
    "Resource",
    "ResourceFailure",
    "bind",
    "bind_all",
    "off_loop",
    "sharing_loop",
]

_T = TypeVar("_T")


@runtime_checkable
class Invoker(Protocol):
    """Anything that can serve a Task: :func:`bind` makes it a :class:`Resource`."""

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        """The Task's result; raise :class:`~statewise.errors.StatesError` to fail it."""
        ...


@runtime_checkable
class Resource(Invoker, Protocol):
    """What a Task state calls."""

    @property
    def blocking(self) -> bool:
        """True when a call runs where a fake clock cannot see it (a worker thread)."""
        ...


_SHARED: Final[ContextVar[bool]] = ContextVar("statewise_shared_loop", default=False)


def sharing_loop() -> None:
    """Say that the current task runs beside others of the same run (a Map's iterations, a Parallel's
    branches, a call raced against a time limit): its blocking calls go to a worker thread. Set inside the
    task, so it holds for that task and those it starts, never for its parent."""
    _SHARED.set(True)


async def off_loop(fn: Callable[..., _T], *args: Any) -> _T:
    """``fn(*args)``, a blocking call of statewise's own (an AWS call), made where it stalls nothing: in a
    worker thread while anything else is in flight on the loop (iterations, branches, a raced time limit,
    the tasks of the application that awaits the run), on the loop when the calling task is alone there --
    nothing could run meanwhile, and the hop to a thread costs more than the call itself on a fast endpoint.
    The run's own concurrency is known without looking (:func:`sharing_loop`), so only a task that may be
    alone counts the loop's tasks."""
    if not _SHARED.get() and len(asyncio.all_tasks()) == 1:
        return fn(*args)
    return await asyncio.to_thread(fn, *args)


class ResourceFailure(StatesError):
    """A resource raised an exception that is not a StatesError: Lambda-style naming."""

    @classmethod
    def from_exception(cls, exc: BaseException) -> ResourceFailure:
        return cls(type(exc).__name__, str(exc))


def _takes_context(fn: Callable[..., Any], arn: str) -> bool:
    """Whether ``fn`` takes the context object as a second argument; ResourceBindingError when it
    can be called neither with the Task's input alone nor with the input and the context."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without a signature: call it with the input
        return False
    accepts = [_accepts(signature, count) for count in (1, 2)]
    if not any(accepts):
        shown = getattr(fn, "__qualname__", type(fn).__name__)
        raise ResourceBindingError(
            f"{shown}{signature} cannot serve a Task: it must take the Task's input as its one positional "
            "parameter, or the input and the context object as its two",
            arn=arn,
        )
    return accepts[1]


def _accepts(signature: inspect.Signature, count: int) -> bool:
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class CallableResource:
    """A Python callable serving a Task."""

    fn: Callable[..., Any]
    with_context: bool
    is_async: bool

    @property
    def blocking(self) -> bool:
        """True when a call runs in a worker thread, where a fake clock cannot see it."""
        return not self.is_async

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        args = (payload, context) if self.with_context else (payload,)
        try:
            if self.is_async:
                return await self.fn(*args)
            result = await asyncio.to_thread(self.fn, *args)
            if inspect.isawaitable(result):
                return await result
            return result
        except StatesError:
            raise
        except Exception as exc:
            raise ResourceFailure.from_exception(exc) from exc


@dataclass(frozen=True, slots=True)
class _NonBlocking:
    """An :class:`Invoker` that does not say whether it blocks: it is awaited on the loop, so it does not."""

    invoker: Invoker
    blocking = False

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        return await self.invoker.invoke(payload, context)


def bind(resource: Invoker | Callable[..., Any] | Callable[..., Awaitable[Any]], arn: str = "") -> Resource:
    """``resource`` as a :class:`Resource` (callables are wrapped, resources pass through).

    Raises :class:`~statewise.errors.ResourceBindingError` for what cannot serve a Task.
    """
    if isinstance(resource, Invoker) and not inspect.isfunction(resource):
        return resource if isinstance(resource, Resource) else _NonBlocking(resource)
    if not callable(resource):
        raise ResourceBindingError(
            f"{type(resource).__name__} {resource!r:.40} cannot serve a Task: bind a callable that takes the "
            "Task's input (and optionally the context object), or an object with an async invoke(payload, context)",
            arn=arn,
        )
    fn: Callable[..., Any] = resource
    return CallableResource(fn, _takes_context(fn, arn), is_async_callable(fn))


def bind_all(resources: Mapping[str, Any] | None) -> dict[str, Resource]:
    """Bind every value of an ``{arn: callable or Resource}`` mapping, checking each before anything runs."""
    if resources is not None and not isinstance(resources, Mapping):
        raise ResourceBindingError(
            f"resources must map Task resource ARNs to callables, got {type(resources).__name__}"
        )
    return {arn: bind(value, arn) for arn, value in (resources or {}).items()}
