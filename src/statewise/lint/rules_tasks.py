"""Rules on what Task and Map states call: AWS SDK parameters, non-idempotent retries, pass-through Maps.

Theory of operation: each rule reads the model's states (every program, via
:func:`~statewise.asl.graph.every_state`) and the fields as written in the
document. An ``aws-sdk:`` Task is checked against botocore's service model,
as Step Functions names things: the service must have a model, the action
must be one of its operations, and the literal keys of ``Parameters`` (or of
a JSONata ``Arguments`` object) must be members of the input shape, in
PascalCase at every level of structures ("Parameters in Step Functions are
expressed in PascalCase, even if the native service API is in camelCase";
``Equals`` is written ``EqualsValue``). Members the shape requires must be
given. Map keys (tags, DynamoDB attributes) are data and are not checked.
A Retry that repeats a call with side effects (its action is in
:data:`_NOT_IDEMPOTENT`, and no idempotency parameter of
:data:`_IDEMPOTENT_BY` is given) many times after errors that may follow
the effect is flagged; so is a Map whose processor only passes items
through.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from statewise.asl.graph import every_state
from statewise.asl.model import MapState, PassState, Program, State, SucceedState, TaskState
from statewise.asl.pointer import join_pointer
from statewise.base_errors import with_suggestions
from statewise.clients import close_matches
from statewise.integrations.sdk_names import action_names, boto3_service, java_member, operation_model
from statewise.integrations.targets import CALL_PATTERNS, TargetKind
from statewise.lint.diagnostics import Diagnostic, diagnostic
from statewise.lint.document import at

__all__ = ["task_diagnostics"]

_NOT_IDEMPOTENT: Final = ("create", "put", "send", "start", "publish", "invoke", "run", "submit", "post", "add")
"""Action name prefixes of calls that act again each time they are made."""

_IDEMPOTENT_BY: Final = frozenset(
    {"ClientToken", "ClientRequestToken", "IdempotencyToken", "MessageDeduplicationId", "Name"}
)
"""Parameters that make a repeated call act once (a named resource or execution cannot be made twice)."""

_AFTER_EFFECT: Final = frozenset({"States.ALL", "States.Timeout", "States.TaskFailed", "States.HeartbeatTimeout"})
"""Errors a call may raise after it took effect (a timeout does not undo what the service did)."""

_MANY_ATTEMPTS: Final = 10
"""More retries than this of a non-idempotent call is no longer a bound a reviewer would accept unasked."""

_RENAMED: Final = {"Equals": "EqualsValue"}
"""Members Step Functions spells differently from the API."""


def task_diagnostics(program: Program, doc: Any) -> list[Diagnostic]:
    """Findings on the Task and Map states of ``program`` (and of the programs nested in it)."""
    found: list[Diagnostic] = []
    for state in every_state(program.states.values()):
        if isinstance(state, MapState):
            found += _pass_through(state)
        if isinstance(state, TaskState):
            found += _retries(state, doc)
            if state.target.is_sdk and "${" not in state.resource:
                found += _sdk_call(state, doc)
    return found


def _pass_through(state: MapState) -> Iterator[Diagnostic]:
    inner = state.processor.states.values()
    if all(_passes(s) for s in inner):
        yield diagnostic(
            "map-passes-items-through",
            state.processor.pointer,
            f"every state of the Map {state.name!r}'s item processor passes its input on unchanged, so each item "
            "comes out as it went in and no work is done on it",
            "put the work (a Task) in the item processor, or drop the Map",
        )


def _passes(state: State) -> bool:
    if isinstance(state, SucceedState):
        return state.output is None
    return isinstance(state, PassState) and not state.has_result and state.parameters is None and state.output is None


def _action(state: TaskState) -> str:
    target = state.target
    return "invoke" if target.kind is TargetKind.LAMBDA_FUNCTION else target.action


def _retries(state: TaskState, doc: Any) -> Iterator[Diagnostic]:
    action = _action(state)
    target = state.target
    if target.kind is TargetKind.SERVICE and target.pattern not in CALL_PATTERNS:
        return  # .sync runs a job to its end: retrying it after a failed job is the point
    if not action.lower().startswith(_NOT_IDEMPOTENT):
        return
    parameters = at(doc, join_pointer(state.pointer, "Arguments" if state.jsonata else "Parameters"))
    if isinstance(parameters, dict) and any(key.removesuffix(".$") in _IDEMPOTENT_BY for key in parameters):
        return
    for retrier in state.retry:
        errors = _AFTER_EFFECT.intersection(retrier.error_equals)
        if errors and retrier.max_attempts > _MANY_ATTEMPTS:
            written = at(doc, join_pointer(retrier.pointer, "MaxAttempts")) is not None
            yield diagnostic(
                "retry-non-idempotent",
                join_pointer(retrier.pointer, "MaxAttempts") if written else retrier.pointer,
                f"this Retry repeats {action!r}, which acts again on every call, up to {retrier.max_attempts} times "
                f"after {', '.join(sorted(errors))}, which may follow a call that took effect",
                f"retry only the errors that mean the call did not happen, or bound MaxAttempts (at most "
                f"{_MANY_ATTEMPTS}) and make the call idempotent (a client token)",
            )


def _sdk_call(state: TaskState, doc: Any) -> Iterator[Diagnostic]:
    target = state.target
    resource = join_pointer(state.pointer, "Resource")
    service = boto3_service(target.sdk_service)
    if service is None:
        yield diagnostic(
            "unknown-sdk-service",
            resource,
            f"botocore has no model for the aws-sdk service {target.sdk_service!r}, so its calls are not checked",
        )
        return
    model = operation_model(service, target.action)
    if model is None:
        names = action_names(service)
        message = f"the aws-sdk service {target.sdk_service!r} has no action {target.action!r}"
        yield diagnostic("unknown-sdk-action", resource, with_suggestions(message, close_matches(target.action, names)))
        return
    field = "Arguments" if state.jsonata else "Parameters"
    pointer = join_pointer(state.pointer, field)
    # no Parameters: the request is the state's (effective) input, which is not known here
    raw = at(doc, pointer, None)
    if model.input_shape is not None and isinstance(raw, dict):
        yield from _members(model.input_shape, raw, pointer, f"{target.sdk_service}:{target.action}", state.jsonata)


def _pascal(name: str) -> str:
    return _RENAMED.get(name, name[:1].upper() + name[1:])


def _spellings(shape: Any) -> dict[str, Any]:
    """Every name Step Functions takes for each member of structure ``shape``: botocore's capitalised and
    the Java SDK's (``DBInstanceIdentifier`` and ``DbInstanceIdentifier``), which the recorded samples use."""
    names = {}
    for name, member in shape.members.items():
        names[_pascal(name)] = names[_RENAMED.get(name, java_member(name))] = member
    return names


def _members(shape: Any, raw: dict[str, Any], pointer: str, api: str, jsonata: bool) -> Iterator[Diagnostic]:
    """Check the keys of ``raw`` against the structure ``shape``, and their literal values below them."""
    members = _spellings(shape)
    given = set()
    for key, value in raw.items():
        dynamic = not jsonata and key.endswith(".$")
        name = key[:-2] if dynamic else key
        where = join_pointer(pointer, key)
        given.add(name)
        member = members.get(name)
        if member is None:
            yield _unknown(name, where, members, api)
        elif not dynamic:
            yield from _value(member, value, where, api, jsonata)
    lowered = {name.lower() for name in given}  # a member given in the wrong case has its own finding
    wanted = [_pascal(name) for name in shape.required_members if _pascal(name).lower() not in lowered]
    if wanted:
        yield diagnostic(
            "missing-sdk-parameter",
            pointer,
            f"{api} requires {', '.join(repr(name) for name in wanted)}, which this object does not give",
        )


def _unknown(name: str, where: str, members: dict[str, Any], api: str) -> Diagnostic:
    same = [member for member in members if member.lower() == name.lower()]
    if same:
        return diagnostic(
            "sdk-parameter-case",
            where,
            f"{api} has no parameter {name!r}, but has {same[0]!r}: Step Functions writes parameters in PascalCase",
            f"rename {name!r} to {same[0]!r}",
        )
    message = f"{api} has no parameter {name!r}, so Step Functions rejects the definition"
    return diagnostic("unknown-sdk-parameter", where, with_suggestions(message, close_matches(name, members)))


def _value(shape: Any, value: Any, pointer: str, api: str, jsonata: bool) -> Iterator[Diagnostic]:
    if getattr(shape, "is_document_type", False):
        return  # a document holds any JSON
    if shape.type_name == "structure" and isinstance(value, dict):
        yield from _members(shape, value, pointer, api, jsonata)
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _value(shape.member, item, f"{pointer}/{i}", api, jsonata)
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from _value(shape.value, item, join_pointer(pointer, key), api, jsonata)
