"""State machine operations: Create, Update, Describe, List, Delete.

Theory of operation: each handler takes the :class:`~statewise.server.state.ServerState`
and the request's parameters and returns the response's members (the protocol
layer encodes them). A definition is parsed and validated when it is created
or updated, so a machine that exists can always start. Creating is
idempotent as on AWS: the same name with the same definition, role and type
returns the existing machine; anything else under that name is
``StateMachineAlreadyExists``. ``publish: true`` (on create or update) freezes
the new revision as the next version (:mod:`statewise.server.versions`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from statewise.server.arns import check_name
from statewise.server.definitions import parse_machine
from statewise.server.params import optional, required
from statewise.server.protocol import ApiError
from statewise.server.state import MachineRecord, Revision, ServerState
from statewise.server.tags import given_tags
from statewise.server.versions import publish_if_asked

__all__ = ["HANDLERS"]

_TYPES: Final = ("STANDARD", "EXPRESS")
_ROLE: Final = re.compile(r"arn:[\w-]+:iam::\d{12}:role/\S+")
_DEFAULT_SETTINGS: Final = {
    "loggingConfiguration": {"level": "OFF", "includeExecutionData": False},
    "tracingConfiguration": {"enabled": False},
}


def create(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    name = check_name(required(params, "name", str))
    definition = required(params, "definition", str)
    role = _role(required(params, "roleArn", str))
    kind = optional(params, "type", str, "STANDARD")
    if kind not in _TYPES:
        raise ApiError("StateMachineTypeNotSupported", f"State machine type not supported: {kind!r}")
    arn = state.identity.arn("states", f"stateMachine:{name}")
    tags = given_tags(params)
    with state.lock:
        existing = state.machines.get(arn)
        if existing is not None:
            same = (existing.current.definition, existing.current.role_arn, existing.type) == (definition, role, kind)
            if not same:
                raise ApiError("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'")
            return _created(existing, None)
        now = state.now()
        revision = _revision(state, params, definition, role, name=name, kind=kind, arn=arn)
        record = MachineRecord(arn, name, kind, now, revision)
        state.machines[arn] = record
        state.tags[arn] = tags
        return _created(record, publish_if_asked(record, params))


def update(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record, arn = state.machine(required(params, "stateMachineArn", str))
    if arn.qualifier is not None:
        raise ApiError(
            "ValidationException", f"UpdateStateMachine takes an unqualified state machine ARN, got {arn.text!r}"
        )
    changes = [member for member in ("definition", "roleArn", "loggingConfiguration", "tracingConfiguration")
               if params.get(member) is not None]  # fmt: skip
    if not changes:
        raise ApiError(
            "MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the "
            "TracingConfiguration must be specified"
        )  # fmt: skip
    with state.lock:
        current = record.current
        definition = optional(params, "definition", str, current.definition)
        role = _role(optional(params, "roleArn", str, current.role_arn))
        settings = {**current.settings, **{key: params[key] for key in _DEFAULT_SETTINGS if key in params}}
        revision = _revision(state, settings, definition, role, name=record.name, kind=record.type, arn=record.arn)
        record.current = revision
        response: dict[str, Any] = {"updateDate": revision.date, "revisionId": revision.revision_id}
        version = publish_if_asked(record, params)
        if version is not None:
            response["stateMachineVersionArn"] = version
        return response


def describe(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record, arn = state.machine(required(params, "stateMachineArn", str))
    revision = record.revision(arn)
    described = {
        "stateMachineArn": arn.text,
        "name": record.name,
        "status": "ACTIVE",
        "definition": revision.definition,
        "roleArn": revision.role_arn,
        "type": record.type,
        "creationDate": revision.date if arn.qualifier else record.created,
        "revisionId": revision.revision_id,
        **revision.settings,
    }
    if revision.description is not None:
        described["description"] = revision.description
    return described


def list_machines(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    with state.lock:
        records = sorted(state.machines.values(), key=lambda r: r.name)
    items = [{"stateMachineArn": r.arn, "name": r.name, "type": r.type, "creationDate": r.created} for r in records]
    page, token = state.pager.page(items, params, "ListStateMachines")
    return {"stateMachines": page, **({"nextToken": token} if token else {})}


def delete(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes the machine with its versions and aliases; its executions run on and stay readable, as on AWS."""
    text = required(params, "stateMachineArn", str)
    try:
        record, arn = state.machine(text)
    except ApiError as exc:
        if exc.code == "StateMachineDoesNotExist":  # deleting is idempotent
            return {}
        raise
    if arn.qualifier is not None:
        raise ApiError(
            "ValidationException", f"DeleteStateMachine takes an unqualified state machine ARN, got '{arn.text}'; "
            "delete a version with DeleteStateMachineVersion, an alias with DeleteStateMachineAlias"
        )  # fmt: skip
    with state.lock:
        state.machines.pop(record.arn, None)
        state.tags.pop(record.arn, None)
    return {}


def _role(text: str) -> str:
    if not _ROLE.fullmatch(text):
        raise ApiError(
            "InvalidArn",
            f"Invalid Arn: '{text}' in roleArn is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
        )
    return text


def _revision(
    state: ServerState, settings: dict[str, Any], definition: str, role: str, *, name: str, kind: str, arn: str
) -> Revision:
    machine = parse_machine(definition, name=name, type=kind, arn=arn, role_arn=role, identity=state.identity)
    chosen = {key: settings.get(key) or default for key, default in _DEFAULT_SETTINGS.items()}
    return Revision(machine, definition, role, state.new_revision_id(), state.now(), chosen)


def _created(record: MachineRecord, version: str | None) -> dict[str, Any]:
    response: dict[str, Any] = {"stateMachineArn": record.arn, "creationDate": record.created}
    if version is not None:
        response["stateMachineVersionArn"] = version
    return response


HANDLERS: Final = {
    "CreateStateMachine": create,
    "UpdateStateMachine": update,
    "DescribeStateMachine": describe,
    "ListStateMachines": list_machines,
    "DeleteStateMachine": delete,
}
