"""What statewise needs to know about a boto3/botocore/aiobotocore client, in one place.

Paginators and waiters both take "a client and a name": these helpers tell a
client from anything else, map operation names between the client's
snake_case methods and the API's names, and tell async callables (aiobotocore
clients and their methods, coroutine functions, objects with
``async def __call__``) from sync ones.

A client is recognised by what it is, not by the attributes it answers to:
its ``meta.service_model`` must be a real botocore ``ServiceModel`` (every
botocore, boto3 and aiobotocore client has one). A ``unittest.mock.Mock``
answers to every attribute, so duck typing would take it for a client; here
it stays the callable it is. botocore is never imported just to ask: if
``botocore.model`` is not loaded, nothing can hold a ``ServiceModel``.
"""

from __future__ import annotations

import difflib
import inspect
import sys
from collections.abc import Callable
from typing import Any

__all__ = [
    "api_name",
    "callable_name",
    "client_method",
    "close_matches",
    "is_async_callable",
    "is_async_client",
    "is_client",
]


def is_client(source: Any) -> bool:
    """True for botocore (boto3) and aiobotocore clients: objects whose ``meta.service_model`` is a ServiceModel."""
    model_module = sys.modules.get("botocore.model")
    if model_module is None:
        return False
    try:
        meta = source.meta
        model, mapping = meta.service_model, meta.method_to_api_mapping
    except Exception:  # an attribute that raises, whatever it raises, means "not a client"
        return False
    # type(), not isinstance(): Mock(spec=ServiceModel) passes isinstance() but is no service model
    return issubclass(type(model), model_module.ServiceModel) and isinstance(mapping, dict)


def is_async_client(source: Any) -> bool:
    """True for an aiobotocore client (or any client whose API calls are coroutines).

    Told by the class, so aiobotocore is never imported to ask: an aiobotocore
    client's class comes from ``aiobotocore.*`` and its ``_make_api_call`` is a
    coroutine function, while its generated operation methods are plain
    functions that return coroutines.
    """
    if not is_client(source):
        return False
    cls = type(source)
    if any(klass.__module__.split(".", 1)[0] == "aiobotocore" for klass in cls.__mro__):
        return True
    return inspect.iscoroutinefunction(getattr(cls, "_make_api_call", None))


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


def callable_name(fn: Any, default: str) -> str:
    """A name for messages: ``ec2.describe_snapshots`` for a client's method, else the qualified name."""
    owner: Any = getattr(fn, "__self__", None)
    if inspect.ismethod(fn) and is_client(owner):
        return f"{owner.meta.service_model.service_name}.{fn.__name__}"
    return str(getattr(fn, "__qualname__", None) or default)


def close_matches(name: str, candidates: Any) -> tuple[str, ...]:
    """Up to three of ``candidates`` that look like ``name``, for "did you mean" hints."""
    return tuple(difflib.get_close_matches(name, list(candidates), n=3))


def is_async_callable(fn: Any) -> bool:
    """True when calling ``fn`` gives an awaitable to await.

    Coroutine functions, objects with ``async def __call__`` (3.11's
    iscoroutinefunction misses those), and methods of aiobotocore clients
    (plain functions that return coroutines) all count.
    """
    if inspect.ismethod(fn) and is_async_client(fn.__self__):
        return True
    call = None if inspect.isroutine(fn) or not callable(fn) else type(fn).__call__
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(call)
