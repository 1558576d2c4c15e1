"""A :class:`~statewise.diagrams.model.Diagram` as SVG: through Graphviz ``dot`` when it is installed,
else drawn here from :mod:`statewise.diagrams.layout`.

Theory of operation: :func:`to_svg` tries ``dot -Tsvg`` on the DOT text
(:mod:`statewise.diagrams.dot`) and falls back to :func:`draw_svg`, saying
which it used, so callers can tell the user. :func:`draw_svg` walks the
placed layout: plain states are rounded boxes (Choice ones get a diamond
tag), Map and Parallel states are dashed boxes holding their programs, forward
edges are straight arrows from the bottom of one box to the top of the next,
edges that loop back curve round the right-hand side, and Catch edges are
dashed. Each state's group carries ``data-state`` (its name) and, with an
overlay, ``data-outcome``, so a page or a test can find it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from statewise.asl.state_types import StateType
from statewise.diagrams.dot import to_dot
from statewise.diagrams.layout import LINE_HEIGHT, LOOP_MARGIN, Placed, PlacedProgram, layout
from statewise.diagrams.model import Diagram, Node
from statewise.diagrams.overlay import Overlay
from statewise.diagrams.style import COLOURS, DASHED, node_lines

__all__ = ["Svg", "draw_svg", "to_svg"]

_DOT_TIMEOUT: Final = 30  # seconds; a definition large enough to take longer is drawn here instead
_STYLE: Final = (
    "<style>text{font:12px sans-serif;fill:#222}.title{font-weight:bold}.edge{fill:none;stroke:#555;"
    "stroke-width:1.3}.dashed{stroke-dasharray:5 4}.label{font-size:11px;fill:#444}</style>"
)


@dataclass(frozen=True, slots=True)
class Svg:
    """SVG text and what drew it: ``"graphviz"`` or ``"statewise"`` (with why, in ``note``)."""

    text: str
    engine: str
    note: str | None = None


def to_svg(diagram: Diagram, overlay: Overlay | None = None, *, use_graphviz: bool = True) -> Svg:
    """SVG of ``diagram``: Graphviz's when ``dot`` is on PATH, else the built-in layout's."""
    dot = shutil.which("dot") if use_graphviz else None
    if dot is None:
        note = "Graphviz's `dot` is not on PATH" if use_graphviz else None
        return Svg(draw_svg(diagram, overlay), "statewise", note)
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=to_dot(diagram, overlay),
            capture_output=True,
            text=True,
            timeout=_DOT_TIMEOUT,
            check=False,  # a failure falls back to the built-in layout, with dot's reason
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Svg(draw_svg(diagram, overlay), "statewise", f"Graphviz's `dot` failed ({exc})")
    if done.returncode != 0 or "<svg" not in done.stdout:
        reason = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        return Svg(draw_svg(diagram, overlay), "statewise", f"Graphviz's `dot` failed ({reason[0]})")
    return Svg(done.stdout[done.stdout.index("<svg") :], "graphviz")


def draw_svg(diagram: Diagram, overlay: Overlay | None = None) -> str:
    """SVG of ``diagram`` from the built-in layered layout (no Graphviz)."""
    placed = layout(diagram, lambda node: node_lines(node, overlay))
    top = 34.0  # room for the start marker
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{placed.width:.0f}" height="{placed.height + top:.0f}" '
        f'viewBox="0 0 {placed.width:.0f} {placed.height + top:.0f}" role="img">',
        _STYLE,
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    if diagram.start is not None and diagram.start in placed.boxes:
        first = placed.boxes[diagram.start]
        cx = first.x + first.width / 2
        parts.append(f'<circle cx="{cx:.1f}" cy="10" r="6" fill="#333"/>')
        parts.append(_line(cx, 16, cx, top + first.y, dashed=False))
    _program(placed, 0.0, top, overlay, parts)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _program(placed: PlacedProgram, dx: float, dy: float, overlay: Overlay | None, parts: list[str]) -> None:
    for box in placed.boxes.values():
        _box(box, dx, dy, overlay, parts)
    right = dx + placed.width - LOOP_MARGIN / 2
    for edge in placed.diagram.edges:
        source, target = placed.boxes[edge.source], placed.boxes[edge.target]
        dashed = edge.kind in DASHED
        if (edge.source, edge.target) in placed.back_edges or target.y <= source.y:
            sx, sy = dx + source.x + source.width, dy + source.y + source.height / 2
            tx, ty = dx + target.x + target.width, dy + target.y + target.height / 2
            css = "edge dashed" if dashed else "edge"
            parts.append(
                f'<path class="{css}" d="M{sx:.1f},{sy:.1f} C{right:.1f},{sy:.1f} {right:.1f},{ty:.1f} '
                f'{tx:.1f},{ty:.1f}" marker-end="url(#arrow)"/>'
            )
            label_x, label_y = right - 4, (sy + ty) / 2
        else:
            sx, sy = dx + source.x + source.width / 2, dy + source.y + source.height
            tx, ty = dx + target.x + target.width / 2, dy + target.y
            parts.append(_line(sx, sy, tx, ty, dashed=dashed))
            label_x, label_y = (sx + tx) / 2 + 4, (sy + ty) / 2
        if edge.label:
            parts.append(f'<text class="label" x="{label_x:.1f}" y="{label_y:.1f}">{escape(edge.label)}</text>')


def _box(box: Placed, dx: float, dy: float, overlay: Overlay | None, parts: list[str]) -> None:
    node = box.node
    outcome = None if overlay is None else overlay.outcomes.get(node.name)
    fill, stroke = COLOURS[outcome] if outcome is not None else ("#ffffff", "#666666")
    x, y = dx + box.x, dy + box.y
    attributes = f"data-state={quoteattr(node.name)}" + (f' data-outcome="{outcome}"' if outcome else "")
    parts.append(f'<g class="state" {attributes}>')
    if node.groups:
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" rx="8" '
            'fill="#fafafa" stroke="#999" stroke-dasharray="6 4"/>'
        )
        parts.append(f'<text class="title" x="{x + 8:.1f}" y="{y + 14:.1f}">{escape(node.type.value)}</text>')
        hx, hy = x + (box.width - box.header_width) / 2, y + 18
    else:
        hx, hy = x, y
    width = box.header_width if node.groups else box.width
    radius = 4 if node.type is StateType.CHOICE else 10
    border = 3 if node.terminal else 1.5
    parts.append(
        f'<rect x="{hx:.1f}" y="{hy:.1f}" width="{width:.1f}" height="{box.header:.1f}" rx="{radius}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{border}"/>'
    )
    parts.append(_text(node, hx + width / 2, hy, overlay))
    parts.append("</g>")
    for program, gx, gy in box.groups:
        parts.append(_line(hx + width / 2, hy + box.header, x + gx + program.width / 2 - LOOP_MARGIN / 2, y + gy,
                           dashed=True))  # fmt: skip
        _program(program, x + gx, y + gy, overlay, parts)


def _text(node: Node, cx: float, top: float, overlay: Overlay | None) -> str:
    spans = []
    for index, line in enumerate(node_lines(node, overlay)):
        css = ' class="title"' if index == 0 else ""
        y = top + 1 + LINE_HEIGHT * (index + 1)
        spans.append(f'<tspan x="{cx:.1f}" y="{y:.1f}"{css}>{escape(line)}</tspan>')
    return f'<text text-anchor="middle">{"".join(spans)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, *, dashed: bool) -> str:
    css = "edge dashed" if dashed else "edge"
    return f'<path class="{css}" d="M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}" marker-end="url(#arrow)"/>'
