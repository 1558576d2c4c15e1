"""A :class:`~statewise.diagrams.model.Diagram` as Graphviz DOT.

A Map or Parallel state is a cluster holding the state's own node (its
header) and its programs (a Parallel's branches are clusters of their own);
the header links to each program's start. Choice rules label their edges,
Catch edges are dashed, and with an overlay each visited state is filled
with the colour of its outcome.
"""

from __future__ import annotations

from statewise.asl.state_types import StateType
from statewise.diagrams.model import Diagram, Edge, Node
from statewise.diagrams.overlay import Overlay
from statewise.diagrams.style import COLOURS, DASHED, node_lines

__all__ = ["to_dot"]


def to_dot(diagram: Diagram, overlay: Overlay | None = None) -> str:
    """DOT text for ``dot -Tsvg``, newline-terminated."""
    lines = [
        "digraph statewise {",
        '    graph [rankdir=TB, fontname="Helvetica", fontsize=11];',
        '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=10];',
        '    start [shape=circle, label="", width=0.25, style=filled, fillcolor="#333333"];',
    ]
    if diagram.start is not None:
        lines.append(f"    start -> {diagram.start};")
    _program(diagram, overlay, lines, "    ")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _program(diagram: Diagram, overlay: Overlay | None, lines: list[str], indent: str) -> None:
    for node in diagram.nodes:
        if not node.groups:
            lines.append(indent + _node(node, overlay))
            continue
        lines.append(f"{indent}subgraph cluster_{node.id} {{")
        lines.append(f"{indent}    label={_quote(node.type.value + ': ' + node.name)}; style=dashed;")
        lines.append(indent + "    " + _node(node, overlay))
        for index, group in enumerate(node.groups):
            inner = indent + "    "
            if node.type is StateType.PARALLEL:
                lines.append(f"{inner}subgraph cluster_{node.id}_{index} {{")
                lines.append(f"{inner}    label={_quote(f'branch {index + 1}')}; style=dotted;")
                inner += "    "
            _program(group, overlay, lines, inner)
            if node.type is StateType.PARALLEL:
                lines.append(f"{indent}    }}")
            if group.start is not None:
                lines.append(f"{indent}    {node.id} -> {group.start} [style=dotted, arrowhead=none];")
        lines.append(f"{indent}}}")
    lines.extend(indent + _edge(edge) for edge in diagram.edges)


def _node(node: Node, overlay: Overlay | None) -> str:
    attributes = [f"label={_quote(chr(10).join(node_lines(node, overlay)))}"]
    if node.type is StateType.CHOICE:
        attributes.append('shape=diamond, style="filled"')
    elif node.terminal:
        attributes.append("peripheries=2")
    outcome = None if overlay is None else overlay.outcomes.get(node.name)
    if outcome is not None:
        fill, stroke = COLOURS[outcome]
        attributes.append(f'fillcolor="{fill}", color="{stroke}", penwidth=2')
    return f"{node.id} [{', '.join(attributes)}];"


def _edge(edge: Edge) -> str:
    attributes = []
    if edge.label:
        attributes.append(f"label={_quote(edge.label)}")
    if edge.kind in DASHED:
        attributes.append("style=dashed")
    return f"{edge.source} -> {edge.target}" + (f" [{', '.join(attributes)}];" if attributes else ";")


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
