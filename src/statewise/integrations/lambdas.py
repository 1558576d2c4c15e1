"""``arn:aws:states:::lambda:invoke`` served by Python functions bound by name, as Lambda would run them.

Theory of operation: a workflow whose Lambdas are plain Python functions is
tested without Docker or an account: bind each function under its name or
its ARN (``resources={"resize": fn}`` or ``{"arn:aws:lambda:...:function:resize": fn}``).
A Task on a function's ARN finds its binding directly
(:class:`~statewise.integrations.resolver.Bindings`); the optimized
``lambda:invoke`` integration names the function in its ``FunctionName``
parameter, known only when the Task runs, so :class:`LambdaFunctions` serves
``lambda:invoke`` (and its ``.waitForTaskToken`` form) whenever functions are
bound and picks the function per call: by name, with or without a version
or alias, from a name, a partial ARN or a full ARN.

The function gets ``Payload`` (the event) and its return value becomes the
integration's result as Step Functions shapes it: ``Payload``,
``StatusCode`` 200, ``ExecutedVersion`` and the SDK metadata fields. An
exception fails the Task as a Lambda function error does: the error is its
``errorType`` (the exception's class name) and the cause the function
error's JSON (``errorMessage``, ``errorType``); ``TaskFailed`` names both. An
unknown function is ``Lambda.ResourceNotFoundException``. For
``lambda:invoke.waitForTaskToken``, a function that returns
:data:`~statewise.integrations.callbacks.CALLBACK` has handed the token over
and the Task waits for the answer by token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statewise.base_errors import StatesError
from statewise.integrations.callbacks import AwaitCallback
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource, ResourceFailure
from statewise.integrations.targets import CALL_PATTERNS, TargetKind, parse_target

__all__ = ["LambdaFunctions", "function_name"]


def function_name(reference: str) -> str:
    """The function a ``FunctionName`` or ARN names: ``resize`` for ``resize:live``,
    ``123456789012:function:resize`` and ``arn:aws:lambda:...:function:resize:3``."""
    target = parse_target(reference)
    if target.kind is TargetKind.LAMBDA_FUNCTION:
        return target.name
    name = reference.rsplit("function:", 1)[-1]
    return name.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class LambdaFunctions:
    """Serves ``lambda:invoke`` from the functions bound by name or function ARN."""

    functions: Mapping[str, Resource]

    @classmethod
    def of(cls, bound: Mapping[str, Resource]) -> LambdaFunctions:
        """The bindings that name functions: a plain name, or a Lambda function ARN."""
        functions = {}
        for key, resource in bound.items():
            target = parse_target(key)
            if target.kind is TargetKind.LAMBDA_FUNCTION or (target.kind is TargetKind.LOCAL and ":" not in key):
                functions[function_name(key)] = resource
        return cls(functions)

    def resolve(self, task: TaskRef) -> Resource | None:
        target = task.target
        if not self.functions or (target.service, target.action) != ("lambda", "invoke"):
            return None
        if target.pattern not in CALL_PATTERNS:
            return None
        # the call holds a fake clock still if any function runs in a worker thread
        return _Invoke(self.functions, any(function.blocking for function in self.functions.values()))


@dataclass(frozen=True, slots=True)
class _Invoke:
    functions: Mapping[str, Resource]
    blocking: bool

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        reference = str(payload.get("FunctionName", "")) if isinstance(payload, dict) else ""
        function = self.functions.get(function_name(reference))
        if function is None:
            raise StatesError(
                "Lambda.ResourceNotFoundException",
                f"Function not found: {reference} (Service: Lambda, Status Code: 404, Request ID: statewise); "
                f"bound functions: {', '.join(sorted(self.functions)) or 'none'}",
            )
        event = payload.get("Payload", {})
        try:
            result = await function.invoke(event, context)
        except ResourceFailure as failure:  # a function error, as Lambda reports it
            body = {"errorMessage": failure.cause or "", "errorType": failure.error}
            raise StatesError(failure.error, json.dumps(body, separators=(",", ":"))) from failure
        if isinstance(result, AwaitCallback):  # the function handed the token over: the answer comes by it
            return AwaitCallback(_response(result.output))
        return _response(result)


def _response(payload: Any) -> dict[str, Any]:
    """Lambda's Invoke response as Step Functions returns it."""
    return {
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {"HttpStatusCode": 200},
        "SdkResponseMetadata": {},
        "StatusCode": 200,
    }
