"""``statewise graph DEFINITION --format mermaid|dot|svg|html [-o FILE] [--execution ID]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statewise.cli.failures import EXIT_OK, UsageError
from statewise.cli.inputs import add_store_option, load_definition, open_store, substitutions
from statewise.cli.validate import add_substitution_options

if TYPE_CHECKING:
    from statewise.diagrams import Diagram, Overlay

__all__ = ["add_command", "write_output"]

_FORMATS = ("mermaid", "dot", "svg", "html")


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "graph",
        parents=[common],
        help="draw a definition: Mermaid, Graphviz DOT, SVG or a self-contained HTML page",
        description="Draw a definition. Map and Parallel states are groups, Choice rules label their edges, "
        "Catch edges are dashed. SVG comes from Graphviz's dot when it is on PATH, else from statewise's own "
        "layout. With --execution, the states are coloured by what that stored execution did.",
        epilog="examples:\n  statewise graph workflow.asl.json --format mermaid\n"
        "  statewise graph workflow.asl.yaml --format html -o workflow.html\n"
        "  statewise graph workflow.asl.json --format svg --execution 7k2mq -o run.svg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("definition", metavar="DEFINITION", help="a .json, .yaml or .yml file")
    parser.add_argument("--format", choices=_FORMATS, default="mermaid", help="output format (default mermaid)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of to stdout")
    parser.add_argument("--execution", metavar="ID", help="colour the states as this stored execution left them")
    add_store_option(parser)
    add_substitution_options(parser)
    parser.set_defaults(run=_graph)


def _graph(args: argparse.Namespace) -> int:
    from statewise.asl.parse import parse  # noqa: PLC0415 - the engine loads when a command needs it
    from statewise.diagrams import diagram, overlay  # noqa: PLC0415

    program = parse(load_definition(args.definition), substitutions=substitutions(args))
    painted = None
    if args.execution is not None:
        with open_store(args) as store:
            painted = overlay(store.history(args.execution))
    write_output(render(diagram(program), painted, args.format, Path(args.definition).name), args.output)
    return EXIT_OK


def render(drawn: Diagram, painted: Overlay | None, format: str, title: str) -> str:
    """The diagram in ``format``; a note goes to stderr when SVG could not come from Graphviz."""
    from html import escape  # noqa: PLC0415 - only HTML output needs it

    from statewise.diagrams import html_page, to_dot, to_mermaid, to_svg  # noqa: PLC0415 - see _graph

    if format == "mermaid":
        return to_mermaid(drawn, painted)
    if format == "dot":
        return to_dot(drawn, painted)
    svg = to_svg(drawn, painted)
    if svg.note:
        print(f"statewise: {svg.note}: drew the SVG with statewise's own layout", file=sys.stderr)
    if format == "svg":
        return svg.text
    return html_page(title, f'<h1>{escape(title)}</h1>\n<div class="diagram">{svg.text}</div>')


def write_output(text: str, path: str | None) -> None:
    """``text`` to the file at ``path``, or to stdout."""
    if path is None:
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the output: {exc.strerror or exc}; pick another -o") from None
