"""What a user hands over as a definition -> a plain JSON tree, with ``${Placeholder}`` substitutions.

Theory of operation: a definition arrives as a dict, as JSON text (``str`` or
``bytes``) or as a ``pathlib.Path`` to a JSON or YAML file
(:mod:`statewise.documents` reads those, YAML by 1.2 rules as SAM does).
:func:`definition_document` turns it into the tree the parser reads, in one
walk that also

- copies it, so later changes to the caller's dict cannot reach the model;
- checks that it is JSON: string keys, JSON values (a tuple is an array),
  finite numbers, at most :data:`MAX_DEPTH` levels deep; each violation is a
  problem with its JSON pointer, never a Python exception;
- substitutes ``${Name}`` placeholders, as SAM's and CDK's
  ``DefinitionSubstitutions`` do: a string that is exactly ``"${Name}"``
  becomes the value with its JSON type (``"Seconds": "${Timeout}"`` becomes a
  number), a placeholder inside a longer string is replaced as text, in keys
  as in values.

Placeholders without a value stay as written: AWS would see the deployed
value, and inside strings (ARNs, table names) any text validates. Where a
number, a boolean or a path is required, the parser reports an
unsubstituted placeholder as its own problem (:func:`type_problem`).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from typing import Any, Final

from statewise.asl.encoding import json_type
from statewise.asl.pointer import join_pointer
from statewise.base_errors import Problem
from statewise.documents import DocumentError, is_yaml_path, load_file, load_text

__all__ = ["MAX_DEPTH", "definition_document", "placeholder", "placeholder_names", "type_problem"]

MAX_DEPTH: Final = 200
"""Nesting levels a definition may have: far beyond any real one, well within Python's recursion limit."""

_PLACEHOLDER: Final = re.compile(r"\$\{([^${}]+)\}")
_SCALARS: Final = (str, int, float, bool, type(None))


def placeholder(value: Any) -> str | None:
    """The name in ``value`` if it is exactly one ``${Name}`` placeholder, else None."""
    if isinstance(value, str) and value.startswith("${"):
        match = _PLACEHOLDER.fullmatch(value)
        if match is not None:
            return match.group(1)
    return None


def placeholder_names(text: str) -> list[str]:
    """The names of every ``${Name}`` placeholder in ``text``, in order."""
    return _PLACEHOLDER.findall(text) if "${" in text else []


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


def definition_document(definition: Any, substitutions: Mapping[str, Any] | None) -> tuple[Any, list[Problem]]:
    """The definition as a plain JSON tree, substituted, and the problems that kept it from being one."""
    try:
        if isinstance(definition, os.PathLike):
            definition = load_file(definition)
        elif isinstance(definition, str | bytes):
            definition = load_text(definition)
    except DocumentError as exc:
        return None, [_document_problem(definition, exc)]
    problems = _substitution_problems(substitutions or {})
    if problems:
        return None, problems
    walk = _Walk(substitutions or {})
    return walk.copy(definition, "", 0), walk.problems


def _document_problem(definition: Any, exc: DocumentError) -> Problem:
    """The problem of a definition that is not a readable JSON or YAML document."""
    if not isinstance(definition, os.PathLike):
        hint = ""
        if isinstance(definition, str) and not definition.lstrip().startswith(("{", "[")):
            hint = "; a str is JSON text: to load a definition file, pass a pathlib.Path"
        where = f" at line {exc.line}, column {exc.column}" if exc.line is not None else ""
        return Problem("", "bad-json", f"the definition is {exc.reason}{where}{hint}")
    if exc.line is None and not exc.reason.startswith("not valid"):
        return Problem("", "unreadable-file", str(exc))
    return Problem("", "bad-yaml" if is_yaml_path(definition) else "bad-json", str(exc))


def _substitution_problems(values: Mapping[str, Any]) -> list[Problem]:
    """Substitutions must be JSON values themselves."""
    problems = []
    for name, value in values.items():
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            message = f"the substitution for {name!r} is not a JSON value: {exc}"
            problems.append(Problem("", "bad-substitution", message))
    return problems


class _Walk:
    """One copying walk: JSON checks and substitutions together."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.texts = {name: value if isinstance(value, str) else json.dumps(value) for name, value in values.items()}
        self.problems: list[Problem] = []

    def copy(self, doc: Any, pointer: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            if not any(problem.code == "too-deep" for problem in self.problems):  # once is enough
                message = f"the definition nests deeper than {MAX_DEPTH} levels"
                self.problems.append(Problem(pointer, "too-deep", message))
            return None
        if isinstance(doc, dict):
            out = {}
            for key, value in doc.items():
                where = join_pointer(pointer, key)
                if not isinstance(key, str):
                    self.problems.append(Problem(where, "not-json", f"object keys must be strings, got {key!r}"))
                    continue
                out[self.text(key)] = self.copy(value, where, depth + 1)
            return out
        if isinstance(doc, list | tuple):
            return [self.copy(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(doc)]
        if isinstance(doc, str):
            return self.string(doc)
        if not isinstance(doc, _SCALARS) or (isinstance(doc, float) and not math.isfinite(doc)):
            self.problems.append(Problem(pointer, "not-json", f"{doc!r:.60} is not a JSON value"))
        return doc

    def string(self, text: str) -> Any:
        if "${" not in text or not self.values:
            return text
        name = placeholder(text)
        if name is not None and name in self.values:
            value = self.values[name]
            return value if isinstance(value, str) else json.loads(self.texts[name])  # a copy
        return self.text(text)

    def text(self, text: str) -> str:
        if "${" not in text or not self.values:
            return text
        return _PLACEHOLDER.sub(lambda m: self.texts.get(m.group(1), m.group(0)), text)
