"""The HTTP Task (``arn:aws:states:::http:invoke``) through a transport the user hands the run.

Theory of operation: statewise never opens a connection by itself. A run
given ``http=transport`` serves HTTP Tasks with :class:`HttpTasks`: each
Task's parameters become one :class:`HttpRequest` as Step Functions builds
it, the transport (any callable, plain or async, taking the request and
returning an :class:`HttpResponse`) answers, and the answer becomes the
Task's result as Step Functions shapes it. :func:`urllib_transport` is the
standard library's client as such a transport, for runs that mean to reach
the network.

The request, per AWS's "Call HTTPS APIs" page: ``ApiEndpoint`` (an http(s)
URL) and ``Method`` (GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD) are
required; ``Headers`` may not set the headers AWS reserves
(:data:`FORBIDDEN_HEADERS`, and any ``x-amz-``/``x-amzn-``/``x-forwarded-``
one); ``QueryParameters`` are appended to the URL; ``RequestBody`` is sent as
JSON (``Content-Type: application/json; charset=UTF-8`` unless a header says
otherwise) or, with ``Transform.RequestBodyEncoding`` ``URL_ENCODED``, as a
form whose arrays follow ``RequestEncodingOptions.ArrayFormat`` (INDICES by
default, BRACKETS, COMMAS or REPEAT); Step Functions' own ``User-Agent`` and
``Range`` headers are added. ``Authentication``/``ConnectionArn`` (and
``InvocationConfig``) are accepted and not used: the transport authenticates.
A parameter that cannot make a request fails the Task with ``States.Runtime``
naming it.

The result is ``{Headers, ResponseBody, StatusCode, StatusText}``: headers as
lists of values, the body parsed when the response says it is JSON, text
otherwise. A status outside 2xx fails the Task with
``States.Http.StatusCode.<code>`` and that result as JSON text in the cause
(decided here: AWS documents the error name, not the cause); a transport that
raises ``OSError`` (a refused connection, a timeout) fails it with
``States.Http.Socket``.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import quote, urlencode, urlsplit

from statewise.base_errors import StatesError
from statewise.clients import is_async_callable
from statewise.clock import EngineClock
from statewise.integrations.jobs import held
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource
from statewise.integrations.targets import Pattern, TargetKind

__all__ = [
    "FORBIDDEN_HEADERS",
    "HttpRequest",
    "HttpResponse",
    "HttpTasks",
    "HttpTrace",
    "HttpTransport",
    "build_request",
    "http_result",
    "urllib_transport",
]

_METHODS: Final = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"})
FORBIDDEN_HEADERS: Final = frozenset(
    {
        "a-im", "accept-charset", "accept-datetime", "accept-encoding", "authorization", "cache-control",
        "connection", "content-encoding", "content-md5", "date", "expect", "forwarded", "from", "host",
        "http2-settings", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
        "max-forwards", "origin", "pragma", "proxy-authorization", "referer", "server", "te", "trailer",
        "transfer-encoding", "upgrade", "via", "warning",
    }
)  # fmt: skip
"""Headers an HTTP Task may not set (lower case), besides the ``x-amz-``, ``x-amzn-`` and ``x-forwarded-`` ones."""
_FORBIDDEN_PREFIXES: Final = ("x-amz-", "x-amzn-", "x-forwarded-")
_ARRAY_KEYS: Final[Mapping[str, Callable[[str, int], str]]] = {
    "INDICES": lambda key, i: f"{key}[{i}]",  # array[0]=a&array[1]=b
    "BRACKETS": lambda key, _: f"{key}[]",  # array[]=a&array[]=b
    "REPEAT": lambda key, _: key,  # array=a&array=b
}
_ARRAY_FORMATS: Final = (*_ARRAY_KEYS, "COMMAS")  # COMMAS: array=a,b
_RANGE: Final = "bytes=0-262144"  # Step Functions asks for no more than a payload's worth


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One request an HTTP Task makes: ``url`` is ``ApiEndpoint``, ``query`` its query parameters
    (encoded into :attr:`full_url`), ``body`` the encoded body (None for none)."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    query: tuple[tuple[str, str], ...] = ()
    body: str | None = None

    @property
    def full_url(self) -> str:
        """``url`` with ``query`` appended."""
        if not self.query:
            return self.url
        return f"{self.url}{'&' if urlsplit(self.url).query else '?'}{urlencode(self.query, quote_via=quote)}"


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A transport's answer: ``status``, ``headers`` (a value or a list of values each), ``body``
    (text, or bytes decoded as UTF-8), ``reason`` (the status text; HTTP's phrase when empty)."""

    status: int
    headers: Mapping[str, str | list[str]] = field(default_factory=dict)
    body: str | bytes = ""
    reason: str = ""

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", errors="replace") if isinstance(self.body, bytes) else self.body

    @property
    def status_text(self) -> str:
        """``reason``, or HTTP's phrase for ``status``."""
        if self.reason:
            return self.reason
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return ""


HttpTransport = Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]
"""What ``http=`` takes: a callable (plain or async) from an :class:`HttpRequest` to an :class:`HttpResponse`."""


def _invalid(where: str, message: str) -> StatesError:
    return StatesError("States.Runtime", f"The HTTP Task's {where} {message}")


def _scalar(value: Any) -> str:
    """A parameter value as text: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def _form(key: str, value: Any, arrays: str) -> list[tuple[str, str]]:
    """``key=value`` pairs of a form, arrays as ``arrays`` says and objects as ``key[member]``."""
    if isinstance(value, dict):
        return [pair for name, item in value.items() for pair in _form(f"{key}[{name}]", item, arrays)]
    if not isinstance(value, list):
        return [(key, _scalar(value))]
    if arrays == "COMMAS":
        return [(key, ",".join(_scalar(item) for item in value))]
    name = _ARRAY_KEYS[arrays]
    return [pair for i, item in enumerate(value) for pair in _form(name(key, i), item, arrays)]


def build_request(params: Any, region: str) -> HttpRequest:
    """The request Step Functions makes for an HTTP Task's ``params``; ``States.Runtime`` names a bad one."""
    if not isinstance(params, dict):
        raise _invalid("parameters", "must be an object")
    url = params.get("ApiEndpoint")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise _invalid("ApiEndpoint", f"must be an http(s) URL, got {url!r}")
    method = params.get("Method")
    if method not in _METHODS:
        raise _invalid("Method", f"must be one of {', '.join(sorted(_METHODS))}, got {method!r}")
    headers = _headers(params.get("Headers"))
    query = params.get("QueryParameters", {})
    if not isinstance(query, dict):
        raise _invalid("QueryParameters", "must be an object")
    pairs = tuple(pair for key, value in query.items() for pair in _form(key, value, "REPEAT"))
    encoding, arrays = _transform(params.get("Transform"))
    body = None
    if "RequestBody" in params:
        value = params["RequestBody"]
        if encoding == "URL_ENCODED":
            if not isinstance(value, dict):
                raise _invalid("RequestBody", "must be an object to be URL_ENCODED")
            body = urlencode([pair for key, item in value.items() for pair in _form(key, item, arrays)])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            body = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/json; charset=UTF-8"
    headers |= {"User-Agent": f"Amazon|StepFunctions|HttpInvoke|{region}", "Range": _RANGE}
    return HttpRequest(method, str(url), headers, pairs, body)


def _headers(given: Any) -> dict[str, str]:
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise _invalid("Headers", "must be an object")
    for name in given:
        lower = name.lower()
        if lower in FORBIDDEN_HEADERS or lower.startswith(_FORBIDDEN_PREFIXES):
            raise _invalid(f"Headers/{name}", "is a header Step Functions does not let a Task set")
    return {
        name: ",".join(map(_scalar, value)) if isinstance(value, list) else _scalar(value)
        for name, value in given.items()
    }


def _transform(given: Any) -> tuple[str, str]:
    """``(RequestBodyEncoding, ArrayFormat)`` of ``Transform``."""
    if given is None:
        return "NONE", "INDICES"
    if not isinstance(given, dict):
        raise _invalid("Transform", "must be an object")
    encoding = given.get("RequestBodyEncoding", "NONE")
    if encoding not in ("NONE", "URL_ENCODED"):
        raise _invalid("Transform/RequestBodyEncoding", f"must be NONE or URL_ENCODED, got {encoding!r}")
    options = given.get("RequestEncodingOptions", {})
    arrays = options.get("ArrayFormat", "INDICES") if isinstance(options, dict) else None
    if arrays not in _ARRAY_FORMATS:
        where = "Transform/RequestEncodingOptions/ArrayFormat"
        raise _invalid(where, f"must be one of {', '.join(_ARRAY_FORMATS)}, got {arrays!r}")
    return encoding, arrays


def http_result(response: HttpResponse) -> dict[str, Any]:
    """The Task's result for ``response``: ``{Headers, ResponseBody, StatusCode, StatusText}``."""
    headers = {name: list(value) if isinstance(value, list) else [value] for name, value in response.headers.items()}
    content_type = next((value[0] for name, value in headers.items() if name.lower() == "content-type"), "")
    body: Any = response.text
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        with contextlib.suppress(ValueError):  # not JSON after all: passed on as text
            body = json.loads(body)
    return {"Headers": headers, "ResponseBody": body, "StatusCode": response.status, "StatusText": response.status_text}


@dataclass(frozen=True, slots=True)
class HttpTasks:
    """Serves ``http:invoke`` Tasks through ``transport``; a plain callable runs in a worker thread with
    ``clock`` held still."""

    transport: HttpTransport
    clock: EngineClock

    def resolve(self, task: TaskRef) -> Resource | None:
        target = task.target
        if target.kind is not TargetKind.SERVICE or (target.service, target.action) != ("http", "invoke"):
            return None
        return _Invoke(self) if target.pattern is Pattern.REQUEST_RESPONSE else None  # no other pattern

    async def send(self, request: HttpRequest) -> HttpResponse:
        """The transport's answer to ``request``."""
        try:
            if is_async_callable(self.transport):
                answer = self.transport(request)
            else:
                answer = await held(self.clock, asyncio.to_thread(self.transport, request))
            if inspect.isawaitable(answer):
                answer = await answer
        except OSError as exc:
            raise StatesError("States.Http.Socket", f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(answer, HttpResponse):
            raise TypeError(f"an http= transport must return a statewise HttpResponse, got {type(answer).__name__}")
        return answer


@dataclass(frozen=True, slots=True)
class _Invoke:
    tasks: HttpTasks
    blocking = False  # a plain transport's call holds the clock itself

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        arn = str(context.get("StateMachine", {}).get("Id", ""))
        region = arn.split(":")[3] if arn.count(":") >= 3 else ""
        response = await self.tasks.send(build_request(payload, region))
        result = http_result(response)
        if not 200 <= response.status < 300:
            raise StatesError(f"States.Http.StatusCode.{response.status}", json.dumps(result, separators=(",", ":")))
        return result


class HttpTrace:
    """A transport that keeps its last exchange, for TestState's ``request``/``response`` inspection data."""

    def __init__(self, transport: HttpTransport) -> None:
        self.transport = transport
        self.exchange: tuple[HttpRequest, HttpResponse] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        answer = self.transport(request)
        if inspect.isawaitable(answer):
            return self._kept(request, answer)
        self.exchange = (request, answer)
        return answer

    async def _kept(self, request: HttpRequest, answer: Awaitable[HttpResponse]) -> HttpResponse:
        response = await answer
        self.exchange = (request, response)
        return response

    def inspection_data(self) -> dict[str, Any]:
        """``request`` and ``response`` as botocore's ``InspectionDataRequest``/``Response`` shape them (all
        text; headers one ``Name: value`` line each); empty before any exchange."""
        if self.exchange is None:
            return {}
        request, response = self.exchange
        protocol = urlsplit(request.url).scheme
        answered = http_result(response)["Headers"]
        return {
            "request": {
                "protocol": protocol,
                "method": request.method,
                "url": request.full_url,
                "headers": _lines((name, value) for name, value in request.headers.items()),
                "body": request.body or "",
            },
            "response": {
                "protocol": protocol,
                "statusCode": str(response.status),
                "statusMessage": response.status_text,
                "headers": _lines((name, value) for name, values in answered.items() for value in values),
                "body": response.text,
            },
        }


def _lines(headers: Iterable[tuple[str, str]]) -> str:
    return "\n".join(f"{name}: {value}" for name, value in headers)


def urllib_transport(request: HttpRequest, *, timeout: float = 60.0) -> HttpResponse:
    """Send ``request`` with the standard library's ``urllib`` (reaches the network: pass it on purpose)."""
    import urllib.error  # noqa: PLC0415 - only runs that pass this transport load urllib's client
    import urllib.request  # noqa: PLC0415

    data = None if request.body is None else request.body.encode()
    sent = urllib.request.Request(request.full_url, data, dict(request.headers), method=request.method)
    try:
        with urllib.request.urlopen(sent, timeout=timeout) as answer:
            return HttpResponse(answer.status, _multi(answer.headers), answer.read(), answer.reason)
    except urllib.error.HTTPError as failed:  # a status outside 2xx is still an answer
        return HttpResponse(failed.code, _multi(failed.headers), failed.read(), failed.reason)


def _multi(headers: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in headers.items():
        out.setdefault(name, []).append(value)
    return out
