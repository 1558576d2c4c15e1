"""``statewise executions list|show|history|output`` and ``statewise report ID -o FILE.html``: read the store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from statewise.cli.aws_options import add_aws_options
from statewise.cli.failures import EXIT_FAILED, EXIT_OK
from statewise.cli.graph import write_output
from statewise.cli.inputs import add_store_option, open_store, positive_int
from statewise.cli.jsonout import dumps
from statewise.cli.outcome import print_history

__all__ = ["add_command", "add_report_command"]

_STATUSES = ("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "INTERRUPTED")


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "executions",
        parents=[common],
        help="list and read recorded executions",
        description="Read the executions `statewise run` recorded. ID is an execution id, the start of one, "
        "or an execution name (its newest run). With --remote, read AWS Step Functions instead: "
        "`list --remote MACHINE` (a name or ARN), `show|history|output --remote EXECUTION_ARN`.",
        epilog="examples:\n  statewise executions list --status FAILED\n  statewise executions show 7k2m\n"
        "  statewise executions history 7k2m --json\n  statewise executions output 7k2m > output.json\n"
        "  statewise executions list --remote rebuild --region eu-west-1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="the newest executions first")
    listing.add_argument("--status", choices=_STATUSES, help="only executions with this status")
    listing.add_argument("--limit", type=positive_int, default=20, metavar="N", help="at most N (default 20)")
    listing.set_defaults(run=_list)
    for action, help_text, run in (
        ("show", "an execution's status, dates, input, output or error", _show),
        ("history", "an execution's history events", _history),
        ("output", "an execution's output (exit 1 and its error when it did not succeed)", _output),
    ):
        sub = actions.add_parser(action, parents=[common], help=help_text)
        sub.add_argument("id", nargs="?", metavar="ID", help="an execution id, its start, or an execution name")
        sub.set_defaults(run=run)
    for sub in (listing, *[actions.choices[name] for name in ("show", "history", "output")]):
        sub.add_argument("--json", action="store_true", help="print JSON")
        add_store_option(sub)
        sub.add_argument("--remote", metavar="NAME|ARN", help="read AWS: the machine to list, else the execution")
        add_aws_options(sub)
        sub.set_defaults(run=_local_or_remote(sub.get_default("run")), usage_error=sub.error)


def add_report_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "report",
        parents=[common],
        help="write a self-contained HTML report of a recorded execution",
        description="Write one HTML file (no scripts, no network) with the execution's status, input and "
        "output, its diagram coloured by what each state did, each state's input and output, and every event.",
        epilog="example:\n  statewise report 7k2m -o run.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("id", metavar="ID", help="an execution id, its start, or an execution name")
    parser.add_argument("-o", "--output", metavar="FILE.html", required=True, help="where to write the page")
    add_store_option(parser)
    parser.set_defaults(run=_report)


def _local_or_remote(local: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """``local`` reading the store, unless ``--remote`` asks for AWS (where an ID is the value of --remote)."""

    def chosen(args: argparse.Namespace) -> int:
        if args.remote is not None:
            from statewise.cli.remote import executions_remote  # noqa: PLC0415 - boto3 loads for --remote only

            return executions_remote(args)
        if args.action != "list" and args.id is None:
            args.usage_error("name an execution: its ID, the start of one or its name (or --remote EXECUTION_ARN)")
        return local(args)

    return chosen


def _list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = store.list(status=args.status, limit=args.limit)
    if args.json:
        brief = [{k: v for k, v in e.summary().items() if k not in ("input", "output")} for e in found]
        print(dumps(brief, indent=2))
        return EXIT_OK
    for e in found:
        print(f"{e.id}  {e.status:<11}  {e.start_date:%Y-%m-%d %H:%M:%S}  {e.events:>6} events  "
              f"{e.machine_name}/{e.name}")  # fmt: skip
    if not found:
        print("no recorded executions" + (f" with status {args.status}" if args.status else ""), file=sys.stderr)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        summary = store.get(args.id).summary()
    if args.json:
        print(dumps(summary, indent=2))
        return EXIT_OK
    for key, value in summary.items():
        if value is not None:
            print(f"{key + ':':<13} {value if isinstance(value, str) else dumps(value)}")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        events = store.history(args.id)
    print_history(events, json_output=args.json)
    return EXIT_OK


def _output(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        stored = store.get(args.id)
    if stored.status != "SUCCEEDED":
        print(f"statewise: execution {stored.id} is {stored.status}: {stored.error or 'no error'}: "
              f"{stored.cause or 'no cause'}", file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    print(dumps(stored.output, indent=2 if not args.json else None))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from statewise.report import render_report  # noqa: PLC0415 - the engine and diagrams load with the command

    with open_store(args) as store:
        stored = store.get(args.id)
        page = render_report(stored, store.history(stored.id))
    write_output(page, args.output)
    print(f"wrote {args.output} ({stored.status}, {stored.events} events)", file=sys.stderr)
    return EXIT_OK
