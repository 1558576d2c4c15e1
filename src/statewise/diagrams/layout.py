"""A simple layered layout of a diagram, for drawing SVG without Graphviz.

Theory of operation: each program is laid out on its own, top to bottom.
A depth-first walk from the start (then from any node it did not reach)
finds the edges that go back up (loops); the rest form a DAG, and each node's
layer is the longest path to it along them, so every forward edge points
down. Layers are stacked with a gap; nodes sit side by side in the order the
walk found them, each layer centred. A node with programs (Map, Parallel) is
a box holding its header and its programs' layouts side by side, so its size
comes from laying those out first (recursively). Sizes are estimated from
text length (a fixed width per character): no font metrics, no dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from statewise.diagrams.model import Diagram, Node

__all__ = ["CHAR_WIDTH", "LINE_HEIGHT", "Placed", "PlacedProgram", "layout"]

CHAR_WIDTH: Final = 7.0
LINE_HEIGHT: Final = 16.0
_PAD: Final = 10.0
_MIN_WIDTH: Final = 110.0
_H_GAP: Final = 30.0
_V_GAP: Final = 46.0
_TITLE: Final = 18.0
LOOP_MARGIN: Final = 44.0  # room on the right for edges that go back up


@dataclass(frozen=True, slots=True)
class Placed:
    """A node's box (relative to its program); ``header`` is the height of its own label box;
    ``groups`` are its programs' layouts with their offsets inside the box."""

    node: Node
    x: float
    y: float
    width: float
    height: float
    header: float
    header_width: float
    groups: tuple[tuple[PlacedProgram, float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class PlacedProgram:
    width: float
    height: float
    boxes: dict[str, Placed]
    back_edges: frozenset[tuple[str, str]]
    diagram: Diagram


def layout(diagram: Diagram, lines: Callable[[Node], list[str]]) -> PlacedProgram:
    """Place ``diagram``'s nodes; ``lines`` gives each node's text (it sets the box's size)."""
    nodes = {node.id: node for node in diagram.nodes}
    sizes = {node.id: _size(node, lines) for node in diagram.nodes}
    order, back = _walk(diagram)
    layer = _layers(diagram, order, back)
    rows: dict[int, list[str]] = {}
    for node_id in order:
        rows.setdefault(layer[node_id], []).append(node_id)
    widths = {number: sum(sizes[i][0] for i in ids) + _H_GAP * (len(ids) - 1) for number, ids in rows.items()}
    content_width = max(widths.values(), default=0.0)
    boxes: dict[str, Placed] = {}
    y = _PAD
    for number in sorted(rows):
        x = _PAD + (content_width - widths[number]) / 2
        for node_id in rows[number]:
            width, height, header, header_width, groups = sizes[node_id]
            boxes[node_id] = Placed(nodes[node_id], x, y, width, height, header, header_width, groups)
            x += width + _H_GAP
        y += max(sizes[i][1] for i in rows[number]) + _V_GAP
    height = y - _V_GAP + _PAD if rows else 2 * _PAD
    return PlacedProgram(content_width + 2 * _PAD + LOOP_MARGIN, height, boxes, frozenset(back), diagram)


def _size(
    node: Node, lines: Callable[[Node], list[str]]
) -> tuple[float, float, float, float, tuple[tuple[PlacedProgram, float, float], ...]]:
    text = lines(node)
    header_width = max(_MIN_WIDTH, max(len(line) for line in text) * CHAR_WIDTH + 2 * _PAD)
    header = len(text) * LINE_HEIGHT + _PAD
    if not node.groups:
        return header_width, header, header, header_width, ()
    inner = [layout(group, lines) for group in node.groups]
    placed = []
    x = _PAD
    top = _TITLE + header + _PAD
    for program in inner:
        placed.append((program, x, top))
        x += program.width + _H_GAP / 2
    width = max(header_width + 2 * _PAD, x - _H_GAP / 2 + _PAD)
    height = top + max(p.height for p in inner) + _PAD
    return width, height, header, header_width, tuple(placed)


def _walk(diagram: Diagram) -> tuple[list[str], set[tuple[str, str]]]:
    """Nodes in depth-first discovery order (from the start first), and the edges that close a loop."""
    out: dict[str, list[str]] = {node.id: [] for node in diagram.nodes}
    for edge in diagram.edges:
        out[edge.source].append(edge.target)
    order: list[str] = []
    back: set[tuple[str, str]] = set()
    on_path: set[str] = set()
    seen: set[str] = set()

    def visit(node_id: str) -> None:
        seen.add(node_id)
        order.append(node_id)
        on_path.add(node_id)
        for target in out[node_id]:
            if target in on_path:
                back.add((node_id, target))
            elif target not in seen:
                visit(target)
        on_path.discard(node_id)

    roots = ([diagram.start] if diagram.start in out else []) + list(out)
    for root in roots:
        if root is not None and root not in seen:
            visit(root)
    return order, back


def _layers(diagram: Diagram, order: list[str], back: set[tuple[str, str]]) -> dict[str, int]:
    """Each node's layer: the longest path to it along edges that do not close a loop."""
    incoming: dict[str, list[str]] = {node_id: [] for node_id in order}
    for edge in diagram.edges:
        if (edge.source, edge.target) not in back:
            incoming[edge.target].append(edge.source)
    layer: dict[str, int] = {}

    def depth(node_id: str) -> int:
        if node_id not in layer:
            layer[node_id] = 0  # forward edges form a DAG, so this placeholder is never read back
            layer[node_id] = max((depth(source) + 1 for source in incoming[node_id]), default=0)
        return layer[node_id]

    for node_id in order:
        depth(node_id)
    return layer
