"""The commands that work on AWS Step Functions itself: ``run --remote``, ``executions ... --remote``,
``redrive --remote`` and ``compare``.

Theory of operation: each is a thin layer over :mod:`statewise.remote`, with
the AWS options of :mod:`statewise.cli.aws_options`. ``run --remote`` starts
the execution on AWS, follows it (a live view from its history on a
terminal), records it in the store as ``statewise run`` records a local run,
and prints the outcome in the same shape. ``executions ... --remote`` reads
AWS instead of the store: ``list --remote MACHINE``, ``show|history|output
--remote EXECUTION_ARN``. ``compare`` exits 0 when the laptop and the cloud
agree, 1 when they differ.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import TYPE_CHECKING, Any

from statewise.cli.aws_options import add_aws_options, make_session
from statewise.cli.failures import EXIT_FAILED, EXIT_OK
from statewise.cli.inputs import load_definition, open_store, read_input, substitutions
from statewise.cli.jsonout import dumps
from statewise.cli.outcome import print_history, print_outcome
from statewise.cli.validate import add_substitution_options

if TYPE_CHECKING:
    from statewise.asl.machine import Execution

__all__ = ["add_compare_command", "executions_remote", "redrive_remote", "run_remote"]

# `run` options that only a local run reads: (option, its argparse dest)
_LOCAL_ONLY = (
    ("--mock-config", "mock_config"), ("--test-case", "test_case"), ("--machine-name", "machine_name"),
    ("--clock", "clock"), ("--substitute", "substitute"), ("--substitutions", "substitutions_file"),
)  # fmt: skip


def _client(args: argparse.Namespace) -> Any:
    from statewise.remote.aws import stepfunctions_client  # noqa: PLC0415 - loads boto3

    return stepfunctions_client(session=make_session(args), endpoint_url=args.endpoint_url, region=args.region)


def _exit(execution: Execution) -> int:
    """0 when it SUCCEEDED, else 1 (ABORTED too: on AWS someone stopped it; Ctrl-C here only stops following)."""
    return EXIT_OK if execution.status == "SUCCEEDED" else EXIT_FAILED


# -- run --remote -----------------------------------------------------------


def run_remote(args: argparse.Namespace) -> int:
    """``statewise run --remote NAME|ARN``: start the execution on AWS, follow it into the store, print it."""
    from statewise.cli.live import LiveView  # noqa: PLC0415 - loaded with the command
    from statewise.remote import follow, start  # noqa: PLC0415 - loads boto3

    if given := [option for option, value in _LOCAL_ONLY if getattr(args, value) not in (None, [], "system")]:
        args.usage_error(f"{', '.join(given)}: for local runs only; the state machine on AWS runs as deployed")
    data = read_input(args.input)
    view = LiveView(f"{args.remote} (on AWS)") if sys.stdout.isatty() and not args.json else None
    seen: list[dict[str, Any]] = []

    def show(events: list[dict[str, Any]]) -> None:
        seen.extend(events)
        if view is not None:
            view.update(seen)

    client = _client(args)
    with open_store(args) as store:  # opened first: a store that cannot be used stops the run before it starts
        execution_arn = start(args.remote, data, client=client, name=args.name)
        print(f"started {execution_arn} (Ctrl-C stops following it, not the execution)", file=sys.stderr)
        with view or contextlib.nullcontext():
            execution = follow(execution_arn, client=client, on_events=show, store=store)
        print_outcome(execution, store.get(execution.name).id, store.path, json_output=args.json)
    return _exit(execution)


# -- executions ... --remote --------------------------------------------------


def executions_remote(args: argparse.Namespace) -> int:
    """``statewise executions list|show|history|output --remote ...``: the same reads, from AWS."""
    from statewise.remote import describe_execution, execution_history, list_executions  # noqa: PLC0415
    from statewise.remote.aws import state_machine_arn  # noqa: PLC0415

    if getattr(args, "id", None) is not None:
        args.usage_error(f"executions {args.action} --remote takes the execution's ARN as --remote's value, no ID")
    client = _client(args)
    if args.action == "list":
        found = list_executions(client, state_machine_arn(client, args.remote), status=args.status, limit=args.limit)
        return _print_list(found, json_output=args.json)
    if args.action == "history":
        print_history(execution_history(client, args.remote), json_output=args.json)
        return EXIT_OK
    described = describe_execution(client, args.remote)
    if args.action == "output":
        if described["status"] != "SUCCEEDED":
            print(f"statewise: execution {args.remote} is {described['status']}: {described.get('error', 'no error')}"
                  f": {described.get('cause', 'no cause')}", file=sys.stderr)  # fmt: skip
            return EXIT_FAILED
        print(dumps(json.loads(described.get("output", "null")), indent=None if args.json else 2))
        return EXIT_OK
    print(dumps(described, indent=2))
    return EXIT_OK


def _print_list(found: list[dict[str, Any]], *, json_output: bool) -> int:
    if json_output:
        print(dumps(found, indent=2))
        return EXIT_OK
    for e in found:
        print(f"{e['status']:<15}  {e['startDate']:%Y-%m-%d %H:%M:%S}  {e['name']}  {e['executionArn']}")
    if not found:
        print("no executions on AWS for this state machine", file=sys.stderr)
    return EXIT_OK


# -- redrive --remote ------------------------------------------------------------


def redrive_remote(args: argparse.Namespace) -> int:
    """``statewise redrive --remote EXECUTION_ARN``: RedriveExecution on AWS, then follow it as ``run --remote``."""
    from statewise.remote import follow, redrive  # noqa: PLC0415 - loads boto3

    client = _client(args)
    redrive(args.remote, client=client)
    with open_store(args) as store:
        execution = follow(args.remote, client=client, store=store)
        print_outcome(execution, store.get(execution.name).id, store.path, json_output=args.json)
    return _exit(execution)


# -- compare ----------------------------------------------------------------------


def add_compare_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "compare",
        parents=[common],
        help="run one input locally and on AWS, and show where they differ",
        description="Run DEFINITION on the local engine (its AWS SDK Tasks calling the account, region and "
        "endpoint given) and the deployed state machine on AWS with the same input, then compare status, "
        "output, error, cause and the sequence of history event types.",
        epilog="example:\n  statewise compare workflow.asl.json --input '{\"n\": 3}' --remote rebuild --json\n\n"
        "exit codes: 0 they agree, 1 they differ (or a run could not finish), 2 bad usage or input",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("definition", metavar="DEFINITION", help="a .json, .yaml or .yml file")
    parser.add_argument("--input", metavar="JSON|@FILE", help="the execution input (default {})")
    parser.add_argument("--remote", required=True, metavar="NAME|ARN", help="the deployed state machine")
    parser.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    add_substitution_options(parser)
    add_aws_options(parser)
    parser.set_defaults(run=_compare)


def _compare(args: argparse.Namespace) -> int:
    from statewise.remote import compare  # noqa: PLC0415 - loads the engine and boto3

    found = compare(
        load_definition(args.definition), read_input(args.input), remote=args.remote,
        substitutions=substitutions(args), session=make_session(args), endpoint_url=args.endpoint_url,
        region=args.region,
    )  # fmt: skip
    print(dumps(found.to_dict(), indent=2) if args.json else found.report())
    return EXIT_OK if found.equal else EXIT_FAILED
