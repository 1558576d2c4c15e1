"""botocore's JMESPath expressions in the two languages ASL speaks: JSONPath reference paths and JSONata.

Theory of operation: both translators walk jmespath's AST (imported when a
loop is built) next to the operation's output shape from botocore's model, so
each member is spelt as Step Functions returns it (``DbInstances``), while map
keys and anything the model does not describe keep their names.

* :func:`reference_path` accepts what a JSONPath *reference path* can say:
  fields and indexes (``Jobs[-1].JobId``). Anything else raises a
  :class:`PatternError` that names JSONata as the way out.
* :func:`jsonata` translates fields, indexes, projections (``a[].b``, kept
  as arrays with JSONata's ``[]``), filters, pipes, comparisons, ``&&``, ``||``
  and ``!`` with JMESPath's value semantics (``a || b`` is ``a`` when truthy,
  else ``b``) and ``length``/``contains``, each row of ``_NODES``/``_FUNCTIONS``.
  JMESPath's ``null`` is JSONata's *undefined*: ``==``/``!=`` read a missing
  value as ``null`` (``null != "x"`` is true in both), ordering compares
  numbers only, and ``length`` of a missing value is undefined (JMESPath
  raises, which botocore's waiters count as no match).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from statewise.base_errors import PatternError
from statewise.patterns.naming import member
from statewise.specs.expressions import Expr

__all__ = ["jsonata", "reference_path"]

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS: Final = frozenset({"and", "or", "in", "true", "false", "null", "function"})
_COMPARATORS: Final = {"eq": "=", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

Shape = Any  # a botocore Shape, or None where the model says nothing


def _parse(expr: Expr) -> dict[str, Any]:
    import jmespath  # noqa: PLC0415 - only when a loop is built

    parsed: Any = jmespath.compile(expr.source).parsed
    return dict(parsed)


def _field(name: str, shape: Shape) -> tuple[str, Shape]:
    """A field of ``shape``: its spelling in Step Functions' results and its own shape."""
    kind = getattr(shape, "type_name", None)
    if kind == "structure" and name in shape.members:
        return member(name), shape.members[name]
    if kind == "map":
        return name, shape.value
    return name, None


def reference_path(expr: Expr, root: str, shape: Shape, *, spec: str, key: str) -> str:
    """``expr`` as a JSONPath reference path under ``root`` (``$.Page``), or a :class:`PatternError`."""

    def walk(node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
        kind, children = node["type"], node.get("children", [])
        if kind == "field":
            name, inner = _field(node["value"], shape)
            if _IDENTIFIER.fullmatch(name) is None:
                return f"{base}['{name}']", inner
            return f"{base}.{name}", inner
        if kind == "subexpression":
            text, inner = base, shape
            for child in children:
                text, inner = walk(child, text, inner)
            return text, inner
        if kind == "index_expression" and children[1]["type"] == "index":
            text, inner = walk(children[0], base, shape)
            return f"{text}[{children[1]['value']}]", getattr(inner, "member", None)
        raise PatternError(
            f"{expr.source!r} is not a path of fields and indexes, so JSONPath cannot read it; "
            "use query_language='JSONata'",
            spec=spec,
            key=key,
        )

    return walk(_parse(expr), root, shape)[0]


def jsonata(expr: Expr, root: str, shape: Shape, *, spec: str, key: str) -> str:
    """``expr`` as a JSONata expression over ``root`` (``$page``, ``$states.result``), or a :class:`PatternError`."""
    return f"({_Jsonata(expr, spec, key).walk(_parse(expr), root, shape)[0]})"


class _Jsonata:
    """One translation; ``base`` is the JSONata text of the context ("" inside a filter: the item)."""

    def __init__(self, expr: Expr, spec: str, key: str) -> None:
        self.expr, self.spec, self.key = expr, spec, key
        self.variables = 0

    def walk(self, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
        handler = _NODES.get(node["type"])
        if handler is None:
            raise self.unsupported(f"JMESPath's {node['type'].replace('_', ' ')}")
        return handler(self, node, base, shape)

    def unsupported(self, what: str) -> PatternError:
        return PatternError(
            f"{what} in {self.expr.source!r} has no JSONata translation here", spec=self.spec, key=self.key
        )

    def fresh(self) -> str:
        self.variables += 1
        return f"$v{self.variables}"

    def value(self, node: dict[str, Any], base: str, shape: Shape) -> str:
        """A sub-expression's text, parenthesised so it stands alone."""
        return f"({self.walk(node, base, shape)[0]})"


def _join(base: str, step: str) -> str:
    return step if not base else f"{base}.{step}"


def _node_field(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    name, inner = _field(node["value"], shape)
    quoted = name if _IDENTIFIER.fullmatch(name) and name not in _KEYWORDS else f"`{name}`"
    return _join(base, quoted), inner


def _node_subexpression(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    text, inner = base, shape
    for child in node["children"]:
        text, inner = tx.walk(child, text, inner)
    return text, inner


def _node_current(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    return base or "$", shape


def _node_index(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, index = node["children"]
    if index["type"] != "index":
        raise tx.unsupported("a slice")
    text, inner = tx.walk(left, base, shape)
    return f"{text}[{index['value']}]", getattr(inner, "member", None)


def _node_flatten(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    # JSONata flattens as it maps a path over arrays; the projection around keeps the result an array
    return tx.walk(node["children"][0], base, shape)


def _node_projection(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, right = node["children"]
    text, inner = tx.walk(left, base, shape)
    item = getattr(inner, "member", None)
    if right["type"] in ("identity", "current"):
        return f"{text}[]", item
    mapped, shape_out = tx.walk(right, text, item)
    return f"{mapped}[]", shape_out


def _node_filter(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, right, condition = node["children"]
    text, inner = tx.walk(left, base, shape)
    item = getattr(inner, "member", None)
    kept = f"{text}[{tx.walk(condition, '', item)[0]}]"
    if right["type"] in ("identity", "current"):
        return f"{kept}[]", item
    mapped, shape_out = tx.walk(right, kept, item)
    return f"{mapped}[]", shape_out


def _node_pipe(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, right = node["children"]
    text, inner = tx.walk(left, base, shape)
    return tx.walk(right, f"({text})", inner)


def _node_literal(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    return json.dumps(node["value"]), None


def _node_comparator(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, right = (tx.value(child, base, shape) for child in node["children"])
    operator = _COMPARATORS[node["value"]]
    if operator in ("=", "!="):  # JMESPath's null is JSONata's undefined, which equals nothing
        return f"($exists({left}) ? {left} : null) {operator} ($exists({right}) ? {right} : null)", None
    # JMESPath orders numbers only (anything else gives null); JSONata would raise
    return f"$type({left}) = 'number' and $type({right}) = 'number' ? {left} {operator} {right}", None


def _node_or(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, right = (tx.value(child, base, shape) for child in node["children"])
    return f"{left} ? {left} : {right}", None  # JMESPath's: the left value when truthy, else the right


def _node_and(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    left, right = (tx.value(child, base, shape) for child in node["children"])
    return f"{left} ? {right} : {left}", None


def _node_not(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    return f"{tx.value(node['children'][0], base, shape)} ? false : true", None


def _length(tx: _Jsonata, args: list[str]) -> str:
    v = tx.fresh()  # JMESPath's length() of anything else raises: undefined here, which matches nothing
    return (
        f"{v} := {args[0]}; $type({v}) = 'string' ? $length({v}) : "
        f"($type({v}) = 'array' ? $count({v}) : ($type({v}) = 'object' ? $count($keys({v}))))"
    )


def _contains(tx: _Jsonata, args: list[str]) -> str:
    v = tx.fresh()
    return f"{v} := {args[0]}; $type({v}) = 'string' ? $contains({v}, {args[1]}) : {args[1]} in {v}"


_FUNCTIONS: Final[dict[str, tuple[int, Callable[[_Jsonata, list[str]], str]]]] = {
    "length": (1, _length),
    "contains": (2, _contains),
}


def _node_function(tx: _Jsonata, node: dict[str, Any], base: str, shape: Shape) -> tuple[str, Shape]:
    row = _FUNCTIONS.get(node["value"])
    if row is None or len(node["children"]) != row[0]:
        raise tx.unsupported(f"the function {node['value']}()")
    args = [tx.value(child, base, shape) for child in node["children"]]
    return row[1](tx, args), None


_NODES: Final[dict[str, Callable[[_Jsonata, dict[str, Any], str, Shape], tuple[str, Shape]]]] = {
    "field": _node_field,
    "subexpression": _node_subexpression,
    "identity": _node_current,
    "current": _node_current,
    "index_expression": _node_index,
    "flatten": _node_flatten,
    "projection": _node_projection,
    "filter_projection": _node_filter,
    "pipe": _node_pipe,
    "literal": _node_literal,
    "comparator": _node_comparator,
    "or_expression": _node_or,
    "and_expression": _node_and,
    "not_expression": _node_not,
    "function_expression": _node_function,
}
