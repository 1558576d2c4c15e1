"""What a state's fields make of the data, in the field-presence lattice (:mod:`statewise.lint.facts`).

Theory of operation: each function here is the abstract twin of one thing
the engine does to JSON. :func:`path_value` is a path selecting from the
state's data; :func:`template_value` is a payload template (``Parameters``,
``ItemSelector``, ``ResultSelector``, a JSONata ``Output``) building a new
object, closed, from its fields; :func:`error_value` is the ``{Error,
Cause}`` a Catch hands on; :func:`response_value` is an AWS SDK Task's
response, closed to the members of the operation's output shape in
botocore's model, PascalCase as Step Functions returns them (botocore is
loaded only for such a Task), and :func:`paginator_of` its paginator spec.

Templates are read from the definition document itself (the model keeps
them compiled, but the linter needs each field's pointer), paths with the
cached compilers. Every path that reads the state's data (``$...``) is
recorded as a :class:`Read` with what it selects, when the caller collects
reads; ``$$``, variables and JSONata expressions read nothing the lattice
tracks and give :data:`~statewise.lint.facts.UNKNOWN`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from statewise.asl.intrinsics import ast as intrinsic_ast
from statewise.asl.intrinsics import compile_intrinsic, is_intrinsic
from statewise.asl.jsonata import is_jsonata_template
from statewise.asl.paths import JsonPath, compile_path
from statewise.asl.pointer import join_pointer
from statewise.clients import close_matches
from statewise.integrations.sdk_names import boto3_service, java_member, operation_model, operation_name
from statewise.integrations.targets import Pattern, Target
from statewise.lint.facts import MAX_DEPTH, UNKNOWN, Cause, Fact, Node, Presence, Slot, closed, from_literal, select

if TYPE_CHECKING:
    from statewise.specs.paginator import PaginatorSpec

__all__ = [
    "Read",
    "dynamic_value",
    "error_value",
    "paginator_of",
    "path_value",
    "response_value",
    "template_value",
]


@dataclass(frozen=True, slots=True)
class Read:
    """A path reading the state's data: where it is written, its text, what it selects.

    ``test`` marks a Choice ``IsPresent`` test, which asks whether the member is there
    instead of using it.
    """

    pointer: str
    path: str
    slot: Slot
    test: bool = False
    near: tuple[str, ...] = ()  # members the data there does have with names like the one read


def path_value(path: JsonPath, node: Node, pointer: str, reads: list[Read] | None, *, test: bool = False) -> Node:
    """What ``path`` selects from ``node``; the read is appended to ``reads`` (when given)."""
    if path.root != "$" or path.plan is None:  # context, variables, indefinite paths: not tracked
        return UNKNOWN
    if not path.plan:  # "$" selects the data itself
        return node
    slot = select(node, path.plan)
    if reads is not None:
        reads.append(Read(pointer, path.text, slot, test, _near(node, path.plan)))
    return slot.node


def _near(node: Node, keys: tuple[str | int, ...]) -> tuple[str, ...]:
    """Paths to what the reader may have meant: members with a like name beside the last key, else the
    same name deeper down (``$.TaskStatus`` -> ``$.SynthesisTask.TaskStatus``)."""
    last, parent = keys[-1], keys[:-1]
    if not isinstance(last, str):
        return ()
    found = select(node, parent).node
    like = close_matches(last, found.fields)
    if like:
        return tuple(_text((*parent, name)) for name in like)
    return tuple(_text((*parent, *route)) for route in _routes(found, last.lower(), 3))


def _routes(node: Node, name: str, depth: int) -> list[tuple[str, ...]]:
    if depth == 0:
        return []
    routes = []
    for key, slot in node.fields.items():
        routes += [(key, *route) for route in _routes(slot.node, name, depth - 1)]
        if key.lower() == name:
            routes.append((key,))
    return routes[:3]


def _text(keys: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in keys)


def template_value(
    raw: Any, pointer: str, node: Node, reads: list[Read] | None, cause: Cause, *, jsonata: bool
) -> Node:
    """The value the template ``raw`` (written at ``pointer``) builds from ``node``."""
    if isinstance(raw, dict):
        members = {}
        for key, value in raw.items():
            where = join_pointer(pointer, key)
            if not jsonata and key.endswith(".$") and isinstance(value, str):
                members[key[:-2]] = dynamic_value(value, node, where, reads)
            else:
                members[key] = template_value(value, where, node, reads, cause, jsonata=jsonata)
        return closed(members, cause)
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            template_value(item, f"{pointer}/{i}", node, reads, cause, jsonata=jsonata)
        return Node({}, Fact(Presence.ABSENT, cause), "array")
    if jsonata and is_jsonata_template(raw):
        return UNKNOWN
    return from_literal(raw, cause)


def dynamic_value(text: str, node: Node, pointer: str, reads: list[Read] | None) -> Node:
    """What a ``.$`` field's path or intrinsic call (``text``, written at ``pointer``) gives from ``node``."""
    if is_intrinsic(text):
        _call_reads(compile_intrinsic(text).call, node, pointer, reads)
        return UNKNOWN
    return path_value(compile_path(text), node, pointer, reads)


def _call_reads(call: intrinsic_ast.Call, node: Node, pointer: str, reads: list[Read] | None) -> None:
    for arg in call.args:
        if isinstance(arg, intrinsic_ast.PathArgument):
            path_value(arg.path, node, pointer, reads)
        elif isinstance(arg, intrinsic_ast.Call):
            _call_reads(arg, node, pointer, reads)


def error_value(cause: Cause) -> Node:
    """The error output a Catch passes on: ``{"Error": ..., "Cause": ...}``."""
    text = Node({}, Fact(Presence.ABSENT, cause), "value")
    return closed({"Error": text, "Cause": text}, cause)


def response_value(target: Target, pointer: str) -> Node:
    """An AWS SDK Task's response as the API's output shape allows it; UNKNOWN for any other Task."""
    if not target.is_sdk or target.pattern is not Pattern.REQUEST_RESPONSE:
        return UNKNOWN
    service = boto3_service(target.sdk_service)
    model = None if service is None else operation_model(service, target.action)
    if model is None or model.output_shape is None:
        return UNKNOWN
    reason = f"the response of {target.sdk_service}:{target.action} has no such member"
    spec = paginator_of(target.sdk_service, target.action)
    if spec is not None:
        reason += f" (its page token is {' and '.join(repr(e.source) for e in spec.output_token)})"
    return _shape_value(model.output_shape, Cause(pointer, reason, kind="never-produced"), 0)


def paginator_of(service: str, action: str) -> PaginatorSpec | None:
    """The paginator spec of the aws-sdk integration's ``service`` and ``action``, or None."""
    from statewise.specs.registry import find_paginator  # noqa: PLC0415 - loads botocore, for aws-sdk Tasks only

    botocore_name = boto3_service(service)
    return None if botocore_name is None else find_paginator(botocore_name, operation_name(action))


def _shape_value(shape: Any, cause: Cause, depth: int) -> Node:
    if depth >= MAX_DEPTH or shape.type_name == "map":  # a map's keys are data, not members
        return UNKNOWN
    if shape.type_name == "structure":
        maybe = Fact(Presence.MAYBE)  # output shapes' "required" is not a promise every service keeps
        members = {}
        for name, member in shape.members.items():
            slot = Slot(maybe, _shape_value(member, cause, depth + 1))
            # Step Functions' own spelling is the Java SDK's; botocore's, capitalised, is what users also write
            members[name[:1].upper() + name[1:]] = members[java_member(name)] = slot
        return Node(members, Fact(Presence.ABSENT, cause), "object")
    return Node({}, Fact(Presence.ABSENT, cause), "array" if shape.type_name == "list" else "value")
