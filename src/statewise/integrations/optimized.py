"""Optimized service integrations (``arn:aws:states:::dynamodb:putItem``, ``sqs:sendMessage`` ...) through boto3.

Theory of operation: Step Functions runs its optimized integrations on the AWS
SDK for Java 1.x, and that shows in what a workflow sees, differently from
the ``aws-sdk:`` integrations: errors are ``<Prefix>.<Code>`` with the
service's own prefix (``DynamoDB.ResourceNotFoundException``,
``StepFunctions.StateMachineDoesNotExistException``), an error the service
does not model is the SDK's generic exception
(``DynamoDB.AmazonDynamoDBException``), the cause reads ``<message>
(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: <code>; Request ID:
<id>; Proxy: null)``, and results carry ``SdkHttpMetadata`` and
``SdkResponseMetadata`` -- all as the recorded cases show. One table,
:data:`SERVICES`, holds each service's names and the actions statewise
serves, with the request fields Step Functions turns from JSON into text
(``MessageBody``, ``Message``, ``Detail``, ``Input``) and the response
fields it turns back (Lambda's ``Payload``). :class:`OptimizedCalls` is the
resolver link; it reaches AWS through the same
:class:`~statewise.integrations.aws_sdk.AwsClients` as ``aws-sdk:`` Tasks.
``.waitForTaskToken`` Tasks make the call (the hand-over) and wait for the
answer by token (:mod:`statewise.integrations.callbacks`); ``.sync`` jobs
start with the same call (:mod:`statewise.integrations.jobs`). Timestamps in
results are epoch milliseconds, as the Java 1.x SDK writes dates.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from statewise.base_errors import StatesError
from statewise.integrations.aws_sdk import AwsClients, ClientFailure, shape_response
from statewise.integrations.callbacks import handed_over
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource, off_loop
from statewise.integrations.sdk_names import exception_class, modelled_error, python_method
from statewise.integrations.shapes import from_api, to_api
from statewise.integrations.targets import CALL_PATTERNS, Pattern, TargetKind

__all__ = ["SERVICES", "OptimizedCall", "OptimizedCalls", "OptimizedService"]


@dataclass(frozen=True, slots=True)
class OptimizedService:
    """A service's names in the Java 1.x SDK, and the actions served with their JSON-as-text fields."""

    boto3: str
    prefix: str  # of error names
    service_name: str  # in causes
    generic: str  # the SDK's exception for errors the service does not model
    actions: Mapping[str, tuple[str, ...]]  # action -> request fields Step Functions sends as JSON text
    json_results: tuple[str, ...] = ()  # response fields Step Functions reads back as JSON
    patterns: tuple[Pattern, ...] = CALL_PATTERNS
    # a response field listing failures: non-empty, it fails .sync and .waitForTaskToken Tasks with
    # <service_name>.Unknown (ECS's Failures, as AWS documents; request-response returns it as it is)
    failures: str = ""


SERVICES: Final[Mapping[str, OptimizedService]] = {
    "dynamodb": OptimizedService(
        "dynamodb",
        "DynamoDB",
        "AmazonDynamoDBv2",
        "AmazonDynamoDBException",
        {"getItem": (), "putItem": (), "updateItem": (), "deleteItem": ()},
        patterns=(Pattern.REQUEST_RESPONSE,),  # DynamoDB has no callback pattern
    ),
    "sqs": OptimizedService("sqs", "SQS", "AmazonSQS", "AmazonSQSException", {"sendMessage": ("MessageBody",)}),
    "sns": OptimizedService("sns", "SNS", "AmazonSNS", "AmazonSNSException", {"publish": ("Message",)}),
    "events": OptimizedService(
        "events", "EventBridge", "AmazonEventBridge", "AmazonEventBridgeException", {"putEvents": ()}
    ),
    "states": OptimizedService(
        "stepfunctions",
        "StepFunctions",
        "AWSStepFunctions",
        "AWSStepFunctionsException",
        {"startExecution": ("Input",)},
    ),
    "ecs": OptimizedService("ecs", "ECS", "AmazonECS", "AmazonECSException", {"runTask": ()}, failures="Failures"),
    # Batch and Glue have no callback pattern: their jobs are run (.sync) or started
    "batch": OptimizedService(
        "batch", "Batch", "AWSBatch", "AWSBatchException", {"submitJob": ()}, patterns=(Pattern.REQUEST_RESPONSE,)
    ),
    "glue": OptimizedService(
        "glue", "Glue", "AWSGlue", "AWSGlueException", {"startJobRun": ()}, patterns=(Pattern.REQUEST_RESPONSE,)
    ),
    "lambda": OptimizedService(
        "lambda", "Lambda", "AWSLambda", "AWSLambdaException", {"invoke": ("Payload",)}, json_results=("Payload",)
    ),
}
"""Step Functions' service name -> the service as its optimized integrations present it."""


@dataclass(frozen=True, slots=True)
class OptimizedCalls:
    """Serves the request-response optimized integrations of :data:`SERVICES` through ``clients``."""

    clients: AwsClients

    def resolve(self, task: TaskRef) -> Resource | None:
        target = task.target
        service = SERVICES.get(target.service) if target.kind is TargetKind.SERVICE else None
        if service is None or target.action not in service.actions or target.pattern not in service.patterns:
            return None
        if not self.clients.reaches(service.boto3, target.service):
            return None
        return OptimizedCall(self.clients, service, target.service, target.action, target.pattern)


@dataclass(frozen=True, slots=True)
class OptimizedCall:
    """One optimized integration's call: ``action`` of ``service`` (``name`` to Step Functions)."""

    clients: AwsClients
    service: OptimizedService
    name: str
    action: str
    pattern: Pattern
    blocking = True  # a network call, made off the loop (off_loop); a fake clock holds still meanwhile

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        result = await off_loop(self.call, payload)
        # .waitForTaskToken: the call handed the token over; the Task's result comes by token
        return handed_over(self.pattern, result)

    def call(self, payload: Any) -> Any:
        return self.result(self.send(payload)[1])

    def send(self, payload: Any) -> tuple[dict[str, Any], Any]:
        """Make the call: the parameters as the API took them, and its raw response."""
        params = dict(payload) if isinstance(payload, dict) else {}
        for key in self.service.actions[self.action]:
            if key in params and not isinstance(params[key], str | bytes):
                params[key] = json.dumps(params[key], separators=(",", ":"))
        if self.name == "events":  # each entry's Detail is JSON text too
            params["Entries"] = [_detail_as_text(entry) for entry in params.get("Entries", [])]
        client = self.clients.client(self.service.boto3, self.name)
        request = to_api(self.service.boto3, self.action, params)
        try:
            response = getattr(client, python_method(self.action))(**request)
        except Exception as exc:
            raise self.failure(exc) from exc
        return request, response

    def result(self, response: Any) -> Any:
        meta = response.get("ResponseMetadata", {}) if isinstance(response, dict) else {}
        shaped = shape_response(from_api(self.service.boto3, self.action, response), epoch_millis=True)
        for key in self.service.json_results:
            if isinstance(shaped, dict) and isinstance(shaped.get(key), str):
                with contextlib.suppress(ValueError):  # not JSON: Step Functions passes the text on
                    shaped[key] = json.loads(shaped[key])
        failures = shaped.get(self.service.failures) if isinstance(shaped, dict) and self.service.failures else None
        if failures and self.pattern is not Pattern.REQUEST_RESPONSE:
            raise StatesError(f"{self.service.service_name}.Unknown", json.dumps(failures, separators=(",", ":")))
        if isinstance(shaped, dict) and "FunctionError" in shaped:  # Lambda ran and failed: the Task fails
            body = shaped.get("Payload")
            error = body.get("errorType") if isinstance(body, dict) else None
            text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
            raise StatesError(str(error or "Lambda.Unknown"), text)
        if isinstance(shaped, dict):
            shaped["SdkHttpMetadata"] = {
                "HttpHeaders": dict(meta.get("HTTPHeaders", {})),
                "HttpStatusCode": meta.get("HTTPStatusCode", 200),
            }
            shaped["SdkResponseMetadata"] = {"RequestId": meta.get("RequestId", "")}
        return shaped

    def failure(self, exc: Exception) -> StatesError:
        failure = ClientFailure.of(exc)
        shape = modelled_error(self.service.boto3, failure.code)
        name = self.service.generic if shape is None else exception_class(shape)
        cause = (
            f"{failure.message} (Service: {self.service.service_name}; Status Code: {failure.status}; "
            f"Error Code: {failure.code}; Request ID: {failure.request_id}; Proxy: null)"
        )
        return StatesError(f"{self.service.prefix}.{name}", cause)


def _detail_as_text(entry: Any) -> Any:
    if isinstance(entry, dict) and "Detail" in entry and not isinstance(entry["Detail"], str):
        return {**entry, "Detail": json.dumps(entry["Detail"], separators=(",", ":"))}
    return entry
