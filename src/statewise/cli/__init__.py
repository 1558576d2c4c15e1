"""The ``statewise`` command line.

Theory of operation: :func:`main` builds an argparse parser from the
command table (:data:`_COMMANDS`: each entry registers one command, with
its help and examples), parses, and calls the command's ``run``. Command
modules import only the standard library and light statewise modules at
import time; the engine, botocore, boto3 and rich load inside the command
that needs them, so ``statewise --help`` stays fast (a test pins it).

Exit codes: 0 ok, 1 the thing checked or run failed, 2 bad usage or input,
130 interrupted (Ctrl-C). Errors print one line, ``statewise: error: ...``;
``--debug`` adds the traceback (:mod:`statewise.cli.failures`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

from statewise import __version__
from statewise.cli import deploy, executions, graph, paginate, redrive, remote, run, serve, validate, wait
from statewise.cli.demo import add_demo_command
from statewise.cli.failures import EXIT_FAILED, EXIT_INTERRUPTED, report_error

__all__ = ["main"]

# command registrars, in the order --help lists them
_COMMANDS: Final[tuple[Callable[[Any, argparse.ArgumentParser], None], ...]] = (
    run.add_command,
    validate.add_command,
    validate.add_lint_command,
    graph.add_command,
    paginate.add_command,
    wait.add_command,
    executions.add_command,
    redrive.add_command,
    executions.add_report_command,
    serve.add_command,
    deploy.add_command,
    remote.add_compare_command,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statewise",
        description="Paginate, wait and run Step Functions workflows locally.",
        epilog="Run `statewise COMMAND --help` for a command's options and examples. "
        "Exit codes: 0 ok, 1 the thing checked or run failed, 2 bad usage or input, 130 Ctrl-C.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an error")
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's default must not overwrite `statewise --debug COMMAND`
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="print tracebacks")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_demo_command(commands)
    for register in _COMMANDS:
        register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        print("statewise: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader (`| head`) went away: stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
        return EXIT_FAILED
    except Exception as exc:
        return report_error(exc, debug=args.debug)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
