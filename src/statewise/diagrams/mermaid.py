"""A :class:`~statewise.diagrams.model.Diagram` as a Mermaid flowchart.

A Map or Parallel state is a subgraph holding the state's own node (its
header) and its programs (a Parallel's branches are subgraphs of their own);
the header links to each program's start. Choice rules label their edges,
Catch edges are dotted, and with an overlay each visited state gets the
class of its outcome.
"""

from __future__ import annotations

from statewise.asl.state_types import StateType
from statewise.diagrams.model import Diagram, Edge, EdgeKind, Node
from statewise.diagrams.nesting import Syntax, program_lines
from statewise.diagrams.overlay import Overlay
from statewise.diagrams.style import COLOURS, DASHED, node_lines

__all__ = ["to_mermaid"]

_ESCAPES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;", "#": "#35;"}


def to_mermaid(diagram: Diagram, overlay: Overlay | None = None) -> str:
    """Mermaid ``flowchart`` text, newline-terminated."""
    lines = ["flowchart TD", "    start((start))"]
    if diagram.start is not None:
        lines.append(f"    start --> {diagram.start}")
    lines += program_lines(diagram, overlay, _SYNTAX, "    ")
    if overlay is not None:
        for outcome, (fill, stroke) in COLOURS.items():
            lines.append(f"    classDef {outcome} fill:{fill},stroke:{stroke},stroke-width:2px")
        for outcome in COLOURS:
            ids = [node.id for node in diagram.walk() if overlay.outcomes.get(node.name) == outcome]
            if ids:
                lines.append(f"    class {','.join(ids)} {outcome}")
    return "\n".join(lines) + "\n"


def _shape(node: Node, overlay: Overlay | None) -> str:
    label = _text("\n".join(node_lines(node, overlay))).replace("\n", "<br/>")
    if node.type is StateType.CHOICE:
        return f'{node.id}{{"{label}"}}'
    if node.terminal:
        return f'{node.id}(["{label}"])'
    return f'{node.id}["{label}"]'


def _edge(edge: Edge) -> str:
    arrow = "-.->" if edge.kind in DASHED else "-->"
    label = f'|"{_text(edge.label)}"|' if edge.label and edge.kind is not EdgeKind.NEXT else ""
    return f"{edge.source} {arrow}{label} {edge.target}"


def _text(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


_SYNTAX = Syntax(
    node=_shape,
    edge=_edge,
    open_group=lambda node: [
        f'subgraph g_{node.id}["{_text(node.type.value + ": " + node.name)}"]',
        "    direction TB",
    ],
    open_branch=lambda node, index: [f'subgraph g_{node.id}_{index}["branch {index + 1}"]'],
    close="end",
    link=lambda node, start: f"{node.id} -.-> {start}",
)
