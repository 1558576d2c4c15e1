"""The field-presence lattice: what is known about the JSON a state sees.

Theory of operation: the linter never sees real data, only what the
definition says about it. A :class:`Node` describes one JSON value: the
members it is known to have (``fields``, each a :class:`Slot`), what holds
for every other member (``rest``) and, when known, its ``kind`` (object,
array or another value). A :class:`Fact` says whether a member is known
``PRESENT``, ``MAYBE`` present or known ``ABSENT``; an absent member carries
the :class:`Cause` that removed it (``OutputPath: null`` here, the API's
response there). ``Fact.gone`` records a cause even on ``MAYBE`` when the
member is gone on *some* path: :func:`join` (where paths meet) keeps it,
so "discarded on some path" survives the merge that makes it "maybe".

Unknown data (a Lambda's result, the execution input) is :data:`UNKNOWN`:
open, every member maybe there. Data the definition builds (``Parameters``,
``Result``, ``ResultSelector``, ``OutputPath: null``) is closed: members it
does not list are absent, caused by that field. Nodes deeper than
:data:`MAX_DEPTH` are cut to :data:`UNKNOWN`, so loops that nest the input
in itself (``{"x.$": "$"}``) still reach a fixed point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Final, Literal

__all__ = [
    "MAX_DEPTH",
    "UNKNOWN",
    "Cause",
    "CauseKind",
    "Fact",
    "Node",
    "Presence",
    "Slot",
    "closed",
    "from_literal",
    "join",
    "lookup",
    "select",
    "with_member",
]

MAX_DEPTH: Final = 8

CauseKind = Literal["discarded", "never-produced", "tested"]


class Presence(IntEnum):
    """How sure the linter is that a member is there; ordered, so ``min`` composes along a path."""

    ABSENT = 0
    MAYBE = 1
    PRESENT = 2


@dataclass(frozen=True, slots=True)
class Cause:
    """Why members are gone: ``pointer`` is the field responsible, ``reason`` says what it did.

    ``kind`` is ``discarded`` when a step removed them, ``never-produced`` when the data never
    had them (an API response without that member), ``tested`` when a Choice rule routes
    here only without them; ``fix`` is the remedy where one is known.
    """

    pointer: str
    reason: str
    fix: str | None = None
    kind: CauseKind = "discarded"


@dataclass(frozen=True, slots=True)
class Fact:
    presence: Presence
    gone: Cause | None = None  # ABSENT: why; MAYBE: why it is gone on some path, if it is


@dataclass(frozen=True, slots=True)
class Node:
    """One JSON value: its known members, what holds for the rest, its kind (``""`` when unknown)."""

    fields: Mapping[str, Slot] = field(default_factory=dict)
    rest: Fact = Fact(Presence.MAYBE)
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Slot:
    """A member: whether it is there, and what it holds when it is."""

    fact: Fact
    node: Node


UNKNOWN: Final = Node()
_PRESENT: Final = Fact(Presence.PRESENT)


def closed(members: Mapping[str, Node], cause: Cause) -> Node:
    """An object with exactly ``members`` (all present); any other member is gone because of ``cause``."""
    return Node({name: Slot(_PRESENT, node) for name, node in members.items()}, Fact(Presence.ABSENT, cause), "object")


def from_literal(value: Any, cause: Cause, depth: int = 0) -> Node:
    """The node of a JSON value the definition writes out in full."""
    if depth >= MAX_DEPTH:
        return UNKNOWN
    if isinstance(value, dict):
        return closed({key: from_literal(item, cause, depth + 1) for key, item in value.items()}, cause)
    return Node({}, Fact(Presence.ABSENT, cause), "array" if isinstance(value, list) else "value")


def lookup(node: Node, key: str | int) -> Slot:
    """The slot of member ``key`` (an array index when an int)."""
    if isinstance(key, int):
        if node.kind in ("object", "value"):
            return Slot(node.rest, UNKNOWN)
        return Slot(Fact(Presence.MAYBE), UNKNOWN)
    if node.kind in ("array", "value"):
        return Slot(node.rest, UNKNOWN)
    return node.fields.get(key) or Slot(node.rest, UNKNOWN)


def _compose(outer: Fact, inner: Fact) -> Fact:
    presence = min(outer.presence, inner.presence)
    if presence is Presence.ABSENT:
        return Fact(presence, outer.gone if outer.presence is Presence.ABSENT else inner.gone)
    return Fact(presence, outer.gone or inner.gone)


def select(node: Node, keys: tuple[str | int, ...]) -> Slot:
    """What the definite path ``keys`` selects from ``node``; the fact composes the facts on the way."""
    slot = Slot(_PRESENT, node)
    for key in keys:
        inner = lookup(slot.node, key)
        slot = Slot(_compose(slot.fact, inner.fact), inner.node)
    return slot


def with_member(node: Node, keys: tuple[str | int, ...], slot: Slot, depth: int = 0) -> Node:
    """``node`` with the member at ``keys`` replaced by ``slot`` (objects on the way made present, as ResultPath)."""
    if not keys:
        return slot.node
    key, rest = keys[0], keys[1:]
    if isinstance(key, int) or depth >= MAX_DEPTH:  # array elements are not tracked one by one
        return node
    if not rest:
        inner = slot
    else:
        current = lookup(node, key)
        # a member written below makes the objects above it present; a member removed changes nothing above
        fact = _PRESENT if slot.fact.presence is Presence.PRESENT else current.fact
        inner = Slot(fact, with_member(current.node, rest, slot, depth + 1))
    kind = node.kind if node.kind == "object" else ""
    return Node({**node.fields, key: inner}, node.rest, kind)


def _join_facts(a: Fact, b: Fact) -> Fact:
    if a == b:
        return a
    presence = a.presence if a.presence == b.presence else Presence.MAYBE
    return Fact(presence, a.gone or b.gone)  # the first cause seen stays, so iterating reaches a fixed point


def join(a: Node, b: Node, depth: int = 0) -> Node:
    """What holds on either of two paths: members present on both stay present, gone on one is remembered."""
    if a == b:
        return a
    if depth >= MAX_DEPTH:
        return UNKNOWN
    fields = {}
    for key in a.fields.keys() | b.fields.keys():
        left, right = lookup(a, key), lookup(b, key)
        fields[key] = Slot(_join_facts(left.fact, right.fact), join(left.node, right.node, depth + 1))
    return Node(fields, _join_facts(a.rest, b.rest), a.kind if a.kind == b.kind else "")
