"""``statewise redrive ID``: continue a recorded execution that failed, timed out, was aborted or interrupted.

Theory of operation: the stored execution (its definition, input, name,
ARN and history) becomes the :class:`~statewise.Execution` that
``StateMachine.start(redrive=...)`` continues (:mod:`statewise.asl.redrive`:
from the state where it stopped, only what did not succeed). The run is
followed into the same row of the store as ``statewise run`` follows a new
one (:func:`statewise.cli.live.recorded`): RUNNING again, its new events
appended after the old ones as they come, then the outcome. An interrupted
execution (its process was killed) is redriven as an aborted one; one still
running, a succeeded or an EXPRESS one is refused (exit 2). With
``--remote EXECUTION_ARN`` the execution on AWS is redriven instead
(RedriveExecution) and followed as ``run --remote`` follows one
(:func:`statewise.cli.remote.redrive_remote`).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from statewise.cli.aws_options import add_aws_options
from statewise.cli.failures import UsageError
from statewise.cli.inputs import add_store_option, open_store
from statewise.cli.live import LiveView, recorded
from statewise.cli.run import add_serving_options, outcome, start

if TYPE_CHECKING:
    from statewise.asl.machine import Execution
    from statewise.store import StoredExecution

__all__ = ["add_command"]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "redrive",
        parents=[common],
        help="continue a failed, timed out, aborted or interrupted execution from where it stopped",
        description="Continue a recorded Standard execution as AWS's RedriveExecution does: from the state "
        "where it stopped, on the same input, re-running only the Map iterations, Parallel branches and child "
        "executions that did not succeed. The history goes on after an ExecutionRedriven event, in the same "
        "stored execution. Tasks are served as for `statewise run`. With --remote, redrive an execution on AWS "
        "Step Functions (RedriveExecution) and follow it.",
        epilog="examples:\n  statewise redrive 7k2m\n"
        "  statewise redrive 7k2m --mock-config mocks.json --test-case Fixed --json\n"
        "  statewise redrive --remote arn:aws:states:eu-west-1:123456789012:execution:rebuild:nightly\n\n"
        "exit codes: 0 SUCCEEDED, 1 FAILED/TIMED_OUT, 2 bad input or an execution that cannot be redriven, "
        "130 aborted with Ctrl-C",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("id", nargs="?", metavar="ID", help="an execution id, its start, or an execution name")
    parser.add_argument("--remote", metavar="EXECUTION_ARN", help="redrive this execution on AWS instead")
    add_serving_options(parser)
    add_aws_options(parser)
    add_store_option(parser)
    parser.set_defaults(run=_redrive, usage_error=parser.error)


def _redrive(args: argparse.Namespace) -> int:
    from statewise.asl.machine import StateMachine  # noqa: PLC0415 - the engine loads when a command needs it
    from statewise.base_errors import ExecutionNotRedrivable  # noqa: PLC0415 - with the engine

    if (args.id is None) == (args.remote is None):
        args.usage_error("give the ID of a stored execution, or --remote EXECUTION_ARN to redrive one on AWS")
    if args.remote is not None:
        from statewise.cli.remote import redrive_remote  # noqa: PLC0415 - boto3 loads for AWS only

        return redrive_remote(args)

    with open_store(args) as store:
        stored = store.get(args.id)
        if stored.status == "RUNNING":
            raise UsageError(f"execution {stored.id} is still running; redrive it once it has stopped")
        kind = "EXPRESS" if ":express:" in stored.arn else "STANDARD"
        machine = StateMachine(stored.definition, name=stored.machine_name, type=kind)
        try:
            handle = start(machine, args, redrive=_previous(stored, store.history(stored.id)))
        except ExecutionNotRedrivable as exc:
            raise UsageError(f"{exc} (stored as {stored.id})") from None
        view = LiveView(f"{machine.name} ({stored.name}), redriven") if sys.stdout.isatty() and not args.json else None
        execution, _ = recorded(store, machine, handle, name=stored.name, data=stored.input, view=view, redriven=stored)
        return outcome(execution, stored.id, store.path, json_output=args.json)


def _previous(stored: StoredExecution, history: list[dict[str, Any]]) -> Execution:
    """The stored execution as the engine's Execution; an interrupted one (its process is gone) as ABORTED."""
    from statewise.asl.machine import Execution, ExecutionStatus  # noqa: PLC0415 - see _redrive

    status = ExecutionStatus.ABORTED if stored.status == "INTERRUPTED" else ExecutionStatus(stored.status)
    stopped = stored.stop_date or (history[-1]["timestamp"] if history else stored.start_date)
    return Execution(
        stored.arn,
        stored.name,
        status,
        stored.input,
        stored.output,
        stored.error,
        stored.cause,
        history,
        stored.start_date,
        stopped,
    )
