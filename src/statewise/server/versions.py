"""Versions and aliases: Publish/Delete/ListStateMachineVersions, Create/Describe/Update/Delete/
ListStateMachineAliases.

Theory of operation: publishing freezes the machine's current
:class:`~statewise.server.state.Revision` as the next version number
(``<machine ARN>:<n>``, numbers never reused), on PublishStateMachineVersion
or on ``publish: true`` when the machine is created or updated. An alias
(``<machine ARN>:<name>``) routes executions to one or two of its machine's
versions, with weights in percent summing to 100
(:meth:`~statewise.server.state.MachineRecord.target` picks one per
execution). As on AWS, creating an alias again with the same routing and
description is idempotent and with another is ``ConflictException``; a version
an alias routes to cannot be deleted (``ConflictException``).
"""

from __future__ import annotations

from typing import Any, Final

from statewise.server.arns import check_name, parse_arn
from statewise.server.params import optional, required
from statewise.server.protocol import ApiError
from statewise.server.state import AliasRecord, MachineRecord, Revision, ServerState

__all__ = ["HANDLERS", "publish_if_asked"]


def publish_if_asked(record: MachineRecord, params: dict[str, Any]) -> str | None:
    """Publish the current revision when the create or update request says ``publish: true``; its ARN."""
    if not optional(params, "publish", bool, False):
        return None
    return _publish(record, optional(params, "versionDescription", str, ""))


def _publish(record: MachineRecord, description: str) -> str:
    number = record.next_version
    record.next_version += 1
    current = record.current
    record.versions[number] = Revision(
        current.machine, current.definition, current.role_arn, current.revision_id, current.date, current.settings,
        description,
    )  # fmt: skip
    return f"{record.arn}:{number}"


def publish(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record, arn = state.machine(required(params, "stateMachineArn", str))
    if arn.qualifier is not None:
        raise ApiError("ValidationException", f"publish from the unqualified state machine ARN, not '{arn.text}'")
    with state.lock:
        revision_id = optional(params, "revisionId", str, "")
        if revision_id and revision_id != record.current.revision_id:
            raise ApiError(
                "ConflictException", f"revisionId {revision_id!r} is not the current revision of '{record.arn}'"
            )
        for number, version in record.versions.items():  # the current revision is published already: the same
            if version.revision_id == record.current.revision_id:
                return {"creationDate": version.date, "stateMachineVersionArn": f"{record.arn}:{number}"}
        version_arn = _publish(record, optional(params, "description", str, ""))
    return {"creationDate": record.current.date, "stateMachineVersionArn": version_arn}


def delete_version(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    text = required(params, "stateMachineVersionArn", str)
    arn = parse_arn(text, "stateMachine", member="stateMachineVersionArn")
    if arn.qualifier is None or not arn.qualifier.isdigit():
        raise ApiError("ValidationException", f"'{text}' is not a state machine version ARN (<machine ARN>:<n>)")
    with state.lock:
        record = state.machines.get(arn.base)
        if record is None:
            return {}  # deleting is idempotent
        routed = [a.arn for a in record.aliases.values() if any(v == arn.text for v, _ in a.routing)]
        if routed:
            raise ApiError("ConflictException", f"Version '{arn.text}' is routed to by alias {', '.join(routed)}")
        record.versions.pop(int(arn.qualifier), None)
    return {}


def list_versions(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record, _ = state.machine(required(params, "stateMachineArn", str))
    with state.lock:
        versions = sorted(record.versions.items(), reverse=True)  # newest first, as AWS lists them
    items = [{"stateMachineVersionArn": f"{record.arn}:{n}", "creationDate": v.date} for n, v in versions]
    page, token = state.pager.page(items, params, f"ListStateMachineVersions {record.arn}")
    return {"stateMachineVersions": page, **({"nextToken": token} if token else {})}


def _routing(state: ServerState, params: dict[str, Any]) -> tuple[MachineRecord, tuple[tuple[str, int], ...]]:
    """The routing configuration, checked: one or two versions of one machine, weights summing to 100."""
    entries = required(params, "routingConfiguration", list)
    routing: list[tuple[str, int]] = []
    machines: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("weight"), int):
            raise ApiError(
                "ValidationException", f"a routing entry is {{stateMachineVersionArn, weight}}, got {entry!r}"
            )
        record, arn = state.machine(entry.get("stateMachineVersionArn"), "stateMachineVersionArn")
        if arn.qualifier is None or not arn.qualifier.isdigit():
            raise ApiError("ValidationException", f"'{arn.text}' in routingConfiguration is not a version ARN")
        record.revision(arn)  # the version exists
        machines.add(record.arn)
        routing.append((arn.text, entry["weight"]))
    if not 1 <= len(routing) <= 2 or len(machines) != 1 or len({v for v, _ in routing}) != len(routing):
        raise ApiError("ValidationException", "routingConfiguration routes to one or two versions of one state machine")
    if sum(weight for _, weight in routing) != 100 or any(not 0 <= weight <= 100 for _, weight in routing):
        raise ApiError("ValidationException", "the weights of routingConfiguration must each be 0-100 and sum to 100")
    return state.machines[machines.pop()], tuple(routing)


def _alias(state: ServerState, text: object) -> tuple[MachineRecord, AliasRecord]:
    arn = parse_arn(text, "stateMachine", member="stateMachineAliasArn")
    if arn.qualifier is None or arn.qualifier.isdigit():
        raise ApiError("ValidationException", f"'{arn.text}' is not a state machine alias ARN (<machine ARN>:<alias>)")
    with state.lock:
        record = state.machines.get(arn.base)
        alias = None if record is None else record.aliases.get(arn.qualifier)
    if record is None or alias is None:
        raise ApiError("ResourceNotFound", f"Resource not found: '{arn.text}'", resourceName=arn.text)
    return record, alias


def create_alias(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    name = check_name(required(params, "name", str))
    if name.isdigit():
        raise ApiError(
            "ValidationException", f"an alias name cannot be a number (it would read as a version): {name!r}"
        )
    description = optional(params, "description", str, "")
    with state.lock:
        record, routing = _routing(state, params)
        existing = record.aliases.get(name)
        if existing is not None:
            if (existing.routing, existing.description) != (routing, description):
                raise ApiError("ConflictException", f"Alias '{existing.arn}' exists with another configuration")
            return {"stateMachineAliasArn": existing.arn, "creationDate": existing.created}
        now = state.now()
        alias = record.aliases[name] = AliasRecord(f"{record.arn}:{name}", name, routing, description, now, now)
    return {"stateMachineAliasArn": alias.arn, "creationDate": alias.created}


def describe_alias(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    _, alias = _alias(state, required(params, "stateMachineAliasArn", str))
    return {
        "stateMachineAliasArn": alias.arn,
        "name": alias.name,
        "description": alias.description,
        "routingConfiguration": [{"stateMachineVersionArn": v, "weight": w} for v, w in alias.routing],
        "creationDate": alias.created,
        "updateDate": alias.updated,
    }


def update_alias(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record, alias = _alias(state, required(params, "stateMachineAliasArn", str))
    with state.lock:
        if params.get("routingConfiguration") is not None:
            routed, routing = _routing(state, params)
            if routed is not record:
                raise ApiError("ValidationException", f"alias '{alias.arn}' routes to versions of its own machine only")
            alias.routing = routing
        alias.description = optional(params, "description", str, alias.description)
        alias.updated = state.now()
    return {"updateDate": alias.updated}


def delete_alias(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    try:
        record, alias = _alias(state, required(params, "stateMachineAliasArn", str))
    except ApiError as exc:
        if exc.code == "ResourceNotFound":  # deleting is idempotent
            return {}
        raise
    with state.lock:
        record.aliases.pop(alias.name, None)
    return {}


def list_aliases(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record, _ = state.machine(required(params, "stateMachineArn", str))
    with state.lock:
        aliases = sorted(record.aliases.values(), key=lambda a: a.name)
    items = [{"stateMachineAliasArn": a.arn, "creationDate": a.created} for a in aliases]
    page, token = state.pager.page(items, params, f"ListStateMachineAliases {record.arn}")
    return {"stateMachineAliases": page, **({"nextToken": token} if token else {})}


HANDLERS: Final = {
    "PublishStateMachineVersion": publish,
    "DeleteStateMachineVersion": delete_version,
    "ListStateMachineVersions": list_versions,
    "CreateStateMachineAlias": create_alias,
    "DescribeStateMachineAlias": describe_alias,
    "UpdateStateMachineAlias": update_alias,
    "DeleteStateMachineAlias": delete_alias,
    "ListStateMachineAliases": list_aliases,
}
