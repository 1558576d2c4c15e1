"""``statewise wait SERVICE WAITER [Key=Value ...]``: poll until the waiter's acceptors say success.

A status line on stderr follows each attempt (redrawn in place on a
terminal); the last response goes to stdout with ``--json``. Exit 0 on
success, 1 when a failure acceptor matched or the time or attempts ran out.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from statewise.cli.aws_options import add_aws_options, make_client
from statewise.cli.failures import EXIT_OK
from statewise.cli.inputs import key_values, positive_int
from statewise.cli.jsonout import dumps

if TYPE_CHECKING:
    from statewise.waiting import Attempt

__all__ = ["add_command"]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "wait",
        parents=[common],
        help="wait for an AWS resource with a botocore waiter",
        description="Poll with a waiter (botocore's, or statewise's own) until it succeeds, fails or times out.",
        epilog="examples:\n  statewise wait dynamodb table_exists TableName=orders --timeout 300\n"
        "  statewise wait ec2 InstanceRunning InstanceIds='[\"i-0abc\"]' --backoff exponential\n\n"
        "Key=Value values are JSON when they parse as JSON, else strings.\n"
        "exit codes: 0 success, 1 failure or timeout, 2 bad input",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("service", metavar="SERVICE", help="boto3's service name: dynamodb, ec2 ...")
    parser.add_argument("waiter", metavar="WAITER", help="table_exists or TableExists")
    parser.add_argument("params", nargs="*", metavar="Key=Value", help="the operation's parameters")
    parser.add_argument("--timeout", type=float, metavar="S", help="give up after S seconds")
    parser.add_argument("--delay", type=float, metavar="S", help="seconds between attempts (default: the spec's)")
    parser.add_argument("--max-attempts", type=positive_int, metavar="N", help="default: the spec's")
    parser.add_argument("--backoff", choices=("exponential",), help="back off exponentially up to the delay")
    parser.add_argument(
        "--clock", choices=("system", "fake"), default="system",
        help="fake: do not really sleep between attempts (for emulators and tests; default system)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the last response as JSON")
    add_aws_options(parser)
    parser.set_defaults(run=_wait)


def _wait(args: argparse.Namespace) -> int:
    import statewise  # noqa: PLC0415 - the waiting engine and botocore load with the command

    params = key_values(args.params, "parameters")
    clock = None
    if args.clock == "fake":
        from statewise.testing import FakeClock  # noqa: PLC0415 - only fake-clock waits load it

        clock = FakeClock()
    status = _Status()
    try:
        response = statewise.wait(
            make_client(args, args.service), args.waiter, timeout=args.timeout, delay=args.delay,
            max_attempts=args.max_attempts, backoff=args.backoff, clock=clock, on_attempt=status.attempt, **params,
        )  # fmt: skip
    finally:
        status.close()
    if args.json:
        response.pop("ResponseMetadata", None)
        print(dumps(response, indent=2))
    else:
        print(f"{args.waiter}: success after {status.attempts} attempt{'s' * (status.attempts != 1)}")
    return EXIT_OK


class _Status:
    def __init__(self) -> None:
        self.attempts = 0
        self._tty = sys.stderr.isatty()

    def attempt(self, attempt: Attempt) -> None:
        self.attempts = attempt.number
        line = repr(attempt).strip("<>")
        if self._tty:
            print(f"\r\x1b[2K{line}", end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self._tty and self.attempts:
            print(file=sys.stderr)
