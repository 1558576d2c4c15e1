"""AWS SDK integrations (``arn:aws:states:::aws-sdk:<service>:<action>``) through boto3, or any stand-in.

Theory of operation: :class:`AwsClients` is a resolver link that serves every
SDK integration whose service it can reach. It holds where calls go: a boto3
``Session`` (clients made once per service, with ``endpoint_url`` and
``region`` when given: moto's server, LocalStack, a real account), and
per-service clients that win over it -- a boto3 client, or any object with a
client's snake_case methods (a simulated service), keyed by Step Functions'
service name or botocore's. Nothing here reaches the network unless the
user passed ``aws=``.

A call (:class:`SdkCall`) maps the action to the client's method
(:mod:`statewise.integrations.sdk_names`), passes the Task's parameters as
the API's keyword arguments (member names as the API spells them,
:mod:`statewise.integrations.shapes`), and shapes the result as Step Functions
returns it: PascalCase member names; no ``ResponseMetadata``; timestamps as ISO 8601 text
(``2024-01-01T00:00:00.000Z``); a streamed body read as text; other bytes as
base64 text. A client error becomes a :class:`~statewise.errors.StatesError`
named as Step Functions names it (``DynamoDb.ResourceNotFoundException``)
with the cause it writes (``<message> (Service: DynamoDb, Status Code: 400,
Request ID: <id>)``), so Retry and Catch match as on AWS. Calls block: they
run in a worker thread while other work is in flight on the loop, on the loop
when the Task is alone there (:func:`~statewise.integrations.resources.off_loop`),
and a fake clock holds still meanwhile (``blocking``).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from statewise.base_errors import StatesError
from statewise.integrations.bodies import body_text
from statewise.integrations.callbacks import handed_over
from statewise.integrations.jobs import epoch_millis as java_date
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource, off_loop
from statewise.integrations.sdk_names import boto3_service, error_name, error_prefix, python_method
from statewise.integrations.shapes import from_api, to_api
from statewise.integrations.targets import CALL_PATTERNS, Pattern

__all__ = ["AwsClients", "ClientFailure", "SdkCall", "aws_clients", "shape_response"]


@dataclass(frozen=True, slots=True, eq=False)
class AwsClients:
    """Where SDK integrations' calls go: per-service ``clients`` first, else clients of ``session``."""

    session: Any = None
    endpoint_url: str | None = None
    region: str | None = None
    clients: Mapping[str, Any] = field(default_factory=dict)
    _made: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def resolve(self, task: TaskRef) -> Resource | None:
        target = task.target
        if not target.is_sdk or target.pattern not in CALL_PATTERNS:
            return None  # AWS SDK integrations have no .sync
        service = boto3_service(target.sdk_service)
        if service is None:
            return None
        if not self.reaches(service, target.sdk_service):
            return None
        return SdkCall(self, service, target.sdk_service, target.action, target.pattern)

    def reaches(self, service: str, name: str) -> bool:
        """Whether calls to botocore ``service`` (Step Functions' ``name``) have somewhere to go."""
        return self.session is not None or name in self.clients or service in self.clients

    def client(self, service: str, name: str) -> Any:
        """The client for botocore ``service`` (Step Functions calls it ``name``)."""
        given = self.clients.get(name, self.clients.get(service))
        if given is not None:
            return given
        with self._lock:  # boto3 sessions are not thread-safe; Map iterations call from threads
            if service not in self._made:
                options = {
                    key: value
                    for key, value in (("endpoint_url", self.endpoint_url), ("region_name", self.region))
                    if value
                }
                self._made[service] = self.session.client(service, **options)
            return self._made[service]


def aws_clients(aws: Any) -> AwsClients:
    """``aws=`` as given to ``run``: an :class:`AwsClients`, a boto3 ``Session``, or ``{service: client}``."""
    if isinstance(aws, AwsClients):
        return aws
    if isinstance(aws, Mapping):
        return AwsClients(clients=dict(aws))
    if callable(getattr(aws, "client", None)):
        return AwsClients(session=aws)
    raise TypeError(
        f"aws= takes a boto3 Session, a statewise.integrations.aws_sdk.AwsClients or a {{service: client}} "
        f"mapping, got {type(aws).__name__}"
    )


@dataclass(frozen=True, slots=True)
class SdkCall:
    """One SDK integration: ``action`` of botocore ``service`` (``name`` to Step Functions)."""

    clients: AwsClients
    service: str
    name: str
    action: str
    pattern: Pattern = Pattern.REQUEST_RESPONSE
    blocking = True  # a network call, made off the loop (off_loop); a fake clock holds still meanwhile

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        result = await off_loop(self.call, payload)
        # .waitForTaskToken: the call handed the token over; the Task's result comes by token
        return handed_over(self.pattern, result)

    def call(self, payload: Any) -> Any:
        client = self.clients.client(self.service, self.name)
        method = getattr(client, python_method(self.action), None)
        if method is None:
            raise StatesError(
                f"{error_prefix(self.service)}.{error_prefix(self.service)}Exception",
                f"{self.name} has no action {self.action!r}",
            )
        params = to_api(self.service, self.action, payload if isinstance(payload, dict) else {})
        try:
            response = method(**params)
        except Exception as exc:
            raise self.failure(exc) from exc
        return shape_response(from_api(self.service, self.action, response))

    def failure(self, exc: Exception) -> StatesError:
        """The error as Step Functions names it, and the cause it writes."""
        failure = ClientFailure.of(exc)
        prefix = error_prefix(self.service)
        cause = (
            f"{failure.message} (Service: {prefix}, Status Code: {failure.status}, Request ID: {failure.request_id})"
        )
        return StatesError(error_name(self.service, failure.code), cause)


@dataclass(frozen=True, slots=True)
class ClientFailure:
    """What a failed call says: a botocore ``ClientError``'s fields, or a stand-in's ``code``/message."""

    code: str
    message: str
    status: int
    request_id: str

    @classmethod
    def of(cls, exc: Exception) -> ClientFailure:
        response = getattr(exc, "response", None)
        response = response if isinstance(response, dict) else {}
        error, meta = response.get("Error", {}), response.get("ResponseMetadata", {})
        code = str(error.get("Code") or getattr(exc, "code", "") or type(exc).__name__)
        message = str(error.get("Message") or getattr(exc, "message", "") or exc)
        return cls(code, message, int(meta.get("HTTPStatusCode", 400)), str(meta.get("RequestId", "")))


def shape_response(value: Any, *, epoch_millis: bool = False) -> Any:
    """A boto3 response as Step Functions returns it; timestamps as ISO text, or with ``epoch_millis``
    as the Java 1.x SDK of the optimized integrations writes them (milliseconds since 1970)."""
    if isinstance(value, dict):
        return {
            key: shape_response(item, epoch_millis=epoch_millis)
            for key, item in value.items()
            if key != "ResponseMetadata"
        }
    if isinstance(value, list | tuple):
        return [shape_response(item, epoch_millis=epoch_millis) for item in value]
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        if epoch_millis:
            return java_date(moment)
        return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    if hasattr(value, "read"):  # a streamed body (S3 GetObject's Body)
        return body_text(value.read())
    return value
