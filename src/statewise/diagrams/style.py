"""What every renderer draws the same way: a node's lines of text, and the colours of outcomes."""

from __future__ import annotations

from typing import Final

from statewise.asl.state_types import StateType
from statewise.diagrams.model import EdgeKind, Node
from statewise.diagrams.overlay import Outcome, Overlay

__all__ = ["COLOURS", "DASHED", "node_lines"]

# outcome -> (fill, stroke)
COLOURS: Final = {
    Outcome.SUCCEEDED: ("#d3f2dc", "#2e7d32"),
    Outcome.FAILED: ("#fbd6d6", "#c62828"),
    Outcome.RUNNING: ("#fff1c7", "#b7791f"),
}
DASHED: Final = frozenset({EdgeKind.CATCH})  # Catch edges are drawn dashed


def node_lines(node: Node, overlay: Overlay | None) -> list[str]:
    """The name, the type, the notes, and (with an overlay) a Map's iteration counts."""
    lines = [node.name, node.type.value, *node.notes]
    if overlay is not None and node.type is StateType.MAP and (note := overlay.map_note(node.name)):
        lines.append(note)
    return lines
