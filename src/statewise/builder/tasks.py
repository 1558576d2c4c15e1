"""Task states for AWS integrations, named as CDK's ``aws_stepfunctions_tasks`` names them.

``CallAwsService`` is the ``aws-sdk`` integration (``Parameters`` in JSONPath,
``Arguments`` in JSONata); ``LambdaInvoke`` the optimized Lambda integration,
with the Retry CDK adds for Lambda's transient service errors unless
``retry_on_service_exceptions=False``. CDK's IAM props (``iam_resources``, ...)
are accepted and ignored: a definition grants nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from statewise.builder.states import CommonProps, Task
from statewise.builder.values import JsonPath, TaskInput

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["LAMBDA_SERVICE_ERRORS", "CallAwsService", "LambdaInvoke"]

LAMBDA_SERVICE_ERRORS: Final = (
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
)
"""The errors ``LambdaInvoke`` retries by default (2 s, 6 attempts, backoff 2), as CDK does."""


def _jsonata(props: Mapping[str, Any]) -> bool:
    return props.get("query_language") == "JSONata"


class CallAwsService(Task):
    """``arn:aws:states:::aws-sdk:<service>:<action>`` with ``parameters`` (``arguments`` in JSONata)."""

    def __init__(
        self,
        state_id: str,
        *,
        service: str,
        action: str,
        parameters: Mapping[str, Any] | None = None,
        iam_resources: Sequence[str] | None = None,
        iam_action: str | None = None,
        additional_iam_statements: Sequence[Any] | None = None,
        **props: Unpack[CommonProps],
    ) -> None:
        del iam_resources, iam_action, additional_iam_statements  # IAM is CDK's business, not the definition's
        resource, request = f"arn:aws:states:::aws-sdk:{service}:{action}", dict(parameters or {})
        if _jsonata(props):
            super().__init__(state_id, resource=resource, arguments=request, **props)
        else:
            super().__init__(state_id, resource=resource, parameters=request, **props)


class LambdaInvoke(Task):
    """Invoke ``lambda_function`` (a name or ARN) with ``payload`` (the state's input by default)."""

    def __init__(
        self,
        state_id: str,
        *,
        lambda_function: str,
        payload: TaskInput | None = None,
        payload_response_only: bool = False,
        retry_on_service_exceptions: bool = True,
        invocation_type: str | None = None,
        qualifier: str | None = None,
        **props: Unpack[CommonProps],
    ) -> None:
        jsonata = _jsonata(props)
        request: Any = None
        if payload_response_only:
            resource = lambda_function
            request = None if payload is None else payload.value
        else:
            resource = "arn:aws:states:::lambda:invoke"
            default = "{% $states.input %}" if jsonata else JsonPath.entire_payload
            request = {"FunctionName": lambda_function, "Payload": default if payload is None else payload.value}
            for key, value in (("InvocationType", invocation_type), ("Qualifier", qualifier)):
                if value is not None:
                    request[key] = value
        if jsonata:
            super().__init__(state_id, resource=resource, arguments=request, **props)
        else:
            super().__init__(state_id, resource=resource, parameters=request, **props)
        if retry_on_service_exceptions:
            self.retries.append(
                {"ErrorEquals": list(LAMBDA_SERVICE_ERRORS), "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}
            )
