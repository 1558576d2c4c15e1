"""What statewise needs to know about a boto3/botocore/aiobotocore client, in one place.

Paginators and waiters both take "a client and a name": these helpers tell a
client from anything else, map operation names between the client's
snake_case methods and the API's names, and tell async callables (aiobotocore
methods, coroutine functions, objects with ``async def __call__``) from sync
ones.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["api_name", "client_method", "close_matches", "is_async_callable", "is_client"]


def is_client(source: Any) -> bool:
    """True for botocore (boto3) and aiobotocore clients."""
    meta = getattr(source, "meta", None)
    return hasattr(meta, "method_to_api_mapping") and hasattr(meta, "service_model")


def api_name(client: Any, name: str) -> str | None:
    """The API name (``DescribeSnapshots``) for a snake_case or API ``name``; None if unknown."""
    to_api: dict[str, str] = client.meta.method_to_api_mapping
    if name in to_api:
        return to_api[name]
    return name if name in to_api.values() else None


def client_method(client: Any, api: str) -> Callable[..., Any] | None:
    """The client's bound method for API operation ``api``, or None."""
    for method, operation in client.meta.method_to_api_mapping.items():
        if operation == api:
            found: Callable[..., Any] = getattr(client, method)
            return found
    return None


def close_matches(name: str, candidates: Any) -> tuple[str, ...]:
    """Up to three of ``candidates`` that look like ``name``, for "did you mean" hints."""
    return tuple(difflib.get_close_matches(name, list(candidates), n=3))


def is_async_callable(fn: Any) -> bool:
    """True when calling ``fn`` gives an awaitable to await (3.11's iscoroutinefunction misses ``__call__``)."""
    call = None if inspect.isroutine(fn) or not callable(fn) else type(fn).__call__
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(call)
