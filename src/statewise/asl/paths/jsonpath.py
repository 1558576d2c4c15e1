"""Compiled JSONPaths: :class:`JsonPath` and the cached compilers.

Theory of operation: :func:`compile_path` parses once (``lru_cache``) and
keeps what evaluation needs: the root to start from (``$`` state data,
``$$`` context object, or a workflow variable's name), the steps, and for
definite name/index paths a plan that :func:`~.evaluator.walk` follows with
no allocation. ``$`` itself returns the document untouched. Definite paths
return the selected value or raise :class:`PathNotFoundError` worded as
Jayway words it; indefinite paths return the list of matches, empty when
nothing matches (as AWS does: ``$.items[*]`` on ``{}`` gives ``[]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from statewise.asl.paths import ast
from statewise.asl.paths.assign import assign as _assign
from statewise.asl.paths.errors import PathAssignError, PathNotFoundError
from statewise.asl.paths.evaluator import MISSING, Plan, plan_of, select, walk
from statewise.asl.paths.parser import parse


@dataclass(frozen=True, slots=True)
class JsonPath:
    """A compiled path; build it with :func:`compile_path` or :func:`compile_reference_path`."""

    text: str
    root: str
    is_definite: bool
    steps: tuple[ast.Step, ...] = field(repr=False)
    plan: Plan | None = field(repr=False)

    @classmethod
    def from_tree(cls, text: str, tree: ast.Path) -> JsonPath:
        definite = all(isinstance(step, ast.DEFINITE_STEPS) for step in tree.steps)
        return cls(text, tree.root, definite, tree.steps, plan_of(tree.steps))

    def document(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> Any:
        """What the path starts from: ``data``, ``context`` or a variable's value."""
        if self.root == "$":
            return data
        if self.root == "$$":
            return context
        if variables is None or self.root not in variables:
            raise PathNotFoundError(
                text=self.text,
                data=variables,
                missing=f"${self.root}",
                reason=f"The variable ${self.root} is not defined",
            )
        return variables[self.root]

    def evaluate(self, data: Any, *, context: Any = None, variables: Mapping[str, Any] | None = None) -> Any:
        """The selected value (definite path) or the list of matches (indefinite path)."""
        doc = data if self.root == "$" else self.document(data, context, variables)
        plan = self.plan
        if plan is not None:
            if not plan:
                return doc
            value = walk(plan, doc)
            if value is MISSING:
                raise self._not_found(doc)
            return value
        matches = select(self.steps, doc, doc)
        if not self.is_definite:
            return matches
        if not matches:
            raise self._not_found(doc)
        return matches[0]

    def assign(self, data: Any, value: Any) -> Any:
        """``data`` with ``value`` written at this path, as ``ResultPath`` does; never mutates ``data``."""
        if self.plan is None or self.root != "$":
            raise PathAssignError(
                f"cannot write to {self.text!r}: a ResultPath must be a reference path on '$'",
                text=self.text,
            )
        return _assign(self.plan, data, value, text=self.text)

    def _not_found(self, doc: Any) -> PathNotFoundError:
        steps = self.steps
        failed = next((i for i in range(len(steps)) if not select(steps[: i + 1], doc, doc)), len(steps) - 1)
        missing = _normalized(self.root, steps[: failed + 1])
        inner = failed < len(steps) - 1
        reason = f"Missing property in path {missing}" if inner else f"No results for path: {missing}"
        return PathNotFoundError(text=self.text, data=doc, missing=missing, reason=reason)


def _normalized(root: str, steps: tuple[ast.Step, ...]) -> str:
    """Jayway's normalised form, ``$['a'][0]``, which AWS quotes in its causes."""
    parts = [root if root in ("$", "$$") else f"${root}"]
    for step in steps:
        if isinstance(step, ast.Field):
            parts.append(f"['{step.name}']")
        elif isinstance(step, ast.Index):
            parts.append(f"[{step.index}]")
        elif isinstance(step, ast.Merge):
            parts.append("[" + ",".join(f"'{name}'" for name in step.names) + "]")
    return "".join(parts)


@lru_cache(maxsize=4096)
def compile_path(text: str) -> JsonPath:
    """Compile an ASL JSONPath (``$...``, ``$$...``, ``$var...``); PathSyntaxError if malformed."""
    return JsonPath.from_tree(text, parse(text))


@lru_cache(maxsize=4096)
def compile_reference_path(text: str) -> JsonPath:
    """Compile a Reference Path: only names and single indexes, so it selects one node."""
    return JsonPath.from_tree(text, parse(text, reference=True))
