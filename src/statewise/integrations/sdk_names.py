"""Names as the AWS SDK integration spells them: services, actions and errors, derived from botocore's data.

Theory of operation: Step Functions runs ``arn:aws:states:::aws-sdk:<service>:<action>``
on the AWS SDK for Java 2.x, so its names are that SDK's, which derive from
each service model's ``serviceId`` -- the same models botocore ships:

* the service is the ``serviceId`` in lower case without spaces or dashes
  (``CloudWatch Logs`` -> ``cloudwatchlogs``, ``SFN`` -> ``sfn``);
  :func:`boto3_service` maps it back to botocore's name (``logs``,
  ``stepfunctions``), directly when the two agree, else by scanning the
  models once (a few seconds, cached) -- the common differing names are in
  :data:`_KNOWN` so that scan rarely runs;
* the action is the API operation with a lower-case first letter
  (``listObjectsV2`` -> ``ListObjectsV2``, the boto3 method ``list_objects_v2``);
* an error is ``<Prefix>.<Code>``: the prefix is the Java client's name
  (``DynamoDb``, ``Sfn``, ``S3``, ``SecretsManager``: the ``serviceId``'s
  words, each capitalised, an all-capitals run read as one word), the code
  the service's error code with ``Exception`` appended when it lacks it
  (``NoSuchBucket`` -> ``S3.NoSuchBucketException``); a code the model does
  not declare as an exception shape is the SDK's generic
  ``<Prefix>.<Prefix>Exception``, as the recorded cases show
  (``SecretsManager.SecretsManagerException``).

botocore is imported when a name is first asked for, so runs without aws-sdk
Tasks never load it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final

__all__ = [
    "action_names",
    "boto3_service",
    "error_name",
    "error_prefix",
    "java_member",
    "modelled_error",
    "operation_model",
    "operation_name",
    "python_method",
    "sdk_service",
]

_KNOWN: Final = {
    "sfn": "stepfunctions",
    "cloudwatchlogs": "logs",
    "elasticloadbalancingv2": "elbv2",
    "elasticloadbalancing": "elb",
    "cognitoidentityprovider": "cognito-idp",
    "cognitoidentity": "cognito-identity",
    "costexplorer": "ce",
    "databasemigration": "dms",
    "eventbridge": "events",
    "applicationautoscaling": "application-autoscaling",
}
"""Step Functions' service names that are not botocore's, known ahead of the scan."""

_WORDS: Final = re.compile(r"[A-Z]+[0-9]*(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")


@cache
def _session() -> Any:
    import botocore.session  # noqa: PLC0415 - only runs with aws-sdk Tasks load botocore

    return botocore.session.get_session()


@cache
def _service_models() -> frozenset[str]:
    return frozenset(_session().get_component("data_loader").list_available_services("service-2"))


def _squash(service_id: str) -> str:
    return re.sub(r"[\s-]", "", service_id).lower()


@cache
def sdk_service(service: str) -> str:
    """The SDK integration's name for botocore ``service`` (``logs`` -> ``cloudwatchlogs``)."""
    return _squash(str(_session().get_service_model(service).service_id))


@cache
def _scanned() -> dict[str, str]:
    """Step Functions' name -> botocore's, for every service model (slow: loads them all)."""
    return {_squash(_session().get_service_model(name).service_id): name for name in _service_models()}


@cache
def boto3_service(service: str) -> str | None:
    """botocore's name for the SDK integration's ``service``; None when no model has it."""
    if service in _service_models():
        return service
    known = _KNOWN.get(service)
    if known is not None and known in _service_models():
        return known
    # most names are botocore's without hyphens (acmpca -> acm-pca): one model loaded to confirm, not all
    unhyphened = _unhyphened().get(service)
    if unhyphened is not None and sdk_service(unhyphened) == service:
        return unhyphened
    return _scanned().get(service)


@cache
def _unhyphened() -> dict[str, str]:
    return {name.replace("-", ""): name for name in _service_models() if "-" in name}


def operation_name(action: str) -> str:
    """The API operation of an SDK integration's action (``listObjectsV2`` -> ``ListObjectsV2``)."""
    return action[:1].upper() + action[1:]


@cache
def operation_model(service: str, action: str) -> Any:
    """botocore's model of ``action`` of botocore ``service``; None when the service has no such operation."""
    model = _session().get_service_model(service)
    name = operation_name(action)
    return model.operation_model(name) if name in model.operation_names else None


@cache
def action_names(service: str) -> tuple[str, ...]:
    """Every action of botocore ``service`` as the SDK integration spells it (``listObjectsV2`` ...)."""
    return tuple(name[:1].lower() + name[1:] for name in _session().get_service_model(service).operation_names)


def python_method(action: str) -> str:
    """The boto3 client method of an action (``listObjectsV2`` -> ``list_objects_v2``)."""
    from botocore import xform_name  # noqa: PLC0415 - only runs with aws-sdk Tasks load botocore

    return xform_name(operation_name(action))


@cache
def error_prefix(service: str) -> str:
    """The Java client's name for botocore ``service`` (``dynamodb`` -> ``DynamoDb``)."""
    return java_member(str(_session().get_service_model(service).service_id))


def java_member(name: str) -> str:
    """A name as the Java SDK spells it: each word capitalised, an all-capitals run read as one word
    (``DBInstanceIdentifier`` -> ``DbInstanceIdentifier``, ``SNSTopicArn`` -> ``SnsTopicArn``)."""
    words = _WORDS.findall(name)
    return "".join(word[:1].upper() + (word[1:].lower() if word.isupper() else word[1:]) for word in words)


@cache
def _exceptions(service: str) -> dict[str, str]:
    """Error code -> exception shape name, for every exception ``service`` models (codes may differ)."""
    model = _session().get_service_model(service)
    found = {}
    for name in model.shape_names:
        shape = model.shape_for(name)
        if shape.metadata.get("exception"):
            found[name] = name
            code = shape.metadata.get("error", {}).get("code")
            if code:
                found[code] = name
    return found


def modelled_error(service: str, code: str) -> str | None:
    """The exception shape botocore ``service`` models for error ``code``; None when it models none."""
    return _exceptions(service).get(code)


def error_name(service: str, code: str) -> str:
    """The Step Functions error name for botocore ``service``'s error ``code``."""
    prefix = error_prefix(service)
    shape = modelled_error(service, code)
    return f"{prefix}.{prefix}Exception" if shape is None else f"{prefix}.{exception_class(shape)}"


def exception_class(shape: str) -> str:
    """The Java SDKs' class for an exception shape: ``NoSuchBucket`` -> ``NoSuchBucketException``."""
    return shape if shape.endswith("Exception") else shape + "Exception"
