"""The ``statewise`` command line.

Exit codes: 0 success, 1 a run failed, 2 bad usage (as click and argparse do).
Output for humans goes through rich; ``--json`` prints machine-readable JSON.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from statewise import __version__
from statewise.cli.demo import add_demo_command

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statewise",
        description="Paginate, wait and run Step Functions workflows locally.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_demo_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
