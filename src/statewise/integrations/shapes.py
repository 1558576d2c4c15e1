"""Member names as Step Functions spells them: PascalCase both ways, whatever the API's own case.

Theory of operation: a Task's parameters and results use PascalCase member
names (``StateMachineArn``, ``ExecutionArn``) even where the API itself is
camelCase (Step Functions' ``stateMachineArn``, ECS's ``taskDefinition``), as
the Java SDKs behind Step Functions do. :func:`to_api` walks the operation's
input shape from botocore's model and renames each structure member the
Task wrote to the API's name (capitalised, ``DBInstanceIdentifier``, or as the
Java SDK spells it, ``DbInstanceIdentifier``); :func:`from_api` walks the output
shape and spells each structure member as the Java SDK does, as Step Functions
returns it (``DbInstances``, ``SseDescription``). Only structure members are renamed: map
keys (a DynamoDB item's attribute names, tags) and everything the model does
not describe pass through as they are.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from statewise.integrations.sdk_names import java_member, operation_model

__all__ = ["from_api", "to_api"]


def to_api(service: str, action: str, params: Any) -> Any:
    """``params`` with member names as botocore ``service``'s ``action`` takes them."""
    model = operation_model(service, action)
    return params if model is None or model.input_shape is None else _in(model.input_shape, params)


def from_api(service: str, action: str, response: Any) -> Any:
    """``response`` with member names spelt as Step Functions returns them (the Java SDK's)."""
    model = operation_model(service, action)
    return response if model is None or model.output_shape is None else _out(model.output_shape, response)


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


@cache
def _java(name: str) -> str:
    return java_member(name)


@cache
def _spellings(shape: Any) -> dict[str, str]:
    """Every spelling a Task may give a member of structure ``shape`` -> the member's name (a botocore shape is
    made once per model, so this is worked out once per structure)."""
    return {spelling: name for name in shape.members for spelling in (_capitalised(name), _java(name))}


def _in(shape: Any, value: Any) -> Any:
    if shape.type_name == "structure" and isinstance(value, dict):
        by_name = _spellings(shape)
        out = {}
        for key, item in value.items():
            name = key if key in shape.members else by_name.get(_capitalised(key), key)
            member = shape.members.get(name)
            out[name] = item if member is None else _in(member, item)
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [_in(shape.member, item) for item in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: _in(shape.value, item) for key, item in value.items()}
    return value


def _out(shape: Any, value: Any) -> Any:
    if shape.type_name == "structure" and isinstance(value, dict):
        members = shape.members
        return {
            _java(key) if key in members else _capitalised(key): _out(members[key], item) if key in members else item
            for key, item in value.items()
        }
    if shape.type_name == "list" and isinstance(value, list):
        return [_out(shape.member, item) for item in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: _out(shape.value, item) for key, item in value.items()}
    return value
