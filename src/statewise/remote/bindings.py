"""Local-only Task resources, found and replaced by real ARNs before a definition goes to AWS.

Theory of operation: statewise runs a Task whose ``Resource`` is any text a
Python callable or a simulated service is bound to (``"rebuild"``,
``"check-stock"``); Step Functions accepts only ARNs. :func:`bind` walks
every place a definition names a resource -- each Task's ``Resource``,
nested ones included, and a distributed Map's ``ItemReader``/``ResultWriter``
-- reads each with :func:`~statewise.integrations.targets.parse_target` (the
reading the engine uses: ``LOCAL`` is "no ARN AWS knows") and returns a copy
of the definition with each local name replaced by the ARN ``bindings`` maps
it to. Anything left unmapped refuses the deployment with a diagnostic per
place, so the user sees every resource to replace at once. What a run binds
outside the definition (``run(resources=...)`` over a real Lambda ARN, a
``data_dir`` standing in for S3) cannot be seen here and deploys as written.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from statewise.asl.graph import every_state
from statewise.asl.model import MapState, Program, TaskState
from statewise.asl.pointer import join_pointer
from statewise.integrations.targets import Target, TargetKind, parse_target
from statewise.lint.diagnostics import Diagnostic
from statewise.remote.errors import DeployError, LocalBindingsRefused

__all__ = ["bind", "resource_sites"]

_CODE = "local-only-resource"


def resource_sites(program: Program) -> Iterator[tuple[str, Target]]:
    """The JSON pointer of every ``Resource`` field in ``program``, with what it names."""
    for state in every_state(program.states.values()):
        if isinstance(state, TaskState):
            yield join_pointer(state.pointer, "Resource"), state.target
        elif isinstance(state, MapState):
            for key, config in (("ItemReader", state.item_reader), ("ResultWriter", state.result_writer)):
                if config is not None and isinstance(config.get("Resource"), str):
                    yield join_pointer(join_pointer(state.pointer, key), "Resource"), parse_target(config["Resource"])


def bind(definition: Mapping[str, Any], program: Program, bindings: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``definition`` (parsed as ``program``) with each local-only resource replaced by the ARN
    ``bindings`` maps it to; raises :class:`LocalBindingsRefused` listing those left unmapped."""
    for name, arn in bindings.items():
        if parse_target(arn).kind is TargetKind.LOCAL:
            raise DeployError(f"bindings[{name!r}]: {arn!r} is no ARN Step Functions accepts; bind it to a Lambda "
                              "function, an activity or a service integration ARN")  # fmt: skip
    bound = copy.deepcopy(dict(definition))
    refused: list[Diagnostic] = []
    unbound: set[str] = set()
    used: set[str] = set()
    for pointer, target in resource_sites(program):
        if target.kind is not TargetKind.LOCAL:
            continue
        if target.arn not in bindings:
            refused.append(_unbound(pointer, target.arn))
            unbound.add(target.arn)
            continue
        used.add(target.arn)
        _replace(bound, pointer, bindings[target.arn])
    if refused:
        raise LocalBindingsRefused(refused, sorted(unbound))
    if unused := sorted(set(bindings) - used):
        raise DeployError(f"bindings name no local-only Task resource of the definition: {', '.join(unused)}; "
                          "only a Resource that is no ARN needs one")  # fmt: skip
    return bound


def _unbound(pointer: str, name: str) -> Diagnostic:
    return Diagnostic(
        _CODE,
        "error",
        pointer,
        f"'{name}' is served only by statewise (a Python callable or simulated service bound by name); "
        "Step Functions needs an ARN",
        f"map it to the real resource: bindings={{{name!r}: 'arn:aws:lambda:...'}} or --bind {name}=ARN",
    )


def _replace(document: dict[str, Any], pointer: str, value: str) -> None:
    """Set the field at ``pointer`` (RFC 6901; every token but the last names an object or array member)."""
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]
    node: Any = document
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    node[tokens[-1]] = value
