"""Names in generated loops: the API called, its Task resource, member spellings, state names.

Theory of operation: Step Functions runs ``aws-sdk`` Tasks on the AWS SDK for
Java 2.x, so a Task's parameters and its result use that SDK's member names
(``DbInstanceIdentifier``, ``DbInstances``), which :func:`member` derives from
botocore's (``DBInstanceIdentifier``); the engine reads either spelling and
answers in the Java one. :func:`resolve_api` finds the operation in botocore's
model from any of its spellings (``DescribeWorkspaces``, ``describeWorkspaces``,
``describe_workspaces``) and :func:`task_parameters` checks a caller's
parameters against the operation's input shape, respelling each as Step
Functions takes it, so a typo fails here rather than on AWS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from statewise.base_errors import PatternError, with_suggestions
from statewise.clients import close_matches
from statewise.integrations.sdk_names import (
    action_names,
    boto3_service,
    java_member,
    operation_model,
    operation_name,
    python_method,
    sdk_service,
)

__all__ = [
    "Api",
    "QueryLanguage",
    "field_path",
    "member",
    "resolve_api",
    "state_name",
    "task_parameters",
    "variable_name",
]

QueryLanguage = Literal["JSONPath", "JSONata"]

_STATE_NAME_LIMIT = 80  # AWS's limit on a state's name
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESULT_PATH = re.compile(r"\$(\.[A-Za-z_][A-Za-z0-9_]*)+")


@dataclass(frozen=True, slots=True)
class Api:
    """One operation of one botocore service, as a loop calls it."""

    service: str  # botocore's name ("workspaces", "logs")
    operation: str  # the API's name ("DescribeWorkspaces")
    model: Any  # botocore's OperationModel

    @property
    def label(self) -> str:
        """``service.Operation``, the name errors give."""
        return f"{self.service}.{self.operation}"

    @property
    def resource(self) -> str:
        """The Task resource: ``arn:aws:states:::aws-sdk:workspaces:describeWorkspaces``."""
        action = self.operation[:1].lower() + self.operation[1:]
        return f"arn:aws:states:::aws-sdk:{sdk_service(self.service)}:{action}"


def resolve_api(service: str, operation: str) -> Api:
    """The API ``operation`` of ``service`` (botocore's or Step Functions' name), or a :class:`PatternError`."""
    name = boto3_service(service)
    if name is None:
        raise PatternError("no botocore service model has this name", spec=service)
    spellings = {
        spelling: action
        for action in action_names(name)
        for spelling in (action, operation_name(action), python_method(action))
    }
    found = spellings.get(operation)
    if found is None:
        message = with_suggestions(f"{name} has no operation {operation!r}", close_matches(operation, spellings))
        raise PatternError(message, spec=f"{name}.{operation}")
    return Api(name, operation_name(found), operation_model(name, found))


def member(name: str) -> str:
    """A member name as Step Functions spells it (the Java SDK's): ``DBInstances`` -> ``DbInstances``."""
    return java_member(name)


def field_path(dotted: str) -> str:
    """A dotted path of members, each spelt by :func:`member`: ``DistributionList.Items``."""
    return ".".join(member(part) for part in dotted.split("."))


def task_parameters(api: Api, parameters: Mapping[str, Any] | None, *, key: str = "parameters") -> dict[str, Any]:
    """``parameters`` with each top-level name spelt as Step Functions takes it, checked against the input shape.

    A name may be given as the API spells it (``maxResults``), capitalised, or
    as the Java SDK does; a ``.$`` suffix (a JSONPath reference) is kept.
    Nested structures are passed as given.
    """
    shape = api.model.input_shape
    members = {} if shape is None else shape.members
    spellings = {
        spelling: member(name) for name in members for spelling in (name, name[:1].upper() + name[1:], member(name))
    }
    out: dict[str, Any] = {}
    for given, value in (parameters or {}).items():
        name, suffix = (given[:-2], ".$") if given.endswith(".$") else (given, "")
        spelt = spellings.get(name)
        if spelt is None:
            message = with_suggestions(
                f"{api.operation} takes no parameter {name!r}",
                close_matches(name, sorted({member(m) for m in members})),
            )
            raise PatternError(message, spec=api.label, key=f"{key}/{given}")
        out[spelt + suffix] = value
    return out


def state_name(prefix: str, name: str) -> str:
    """``prefix`` + ``name``, checked against AWS's 80-character limit on state names."""
    full = prefix + name
    if len(full) > _STATE_NAME_LIMIT:
        raise PatternError(
            f"state name {full!r} is longer than {_STATE_NAME_LIMIT} characters; use a shorter prefix",
            spec=prefix,
            key="prefix",
        )
    return full


def variable_name(name: str, *, spec: str) -> str:
    """``name`` checked as a JSONata variable name (``page``, ``attempt``)."""
    if _VARIABLE.fullmatch(name) is None:
        raise PatternError(f"{name!r} is not a variable name (letters, digits, _)", spec=spec, key="variable")
    return name


def data_path(path: str, *, spec: str) -> str:
    """``path`` checked as where a loop keeps its data in JSONPath: fields only (``$.a.b``)."""
    if _RESULT_PATH.fullmatch(path) is None:
        raise PatternError(f"result_path must be a path of fields ($.a.b), got {path!r}", spec=spec)
    return path
