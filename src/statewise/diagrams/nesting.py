"""The one walk the text formats (Mermaid, DOT) share: nodes, Map and Parallel groups, edges, indented.

Theory of operation: a text diagram lists each program's nodes, then its
edges; a Map or Parallel state opens a group holding its own node (the
header) and its programs -- a Parallel's branches each in a group of their
own -- and links the header to each program's start. Only the spelling
differs between formats, so each format gives a :class:`Syntax` and
:func:`program_lines` does the walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from statewise.asl.state_types import StateType
from statewise.diagrams.model import Diagram, Edge, Node
from statewise.diagrams.overlay import Overlay

__all__ = ["Syntax", "program_lines"]


@dataclass(frozen=True, slots=True)
class Syntax:
    """How one text format spells a diagram's parts (lines without their indentation)."""

    node: Callable[[Node, Overlay | None], str]
    edge: Callable[[Edge], str]
    open_group: Callable[[Node], list[str]]  # a Map or Parallel state's group: its first lines
    open_branch: Callable[[Node, int], list[str]]  # a Parallel branch's group
    close: str  # the line that closes a group
    link: Callable[[Node, str], str]  # the header to a program's start


def program_lines(diagram: Diagram, overlay: Overlay | None, syntax: Syntax, indent: str) -> list[str]:
    """The lines of ``diagram``'s nodes, groups and edges, indented by ``indent``."""
    lines: list[str] = []
    inside = indent + "    "
    for node in diagram.nodes:
        if not node.groups:
            lines.append(indent + syntax.node(node, overlay))
            continue
        lines += [indent + line for line in syntax.open_group(node)]
        lines.append(inside + syntax.node(node, overlay))
        for index, group in enumerate(node.groups):
            branch = node.type is StateType.PARALLEL
            if branch:
                lines += [inside + line for line in syntax.open_branch(node, index)]
            lines += program_lines(group, overlay, syntax, inside + "    " if branch else inside)
            if branch:
                lines.append(inside + syntax.close)
            if group.start is not None:
                lines.append(inside + syntax.link(node, group.start))
        lines.append(indent + syntax.close)
    lines.extend(indent + syntax.edge(edge) for edge in diagram.edges)
    return lines
