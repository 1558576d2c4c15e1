"""ResultPath writes: put a value at a reference path without touching the input.

Theory of operation: the plan (see :mod:`.evaluator`) is followed from the
root; every container on the way is shallow-copied and the copy gets the
new child, so the input document is never mutated and everything off the
path is shared. Missing object members on the way are created as ``{}``;
array elements must already exist. Writing through a scalar, or an index
into a non-array, is an error, as AWS's ``States.ResultPathMatchFailure``.
"""

from __future__ import annotations

from typing import Any

from statewise.asl.paths.errors import PathAssignError
from statewise.asl.paths.evaluator import Plan


def assign(plan: Plan, data: Any, value: Any, *, text: str) -> Any:
    """A copy of ``data`` with ``value`` at ``plan``; PathAssignError when that cannot be."""
    if not plan:
        return value
    return _assign(plan, 0, data, value, text)


def _assign(plan: Plan, depth: int, node: Any, value: Any, text: str) -> Any:
    key = plan[depth]
    last = depth == len(plan) - 1
    if isinstance(key, str):
        if not isinstance(node, dict):
            raise _mismatch(plan, depth, node, text)
        copy = dict(node)
        copy[key] = value if last else _assign(plan, depth + 1, node.get(key, {}), value, text)
        return copy
    if not isinstance(node, list) or not -len(node) <= key < len(node):
        raise _mismatch(plan, depth, node, text)
    items = list(node)
    items[key] = value if last else _assign(plan, depth + 1, node[key], value, text)
    return items


def _mismatch(plan: Plan, depth: int, node: Any, text: str) -> PathAssignError:
    key = plan[depth]
    if isinstance(key, str):
        want = f"an object to hold the field {key!r}"
    else:
        want = f"an array with an element at index {key}"
    found = type(node).__name__ if node is not None else "null"
    return PathAssignError(
        f"cannot apply ResultPath {text!r}: step {depth + 1} needs {want}, but found {found}",
        text=text,
    )
