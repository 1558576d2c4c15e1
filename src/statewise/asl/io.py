"""Input and output processing: payload templates and the path fields.

Theory of operation: a state's data flows
``InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath -> OutputPath``.
Payload templates (``Parameters``, ``ResultSelector``, ``ItemSelector``) are
compiled once, when the definition is parsed, into a small tree of nodes: a
literal subtree (no ``.$`` key anywhere below) becomes one :class:`_Literal`
and is returned as is (values are never mutated, so sharing is safe); a
``"key.$"`` field becomes a path or an intrinsic call, evaluated against the
state's input, the context object (``$$``) or, later, variables.

Null semantics, as AWS defines them: ``InputPath: null`` gives the state
``{}``; ``OutputPath: null`` emits ``{}``; ``ResultPath: null`` discards the
result and passes the input on. A missing path raises :class:`RuntimeFault`,
which the engine reports as ``States.Runtime`` with AWS's wording.
"""

from __future__ import annotations

import json
import json.encoder
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from statewise.asl.intrinsics import Intrinsic, compile_intrinsic, is_intrinsic
from statewise.asl.model import join_pointer
from statewise.asl.paths import (
    JsonPath,
    PathAssignError,
    PathNotFoundError,
    PathSyntaxError,
    compile_path,
)
from statewise.errors import Problem, StatesError

__all__ = [
    "RuntimeFault",
    "Template",
    "apply_input_path",
    "apply_output_path",
    "apply_result_path",
    "compact_json",
    "compile_dynamic",
    "compile_template",
]


class RuntimeFault(StatesError):
    """A ``States.Runtime`` failure; the engine prefixes the state and event id."""

    def __init__(self, message: str):
        super().__init__("States.Runtime", message)


def _not_json(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# the C encoder json.dumps builds on every call, built once (no circular check: ASL values are trees)
_C_ENCODE: Callable[[Any, int], Any] | None = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_PY_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
if _C_ENCODE is not None:
    _C_ENCODE = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _not_json, json.encoder.encode_basestring, None, ":", ",", False, False, True
    )


def compact_json(value: Any) -> str:
    """JSON as Step Functions prints it: compact, non-ASCII kept."""
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


_Node = _Literal | _Path | _Call | _Object | _Array


@dataclass(frozen=True, slots=True)
class Template:
    """A compiled payload template (``Parameters``, ``ResultSelector``, ``ItemSelector``)."""

    pointer: str
    root: _Node

    @property
    def text(self) -> str:
        """The path or intrinsic of a single-field template (``SecondsPath``'s value ...)."""
        match self.root:
            case _Path(_, path):
                return path.text
            case _Call(field, _):
                return field
        return ""

    def evaluate(
        self,
        data: Any,
        *,
        context: Any = None,
        variables: Any = None,
        rng: random.Random | None = None,
    ) -> Any:
        return _evaluate(self.root, data, context, variables, rng or random.Random())


def compile_template(doc: Any, pointer: str, problems: list[Problem]) -> Template:
    """Compile ``doc``; syntax problems are appended to ``problems`` with their pointers."""
    return Template(pointer, _compile(doc, pointer, problems))


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


def _evaluate(node: _Node, data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
    match node:
        case _Literal(value):
            return value
        case _Object(entries):
            return {key: _evaluate(child, data, context, variables, rng) for key, child in entries}
        case _Array(items):
            return [_evaluate(child, data, context, variables, rng) for child in items]
        case _Path(field, path):
            try:
                return path.evaluate(data, context=context, variables=variables)
            except PathNotFoundError:
                source = context if path.root == "$$" else data
                raise RuntimeFault(
                    f"The JSONPath '{path.text}' specified for the field '{field}' "
                    f"could not be found in the input '{compact_json(source)}'"
                ) from None
        case _Call(_, call):
            return call.evaluate(data, context=context, variables=variables, rng=rng)
    raise AssertionError(node)  # pragma: no cover - the match is exhaustive


def _select(path: JsonPath | None, data: Any, context: Any) -> Any:
    if path is None:
        return {}
    if path.text == "$":
        return data
    try:
        return path.evaluate(data, context=context)
    except PathNotFoundError as exc:
        raise RuntimeFault(f"Invalid path '{path.text}' : {exc.reason}") from None


def apply_input_path(path: JsonPath | None, data: Any, context: Any = None) -> Any:
    """The effective input: ``InputPath`` applied (``null`` gives ``{}``)."""
    return _select(path, data, context)


def apply_output_path(path: JsonPath | None, data: Any, context: Any = None) -> Any:
    """The state's output: ``OutputPath`` applied (``null`` gives ``{}``)."""
    return _select(path, data, context)


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
