"""Input and output processing: payload templates and the path fields.

Theory of operation: a state's data flows
``InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath -> OutputPath``.
Payload templates (``Parameters``, ``ResultSelector``, ``ItemSelector``) are
compiled once, when the definition is parsed, into a small tree of nodes: a
literal subtree (no ``.$`` key anywhere below) becomes one :class:`_Literal`
and is returned as is (values are never mutated, so sharing is safe); a
``"key.$"`` field becomes a path or an intrinsic call, evaluated against the
state's input, the context object (``$$``) or a workflow variable.

JSONata templates (``Arguments``, ``Output``, ``Assign`` and every other
field of a JSONata state) compile into the same tree: a string written
``"{% expression %}"`` becomes an :class:`_Expr` node, compiled once, and
``.$`` suffixes mean nothing. An expression is evaluated with no input
document and with ``$states`` and the variables bound (:meth:`Env.bindings`,
built once per :class:`Env`). A result of *undefined* or a failed evaluation
raises :class:`QueryFault` (``States.QueryEvaluationError``) naming the field.

What a template reads besides the state data travels in one :class:`Env`:
the context object, the variables in scope, the execution's random
generator and, in JSONata states, the ``$states`` object.

Null semantics, as AWS defines them: ``InputPath: null`` gives the state
``{}``; ``OutputPath: null`` emits ``{}``; ``ResultPath: null`` discards the
result and passes the input on. A path that selects nothing, wherever it
stands (a field, an intrinsic's argument, ``InputPath`` ...), becomes a
:class:`RuntimeFault` in one place, :func:`path_fault`, which words it as AWS
does; the engine reports it as ``States.Runtime``.

:func:`compact_json` is the one JSON encoder (the C encoder, built once). It
writes ``decimal.Decimal`` (boto3's DynamoDB numbers) as JSON numbers and
refuses ``NaN`` and the infinities, which JSON, and so AWS, has no way to hold.
"""

from __future__ import annotations

import json
import json.encoder
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from statewise.asl.intrinsics import Intrinsic, compile_intrinsic, is_intrinsic
from statewise.asl.jsonata import (
    QUERY_EVALUATION_ERROR,
    UNDEFINED,
    Bindings,
    JsonataEvaluationError,
    JsonataExpression,
    JsonataSyntaxError,
    bind,
    compile_jsonata,
    is_jsonata_template,
    template_expression,
)
from statewise.asl.paths import (
    JsonPath,
    PathAssignError,
    PathNotFoundError,
    PathSyntaxError,
    compile_path,
)
from statewise.asl.pointer import join_pointer
from statewise.errors import Problem, StatesError

__all__ = [
    "Env",
    "QueryFault",
    "RuntimeFault",
    "Template",
    "apply_input_path",
    "apply_output_path",
    "apply_result_path",
    "compact_json",
    "compile_dynamic",
    "compile_jsonata_value",
    "compile_template",
    "evaluate_expression",
    "json_type",
    "path_fault",
    "select_path",
    "unexpected_type",
]




class RuntimeFault(StatesError):
    """A ``States.Runtime`` failure; the engine prefixes the state and event id."""

    def __init__(self, message: str):
        super().__init__("States.Runtime", message)


class QueryFault(StatesError):
    """``States.QueryEvaluationError``: a JSONata expression failed or gave an unusable value.

    ``location`` names the field (``Output/result``, ``Items``); the engine
    records ``EvaluationFailed`` and prefixes the cause with the state.
    """

    def __init__(self, message: str, location: str):
        super().__init__(QUERY_EVALUATION_ERROR, message)
        self.location = location


@dataclass(slots=True)
class Env:
    """What a template reads besides the state data: ``$$``, variables, ``$states``, the random generator."""

    context: Any = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    states: dict[str, Any] | None = None
    _bound: Bindings | None = None

    def bindings(self) -> Bindings:
        """The JSONata bindings (variables and ``$states``), built on first use."""
        if self._bound is None:
            self._bound = bind({**self.variables, "states": self.states})
        return self._bound

    def with_states(self, **entries: Any) -> Env:
        """A copy whose ``$states`` also holds ``entries`` (``result=...``, ``errorOutput=...``)."""
        return Env(self.context, self.variables, self.rng, {**(self.states or {}), **entries})


def _json_default(value: Any) -> Any:
    """A JSON number for a Decimal; anything else that is not JSON is refused.

    An integral Decimal becomes an int, exact at any size. Any other becomes the nearest
    float, which is what reading its exact text back gives (the engine re-reads task results
    as JSON, and AWS reads JSON numbers into doubles): exact for up to 15 significant digits,
    which covers money and DynamoDB values written from Python floats.
    """
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)  # NaN and the infinities are then refused like float ones
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# the C encoder json.dumps builds on every call, built once (no circular check: ASL values are trees;
# allow_nan off: NaN and the infinities raise ValueError, as JSON has no such numbers)
_C_ENCODE: Callable[[Any, int], Any] | None = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_PY_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default).encode
if _C_ENCODE is not None:
    _C_ENCODE = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _json_default, json.encoder.encode_basestring, None, ":", ",", False, False, False
    )


def compact_json(value: Any) -> str:
    """JSON as Step Functions prints it: compact, non-ASCII kept.

    Raises TypeError for a value JSON cannot hold and ValueError for NaN or an infinity.
    """
    if _C_ENCODE is None:  # pragma: no cover - interpreters without the C accelerator
        return _PY_ENCODE(value)
    return "".join(_C_ENCODE(value, 0))


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


_JSON_TYPES: Final = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"), (list, "array"))


def json_type(value: Any) -> str:
    """The JSON type name of ``value``: boolean, number, string, array, object or null."""
    if value is None:
        return "null"
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "object")


def unexpected_type(template: Template, field: str, expected: str, value: Any) -> QueryFault:
    """The fault for a JSONata field whose value has the wrong type, worded as AWS words it."""
    return QueryFault(
        f"The JSONata expression '{template.text}' specified for the field '{field}' returned an unexpected "
        f"result type. Expected '{expected}', but was '{json_type(value)}' for value: {compact_json(value)}",
        field,
    )


def path_fault(exc: PathNotFoundError, field: str | None = None) -> RuntimeFault:
    """The ``States.Runtime`` fault for a path that selected nothing, worded as AWS words it.

    In a field (``"x.$"``, ``ErrorPath``, an intrinsic's argument in one) a path on the input or
    the context object gets "could not be found in the input"; otherwise (``InputPath``,
    ``ItemsPath``, a variable) Jayway's "Invalid path" reason.
    """
    root = compile_path(exc.text).root  # cached: the path compiled when the definition was parsed
    if field is None or root not in ("$", "$$"):
        return RuntimeFault(f"Invalid path '{exc.text}' : {exc.reason}")
    return RuntimeFault(
        f"The JSONPath '{exc.text}' specified for the field '{field}' "
        f"could not be found in the input '{compact_json(exc.data)}'"
    )


def select_path(path: JsonPath | None, data: Any, env: Env | None) -> Any:
    """What ``path`` selects (``null`` gives ``{}``); a missing definite path is a ``States.Runtime`` fault."""
    if path is None:
        return {}
    if path.text == "$":
        return data
    try:
        if env is None:
            return path.evaluate(data)
        return path.evaluate(data, context=env.context, variables=env.variables)
    except PathNotFoundError as exc:
        raise path_fault(exc) from None


def apply_input_path(path: JsonPath | None, data: Any, env: Env | None = None) -> Any:
    """The effective input: ``InputPath`` applied (``null`` gives ``{}``)."""
    return select_path(path, data, env)


def apply_output_path(path: JsonPath | None, data: Any, env: Env | None = None) -> Any:
    """The state's output: ``OutputPath`` applied (``null`` gives ``{}``)."""
    return select_path(path, data, env)


def apply_result_path(path: JsonPath | None, state_input: Any, result: Any) -> Any:
    """Combine the raw state input and the result as ``ResultPath`` says."""
    if path is None:
        return state_input
    if path.text == "$":
        return result
    try:
        return path.assign(state_input, result)
    except PathAssignError:
        raise StatesError(
            "States.ResultPathMatchFailure",
            f'Unable to apply ResultPath "{path.text}" to input "{compact_json(state_input)}"',
        ) from None
