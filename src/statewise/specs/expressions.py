"""JMESPath expressions used by specs, compiled once when a spec loads.

Most spec expressions are plain dotted field names (``NextToken``,
``StreamDescription.Shards``); those are evaluated with direct dict look-ups,
which give the same answer as JMESPath for field access and cost a fraction
of its interpreter. Anything else goes through ``jmespath``, imported on
the first such expression, so specs of dotted names never load it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from statewise.errors import SpecError

__all__ = ["Expr", "check_object", "compile_expr", "set_dotted"]

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


@dataclass(frozen=True, slots=True)
class Expr:
    """A compiled JMESPath expression; ``search(data)`` evaluates it."""

    source: str
    search: Callable[[Any], Any] = field(compare=False, repr=False)

    @property
    def expression(self) -> str:
        """The expression's text, under the name botocore's compiled expressions give it."""
        return self.source

    @property
    def is_dotted(self) -> bool:
        """True when the expression is a plain dotted field path, so it can also be set."""
        return _DOTTED.fullmatch(self.source) is not None


# As JMESPath does, a field of anything with a .get() is looked up (dicts and
# other mappings alike), and a field of anything else is null.
def _field(name: str) -> Callable[[Any], Any]:
    def search(data: Any) -> Any:
        try:
            return data.get(name)
        except AttributeError:
            return None

    return search


def _path(names: tuple[str, ...]) -> Callable[[Any], Any]:
    def search(data: Any) -> Any:
        try:
            for name in names:
                data = data.get(name)
        except AttributeError:
            return None
        return data

    return search


def compile_expr(source: str, *, spec: str | None = None, where: str | None = None) -> Expr:
    """Compile ``source``; a syntax error becomes a :class:`SpecError` at ``spec``/``where``."""
    if not isinstance(source, str) or not source:
        raise SpecError(f"expected a JMESPath expression string, got {source!r}", spec=spec, where=where)
    if _DOTTED.fullmatch(source):
        names = tuple(source.split("."))
        return Expr(source, _field(names[0]) if len(names) == 1 else _path(names))
    import jmespath  # noqa: PLC0415 - only for expressions that are not dotted names (see above)
    from jmespath.exceptions import JMESPathError  # noqa: PLC0415

    try:
        compiled = jmespath.compile(source)
    except JMESPathError as exc:
        raise SpecError(f"invalid JMESPath expression {source!r}: {exc}", spec=spec, where=where) from exc
    return Expr(source, compiled.search)


def set_dotted(target: MutableMapping[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at a dotted ``path`` in ``target``, creating dicts on the way."""
    *parents, last = path.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value


def check_object(
    data: Any,
    *,
    what: str,
    allowed: frozenset[str],
    required: tuple[str, ...],
    spec: str,
    where: str = "",
) -> None:
    """The shape checks every spec object gets: an object, no unknown key, every required key."""
    if not isinstance(data, Mapping):
        raise SpecError(f"{what} must be an object, got {type(data).__name__}", spec=spec, where=where or None)
    unknown = sorted(set(data) - allowed, key=str)
    if unknown:
        raise SpecError(
            f"unknown key {unknown[0]!r}; expected one of {', '.join(sorted(allowed))}",
            spec=spec,
            where=f"{where}/{unknown[0]}",
        )
    for key in required:
        if key not in data:
            raise SpecError(f"missing required key {key!r}", spec=spec, where=f"{where}/{key}")
