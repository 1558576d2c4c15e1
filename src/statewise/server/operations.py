"""The operation table: ``X-Amz-Target`` operation name -> handler, and the one dispatch over it.

Theory of operation: each area module (:mod:`~statewise.server.machines`,
:mod:`~statewise.server.versions`,
:mod:`~statewise.server.executions`, :mod:`~statewise.server.tasks`,
:mod:`~statewise.server.definitions`, :mod:`~statewise.server.tags`)
exports ``HANDLERS``; :data:`OPERATIONS` joins them. :func:`handle` turns a
request's bytes into a :class:`~statewise.server.protocol.Reply`: decode,
look up, call, encode; an :class:`~statewise.server.protocol.ApiError` is
the API's error, and any other exception (a bug) an
``InternalServerError`` (HTTP 500) that names it, never a dropped connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Final

from statewise.server import definitions, executions, machines, tags, tasks, versions
from statewise.server.protocol import ApiError, Reply, decode, encode_error, encode_result
from statewise.server.state import ServerState

__all__ = ["OPERATIONS", "handle"]

Handler = Callable[[ServerState, dict[str, Any]], dict[str, Any]]

OPERATIONS: Final[dict[str, Handler]] = {
    **machines.HANDLERS,
    **versions.HANDLERS,
    **executions.HANDLERS,
    **tasks.HANDLERS,
    **definitions.HANDLERS,
    **tags.HANDLERS,
}

_log = logging.getLogger("statewise.server")


def handle(state: ServerState, target: str | None, body: bytes) -> Reply:
    """The reply to one request."""
    try:
        operation, params = decode(target, body)
        handler = OPERATIONS.get(operation)
        if handler is None:
            raise ApiError("UnknownOperationException", f"statewise serve does not implement {operation}")
        return encode_result(handler(state, params))
    except ApiError as exc:
        return encode_error(exc)
    except Exception as exc:  # a bug: the client gets a 500 that says what, the log the traceback
        _log.exception("%s failed", target)
        return encode_error(ApiError("InternalServerError", f"{type(exc).__name__}: {exc}", status=500))
