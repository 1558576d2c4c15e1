"""Build responses that a waiter acceptor matches, by inverting its JMESPath argument.

``candidates(acceptor)`` returns observations (response dicts, or
``ClientError`` instances to raise) meant to match one acceptor of a
``waiters-2.json`` spec. The inversion walks jmespath's AST and covers the
shapes botocore's waiters use (fields, subexpressions, projections,
flattens, indexes, ``length``, comparisons with literals, ``&&``, ``||``,
``!``); anything else yields no candidate. The caller checks each candidate
with botocore's own matcher, so a wrong guess costs coverage, not
correctness.
"""

from __future__ import annotations

from typing import Any

import jmespath
from botocore.exceptions import ClientError

_OTHER = "statewise-other-value"


def client_error(code: str, status: int = 400, message: str = "scripted error") -> ClientError:
    response: Any = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return ClientError(response, "ScriptedOperation")


def candidates(acceptor: dict[str, Any]) -> list[Any]:
    matcher, expected = acceptor["matcher"], acceptor["expected"]
    if matcher == "error":
        if expected is True:
            return [client_error("StatewiseAnyError")]
        if expected is False:
            return [{}, {"ResponseMetadata": {"HTTPStatusCode": 200}}]
        return [client_error(expected)]
    if matcher == "status":
        if expected >= 400:
            return [client_error(str(expected), status=expected), {"ResponseMetadata": {"HTTPStatusCode": expected}}]
        return [{"ResponseMetadata": {"HTTPStatusCode": expected}}]
    ast: Any = jmespath.compile(acceptor["argument"]).parsed
    targets = [expected] if matcher == "path" else [[expected], [expected, expected]]
    return [doc for target in targets for doc in _build(ast, target)]


def _build(node: dict[str, Any], target: Any) -> list[Any]:
    kind, children = node["type"], node.get("children", [])
    builder = _BUILDERS.get(kind)
    return [] if builder is None else builder(node, children, target)


def _field(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    return [{node["value"]: target}]


def _subexpression(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    docs = [target]
    for child in reversed(children):
        docs = [doc for inner in docs[:2] for doc in _build(child, inner)[:2]]
    return docs


def _identity(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    return [target]


def _projection(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    left, right = children
    if not isinstance(target, list):
        return []
    items = []
    for value in target:
        built = _build(right, value)
        if not built:
            return []
        items.append(built[0])
    return _build(left, items)


def _flatten(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    return _build(children[0], target) if isinstance(target, list) else []


def _value_projection(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    left, right = children
    if not isinstance(target, list):
        return []
    values = [(_build(right, v) or [None])[0] for v in target]
    return _build(left, {f"k{i}": v for i, v in enumerate(values)})


def _index_expression(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    left, index = children
    position = index.get("value", 0)
    inner = _build(index, target) if index["type"] != "index" else [target]
    if not inner:
        return []
    padding = [_OTHER] * (position if position >= 0 else -position - 1)
    items = [*padding, inner[0]] if position >= 0 else [inner[0], *padding]
    return _build(left, items)


def _length(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    if node["value"] != "length" or not isinstance(target, int) or isinstance(target, bool):
        return []
    return _build(children[0], [{}] * target)


def _comparator(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    lhs, rhs = children
    if rhs["type"] != "literal" or not isinstance(target, bool):
        return []
    literal, op = rhs["value"], node["value"]
    wanted = target if op in ("eq", "gt", "gte") else not target
    if op in ("eq", "ne"):
        value = literal if wanted else (_OTHER if not isinstance(literal, int) else literal + 1)
    elif op in ("gt", "gte"):
        value = literal + 1 if wanted else literal - 1
    else:
        value = literal - 1 if wanted else literal + 1
    return _build(lhs, value)


def _and(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    left, right = (_build(child, target) for child in children)
    if target is True:
        return [_merge(a, b) for a in left[:2] for b in right[:2]]
    return left + right


def _or(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    return [doc for child in children for doc in _build(child, target)]


def _not(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    return _build(children[0], not target) if isinstance(target, bool) else []


def _literal(node: dict[str, Any], children: list[Any], target: Any) -> list[Any]:
    return [{}] if node["value"] == target else []


def _merge(a: Any, b: Any) -> Any:
    if isinstance(a, dict) and isinstance(b, dict):
        merged = dict(a)
        for key, value in b.items():
            merged[key] = _merge(merged[key], value) if key in merged else value
        return merged
    return b


_BUILDERS = {
    "field": _field,
    "subexpression": _subexpression,
    "identity": _identity,
    "current": _identity,
    "projection": _projection,
    "flatten": _flatten,
    "value_projection": _value_projection,
    "index_expression": _index_expression,
    "function_expression": _length,
    "comparator": _comparator,
    "and_expression": _and,
    "or_expression": _or,
    "not_expression": _not,
    "literal": _literal,
}
