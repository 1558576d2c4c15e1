"""``statewise run DEFINITION``: run a definition locally, record it in the store, print how it ended.

Theory of operation: the run starts in the background
(:meth:`statewise.StateMachine.start`) and :func:`statewise.cli.live.follow`
records its events in the store as they come; on a terminal a live view
shows the running states and Map progress (on stderr, so stdout stays the
result). The execution's row is begun before the first event and finished
with the outcome, so a killed run reads back INTERRUPTED with every event it
recorded. Exit 0 when the execution SUCCEEDED, 1 when it did not, 130 when
Ctrl-C aborted it, 2 for bad input (nothing runs then).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statewise.cli.aws_options import add_aws_options, aws_requested, make_session
from statewise.cli.failures import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError
from statewise.cli.inputs import add_store_option, load_definition, open_store, read_input, substitutions
from statewise.cli.live import LiveView, recorded
from statewise.cli.outcome import print_outcome
from statewise.cli.validate import add_substitution_options

if TYPE_CHECKING:
    from statewise.asl.machine import Execution, ExecutionHandle, StateMachine

__all__ = ["add_command", "add_serving_options", "outcome", "start"]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "run",
        parents=[common],
        help="run a definition locally and record it in the execution store",
        description="Run a definition (JSON or YAML) on the local engine. Task states are served by a "
        "MockConfigFile test case (--mock-config, --test-case) and/or by AWS (--aws-profile, --region, "
        "--endpoint-url; without one of these, nothing calls AWS). The execution and its history are "
        "recorded in the store as they happen. With --remote, the state machine deployed on AWS runs there "
        "instead (see `statewise deploy`), followed and recorded the same way.",
        epilog="examples:\n  statewise run workflow.asl.json --input '{\"n\": 3}'\n"
        "  statewise run workflow.asl.yaml --input @input.json --mock-config mocks.json --test-case HappyPath\n"
        "  statewise run workflow.asl.json --region eu-west-1 --json\n"
        "  statewise run --remote rebuild --input @input.json --region eu-west-1\n\n"
        "exit codes: 0 SUCCEEDED, 1 FAILED/TIMED_OUT, 2 bad input, 130 aborted with Ctrl-C",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("definition", nargs="?", metavar="DEFINITION", help="a .json, .yaml or .yml file")
    parser.add_argument("--remote", metavar="NAME|ARN", help="run the state machine deployed on AWS instead")
    parser.add_argument("--input", metavar="JSON|@FILE", help="the execution input (default {})")
    parser.add_argument("--name", help="the execution name (default: a random UUID, as AWS)")
    parser.add_argument("--type", choices=("STANDARD", "EXPRESS"), default="STANDARD", help="default STANDARD")
    parser.add_argument("--machine-name", metavar="NAME", help="the state machine's name (default: the file's stem)")
    add_serving_options(parser)
    add_substitution_options(parser)
    add_aws_options(parser)
    add_store_option(parser)
    parser.set_defaults(run=_run, usage_error=parser.error)


def add_serving_options(parser: argparse.ArgumentParser) -> None:
    """What serves the Tasks and keeps time (AWS's options come with add_aws_options), and --json."""
    parser.add_argument("--mock-config", metavar="FILE", help="a Step Functions Local MockConfigFile (JSON)")
    parser.add_argument("--test-case", metavar="NAME", help="the test case of --mock-config to run")
    parser.add_argument(
        "--clock", choices=("system", "fake"), default="system",
        help="system: real time; fake: Wait states, retries and timeouts take no time (default system)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the outcome as one JSON object")


def _run(args: argparse.Namespace) -> int:
    import uuid  # noqa: PLC0415 - with platform, a tenth of --help's imports: loaded when a run needs it

    from statewise.asl.machine import StateMachine  # noqa: PLC0415 - the engine loads when a command needs it

    if (args.definition is None) == (args.remote is None):
        args.usage_error("give a DEFINITION to run locally, or --remote NAME|ARN to run on AWS (not both)")
    if args.remote is not None:
        from statewise.cli.remote import run_remote  # noqa: PLC0415 - boto3 loads for remote runs only

        return run_remote(args)
    definition = load_definition(args.definition)
    name = args.machine_name or Path(args.definition).name.split(".")[0]
    machine = StateMachine(definition, substitutions=substitutions(args), name=name, type=args.type)
    data = read_input(args.input)
    run_name = args.name or str(uuid.uuid4())
    with open_store(args) as store:  # opened first: a store that cannot be used stops the run before it starts
        handle = start(machine, args, input=data, name=run_name)
        view = LiveView(f"{machine.name} ({run_name})") if sys.stdout.isatty() and not args.json else None
        execution, execution_id = recorded(store, machine, handle, name=run_name, data=data, view=view)
        return outcome(execution, execution_id, store.path, json_output=args.json)


def start(machine: StateMachine, args: argparse.Namespace, **how: Any) -> ExecutionHandle:
    """``machine.start(**how)`` on what the options say serves its Tasks and keeps time."""
    from statewise.asl.options import UnservedTasksError  # noqa: PLC0415 - the engine loads when a command needs it

    if (args.mock_config is None) != (args.test_case is None):
        raise UsageError("--mock-config and --test-case go together: name the file and the test case to run")
    try:
        return machine.start(**how, **_run_options(args))
    except UnservedTasksError as exc:
        arns = ", ".join(sorted({target.arn for target in exc.targets}))
        raise UsageError(
            f"nothing serves the Task resources {arns}; pass --region/--aws-profile/--endpoint-url to call "
            "AWS, or --mock-config FILE --test-case NAME to mock them"
        ) from None


def _run_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of ``StateMachine.start`` the options ask for."""
    options: dict[str, Any] = {}
    if args.clock == "fake":
        from datetime import UTC, datetime  # noqa: PLC0415 - with the fake clock

        from statewise.testing import FakeClock  # noqa: PLC0415 - only fake-clock runs load it

        options["clock"] = FakeClock(datetime.now(UTC))  # time stands still in waits, but starts now
    if args.mock_config is not None:
        options["mock_config"] = Path(args.mock_config)
        options["test_case"] = args.test_case
    if aws_requested(args):
        from statewise.integrations.aws_sdk import AwsClients  # noqa: PLC0415 - only runs that call AWS load it

        options["aws"] = AwsClients(session=make_session(args), endpoint_url=args.endpoint_url, region=args.region)
    return options


def outcome(execution: Execution, execution_id: str, store: str, *, json_output: bool) -> int:
    """Print how ``execution`` (stored as ``execution_id``) ended; the exit code."""
    print_outcome(execution, execution_id, store, json_output=json_output)
    if execution.status == "SUCCEEDED":
        return EXIT_OK
    return EXIT_INTERRUPTED if execution.status == "ABORTED" else EXIT_FAILED
