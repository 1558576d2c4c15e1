"""A definition as a diagram: boxes, nested groups and labelled edges, read from the transition graph.

Theory of operation: :func:`diagram` turns a parsed :class:`~statewise.asl.model.Program`
into a :class:`Diagram`, the one input of every renderer (Mermaid, DOT, SVG).
Edges come from :class:`statewise.asl.graph.Graph` (never from ``Next`` or
``Choices`` read here); each is classified by the JSON pointer the graph
gives it, looked up in a table built from the state's own rules and catchers:
a Choice rule's edge is labelled with the rule, ``Default`` as such, a Catch
edge with its ``ErrorEquals``. A Map or Parallel state is a :class:`Node`
holding its programs as :class:`Diagram` groups (a Map has one, a Parallel
one per branch), so renderers draw the state as a header with its programs
inside. Node ids (``s0``, ``s1`` ...) are given in :func:`every_state` order,
so they are stable for a definition and safe in every output format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from statewise.asl.choice import And, Comparison, Condition, Not, Or, Rule
from statewise.asl.graph import Graph, every_state, nested
from statewise.asl.model import ChoiceState, GuardedState, Program, State
from statewise.asl.pointer import join_pointer
from statewise.asl.state_types import StateType

__all__ = ["Diagram", "Edge", "EdgeKind", "Node", "describe_rule", "diagram"]


class EdgeKind(StrEnum):
    NEXT = "next"
    CHOICE = "choice"
    DEFAULT = "default"
    CATCH = "catch"


@dataclass(frozen=True, slots=True)
class Edge:
    source: str  # node ids
    target: str
    kind: EdgeKind
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """One state: ``notes`` (Retry, End ...) go under its name; ``groups`` are a Map's or Parallel's programs."""

    id: str
    name: str
    type: StateType
    notes: tuple[str, ...] = ()
    groups: tuple[Diagram, ...] = ()
    terminal: bool = False


@dataclass(frozen=True, slots=True)
class Diagram:
    """One program: its nodes in definition order, the start node's id, the edges between its nodes."""

    start: str | None
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def walk(self) -> Iterator[Node]:
        """Every node, nested ones included, depth first."""
        for node in self.nodes:
            yield node
            for group in node.groups:
                yield from group.walk()


def diagram(program: Program) -> Diagram:
    """The diagram of ``program`` and everything nested in it."""
    ids = {state.name: f"s{i}" for i, state in enumerate(every_state(program.states.values()))}
    return _program(program, ids)


def _program(program: Program, ids: Mapping[str, str]) -> Diagram:
    graph = Graph.of(program)
    nodes = tuple(_node(state, ids) for state in program.states.values())
    edges = []
    for state in program.states.values():
        labels = _edge_labels(state)
        for transition in graph.out[state.name]:
            if transition.target not in ids:
                continue  # validation reports it; a diagram of a broken definition draws what it can
            kind, label = labels.get(transition.pointer, (EdgeKind.NEXT, None))
            edges.append(Edge(ids[state.name], ids[transition.target], kind, label))
    return Diagram(ids.get(program.start_at), nodes, tuple(edges))


def _node(state: State, ids: Mapping[str, str]) -> Node:
    notes = []
    if isinstance(state, GuardedState) and state.retry:
        notes.append("Retry " + "; ".join(f"{', '.join(r.error_equals)} x{r.max_attempts}" for r in state.retry))
    terminal = state.type in (StateType.SUCCEED, StateType.FAIL) or (
        state.type is not StateType.CHOICE and state.next is None
    )
    groups = tuple(_program(inner, ids) for inner in nested(state))
    return Node(ids[state.name], state.name, state.type, tuple(notes), groups, terminal)


def _edge_labels(state: State) -> dict[str, tuple[EdgeKind, str | None]]:
    """Transition pointer -> the kind and label of its edge, for the transitions that are not plain ``Next``."""
    labels: dict[str, tuple[EdgeKind, str | None]] = {}
    if isinstance(state, ChoiceState):
        for branch in state.choices:
            labels[join_pointer(branch.pointer, "Next")] = (EdgeKind.CHOICE, describe_rule(branch.rule))
        labels[join_pointer(state.pointer, "Default")] = (EdgeKind.DEFAULT, "default")
    if isinstance(state, GuardedState):
        for catcher in state.catch:
            labels[join_pointer(catcher.pointer, "Next")] = (EdgeKind.CATCH, ", ".join(catcher.error_equals))
    return labels


_OPERATOR_SYMBOLS = {"Equals": "==", "LessThan": "<", "GreaterThan": ">", "LessThanEquals": "<=",
                     "GreaterThanEquals": ">="}  # fmt: skip


def describe_rule(rule: Rule) -> str:
    """A Choice rule as one short line: ``$.n > 3``, ``not($.done == true)``, ``$.a == 'x' and ...``."""
    match rule:
        case Comparison(variable=variable, name=name, value=value, value_path=value_path):
            operand = value_path.text if value_path is not None else _literal(value)
            for suffix, symbol in _OPERATOR_SYMBOLS.items():
                if name.endswith(suffix) and name != suffix:  # StringEquals, NumericLessThan ...
                    return f"{variable.text} {symbol} {operand}"
            return f"{variable.text} {name} {operand}"  # IsPresent, StringMatches, IsNull ...
        case And(rules=rules):
            return " and ".join(f"({describe_rule(r)})" for r in rules)
        case Or(rules=rules):
            return " or ".join(f"({describe_rule(r)})" for r in rules)
        case Not(rule=inner):
            return f"not ({describe_rule(inner)})"
        case Condition(condition=condition):
            return condition.text or "condition"
    return "rule"  # pragma: no cover - Rule is the union above


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
