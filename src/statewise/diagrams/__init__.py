"""Diagrams of definitions, optionally coloured by what an execution did: Mermaid, Graphviz DOT and SVG.

:func:`diagram` reads a parsed program into a :class:`Diagram` (from the
transition graph of :mod:`statewise.asl.graph`); :func:`overlay` reads a
history into an :class:`Overlay`; :func:`to_mermaid`, :func:`to_dot` and
:func:`to_svg` render them. :func:`html_page` wraps an SVG in a
self-contained page.
"""

from __future__ import annotations

from statewise.diagrams.dot import to_dot
from statewise.diagrams.html import html_page
from statewise.diagrams.mermaid import to_mermaid
from statewise.diagrams.model import Diagram, Edge, EdgeKind, Node, describe_rule, diagram
from statewise.diagrams.overlay import Outcome, Overlay, overlay
from statewise.diagrams.svg import Svg, draw_svg, to_svg

__all__ = [
    "Diagram",
    "Edge",
    "EdgeKind",
    "Node",
    "Outcome",
    "Overlay",
    "Svg",
    "describe_rule",
    "diagram",
    "draw_svg",
    "html_page",
    "overlay",
    "to_dot",
    "to_mermaid",
    "to_svg",
]
