"""``statewise deploy DEFINITION --name NAME --role-arn ARN``: create or update a state machine on AWS.

Theory of operation: the options become one call of :func:`statewise.deploy`
(which validates, lints and binds the definition, then sends only the writes
AWS needs). The state machine's ARN goes to stdout, so ``$(statewise deploy
...)`` captures it; what was done, and the linter's warnings, go to stderr.
``--dry-run`` prints the writes it would send as JSON instead. A refusal (lint
errors, local-only resources) prints each finding as ``statewise lint`` does
and exits 1; nothing is sent then.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from statewise.cli.aws_options import add_aws_options, make_session
from statewise.cli.failures import EXIT_FAILED, EXIT_OK, UsageError
from statewise.cli.findings import Located, render
from statewise.cli.inputs import load_definition, substitutions
from statewise.cli.jsonout import dumps
from statewise.cli.validate import add_substitution_options

if TYPE_CHECKING:
    from statewise.remote.deploy import DeployResult

__all__ = ["add_command", "pairs"]

_LEVELS = ("ALL", "ERROR", "FATAL", "OFF")


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "deploy",
        parents=[common],
        help="create or update a state machine on AWS Step Functions",
        description="Validate and lint a definition (JSON or YAML), then create the state machine NAME or update "
        "it -- only when its definition, role or logging changed. Prints the state machine's ARN. A definition "
        "whose Task resources only statewise can serve (names bound to Python callables or simulated services) "
        "is refused until each is mapped to a real ARN with --bind.",
        epilog="examples:\n  statewise deploy workflow.asl.json --name rebuild --role-arn arn:aws:iam::123456789012:"
        "role/sfn\n  statewise deploy workflow.asl.yaml --name rebuild --role-arn ROLE --publish --alias live\n"
        "  statewise deploy workflow.asl.json --name rebuild --role-arn ROLE --bind rebuild=arn:aws:lambda:"
        "eu-west-1:123456789012:function:rebuild --dry-run\n\n"
        "exit codes: 0 deployed (or unchanged), 1 refused or AWS said no, 2 bad usage or input",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("definition", metavar="DEFINITION", help="a .json, .yaml or .yml file")
    parser.add_argument("--name", required=True, help="the state machine's name")
    parser.add_argument("--role-arn", required=True, metavar="ARN", help="the IAM role Step Functions runs it as")
    parser.add_argument("--type", choices=("STANDARD", "EXPRESS"), default="STANDARD", help="default STANDARD")
    parser.add_argument("--tags", nargs="+", default=[], metavar="KEY=VALUE", help="tags to add to the machine")
    parser.add_argument("--logging-level", choices=_LEVELS, help="CloudWatch Logs level (needs --log-group)")
    parser.add_argument("--log-group", metavar="ARN", help="the log group ARN (arn:aws:logs:...:log-group:NAME:*)")
    parser.add_argument("--publish", action="store_true", help="publish a version of what is deployed")
    parser.add_argument("--alias", metavar="NAME", help="point this alias at the published version (implies --publish)")
    parser.add_argument(
        "--bind", action="append", default=[], metavar="LOCAL=ARN",
        help="deploy the local-only Task resource LOCAL as ARN (repeatable)",
    )  # fmt: skip
    parser.add_argument("--dry-run", action="store_true", help="print the requests it would send (as JSON); send none")
    parser.add_argument("--force", action="store_true", help="deploy even when the linter finds errors")
    parser.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    add_substitution_options(parser)
    add_aws_options(parser)
    parser.set_defaults(run=_deploy)


def pairs(items: Iterable[str], option: str) -> dict[str, str]:
    """``["k=v", ...]`` as ``{"k": "v"}``, values kept as text (a tag's value, an ARN with its colons)."""
    found: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option}: {item!r} is not KEY=VALUE")
        found[key] = value
    return found


def _deploy(args: argparse.Namespace) -> int:
    from statewise.remote import DeployRefused, LocalBindingsRefused, deploy  # noqa: PLC0415 - loads boto3

    try:
        result = deploy(
            load_definition(args.definition), name=args.name, role_arn=args.role_arn, type=args.type,
            substitutions=substitutions(args), session=make_session(args), endpoint_url=args.endpoint_url,
            region=args.region, tags=pairs(args.tags, "--tags"), logging=_logging(args), publish=args.publish,
            alias=args.alias, dry_run=args.dry_run, force=args.force, bindings=pairs(args.bind, "--bind"),
        )  # fmt: skip
    except DeployRefused as refused:
        sys.stderr.write(render([Located(args.definition, item) for item in refused.diagnostics], "text"))
        count = len(refused.diagnostics)
        advice = "map each with --bind NAME=ARN" if isinstance(refused, LocalBindingsRefused) else "or pass --force"
        print(f"statewise: error: not deployed: {count} error{'s' * (count != 1)} above ({advice})", file=sys.stderr)
        return EXIT_FAILED
    sys.stderr.write(render([Located(args.definition, item) for item in result.diagnostics], "text"))
    _print_result(result, json_output=args.json)
    return EXIT_OK


def _logging(args: argparse.Namespace) -> dict[str, Any] | None:
    """``--logging-level``/``--log-group`` as the API's ``loggingConfiguration`` (None when neither is given)."""
    if args.logging_level is None:
        if args.log_group is not None:
            raise UsageError("--log-group needs --logging-level ALL, ERROR or FATAL")
        return None
    if args.logging_level == "OFF":
        return {"level": "OFF"}
    if args.log_group is None:
        raise UsageError(f"--logging-level {args.logging_level} needs --log-group ARN: the log group to write to")
    return {"level": args.logging_level, "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": args.log_group}}]}


def _print_result(result: DeployResult, *, json_output: bool) -> None:
    requests = [request.to_dict() for request in result.requests]
    if json_output or result.dry_run:
        outcome = {"arn": result.arn, "action": result.action, "versionArn": result.version_arn,
                   "aliasArn": result.alias_arn, "dryRun": result.dry_run, "requests": requests}  # fmt: skip
        print(dumps(requests if result.dry_run and not json_output else outcome, indent=2))
        return
    print(result.arn)
    done = [result.action] + [f"version {result.version_arn}"] * bool(result.version_arn)
    done += [f"alias {result.alias_arn}"] * bool(result.alias_arn)
    print(f"{', '.join(done)} ({len(requests)} request{'s' * (len(requests) != 1)} sent)", file=sys.stderr)
