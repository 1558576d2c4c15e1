"""Task resources: the one small interface the engine calls, and Python callables behind it.

Theory of operation: a Task state names a resource ARN; the engine looks the
ARN up in a mapping of :class:`Resource` objects and awaits
``resource.invoke(payload, context)``. Whatever implements ``invoke`` can
serve a Task (the integrations layer implements it without importing this
package). :func:`bind` wraps a plain Python callable:

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
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from statewise.errors import StatesError

__all__ = ["CallableResource", "Resource", "ResourceFailure", "bind", "bind_all"]


@runtime_checkable
class Resource(Protocol):
    """What a Task state calls."""

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        """The Task's result; raise :class:`~statewise.errors.StatesError` to fail it."""
        ...


class ResourceFailure(StatesError):
    """A resource raised an exception that is not a StatesError: Lambda-style naming."""

    @classmethod
    def from_exception(cls, exc: BaseException) -> ResourceFailure:
        return cls(type(exc).__name__, str(exc))


def _takes_context(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in params)


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


def bind(resource: Resource | Callable[..., Any] | Callable[..., Awaitable[Any]]) -> Resource:
    """``resource`` as a :class:`Resource` (callables are wrapped, resources pass through)."""
    if isinstance(resource, Resource) and not inspect.isfunction(resource):
        return resource
    fn: Callable[..., Any] = resource
    return CallableResource(fn, _takes_context(fn), inspect.iscoroutinefunction(fn))


def bind_all(resources: Mapping[str, Any] | None) -> dict[str, Resource]:
    """Bind every value of an ``{arn: callable or Resource}`` mapping."""
    return {arn: bind(value) for arn, value in (resources or {}).items()}
