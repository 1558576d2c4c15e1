"""Choice rules: compile once, evaluate per input.

Theory of operation: a rule is a comparison (``Variable`` + one operator) or
a boolean combination (``And``/``Or``/``Not``). Comparison operators are a
table, :data:`OPERATORS`: each name maps to the type test the variable must
pass (a variable of the wrong type never matches, as AWS does), the type the
literal operand must have (checked when the definition is parsed), and the
comparison itself. A ``...Path`` operator takes its operand from a path at
run time. ``Is*`` operators test presence and type. Timestamps follow
RFC 3339 as the spec demands (uppercase ``T``; ``Z`` or a numeric offset;
optional fraction of any length) and are compared as instants.

A missing ``Variable`` makes every operator but ``IsPresent`` fail the state
with ``States.Runtime``, as AWS does.

In a JSONata Choice state a rule is a :class:`Condition`: ``true``/``false``
or a ``{% ... %}`` expression that must evaluate to a boolean (anything
else is ``States.QueryEvaluationError``). Paths and expressions read the
state input, the context object and the variables through one
:class:`~statewise.asl.env.Env`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from statewise.asl.env import Env
from statewise.asl.faults import RuntimeFault
from statewise.asl.fields import check_fields
from statewise.asl.paths import JsonPath, PathNotFoundError, PathSyntaxError, compile_path
from statewise.asl.source import type_problem
from statewise.asl.templates import Template, compile_jsonata_value, unexpected_type
from statewise.base_errors import Problem

__all__ = [
    "OPERATORS",
    "And",
    "Comparison",
    "Condition",
    "Not",
    "Or",
    "Rule",
    "compile_rule",
    "evaluate",
    "parse_timestamp",
]

_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})\Z")


def parse_timestamp(text: Any) -> datetime | None:
    """An RFC 3339 timestamp as an aware datetime, or None if ``text`` is not one."""
    if not isinstance(text, str):
        return None
    match = _TIMESTAMP.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone == "Z":
        tz: timezone = UTC
    else:
        sign = -1 if zone[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz)
    except ValueError:
        return None


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_timestamp(value: Any) -> bool:
    return parse_timestamp(value) is not None


def _wildcard(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "*" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.DOTALL)


def _matches(variable: str, pattern: str) -> bool:
    return _wildcard(pattern).fullmatch(variable) is not None


def _timestamps(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def test(variable: Any, value: Any) -> bool:
        left, right = parse_timestamp(variable), parse_timestamp(value)
        return left is not None and right is not None and compare(left, right)

    return test


@dataclass(frozen=True, slots=True)
class Operator:
    """One comparison operator: variable type test, operand type test, comparison."""

    accepts: Callable[[Any], bool]
    operand: Callable[[Any], bool]
    operand_kind: str
    compare: Callable[[Any, Any], bool]


_ORDER: Final = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEquals": operator.le,
    "GreaterThanEquals": operator.ge,
}

OPERATORS: Final[dict[str, Operator]] = {
    **{f"String{n}": Operator(_is_string, _is_string, "a string", f) for n, f in _ORDER.items()},
    **{f"Numeric{n}": Operator(_is_number, _is_number, "a number", f) for n, f in _ORDER.items()},
    **{
        f"Timestamp{n}": Operator(_is_string, _is_timestamp, "an RFC 3339 timestamp", _timestamps(f))
        for n, f in _ORDER.items()
    },
    "BooleanEquals": Operator(_is_bool, _is_bool, "a boolean", operator.eq),
    "StringMatches": Operator(_is_string, _is_string, "a string", _matches),
}
"""Comparison operator name -> behaviour; each also has a ``...Path`` form."""

_TYPE_TESTS: Final[dict[str, Callable[[Any], bool]]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": _is_number,
    "IsString": _is_string,
    "IsBoolean": _is_bool,
    "IsTimestamp": _is_timestamp,
}

_MISSING: Final = object()


@dataclass(frozen=True, slots=True)
class Comparison:
    """``Variable`` compared by ``name`` with ``value`` (or the value at ``value_path``)."""

    pointer: str
    variable: JsonPath
    name: str
    value: Any = None
    value_path: JsonPath | None = None


@dataclass(frozen=True, slots=True)
class And:
    pointer: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Or:
    pointer: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Not:
    pointer: str
    rule: Rule


@dataclass(frozen=True, slots=True)
class Condition:
    """A JSONata rule: ``true``, ``false`` or an expression giving a boolean."""

    pointer: str
    condition: Template


Rule = Comparison | And | Or | Not | Condition

_RULE_FIELDS: Final = frozenset({"Variable", "Next", "Comment", "And", "Or", "Not", "Assign"})
_JSONATA_RULE_FIELDS: Final = frozenset({"Condition", "Next", "Comment", "Output", "Assign"})
_JSONATA_ONLY: Final = frozenset({"Condition", "Output"})


def compile_rule(doc: Any, pointer: str, problems: list[Problem], *, top: bool, jsonata: bool = False) -> Rule | None:
    """Compile one choice rule; problems go to ``problems``, the result is None if unusable."""
    if not isinstance(doc, dict):
        problems.append(Problem(pointer, "bad-type", "a choice rule must be an object"))
        return None
    if jsonata:
        return _compile_condition(doc, pointer, problems)
    if not top and "Next" in doc:
        problems.append(Problem(f"{pointer}/Next", "nested-next", "a nested choice rule must not have 'Next'"))
    misplaced = [key for key in doc if key in _JSONATA_ONLY]
    check_fields(misplaced, frozenset(), pointer, problems, jsonata=False)
    combinators = [key for key in ("And", "Or", "Not") if key in doc]
    operators = [key for key in doc if key not in _RULE_FIELDS and key not in _JSONATA_ONLY]
    if len(combinators) + bool(operators) != 1 or len(operators) > 1:
        found = ", ".join(combinators + operators) or "none"
        problems.append(
            Problem(
                pointer,
                "bad-rule",
                f"a choice rule needs exactly one of And, Or, Not or a comparison operator; found {found}",
            )
        )
        return None
    if combinators:
        return _compile_combinator(combinators[0], doc, pointer, problems)
    return _compile_comparison(operators[0], doc, pointer, problems)


def _compile_combinator(key: str, doc: dict[str, Any], pointer: str, problems: list[Problem]) -> Rule | None:
    where = f"{pointer}/{key}"
    if key == "Not":
        inner = compile_rule(doc["Not"], where, problems, top=False)
        return None if inner is None else Not(pointer, inner)
    items = doc[key]
    if not isinstance(items, list) or not items:
        problems.append(Problem(where, "bad-type", f"'{key}' must be a non-empty array of choice rules"))
        return None
    rules = [compile_rule(item, f"{where}/{i}", problems, top=False) for i, item in enumerate(items)]
    if any(rule is None for rule in rules):
        return None
    kept = tuple(rule for rule in rules if rule is not None)
    return And(pointer, kept) if key == "And" else Or(pointer, kept)


def _path(text: Any, pointer: str, problems: list[Problem]) -> JsonPath | None:
    if not isinstance(text, str):
        problems.append(Problem(pointer, "bad-type", "a path must be a string"))
        return None
    try:
        return compile_path(text)
    except PathSyntaxError as exc:
        problems.append(Problem(pointer, "bad-path", f"invalid path {text!r}: {exc}"))
        return None


def _compile_comparison(name: str, doc: dict[str, Any], pointer: str, problems: list[Problem]) -> Rule | None:
    where = f"{pointer}/{name}"
    if "Variable" not in doc:
        problems.append(Problem(pointer, "missing-field", f"a comparison with '{name}' needs 'Variable'"))
        return None
    variable = _path(doc["Variable"], f"{pointer}/Variable", problems)
    value = doc[name]
    if name == "IsPresent" or name in _TYPE_TESTS:
        if not isinstance(value, bool):
            problems.append(type_problem(where, name, "true or false", value))
            return None
        return None if variable is None else Comparison(pointer, variable, name, value)
    base = name.removesuffix("Path")
    if base not in OPERATORS:
        problems.append(Problem(where, "unknown-operator", f"unknown choice operator '{name}'"))
        return None
    if name.endswith("Path") and name != base:
        value_path = _path(value, where, problems)
        if variable is None or value_path is None:
            return None
        return Comparison(pointer, variable, base, value_path=value_path)
    spec = OPERATORS[base]
    if not spec.operand(value):
        problems.append(type_problem(where, name, spec.operand_kind, value, "bad-operand"))
        return None
    return None if variable is None else Comparison(pointer, variable, base, value)


def _compile_condition(doc: dict[str, Any], pointer: str, problems: list[Problem]) -> Rule | None:
    check_fields(doc, _JSONATA_RULE_FIELDS, pointer, problems, jsonata=True)
    where = f"{pointer}/Condition"
    if "Condition" not in doc:
        problems.append(Problem(pointer, "missing-field", "a JSONata choice rule needs 'Condition'"))
        return None
    value = doc["Condition"]
    template = compile_jsonata_value(value, where, "Condition", problems)
    if template is None:
        if not isinstance(value, bool):
            problems.append(
                Problem(where, "bad-type", "'Condition' must be true, false or a JSONata expression '{% ... %}'")
            )
            return None
        template = Template.constant(where, value)
    return Condition(pointer, template)


def _read(path: JsonPath, data: Any, env: Env) -> Any:
    try:
        return path.evaluate(data, context=env.context, variables=env.variables)
    except PathNotFoundError:
        return _MISSING


def _invalid(path: JsonPath) -> RuntimeFault:
    return RuntimeFault(f"Invalid path '{path.text}': The choice state's condition path references an invalid value.")


def _compare(rule: Comparison, data: Any, env: Env) -> bool:
    variable = _read(rule.variable, data, env)
    if rule.name == "IsPresent":
        return (variable is not _MISSING) is rule.value
    if variable is _MISSING:
        raise _invalid(rule.variable)
    type_test = _TYPE_TESTS.get(rule.name)
    if type_test is not None:
        return type_test(variable) is rule.value
    spec = OPERATORS[rule.name]
    value = rule.value
    if rule.value_path is not None:
        value = _read(rule.value_path, data, env)
        if value is _MISSING:
            raise _invalid(rule.value_path)
        if not spec.operand(value):
            return False
    return spec.accepts(variable) and spec.compare(variable, value)


def evaluate(rule: Rule, data: Any, env: Env) -> bool:
    """Whether ``rule`` matches ``data``."""
    match rule:
        case Comparison():
            return _compare(rule, data, env)
        case And(_, rules):
            return all(evaluate(r, data, env) for r in rules)
        case Or(_, rules):
            return any(evaluate(r, data, env) for r in rules)
        case Not(_, inner):
            return not evaluate(inner, data, env)
        case Condition(_, condition):
            value = condition.evaluate(data, env)
            if not isinstance(value, bool):
                raise unexpected_type(condition, "Condition", "boolean", value)
            return value
    raise AssertionError(rule)  # pragma: no cover - the match is exhaustive
