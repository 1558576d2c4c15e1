"""``statewise serve``: the Step Functions API on localhost, for suites written for Step Functions Local.

Theory of operation: the command checks its options (a non-loopback
``--host`` needs ``--allow-remote``), starts
:class:`statewise.server.LocalStepFunctions` and prints
``listening on http://HOST:PORT`` once requests are accepted (``--port 0``
picks a free port and prints it). Then it waits: Ctrl-C (or SIGTERM) stops
the server cleanly -- executions still running are aborted and recorded --
and exits 0. Executions are recorded in ``--store`` (in memory unless a path
is given), where ``statewise executions`` and ``statewise report`` read them.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Any

from statewise.cli.failures import EXIT_OK, UsageError

__all__ = ["add_command"]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the Step Functions API on localhost (a drop-in for Step Functions Local)",
        description="Serve the Step Functions API (the JSON protocol boto3 and the AWS CLI speak) on the local "
        "engine. Reads Step Functions Local's environment: SFN_MOCK_CONFIG, AWS_DEFAULT_REGION, AWS_ACCOUNT_ID, "
        "WAIT_TIME_SCALE and endpoint overrides such as LAMBDA_ENDPOINT, SQS_ENDPOINT, DYNAMODB_ENDPOINT, "
        "SNS_ENDPOINT, STEP_FUNCTIONS_ENDPOINT. Start executions as <stateMachineArn>#<TestCase> to mock "
        "that test case's states.",
        epilog="examples:\n  statewise serve\n  statewise serve --port 8083 --mock-config MockConfigFile.json\n"
        "  SFN_MOCK_CONFIG=mocks.json SQS_ENDPOINT=http://127.0.0.1:5000 statewise serve --clock fake\n"
        "  statewise serve --store runs.sqlite3   # then: statewise executions list --store runs.sqlite3\n\n"
        "exit codes: 0 stopped with Ctrl-C, 2 bad options (e.g. a non-loopback --host without --allow-remote)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8083, help="the port (default 8083, as Step Functions Local; 0: any)"
    )
    parser.add_argument("--mock-config", metavar="FILE", help="a MockConfigFile (default: $SFN_MOCK_CONFIG)")
    parser.add_argument(
        "--store", metavar="PATH", default=":memory:", help="record executions here (default :memory:, kept in memory)"
    )
    parser.add_argument(
        "--clock", choices=("system", "fake"), default=None,
        help="system: real time; fake: Wait states and retries take no time (default system, or fake when "
        "WAIT_TIME_SCALE=0)",
    )  # fmt: skip
    parser.add_argument("--region", help="the region of every ARN (default: $AWS_DEFAULT_REGION, else us-east-1)")
    parser.add_argument("--account", help="the account of every ARN (default: $AWS_ACCOUNT_ID, else 123456789012)")
    parser.add_argument(
        "--allow-remote", action="store_true",
        help="allow a --host that is not loopback (the API has no authentication: anyone who reaches it can run "
        "workflows whose Tasks call AWS with your credentials)",
    )  # fmt: skip
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from statewise.server.config import ConfigError  # noqa: PLC0415 - the server loads when it is asked for
    from statewise.server.http import LocalStepFunctions  # noqa: PLC0415

    try:
        server = LocalStepFunctions(
            host=args.host,
            port=args.port,
            mock_config=args.mock_config,
            clock=args.clock,
            store=args.store,
            region=args.region,
            account=args.account,
            allow_remote=args.allow_remote,
        ).start()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():  # only there can it take signals
        signal.signal(signal.SIGTERM, lambda *_: stop.set())  # `docker stop`, CI teardown: stop as on Ctrl-C
    try:
        print(f"listening on {server.endpoint_url}", flush=True)
        if args.store != ":memory:":
            print(f"recording executions in {os.path.abspath(args.store)}", file=sys.stderr, flush=True)
        while not stop.wait(0.5):  # woken by SIGTERM; Ctrl-C raises KeyboardInterrupt here
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("stopped", file=sys.stderr)
    return EXIT_OK
