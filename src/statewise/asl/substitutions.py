"""``${Placeholder}`` substitutions, as SAM and CDK write them (``DefinitionSubstitutions``).

Theory of operation: deployment tools keep account-specific values out of a
definition as ``${Name}`` placeholders and substitute them when they deploy.
:func:`substitute` does the same before a definition is parsed: a string that
is exactly ``"${Name}"`` becomes the substituted value with its JSON type (so
``"Seconds": "${ReminderTimeout}"`` becomes a number), a placeholder inside a
longer string is replaced as text, in keys as in values. Placeholders without
a value stay as written: AWS would see the deployed value, and inside strings
(ARNs, table names) any text validates. Where a number or a boolean is
required, the parser asks :func:`placeholder` and reports an unsubstituted
placeholder as its own problem, naming it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from statewise.asl.io import json_type
from statewise.errors import Problem

__all__ = ["placeholder", "substitute", "type_problem"]

_PLACEHOLDER: Final = re.compile(r"\$\{([^${}]+)\}")


def placeholder(value: Any) -> str | None:
    """The name in ``value`` if it is exactly one ``${Name}`` placeholder, else None."""
    if isinstance(value, str) and value.startswith("${"):
        match = _PLACEHOLDER.fullmatch(value)
        if match is not None:
            return match.group(1)
    return None


def type_problem(pointer: str, key: str, kind: str, value: Any, code: str = "bad-type") -> Problem:
    """The problem of ``key`` holding ``value`` where ``kind`` is required (``code``), or of an
    unsubstituted ``${Name}`` placeholder there, which gets its own code and says how to fill it."""
    name = placeholder(value)
    if name is None:
        got = json.dumps(value, default=repr) if code == "bad-operand" else json_type(value)
        return Problem(pointer, code, f"'{key}' must be {kind}, got {got}")
    return Problem(
        pointer,
        "unsubstituted-placeholder",
        f"'{key}' holds the placeholder {value} where {kind} is required: pass "
        f"substitutions={{{name!r}: ...}} (SAM/CDK DefinitionSubstitutions)",
    )


def substitute(doc: Any, values: Mapping[str, Any] | None) -> tuple[Any, list[Problem]]:
    """``doc`` with every ``${Name}`` that ``values`` holds substituted; problems for values JSON cannot hold."""
    if not values:
        return doc, []
    problems = [
        Problem("", "bad-substitution", f"the substitution for {name!r} is not a JSON value: {exc}")
        for name, exc in _unencodable(values)
    ]
    if problems:
        return doc, problems
    texts = {name: value if isinstance(value, str) else json.dumps(value) for name, value in values.items()}
    return _walk(doc, values, texts), []


def _unencodable(values: Mapping[str, Any]) -> list[tuple[str, Exception]]:
    bad: list[tuple[str, Exception]] = []
    for name, value in values.items():
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            bad.append((str(name), exc))
    return bad


def _walk(doc: Any, values: Mapping[str, Any], texts: Mapping[str, str]) -> Any:
    if isinstance(doc, dict):
        return {_text(key, texts): _walk(value, values, texts) for key, value in doc.items()}
    if isinstance(doc, list):
        return [_walk(item, values, texts) for item in doc]
    if isinstance(doc, str) and "${" in doc:
        name = placeholder(doc)
        if name is not None and name in values:
            return values[name]
        return _text(doc, texts)
    return doc


def _text(text: Any, texts: Mapping[str, str]) -> Any:
    if not isinstance(text, str) or "${" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: texts.get(m.group(1), m.group(0)), text)
