"""What a deployment sends, decided without I/O: the requests that bring AWS to the desired state machine.

Theory of operation: the driver (:mod:`statewise.remote.deploy`) reads what
AWS has (DescribeStateMachine, ListTagsForResource, DescribeStateMachineAlias)
and asks this module, one step at a time, which write each step needs:

1. the machine: none is there -> ``CreateStateMachine``; one is there and its
   definition, role and (when asked for) logging equal the desired ones ->
   nothing; else ``UpdateStateMachine``. Definitions are compared as parsed
   JSON, so key order and whitespace never cause an update;
2. the version (``publish``): the create or update publishes it; an unchanged
   machine gets ``PublishStateMachineVersion``, which AWS makes idempotent
   (it returns the version of the current revision if there is one);
3. tags the machine lacks or holds with other values -> ``TagResource``
   (tags are never removed: other tools may own them);
4. the alias: missing -> ``CreateStateMachineAlias``; routing elsewhere ->
   ``UpdateStateMachineAlias``; routing all traffic to the version -> nothing.

Each step answers a :class:`Request` (the operation's AWS name and its
parameters, as boto3 takes them) or None; a dry run prints them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from statewise.asl.encoding import compact_json
from statewise.remote.errors import DeployError

__all__ = ["Desired", "Request", "alias_request", "machine_request", "publish_request", "tag_request"]


@dataclass(frozen=True, slots=True)
class Request:
    """One call to Step Functions: its operation (``CreateStateMachine``) and parameters."""

    operation: str
    params: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"operation": self.operation, "params": dict(self.params)}


@dataclass(frozen=True, slots=True)
class Desired:
    """The state machine a deployment asks for."""

    name: str
    definition: Mapping[str, Any]
    role_arn: str
    type: str = "STANDARD"
    logging: Mapping[str, Any] | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    publish: bool = False


def machine_request(desired: Desired, described: Mapping[str, Any] | None) -> Request | None:
    """Create, update, or (None) leave alone the machine ``described`` (DescribeStateMachine's answer, or None
    when there is no machine of that name)."""
    publish = {"publish": True} if desired.publish else {}
    logging = {} if desired.logging is None else {"loggingConfiguration": dict(desired.logging)}
    if described is None:
        tags = {"tags": [{"key": k, "value": v} for k, v in desired.tags.items()]} if desired.tags else {}
        return Request("CreateStateMachine", {"name": desired.name, "definition": compact_json(desired.definition),
                                              "roleArn": desired.role_arn, "type": desired.type,
                                              **logging, **tags, **publish})  # fmt: skip
    if described.get("type", "STANDARD") != desired.type:
        raise DeployError(
            f"state machine {desired.name!r} is {described.get('type')} and Step Functions cannot change a type; "
            f"deploy under another name, or delete it first to make it {desired.type}"
        )
    if _unchanged(desired, described):
        return None
    return Request("UpdateStateMachine", {"stateMachineArn": described["stateMachineArn"],
                                          "definition": compact_json(desired.definition),
                                          "roleArn": desired.role_arn, **logging, **publish})  # fmt: skip


def publish_request(machine_arn: str) -> Request:
    """Publish the current revision of an unchanged machine (AWS returns its version if already published)."""
    return Request("PublishStateMachineVersion", {"stateMachineArn": machine_arn})


def tag_request(machine_arn: str, desired: Mapping[str, str], current: list[Mapping[str, str]]) -> Request | None:
    """Add the ``desired`` tags the machine lacks or holds with another value (``current``:
    ListTagsForResource's ``tags``)."""
    held = {tag["key"]: tag["value"] for tag in current}
    missing = [{"key": k, "value": v} for k, v in desired.items() if held.get(k) != v]
    return Request("TagResource", {"resourceArn": machine_arn, "tags": missing}) if missing else None


def alias_request(
    machine_arn: str, alias: str, version_arn: str, described: Mapping[str, Any] | None
) -> Request | None:
    """Point ``alias`` with all traffic at ``version_arn``; ``described`` is DescribeStateMachineAlias's answer
    (None: no such alias yet)."""
    routing = [{"stateMachineVersionArn": version_arn, "weight": 100}]
    if described is None:
        return Request("CreateStateMachineAlias", {"name": alias, "routingConfiguration": routing})
    if [dict(route) for route in described.get("routingConfiguration", [])] == routing:
        return None
    return Request("UpdateStateMachineAlias", {"stateMachineAliasArn": f"{machine_arn}:{alias}",
                                               "routingConfiguration": routing})  # fmt: skip


def _unchanged(desired: Desired, described: Mapping[str, Any]) -> bool:
    if json.loads(described["definition"]) != desired.definition or described.get("roleArn") != desired.role_arn:
        return False
    return desired.logging is None or _logging(desired.logging) == _logging(described.get("loggingConfiguration", {}))


def _logging(config: Mapping[str, Any]) -> tuple[str, bool, tuple[str, ...]]:
    """A logging configuration with AWS's defaults filled in (level OFF, no execution data), for comparing."""
    groups = (d.get("cloudWatchLogsLogGroup", {}).get("logGroupArn", "") for d in config.get("destinations", []))
    return str(config.get("level", "OFF")), bool(config.get("includeExecutionData", False)), tuple(sorted(groups))
