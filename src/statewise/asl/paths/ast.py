"""JSONPath syntax tree: frozen, slotted nodes built by the parser.

Theory of operation: a path is a root (``$``, ``$$``, ``@`` in filters, or a
variable name) and a tuple of steps; each step maps one node to zero or more
nodes. Filter predicates form a small expression tree whose leaves are
literals and relative (``@``) or absolute (``$``) paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Field:
    """``.name`` or ``['name']``: one member of an object."""

    name: str


@dataclass(frozen=True, slots=True)
class Index:
    """``[n]``: one element of an array; negative counts from the end."""

    index: int


@dataclass(frozen=True, slots=True)
class Wildcard:
    """``.*`` or ``[*]``: every member of an object or element of an array."""


@dataclass(frozen=True, slots=True)
class Slice:
    """``[start:stop]`` on an array, with Jayway's bounds (ArraySliceToken); no step, as Jayway has none."""

    start: int | None
    stop: int | None


@dataclass(frozen=True, slots=True)
class Fields:
    """``['a','b']`` in the middle of a path: each member present, in order."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Merge:
    """``['a','b']`` as the last step: Jayway merges the members into one object."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Indexes:
    """``[0,2]``: each element present, in order."""

    indexes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Descendants:
    """``..step``: ``step`` applied to the node and to every node below it."""

    step: Step


@dataclass(frozen=True, slots=True)
class Filter:
    """``[?(expr)]``: the elements of an array (or the object itself) for which ``expr`` holds."""

    predicate: Predicate


@dataclass(frozen=True, slots=True)
class Path:
    """A root and its steps; also the operand type of filter expressions."""

    root: str
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Literal:
    """A string, number, boolean, null, JSON array or object, or compiled ``/regex/`` in a filter."""

    value: Any = field(hash=False)  # arrays and objects are unhashable; paths stay hashable


@dataclass(frozen=True, slots=True)
class Exists:
    """``@.name`` alone in a filter: true when the path selects something."""

    path: Path


@dataclass(frozen=True, slots=True)
class Compare:
    """``left op right``: ``== != < <= > >= === !== =~`` or a word operator such as ``in``."""

    operator: str
    left: Path | Literal
    right: Path | Literal


@dataclass(frozen=True, slots=True)
class Not:
    """``!expr``."""

    operand: Predicate


@dataclass(frozen=True, slots=True)
class And:
    """``left && right``."""

    left: Predicate
    right: Predicate


@dataclass(frozen=True, slots=True)
class Or:
    """``left || right``."""

    left: Predicate
    right: Predicate


Step = Field | Index | Wildcard | Slice | Fields | Merge | Indexes | Descendants | Filter
Predicate = Exists | Compare | Not | And | Or

DEFINITE_STEPS = (Field, Index, Merge)
"""Steps that select at most one node; a path made only of these is definite."""
