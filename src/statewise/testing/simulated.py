"""Simulated AWS services, in memory: list operations paged as botocore's specs say, write actions by handlers.

Theory of operation: a :class:`SimulatedService` is built for one botocore
service (``"workspaces"``, ``"s3"``) from a dataset per list operation and a
handler per other action. It answers to the boto3 client's snake_case method
names of those operations (``describe_workspaces``) and to nothing else: it
has no ``meta``, so statewise takes it for what it is, an object with a
client's methods -- ``aws={"workspaces": service}`` in ``run``, or one method
and its spec in ``statewise.paginate``.

A list operation serves its dataset the way its paginator spec (user-registered
or botocore's) describes the real API:

* a page holds at most the request's limit (the spec's ``limit_key``) of the
  items; the accepted limits are the limit member's ``min`` and ``max`` traits
  in botocore's service model, else 1 and :data:`DEFAULT_MAX_RESULTS`; a
  request without a limit (or with 0 where the model's ``min`` is 0, as Step
  Functions' ``maxResults`` means it) gets ``min(max, DEFAULT_MAX_RESULTS)``;
* several result keys (S3's ``Contents`` and ``CommonPrefixes``) share the
  limit, like S3's ``MaxKeys``: pages walk the keys' items in spec order;
* while items remain, the first output token holds an opaque token and the
  ``more_results`` member (``IsTruncated``) is true; on the last page both
  say there is no more;
* a token is valid only for the operation and the request parameters (other
  than tokens and the limit) that produced it, and only as issued; anything
  else is rejected with the service's invalid-token error, see
  :func:`token_error_code`. Errors are :class:`SimulatedServiceError`, a
  botocore ``ClientError`` with the response a real client's carries.

Not simulated: filtering (``Filters``, ``Prefix``, ``WorkspaceIds`` are
recorded and bind tokens, but every request lists the whole dataset);
response members other than items, tokens and ``more_results`` (S3's
``KeyCount``, echoed request parameters); client-side validation of member
names and types beyond the limit; operations whose tokens are not strings
(DynamoDB ``Query``/``Scan``, S3 ``ListParts``), whose output token is an
expression (S3 ``ListObjects``) or whose result keys are not lists -- those
take a handler. With several input tokens (Route 53, S3 ``ListObjectVersions``)
the token travels in the first. Items and requests are deep-copied, so
neither side sees the other's later changes; the dataset lists stay the
caller's, and changes to them show in later pages.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hmac
import json
import re
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import botocore.session
from botocore.exceptions import ClientError, UnknownServiceError

from statewise.base_errors import with_suggestions
from statewise.clients import close_matches
from statewise.integrations.sdk_names import python_method
from statewise.specs.expressions import set_dotted
from statewise.specs.paginator import PaginatorSpec
from statewise.specs.registry import find_paginator

__all__ = [
    "DEFAULT_MAX_RESULTS",
    "Handler",
    "Request",
    "SimulatedService",
    "SimulatedServiceError",
    "token_error_code",
    "validation_error_code",
]

DEFAULT_MAX_RESULTS: Final = 1000
"""The largest page where the model gives the limit member no ``max`` (S3's ``MaxKeys`` is 1000 on AWS)."""

Handler = Callable[..., Mapping[str, Any] | None]
"""A write action: called with the request's keyword arguments, returns the response (None: empty)."""

_TOKEN_ERROR: Final = re.compile(r"Invalid(Next|Pagination|Continuation)?Token|InvalidPagination(Token)?|InvalidMarker")
_VALIDATION_ERRORS: Final = (  # in order of preference, each with or without "Exception"
    "Validation",
    "ValidationError",
    "InvalidParameterValue",
    "InvalidParameterValues",
    "InvalidParameter",
    "InvalidParameters",
    "InvalidInput",
    "InvalidArgument",
    "InvalidRequest",
)
_UNMODELLED: Final = {"s3": "InvalidArgument", "ec2": "InvalidParameterValue"}
"""The codes S3 and EC2 answer a bad token or limit with: their models declare no such errors."""

_KEY: Final = b"statewise.testing.simulated"  # tokens are checked, not secret: a fixed key keeps runs repeatable


class SimulatedServiceError(ClientError):
    """An error response from a simulated service: a botocore ``ClientError`` with the same ``response``."""

    def __init__(self, code: str, message: str, *, operation: str, request_id: str = "", status: int = 400) -> None:
        super().__init__(
            {
                "Error": {"Code": code, "Message": message},
                "ResponseMetadata": _metadata(request_id, status),
            },
            operation,
        )

    @property
    def code(self) -> str:
        """The error code (``InvalidParameterValuesException``)."""
        return self.response["Error"]["Code"]

    @property
    def message(self) -> str:
        """The error message."""
        return self.response["Error"]["Message"]

    def __reduce__(self) -> tuple[Any, ...]:
        # ClientError pickles as (response, operation_name), which this constructor does not take
        meta = self.response["ResponseMetadata"]
        fields = (self.code, self.message, self.operation_name, meta["RequestId"], meta["HTTPStatusCode"])
        return (_rebuild_error, (type(self), *fields))


def _rebuild_error(
    cls: type[SimulatedServiceError], code: str, message: str, operation: str, request_id: str, status: int
) -> SimulatedServiceError:
    return cls(code, message, operation=operation, request_id=request_id, status=status)


@dataclass(frozen=True, slots=True)
class Request:
    """One request a simulated service received: the API operation and its parameters as sent."""

    operation: str
    params: dict[str, Any]


@cache
def _service_model(service: str) -> Any:
    try:
        return botocore.session.get_session().get_service_model(service)
    except UnknownServiceError as exc:
        raise ValueError(f"{service!r} is not a botocore service name (e.g. 'workspaces', 's3')") from exc


def token_error_code(service: str, operation: str) -> str:
    """The code a simulated ``operation`` of botocore ``service`` answers a bad token with.

    The operation's own invalid-token error where its model declares one
    (``InvalidNextTokenException``, ``InvalidToken``, ``InvalidPaginationToken``,
    ``InvalidMarkerException``); else :func:`validation_error_code`.
    """
    codes = _error_codes(service, operation)
    return next((code for code in codes if _TOKEN_ERROR.fullmatch(code.removesuffix("Exception"))), None) or (
        validation_error_code(service, operation)
    )


def validation_error_code(service: str, operation: str) -> str:
    """The code a simulated ``operation`` answers a bad limit with (and a bad token, lacking a better one).

    What S3 and EC2 answer (``InvalidArgument``, ``InvalidParameterValue``),
    their models declaring nothing; else the operation's modelled validation
    error, by preference ``ValidationException``, ``InvalidParameterValue(s)``,
    ``InvalidParameter(s)``, ``InvalidInput``, ``InvalidArgument``,
    ``InvalidRequest`` (each with or without ``Exception``); else
    ``ValidationException``.
    """
    if service in _UNMODELLED:
        return _UNMODELLED[service]
    codes = {code.removesuffix("Exception"): code for code in _error_codes(service, operation)}
    return next((codes[name] for name in _VALIDATION_ERRORS if name in codes), "ValidationException")


def _error_codes(service: str, operation: str) -> list[str]:
    shapes = _service_model(service).operation_model(operation).error_shapes
    return [shape.metadata.get("error", {}).get("code") or shape.name for shape in shapes]


@dataclass(frozen=True, slots=True)
class _Limit:
    """The accepted page sizes of a list operation."""

    key: str | None
    low: int
    high: int
    as_text: bool  # the model types the member as a string (Route 53, CloudFront MaxItems)

    @property
    def default(self) -> int:
        return min(self.high, DEFAULT_MAX_RESULTS)


@dataclass(frozen=True, slots=True)
class _Lister:
    """One list operation: its spec, its items per result key, its limits and error codes."""

    spec: PaginatorSpec
    items: tuple[tuple[str, Sequence[Any]], ...]  # (result key path, the caller's items), in spec order
    limit: _Limit
    token_error: str
    limit_error: str


class SimulatedService:
    """An in-memory ``service`` answering the boto3 client methods of the operations configured.

    ``datasets`` maps a list operation's API name to its items: a sequence
    for the first result key, or ``{result key: sequence}`` (``"Contents"``,
    ``"DistributionList.Items"``). ``handlers`` maps any other operation's API
    name to a :data:`Handler`. ``calls`` records every request, in order.
    """

    def __init__(
        self,
        service: str,
        datasets: Mapping[str, Sequence[Any] | Mapping[str, Sequence[Any]]] | None = None,
        *,
        handlers: Mapping[str, Handler] | None = None,
    ) -> None:
        model = _service_model(service)
        self.service = service
        self.calls: list[Request] = []
        self._lock = threading.Lock()
        self._listers = {op: _lister(service, _checked(model, op), data) for op, data in (datasets or {}).items()}
        self._handlers = dict(handlers or {})
        for op in self._handlers:
            _checked(model, op)
            if op in self._listers:
                raise ValueError(f"{service}.{op} has both a dataset and a handler; give it one or the other")
        self._methods = {python_method(op): self._method(op) for op in [*self._listers, *self._handlers]}

    def paginator_spec(self, operation: str) -> PaginatorSpec:
        """The spec a list operation (API or snake_case name) pages by; ``statewise.paginate(service,
        operation)`` reads it, as it reads a client's from botocore."""
        return self._lister_of(operation).spec

    def page_size_type(self, operation: str) -> type:
        """The type of the list operation's limit (``str`` where the model types it so, as Route 53's)."""
        return str if self._lister_of(operation).limit.as_text else int

    def _lister_of(self, operation: str) -> _Lister:
        for name, lister in self._listers.items():
            if operation in (name, python_method(name)):
                return lister
        raise ValueError(
            with_suggestions(
                f"{self.service} simulates no list operation {operation!r}",
                close_matches(operation, [*self._listers, *map(python_method, self._listers)]),
            )
        )

    def __getattr__(self, name: str) -> Callable[..., dict[str, Any]]:
        # vars(): attribute look-ups before __init__ has run (copy, pickle) must not recurse
        state = vars(self)
        method: Callable[..., dict[str, Any]] | None = state.get("_methods", {}).get(name)
        if method is None:
            raise AttributeError(f"{type(self).__name__}({state.get('service')!r}) has no method {name!r}")
        return method

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._methods})

    def __repr__(self) -> str:
        return f"SimulatedService({self.service!r}, operations={sorted(self._methods)})"

    def _method(self, operation: str) -> Callable[..., dict[str, Any]]:
        def method(**params: Any) -> dict[str, Any]:
            return self._call(operation, params)

        method.__name__ = python_method(operation)
        method.__qualname__ = f"SimulatedService({self.service!r}).{method.__name__}"
        return method

    def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.calls.append(Request(operation, copy.deepcopy(params)))
            request_id = str(uuid.UUID(int=len(self.calls), version=4))
        lister = self._listers.get(operation)
        if lister is None:
            response = dict(self._handlers[operation](**params) or {})
        else:
            response = self._page(operation, lister, params, request_id)
        response["ResponseMetadata"] = _metadata(request_id, 200)
        return response

    def _page(self, operation: str, lister: _Lister, params: dict[str, Any], request_id: str) -> dict[str, Any]:
        spec = lister.spec
        size = self._page_size(operation, lister, params, request_id)
        binding = _binding(self.service, operation, spec, params)
        given = params.get(spec.input_token[0])
        start = 0 if given is None else _offset(given, binding)
        if start is None:
            raise SimulatedServiceError(
                lister.token_error,
                f"{spec.input_token[0]} {given!r} is invalid: {operation} did not issue it for these parameters",
                operation=operation,
                request_id=request_id,
            )
        end = start + size
        page: dict[str, Any] = {}
        base = 0
        for path, items in lister.items:
            window = items[max(start - base, 0) : max(end - base, 0)]
            set_dotted(page, path, copy.deepcopy(list(window)))
            base += len(items)
        more = end < base
        if more:
            set_dotted(page, spec.output_token[0].source, _token(binding, end))
        if spec.more_results is not None:
            set_dotted(page, spec.more_results.source, more)
        return page

    def _page_size(self, operation: str, lister: _Lister, params: dict[str, Any], request_id: str) -> int:
        limit = lister.limit
        value = None if limit.key is None else params.get(limit.key)
        if value is None:
            return limit.default
        number = _whole_number(value, as_text=limit.as_text)
        if number is None or not limit.low <= number <= limit.high:
            kind = "a whole number in a string" if limit.as_text else "an integer"
            raise SimulatedServiceError(
                lister.limit_error,
                f"{limit.key} must be {kind} from {limit.low} to {limit.high}, got {value!r}",
                operation=operation,
                request_id=request_id,
            )
        return number or limit.default  # 0, where the model allows it, asks for the default


def _metadata(request_id: str, status: int) -> Any:
    return {
        "RequestId": request_id,
        "HostId": "",
        "HTTPStatusCode": status,
        "HTTPHeaders": {"x-amzn-requestid": request_id} if request_id else {},
        "RetryAttempts": 0,
    }


def _whole_number(value: Any, *, as_text: bool) -> int | None:
    if as_text:
        return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _checked(model: Any, operation: str) -> str:
    if operation not in model.operation_names:
        api_names = {python_method(op): op for op in model.operation_names} | {op: op for op in model.operation_names}
        suggestions = tuple(dict.fromkeys(api_names[name] for name in close_matches(operation, api_names)))
        raise ValueError(
            with_suggestions(
                f"{model.service_name} has no operation {operation!r} (datasets and handlers take API names)",
                suggestions,
            )
        )
    return operation


def _lister(service: str, operation: str, data: Sequence[Any] | Mapping[str, Sequence[Any]]) -> _Lister:
    label = f"{service}.{operation}"
    spec = find_paginator(service, operation)
    if spec is None:
        raise ValueError(
            f"{label} has no paginator spec, so it cannot serve a dataset; give it a handler "
            "or register a spec with statewise.register_paginators()"
        )
    operation_model = _service_model(service).operation_model(operation)
    _check_simulable(label, spec, operation_model)
    keys = [expr.source for expr in spec.result_key]
    chosen = dict(data) if isinstance(data, Mapping) else {keys[0]: data}
    unknown = sorted(set(chosen) - set(keys))
    if unknown:
        raise ValueError(f"{label}'s dataset names {unknown[0]!r}, not a result key; its result keys are {keys}")
    for key, items in chosen.items():
        if isinstance(items, str | bytes) or not isinstance(items, Sequence):
            raise ValueError(f"{label}'s dataset for {key!r} must be a sequence of items, got {type(items).__name__}")
    return _Lister(
        spec=spec,
        items=tuple((key, chosen.get(key, ())) for key in keys),
        limit=_limit(spec.limit_key, operation_model),
        token_error=token_error_code(service, operation),
        limit_error=validation_error_code(service, operation),
    )


def _check_simulable(label: str, spec: PaginatorSpec, operation_model: Any) -> None:
    """Refuse a spec the simulation cannot serve; members the model lacks (user specs) are taken as they come."""
    inputs = operation_model.input_shape.members if operation_model.input_shape else {}
    for name in spec.input_token:
        member = inputs.get(name)
        if member is not None and member.type_name != "string":
            raise ValueError(f"{label} pages with a {member.type_name} {name}, not a string token: give it a handler")
    for expr in (*spec.output_token, *([spec.more_results] if spec.more_results else [])):
        if not expr.is_dotted:
            raise ValueError(f"{label} reads {expr.source!r}, an expression, not a field: give it a handler")
    for expr in spec.result_key:
        shape = _shape_at(operation_model.output_shape, expr.source)
        if shape is not None and shape.type_name != "list":
            raise ValueError(f"{label}'s result key {expr.source!r} is a {shape.type_name}, not a list")


def _shape_at(shape: Any, path: str) -> Any:
    for name in path.split("."):
        members = getattr(shape, "members", None)
        if not members or name not in members:
            return None
        shape = members[name]
    return shape


def _limit(key: str | None, operation_model: Any) -> _Limit:
    member = None if key is None else operation_model.input_shape.members.get(key)
    traits = {} if member is None else member.metadata
    return _Limit(
        key=key,
        low=traits.get("min", 1),
        high=traits.get("max", DEFAULT_MAX_RESULTS),
        as_text=member is not None and member.type_name == "string",
    )


def _binding(service: str, operation: str, spec: PaginatorSpec, params: Mapping[str, Any]) -> str:
    """What a token is bound to: the operation and the request parameters other than tokens and the limit."""
    skip = {*spec.input_token, spec.limit_key}
    rest = {key: value for key, value in params.items() if key not in skip}
    return f"{service}\n{operation}\n{json.dumps(rest, sort_keys=True, default=repr)}"


def _token(binding: str, offset: int) -> str:
    mac = hmac.new(_KEY, f"{binding}\n{offset}".encode(), "sha256").hexdigest()[:16]
    return base64.urlsafe_b64encode(f"{offset}.{mac}".encode()).decode().rstrip("=")


def _offset(token: Any, binding: str) -> int | None:
    """The offset ``token`` resumes at, or None unless it is exactly the token issued for ``binding``."""
    if not isinstance(token, str):
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        offset = int(text.partition(".")[0])
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return offset if offset >= 0 and hmac.compare_digest(_token(binding, offset), token) else None
