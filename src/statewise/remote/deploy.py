"""``statewise.deploy``: validate, lint and bind a definition, then create or update its state machine on AWS.

Theory of operation: :func:`deploy` first makes sure the definition is one
Step Functions will take: it loads and substitutes it, lints it (errors
refuse the deployment with :class:`DeployRefused` unless ``force``) and
replaces its local-only resources by the ARNs ``bindings`` gives
(:mod:`statewise.remote.bindings`). Then :class:`_Deployment` reads what AWS
has, asks :mod:`statewise.remote.plan` for each step's write, and sends it
(or, in a dry run, only records it, with placeholders such as
``<CreateStateMachine.stateMachineArn>`` for what AWS would answer). Reads
(ListStateMachines, DescribeStateMachine, ListTagsForResource,
DescribeStateMachineAlias) happen in a dry run too; writes never do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from statewise.asl.parse import load_definition, parse, validate
from statewise.clients import client_method
from statewise.lint.diagnostics import Diagnostic
from statewise.lint.linter import lint
from statewise.remote.aws import find_state_machine, stepfunctions_client
from statewise.remote.bindings import bind
from statewise.remote.errors import DeployRefused
from statewise.remote.plan import Desired, Request, alias_request, machine_request, publish_request, tag_request

__all__ = ["DeployResult", "deploy"]

Action = Literal["created", "updated", "unchanged"]
_ACTIONS: dict[str, Action] = {"CreateStateMachine": "created", "UpdateStateMachine": "updated"}


@dataclass(frozen=True, slots=True)
class DeployResult:
    """What a deployment did (or, with ``dry_run``, would do).

    ``action`` is about the state machine itself (tags and the alias may change while it is ``unchanged``);
    ``requests`` are the writes sent (or that would be sent); ``diagnostics`` the linter's warnings and notes.
    """

    arn: str
    action: Action
    version_arn: str | None = None
    alias_arn: str | None = None
    requests: tuple[Request, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    dry_run: bool = False


def deploy(
    definition: Any,
    *,
    name: str,
    role_arn: str,
    type: str = "STANDARD",
    substitutions: Mapping[str, Any] | None = None,
    session: Any = None,
    client: Any = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    tags: Mapping[str, str] | None = None,
    logging: Mapping[str, Any] | None = None,
    publish: bool = False,
    alias: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    bindings: Mapping[str, str] | None = None,
) -> DeployResult:
    """Create or update the state machine ``name`` from ``definition`` (a dict, JSON text or a ``Path``).

    ``logging`` is a ``loggingConfiguration`` as the API takes it; ``alias`` publishes a version (as
    ``publish`` does) and points the alias at it; ``bindings`` maps each local-only ``Resource`` to a real ARN.
    Raises :class:`DeployRefused` (lint errors; ``force`` sends anyway) or :class:`LocalBindingsRefused`.
    """
    if type not in ("STANDARD", "EXPRESS"):
        raise ValueError(f"type must be 'STANDARD' or 'EXPRESS', got {type!r}")
    document, notes = _deployable(definition, substitutions, bindings or {}, force=force)
    desired = Desired(name, document, role_arn, type, logging, dict(tags or {}), publish or alias is not None)
    sfn = stepfunctions_client(session=session, client=client, endpoint_url=endpoint_url, region=region)
    return _Deployment(sfn, dry_run).apply(desired, alias, notes)


def _deployable(
    definition: Any, substitutions: Mapping[str, Any] | None, bindings: Mapping[str, str], *, force: bool
) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
    """The document to send, and the diagnostics that did not refuse it."""
    document: dict[str, Any] = load_definition(definition, substitutions=substitutions)
    found = lint(document)
    errors = [item for item in found if item.severity == "error"]
    if errors and not force:
        raise DeployRefused(errors)
    if validate(document):  # forced past validation errors: no model to find local resources in; AWS decides
        return document, tuple(found)
    return bind(document, parse(document), bindings), tuple(found)


@dataclass(slots=True)
class _Deployment:
    """One deployment's client and the writes it made (or, in a dry run, would make)."""

    client: Any
    dry_run: bool
    sent: list[Request] = field(default_factory=list)

    def apply(self, desired: Desired, alias: str | None, notes: tuple[Diagnostic, ...]) -> DeployResult:
        arn = find_state_machine(self.client, desired.name)
        described = None if arn is None else self.client.describe_state_machine(stateMachineArn=arn)
        request = machine_request(desired, described)
        version_arn = None
        if request is not None:
            response = self._send(request, "stateMachineArn", *["stateMachineVersionArn"] * desired.publish)
            arn = arn or response["stateMachineArn"]
            version_arn = response.get("stateMachineVersionArn")
        assert arn is not None  # found, or created just now
        if desired.publish and request is None:
            version_arn = self._send(publish_request(arn), "stateMachineVersionArn")["stateMachineVersionArn"]
        if desired.tags and described is not None:
            tagging = tag_request(arn, desired.tags, self.client.list_tags_for_resource(resourceArn=arn)["tags"])
            if tagging is not None:
                self._send(tagging)
        alias_arn = None if alias is None else self._alias(arn, alias, str(version_arn), exists=described is not None)
        action = "unchanged" if request is None else _ACTIONS[request.operation]
        return DeployResult(arn, action, version_arn, alias_arn, tuple(self.sent), notes, self.dry_run)

    def _alias(self, arn: str, alias: str, version_arn: str, *, exists: bool) -> str:
        alias_arn = f"{arn}:{alias}"  # AWS names an alias so: the machine's ARN, a colon, the alias
        request = alias_request(arn, alias, version_arn, self._described_alias(alias_arn) if exists else None)
        if request is not None:
            self._send(request)
        return alias_arn

    def _described_alias(self, alias_arn: str) -> dict[str, Any] | None:
        try:
            described: dict[str, Any] = self.client.describe_state_machine_alias(stateMachineAliasArn=alias_arn)
        except self.client.exceptions.ResourceNotFound:
            return None
        return described

    def _send(self, request: Request, *answers: str) -> dict[str, Any]:
        """Send ``request`` (a dry run only records it and answers ``<Operation.key>`` for each of ``answers``)."""
        self.sent.append(request)
        if self.dry_run:
            return {key: f"<{request.operation}.{key}>" for key in answers}
        method = client_method(self.client, request.operation)
        assert method is not None  # every operation plan.py names is Step Functions'
        response: dict[str, Any] = method(**request.params)
        return response
