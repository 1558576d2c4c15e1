"""``statewise paginate SERVICE OPERATION [Key=Value ...]``: every page (or item) as JSON lines.

Theory of operation: a thin driver over :class:`statewise.paging.core.PageCore`
(as :func:`statewise.paginate`'s own drivers are), because the command must
know, at any moment, the token that resumes right after the last page it
wrote: when ``--max-items`` stops the pass, when the service fails, and when
Ctrl-C interrupts a call or a write. Pages go to stdout as they come (without
``ResponseMetadata``, which describes the HTTP call, not the data); progress
and the resume token go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from statewise.cli.aws_options import add_aws_options, make_client
from statewise.cli.failures import EXIT_INTERRUPTED, EXIT_OK
from statewise.cli.inputs import key_values, positive_int
from statewise.cli.jsonout import dumps

__all__ = ["add_command"]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "paginate",
        parents=[common],
        help="page through an AWS operation: one JSON line per page or item",
        description="Call a paginated AWS operation until the last page (or --max-items), with the paginator "
        "spec from botocore's data. Pages (or, with --items, the items of the result keys) go to stdout as "
        "JSON lines; progress and the token to resume with go to stderr.",
        epilog="examples:\n  statewise paginate ec2 describe_snapshots OwnerIds='[\"self\"]' --items\n"
        "  statewise paginate dynamodb Scan TableName=orders --max-items 100\n"
        "  statewise paginate dynamodb Scan TableName=orders --starting-token TOKEN\n\n"
        "Key=Value values are JSON when they parse as JSON, else strings.\n"
        "exit codes: 0 done, 1 the service failed, 2 bad input, 130 Ctrl-C (the resume token is printed)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("service", metavar="SERVICE", help="boto3's service name: ec2, dynamodb, workspaces ...")
    parser.add_argument("operation", metavar="OPERATION", help="describe_snapshots or DescribeSnapshots")
    parser.add_argument("params", nargs="*", metavar="Key=Value", help="the operation's parameters")
    parser.add_argument("--max-items", type=positive_int, metavar="N", help="stop after N items (prints a token)")
    parser.add_argument("--page-size", type=positive_int, metavar="N", help="ask for N items per call")
    parser.add_argument("--starting-token", metavar="T", help="resume where a previous pass stopped")
    parser.add_argument("--items", action="store_true", help="one line per item instead of per page")
    add_aws_options(parser)
    parser.set_defaults(run=_paginate)


def _paginate(args: argparse.Namespace) -> int:
    from statewise.paging.core import PageCore, result_items  # noqa: PLC0415 - loads botocore's specs
    from statewise.paging.options import check_options  # noqa: PLC0415
    from statewise.paging.sources import resolve  # noqa: PLC0415

    params = key_values(args.params, "parameters")
    target = resolve(make_client(args, args.service), args.operation, None)
    options = check_options(
        target, max_items=args.max_items, page_size=args.page_size, starting_token=args.starting_token,
        prefetch=0, config=None,
    )  # fmt: skip
    core = PageCore(target.spec, params, max_items=options.max_items, page_size=options.page_size,
                    starting_token=options.starting_token)  # fmt: skip
    progress = _Progress()
    resume = core.current_token()  # resumes after the last page written
    call: dict[str, Any] | None = core.first_call()
    try:
        while call is not None:
            page = target.method(**call)
            call = core.receive(page)
            page.pop("ResponseMetadata", None)
            items = result_items(target.spec.result_key, page)
            lines = [dumps(item) for item in items] if args.items else [dumps(page)]
            sys.stdout.write("".join(line + "\n" for line in lines))
            sys.stdout.flush()
            resume = core.current_token() if call is not None else core.resume_token
            progress.page(len(items))
    except KeyboardInterrupt:
        progress.stop(resume, interrupted=True)
        return EXIT_INTERRUPTED
    except Exception:
        if progress.pages:  # the pages written so far stand: say where to resume
            progress.stop(resume, interrupted=False)
        raise
    progress.stop(resume, interrupted=False)
    return EXIT_OK


class _Progress:
    """A progress line on stderr: redrawn in place on a terminal, written once at the end otherwise."""

    def __init__(self) -> None:
        self.pages = 0
        self.items = 0
        self._tty = sys.stderr.isatty()

    def page(self, items: int) -> None:
        self.pages += 1
        self.items += items
        if self._tty:
            print(f"\r{self._line()}", end="", file=sys.stderr, flush=True)

    def stop(self, resume: str | None, *, interrupted: bool) -> None:
        ending = " (interrupted)" if interrupted else ""
        print(f"\r{self._line()}{ending}" if self._tty else f"{self._line()}{ending}", file=sys.stderr)
        if resume is not None:
            print(f"to resume: --starting-token {resume}", file=sys.stderr)

    def _line(self) -> str:
        return f"{self.pages} page{'s' * (self.pages != 1)}, {self.items} item{'s' * (self.items != 1)}"
