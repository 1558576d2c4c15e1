"""JSONPath evaluation over JSON values (dict, list, str, int, float, bool, None).

Theory of operation: a definite path made of names and indexes is compiled to
a *plan*, a tuple of keys (``str`` for object members, ``int`` for array
elements), and :func:`walk` follows it in one tight loop. Every other path
goes through :func:`select`, which applies the steps breadth-first: each step
maps the current list of nodes to the next one, silently dropping nodes that
do not fit (a missing member, an index out of range, a scalar under ``[*]``),
which is how Jayway (and so AWS) treats indefinite paths. Filters compare as
Jayway does: numbers with numbers, strings with strings (lexicographically),
anything else only for equality; a missing operand equals nothing. The word
operators (``in``, ``subsetof``, ``size`` ...) and ``=~`` follow Jayway's
EvaluatorFactory, one small function each in :data:`_OPERATORS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from statewise.asl.paths import ast

MISSING: Final = object()
"""Returned by :func:`walk` when the plan leads nowhere."""

Plan = tuple[str | int, ...]


def plan_of(steps: tuple[ast.Step, ...]) -> Plan | None:
    """The keys of a path made only of names and indexes, else None."""
    keys: list[str | int] = []
    for step in steps:
        if isinstance(step, ast.Field):
            keys.append(step.name)
        elif isinstance(step, ast.Index):
            keys.append(step.index)
        else:
            return None
    return tuple(keys)


def walk(plan: Plan, node: Any) -> Any:
    """The node ``plan`` leads to from ``node``, or MISSING."""
    for key in plan:
        if key.__class__ is str:
            if not isinstance(node, dict):
                return MISSING
            node = node.get(key, MISSING)
            if node is MISSING:
                return MISSING
        else:
            if not isinstance(node, list) or not -len(node) <= key < len(node):  # type: ignore[operator]
                return MISSING
            node = node[key]  # type: ignore[index]
    return node


def select(steps: tuple[ast.Step, ...], node: Any, root: Any) -> list[Any]:
    """Every node the steps select from ``node``; ``root`` is ``$`` inside filters."""
    current = [node]
    for step in steps:
        selected: list[Any] = []
        for value in current:
            _apply(step, value, root, selected)
        current = selected
    return current


def _apply(step: ast.Step, node: Any, root: Any, out: list[Any]) -> None:
    match step:
        case ast.Field(name):
            if isinstance(node, dict) and name in node:
                out.append(node[name])
        case ast.Index(index):
            if isinstance(node, list) and -len(node) <= index < len(node):
                out.append(node[index])
        case ast.Wildcard():
            if isinstance(node, dict):
                out.extend(node.values())
            elif isinstance(node, list):
                out.extend(node)
        case ast.Slice(start, stop):
            if isinstance(node, list):
                _slice(node, start, stop, out)
        case ast.Fields(names):
            if isinstance(node, dict):
                out.extend(node[name] for name in names if name in node)
        case ast.Merge(names):
            if isinstance(node, dict):
                out.append({name: node[name] for name in names if name in node})
        case ast.Indexes(indexes):
            if isinstance(node, list):
                out.extend(node[i] for i in indexes if -len(node) <= i < len(node))
        case ast.Descendants(inner):
            for descendant in _descendants(node):
                _apply(inner, descendant, root, out)
        case ast.Filter(predicate):
            if isinstance(node, list):
                out.extend(item for item in node if _holds(predicate, item, root))
            elif isinstance(node, dict) and _holds(predicate, node, root):
                out.append(node)


def _slice(items: list[Any], start: int | None, stop: int | None, out: list[Any]) -> None:
    """Jayway's ArraySliceToken. With one bound, or two that are not negative, it agrees
    with Python's slice; with both given and one negative, ``stop`` is capped but never
    counted from the end, and each index wraps on its own (``[0:-1]`` is empty, ``[-2:3]``
    walks -2, -1, 0, 1, 2)."""
    if start is None or stop is None or (start >= 0 and stop >= 0):
        out.extend(items[start:stop])
        return
    length = len(items)
    out.extend(items[i] for i in range(start, min(length, stop)) if -length <= i < length)


def _descendants(node: Any) -> list[Any]:
    """``node`` and every node below it, parents before children (Jayway's scan order)."""
    found: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        if isinstance(current, dict):
            stack.extend(reversed(current.values()))
        elif isinstance(current, list):
            stack.extend(reversed(current))
    return found


def _holds(predicate: ast.Predicate, item: Any, root: Any) -> bool:
    match predicate:
        case ast.Or(left, right):
            return _holds(left, item, root) or _holds(right, item, root)
        case ast.And(left, right):
            return _holds(left, item, root) and _holds(right, item, root)
        case ast.Not(operand):
            return not _holds(operand, item, root)
        case ast.Exists(path):
            return _operand(path, item, root) is not MISSING
        case ast.Compare(operator, left, right):
            return _compare(operator, _operand(left, item, root), _operand(right, item, root))
    raise AssertionError(predicate)  # pragma: no cover - the match is exhaustive


def _operand(operand: ast.Path | ast.Literal, item: Any, root: Any) -> Any:
    if isinstance(operand, ast.Literal):
        return operand.value
    start = item if operand.root == "@" else root
    plan = plan_of(operand.steps)
    if plan is not None:
        return walk(plan, start)
    matches = select(operand.steps, start, root)
    return matches if matches else MISSING


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(left: Any, right: Any) -> bool:
    if left is MISSING or right is MISSING:
        return False
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    return type(left) is type(right) and bool(left == right)


def _ordered(operator: str, left: Any, right: Any) -> bool:
    comparable = (_is_number(left) and _is_number(right)) or (isinstance(left, str) and isinstance(right, str))
    if not comparable:
        return False
    if operator == "<":
        return bool(left < right)
    if operator == "<=":
        return bool(left <= right)
    if operator == ">":
        return bool(left > right)
    return bool(left >= right)


def _contains(items: list[Any], value: Any) -> bool:
    return any(_equal(item, value) for item in items)


def _lists(left: Any, right: Any) -> bool:
    return isinstance(left, list) and isinstance(right, list)


def _regex_input(value: Any) -> str:
    """What Jayway's RegexpEvaluator matches: strings, numbers and booleans as text, anything else as ''."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return str(value)
    return ""


def _regex(left: Any, right: Any) -> bool:
    """``=~``: exactly one side is a ``/regex/``; it must match the whole of the other (or of any element)."""
    if isinstance(left, re.Pattern) == isinstance(right, re.Pattern):
        return False
    pattern, value = (left, right) if isinstance(left, re.Pattern) else (right, left)
    values = value if isinstance(value, list) else [value]
    return any(pattern.fullmatch(_regex_input(item)) is not None for item in values)


def _size(left: Any, right: Any) -> bool:
    if not _is_number(right) or not isinstance(left, str | list):
        return False
    return len(left) == int(right)


def _empty(left: Any, right: Any) -> bool:
    if not isinstance(right, bool) or not isinstance(left, str | list | dict):
        return False
    return (len(left) == 0) == right


def _contains_operator(left: Any, right: Any) -> bool:
    if isinstance(left, str):
        return isinstance(right, str) and right in left
    return isinstance(left, list) and _contains(left, right)


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _equal,
    "===": _equal,  # our == is already type-strict, which is what Jayway's === adds
    "!=": lambda left, right: not _equal(left, right),
    "!==": lambda left, right: not _equal(left, right),
    "<": lambda left, right: _ordered("<", left, right),
    "<=": lambda left, right: _ordered("<=", left, right),
    ">": lambda left, right: _ordered(">", left, right),
    ">=": lambda left, right: _ordered(">=", left, right),
    "=~": _regex,
    "in": lambda left, right: isinstance(right, list) and _contains(right, left),
    "nin": lambda left, right: not (isinstance(right, list) and _contains(right, left)),
    "subsetof": lambda left, right: _lists(left, right) and all(_contains(right, item) for item in left),
    "anyof": lambda left, right: _lists(left, right) and any(_contains(right, item) for item in left),
    "noneof": lambda left, right: _lists(left, right) and not any(_contains(right, item) for item in left),
    "size": _size,
    "empty": _empty,
    "contains": _contains_operator,
}


def _compare(operator: str, left: Any, right: Any) -> bool:
    return _OPERATORS[operator](left, right)
