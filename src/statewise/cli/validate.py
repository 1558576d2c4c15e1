"""``statewise validate DEFINITION...``: every problem of each definition, one per line; exit 1 if any."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from statewise.cli.failures import EXIT_FAILED, EXIT_OK
from statewise.cli.findings import FORMATS, Located, render
from statewise.cli.inputs import load_definition, substitutions

__all__ = ["add_command", "add_substitution_options"]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "validate",
        parents=[common],
        help="check definitions against the States Language",
        description="Check each definition (JSON or YAML) and print every problem as file:pointer: code: message.",
        epilog="examples:\n  statewise validate workflow.asl.json\n"
        "  statewise validate --format sarif *.asl.yaml > statewise.sarif\n\n"
        "exit codes: 0 no problems, 1 problems found, 2 a file could not be read",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("definitions", nargs="+", metavar="DEFINITION", help="a .json, .yaml or .yml file")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default text)")
    add_substitution_options(parser)
    parser.set_defaults(run=_validate)


def add_substitution_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--substitute", action="append", default=[], metavar="KEY=VALUE",
        help="fill a ${KEY} placeholder, as SAM/CDK DefinitionSubstitutions do (repeatable)",
    )  # fmt: skip
    group.add_argument("--substitutions", dest="substitutions_file", metavar="FILE",
                       help="a JSON or YAML mapping of placeholder values")  # fmt: skip


def _validate(args: argparse.Namespace) -> int:
    from statewise.asl.parse import validate  # noqa: PLC0415 - the engine loads when a command needs it

    values = substitutions(args)
    found = [
        Located(path, problem)
        for path in args.definitions
        for problem in validate(load_definition(path), substitutions=values)
    ]
    sys.stdout.write(render(found, args.format))
    return EXIT_FAILED if found else EXIT_OK
