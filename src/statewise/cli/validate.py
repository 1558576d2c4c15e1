"""``statewise validate`` and ``statewise lint``: what is wrong with each definition, one finding per line.

``validate`` prints the problems AWS would reject (exit 1 if any); ``lint`` adds the linter's diagnostics
(exit 1 on errors, or with ``--strict`` on warnings too). Both print through :mod:`statewise.cli.findings`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from statewise.cli.failures import EXIT_FAILED, EXIT_OK
from statewise.cli.findings import FORMATS, Located, render
from statewise.cli.inputs import load_definition, substitutions

__all__ = ["add_command", "add_lint_command", "add_substitution_options"]


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
    _definitions_options(parser)
    parser.set_defaults(run=_validate)


def add_lint_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "lint",
        parents=[common],
        help="find data-flow bugs, API misuse and quota breaches before deploy",
        description="Lint each definition (JSON or YAML): validation problems, then what the data-flow analysis "
        "finds (fields read after they are discarded, dead Choice rules, token names that do not match the API's "
        "paginator, aws-sdk parameters that do not fit the API, ...). One line per finding: "
        "file:pointer: code: message, with the fix on the next line where there is one.",
        epilog="examples:\n  statewise lint workflow.asl.json\n"
        "  statewise lint --strict --format sarif *.asl.yaml > lint.sarif\n\ncodes: see docs/lint.md\n"
        "exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 a file could not be read",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _definitions_options(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.set_defaults(run=_lint)


def _definitions_options(parser: argparse.ArgumentParser) -> None:
    """The definitions to check, the output format and the substitutions: what validate and lint share."""
    parser.add_argument("definitions", nargs="+", metavar="DEFINITION", help="a .json, .yaml or .yml file")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default text)")
    add_substitution_options(parser)


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


def _lint(args: argparse.Namespace) -> int:
    from statewise.lint import lint  # noqa: PLC0415 - the linter loads when the command runs

    values = substitutions(args)
    found = [
        Located(path, found) for path in args.definitions for found in lint(load_definition(path), substitutions=values)
    ]
    sys.stdout.write(render(found, args.format))
    failing = ("error", "warning") if args.strict else ("error",)
    return EXIT_FAILED if any(located.severity in failing for located in found) else EXIT_OK
