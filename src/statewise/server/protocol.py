"""The ``awsJson1_0`` protocol of the Step Functions API, without I/O.

Theory of operation: a request is ``POST /`` with the header
``X-Amz-Target: AWSStepFunctions.<Operation>`` and a JSON object as body
(:func:`decode`). A success is HTTP 200 with the result as JSON
(:func:`encode_result`); timestamps go as epoch seconds, as the protocol
writes them. A failure is an :class:`ApiError`, sent as HTTP 400 (500 for
the service's own faults) with ``{"__type": code, "message": text}`` and the
code in ``X-Amzn-ErrorType`` too, which is what botocore reads to raise its
modelled exception class (``client.exceptions.StateMachineDoesNotExist``).
The driver (:mod:`statewise.server.http`) moves bytes; everything about
their meaning is here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from statewise.base_errors import StatewiseError

__all__ = ["CONTENT_TYPE", "TARGET_PREFIX", "ApiError", "Reply", "decode", "encode_error", "encode_result"]

TARGET_PREFIX: Final = "AWSStepFunctions."
CONTENT_TYPE: Final = "application/x-amz-json-1.0"


class ApiError(StatewiseError):
    """A Step Functions API error: ``code`` as the API names it (botocore's exception class), HTTP ``status``,
    and any extra members of the error shape (``reason``, ``resourceName``)."""

    def __init__(self, code: str, message: str, *, status: int = 400, **extra: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status, self.extra = code, message, status, extra


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP response: status, headers and body."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def decode(target: str | None, body: bytes) -> tuple[str, dict[str, Any]]:
    """The operation and its parameters; ApiError when the request is not a Step Functions API call."""
    if not target or not target.startswith(TARGET_PREFIX):
        raise ApiError(
            "UnknownOperationException",
            f"X-Amz-Target must be {TARGET_PREFIX}<Operation>, got {target!r}",
        )
    try:
        params = json.loads(body or b"{}")
    except ValueError as exc:
        raise ApiError("SerializationException", f"the request body is not JSON: {exc}") from None
    if not isinstance(params, dict):
        raise ApiError("SerializationException", "the request body must be a JSON object")
    return target[len(TARGET_PREFIX) :], params


def encode_result(result: Mapping[str, Any]) -> Reply:
    """HTTP 200 with ``result`` as JSON."""
    return _reply(200, result, {})


def encode_error(error: ApiError) -> Reply:
    """HTTP 400 (or the error's status) with the error body botocore turns into its exception class."""
    body = {"__type": error.code, "message": error.message, **error.extra}
    return _reply(error.status, body, {"X-Amzn-ErrorType": error.code})


def _reply(status: int, body: Mapping[str, Any], headers: dict[str, str]) -> Reply:
    data = json.dumps(body, default=_timestamp, separators=(",", ":")).encode()
    return Reply(
        status,
        data,
        {
            "Content-Type": CONTENT_TYPE,
            "Content-Length": str(len(data)),
            "x-amzn-RequestId": str(uuid.uuid4()),
            **headers,
        },
    )


def _timestamp(value: Any) -> float:
    """Timestamps travel as epoch seconds in awsJson1_0."""
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON")
