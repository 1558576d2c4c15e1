"""Payload templates: compiled once when a definition is parsed, evaluated per state.

Theory of operation: payload templates (``Parameters``, ``ResultSelector``,
``ItemSelector``) are compiled into a small tree of nodes: a literal subtree
(no ``.$`` key anywhere below) becomes one :class:`_Literal` and is returned
as is (values are never mutated, so sharing is safe); a ``"key.$"`` field
becomes a path or an intrinsic call, evaluated against the state's input,
the context object (``$$``) or a workflow variable, all read through an
:class:`~statewise.asl.env.Env`.

JSONata templates (``Arguments``, ``Output``, ``Assign`` and every other
field of a JSONata state) compile into the same tree: a string written
``"{% expression %}"`` becomes an :class:`_Expr` node, compiled once, and
``.$`` suffixes mean nothing. A result of *undefined* or a failed evaluation
raises :class:`~statewise.asl.faults.QueryFault`
(``States.QueryEvaluationError``) naming the field. Syntax errors in either
language are problems with JSON pointers, collected while compiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from statewise.asl.encoding import compact_json, json_type
from statewise.asl.env import Env
from statewise.asl.faults import QueryFault, RuntimeFault, path_fault
from statewise.asl.intrinsics import Intrinsic, compile_intrinsic, is_intrinsic
from statewise.asl.jsonata import (
    UNDEFINED,
    JsonataEvaluationError,
    JsonataExpression,
    JsonataSyntaxError,
    compile_jsonata,
    is_jsonata_template,
    template_expression,
)
from statewise.asl.paths import JsonPath, PathNotFoundError, PathSyntaxError, compile_path
from statewise.asl.pointer import join_pointer
from statewise.base_errors import Problem, StatesError

__all__ = [
    "Template",
    "compile_dynamic",
    "compile_jsonata_value",
    "compile_template",
    "evaluate_expression",
    "unexpected_type",
]


@dataclass(frozen=True, slots=True)
class _Literal:
    value: Any


@dataclass(frozen=True, slots=True)
class _Path:
    field: str
    path: JsonPath


@dataclass(frozen=True, slots=True)
class _Call:
    field: str
    call: Intrinsic


@dataclass(frozen=True, slots=True)
class _Object:
    entries: tuple[tuple[str, _Node], ...]


@dataclass(frozen=True, slots=True)
class _Array:
    items: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Expr:
    field: str
    expression: JsonataExpression


_Node = _Literal | _Path | _Call | _Expr | _Object | _Array


@dataclass(frozen=True, slots=True)
class Template:
    """A compiled payload template (``Parameters``, ``ResultSelector``, ``ItemSelector``)."""

    pointer: str
    root: _Node

    @classmethod
    def constant(cls, pointer: str, value: Any) -> Template:
        """A template that always gives ``value``."""
        return cls(pointer, _Literal(value))

    @property
    def text(self) -> str:
        """The path or intrinsic of a single-field template (``SecondsPath``'s value ...)."""
        match self.root:
            case _Path(_, path):
                return path.text
            case _Call(field, _):
                return field
            case _Expr(_, expression):
                return expression.source
        return ""

    def keys(self) -> list[str]:
        """The top-level keys of an object template (``Assign``'s variable names), ``.$`` removed."""
        match self.root:
            case _Literal(dict() as value):
                return list(value)
            case _Object(entries):
                return [key for key, _ in entries]
        return []

    def paths(self) -> list[JsonPath | Intrinsic]:
        """Every path and intrinsic call in the template."""
        return list(_paths(self.root))

    def evaluate(self, data: Any, env: Env) -> Any:
        return _evaluate(self.root, data, env)


def compile_template(
    doc: Any, pointer: str, problems: list[Problem], *, jsonata: bool = False, field: str = ""
) -> Template:
    """Compile ``doc``; syntax problems are appended to ``problems`` with their pointers.

    ``jsonata`` compiles a JSONata state's field (``field`` names it in runtime errors).
    """
    if jsonata:
        return Template(pointer, _compile_jsonata(doc, pointer, field, problems))
    return Template(pointer, _compile(doc, pointer, problems))


def compile_jsonata_value(doc: Any, pointer: str, field: str, problems: list[Problem]) -> Template | None:
    """A JSONata state's single-valued field: a template if written ``{% ... %}``, else None (a literal)."""
    if not is_jsonata_template(doc):
        return None
    return Template(pointer, _compile_jsonata(doc, pointer, field, problems))


def _compile_jsonata(doc: Any, pointer: str, field: str, problems: list[Problem]) -> _Node:
    if isinstance(doc, dict):
        entries = tuple(
            (key, _compile_jsonata(value, join_pointer(pointer, key), f"{field}/{key}", problems))
            for key, value in doc.items()
        )
        return _Literal(doc) if all(isinstance(node, _Literal) for _, node in entries) else _Object(entries)
    if isinstance(doc, list):
        items = tuple(_compile_jsonata(item, f"{pointer}/{i}", f"{field}/{i}", problems) for i, item in enumerate(doc))
        return _Literal(doc) if all(isinstance(node, _Literal) for node in items) else _Array(items)
    if is_jsonata_template(doc):
        try:
            return _Expr(field, compile_jsonata(template_expression(doc)))
        except JsonataSyntaxError as exc:
            where = "" if exc.position is None else f" at position {exc.position}"
            label = f" [{exc.code}]" if exc.code else ""
            problems.append(
                Problem(
                    pointer, "bad-jsonata", f"'{field}' holds an invalid JSONata expression{where}: {exc.detail}{label}"
                )
            )
    return _Literal(doc)


def _paths(node: _Node) -> Any:
    match node:
        case _Path(_, path):
            yield path
        case _Call(_, call):
            yield call
        case _Object(entries):
            for _, child in entries:
                yield from _paths(child)
        case _Array(items):
            for child in items:
                yield from _paths(child)


def _compile(doc: Any, pointer: str, problems: list[Problem]) -> _Node:
    if isinstance(doc, dict):
        entries: list[tuple[str, _Node]] = []
        for key, value in doc.items():
            where = join_pointer(pointer, key)
            if key.endswith(".$"):
                entries.append((key[:-2], _compile_dynamic(key, value, where, problems)))
            else:
                entries.append((key, _compile(value, where, problems)))
        if all(isinstance(node, _Literal) for _, node in entries):
            return _Literal(doc)
        return _Object(tuple(entries))
    if isinstance(doc, list):
        items = tuple(_compile(item, f"{pointer}/{i}", problems) for i, item in enumerate(doc))
        if all(isinstance(node, _Literal) for node in items):
            return _Literal(doc)
        return _Array(items)
    return _Literal(doc)


def _compile_dynamic(key: str, value: Any, pointer: str, problems: list[Problem]) -> _Node:
    if not isinstance(value, str):
        problems.append(
            Problem(
                pointer, "bad-dynamic-value", f"the value of {key!r} must be a path or an intrinsic function string"
            )
        )
        return _Literal(value)
    try:
        if is_intrinsic(value):
            return _Call(key, compile_intrinsic(value))
        return _Path(key, compile_path(value))
    except (PathSyntaxError, StatesError, ValueError) as exc:
        problems.append(Problem(pointer, "bad-path", f"{key!r} is not a valid path or intrinsic function: {exc}"))
        return _Literal(value)


def compile_dynamic(field: str, text: str, pointer: str, problems: list[Problem]) -> Template:
    """A template for one path or intrinsic given as a field (``ErrorPath``, ``SecondsPath`` ...)."""
    return Template(pointer, _compile_dynamic(field, text, pointer, problems))


def _evaluate(node: _Node, data: Any, env: Env) -> Any:
    match node:
        case _Literal(value):
            return value
        case _Object(entries):
            return {key: _evaluate(child, data, env) for key, child in entries}
        case _Array(items):
            return [_evaluate(child, data, env) for child in items]
        case _Path(field, path):
            try:
                return path.evaluate(data, context=env.context, variables=env.variables)
            except PathNotFoundError as exc:
                raise path_fault(exc, field) from None
        case _Call(field, call):
            try:
                return call.evaluate(data, context=env.context, variables=env.variables, rng=env.rng)
            except PathNotFoundError as exc:  # an argument's path
                raise path_fault(exc, field) from None
            except RuntimeFault:
                raise
            except StatesError as exc:  # bad arguments: States.Runtime, reported in the state as AWS does
                raise RuntimeFault(exc.cause or exc.error) from None
        case _Expr(field, expression):
            return evaluate_expression(expression, field, env)
    raise AssertionError(node)  # pragma: no cover - the match is exhaustive


def evaluate_expression(expression: JsonataExpression, field: str, env: Env) -> Any:
    """The value of one JSONata expression of ``field``; QueryFault when it fails or is undefined."""
    try:
        value = expression.evaluate(bindings=env.bindings(), rng=env.rng)
    except JsonataEvaluationError as exc:
        label = f"{exc.code}: " if exc.code else ""
        raise QueryFault(
            f"The JSONata expression '{expression.source}' specified for the field '{field}' "
            f"threw an error during evaluation. {label}{exc.detail}",
            field,
        ) from None
    if value is UNDEFINED:
        raise QueryFault(
            f"The JSONata expression '{expression.source}' specified for the field '{field}' "
            "returned nothing (undefined).",
            field,
        )
    return value


def unexpected_type(template: Template, field: str, expected: str, value: Any) -> QueryFault:
    """The fault for a JSONata field whose value has the wrong type, worded as AWS words it."""
    return QueryFault(
        f"The JSONata expression '{template.text}' specified for the field '{field}' returned an unexpected "
        f"result type. Expected '{expected}', but was '{json_type(value)}' for value: {compact_json(value)}",
        field,
    )
