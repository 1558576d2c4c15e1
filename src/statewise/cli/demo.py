"""``statewise demo``: the main job on its embedded default, no AWS account, no network.

Three acts against a simulated WorkSpaces service (300 workspaces, 25 a page):

1. ``paginate`` pages through DescribeWorkspaces with the paginator spec from
   the installed botocore data, and resumes where ``max_items`` stopped (40,
   or half the workspaces when there are fewer than 80, so the first pass
   always stops partway; a single workspace cannot be split, so the resume
   check says it was skipped);
2. the Step Functions NextToken loop (Task DescribeWorkspaces -> Map
   RebuildWorkspaces -> Choice on NextToken, ``data/workspaces_rebuild.asl.json``)
   runs on the local engine and rebuilds every workspace;
3. the same loop with the classic bug -- ``OutputPath: null`` on the Map, which
   throws NextToken away -- runs too, and rebuilds only the first page.

What only the demo needs (botocore's specs, the fake clock's asyncio, rich)
is imported when it runs, so ``statewise --help`` and ``--version`` stay quick.
"""

from __future__ import annotations

import argparse
import copy
import json
from collections import Counter
from importlib import resources
from typing import Any

import statewise

__all__ = ["add_demo_command", "run_demo"]

_RESUME_AFTER = 40  # max_items of the resume check, when there are enough workspaces


def add_demo_command(commands: Any) -> None:
    parser = commands.add_parser("demo", help="page and run a Step Functions loop over a simulated service")
    parser.add_argument("--workspaces", type=_positive, default=300, help="how many simulated workspaces (default 300)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(run=run_demo)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def run_demo(args: argparse.Namespace) -> int:
    definition = json.loads(resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text())
    buggy = copy.deepcopy(definition)
    rebuild_map = buggy["States"]["RebuildWorkspaces"]
    del rebuild_map["ResultPath"]
    rebuild_map["OutputPath"] = None
    summary = {
        "workspaces": args.workspaces,
        "paginate": _paginate(args.workspaces),
        "workflow": _workflow(definition, args.workspaces),
        "buggy_workflow": _workflow(buggy, args.workspaces),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _render(summary)
    return 0 if summary["workflow"]["rebuilt"] == args.workspaces else 1


def _paginate(count: int) -> dict[str, Any]:
    from statewise.specs import find_paginator  # noqa: PLC0415 - when the demo runs (see above)
    from statewise.testing.workspaces import SimulatedWorkspaces  # noqa: PLC0415

    service = SimulatedWorkspaces(count)
    spec = find_paginator("workspaces", "DescribeWorkspaces")
    if spec is None:  # pragma: no cover - botocore has shipped this paginator for years
        raise SystemExit("botocore has no DescribeWorkspaces paginator")
    pages = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25)
    page_sizes = [len(page["Workspaces"]) for page in pages]
    states = Counter(ws["State"] for ws in pages.items())
    return {
        "spec": spec.to_dict(),
        "pages": len(page_sizes),
        "items": sum(page_sizes),
        "states": dict(states),
        "resume": _resume(service, spec, count),
        "api_calls": service.calls,
    }


def _resume(service: Any, spec: Any, count: int) -> dict[str, Any]:
    """Stop a pass at max_items, resume from its token, and check nothing is lost or repeated.

    max_items must stop the first pass partway, or there is nothing to
    resume: 40, or half the workspaces when there are fewer than 80.
    """
    if count < 2:
        return {"max_items": None, "skipped": "one workspace is too few to stop a pass partway"}
    max_items = min(_RESUME_AFTER, count // 2)
    first = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25, max_items=max_items)
    first_ids = [ws["WorkspaceId"] for ws in first.items()]
    token = first.resume_token
    rest = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25, starting_token=token)
    rest_ids = [] if token is None else [ws["WorkspaceId"] for ws in rest.items()]
    return {
        "max_items": max_items,
        "skipped": None,
        "first_pass": len(first_ids),
        "resume_token": token,
        "resumed_pass": len(rest_ids),
        "complete_without_overlap": first_ids + rest_ids == [ws["WorkspaceId"] for ws in service.workspaces],
    }


def _workflow(definition: dict[str, Any], count: int) -> dict[str, Any]:
    from statewise.testing import FakeClock  # noqa: PLC0415 - when the demo runs (see above)
    from statewise.testing.workspaces import SimulatedWorkspaces  # noqa: PLC0415

    service = SimulatedWorkspaces(count)
    # the aws-sdk:workspaces Tasks reach the simulated service where a boto3 client would be
    execution = statewise.StateMachine(definition, name="RebuildWorkspaces").run(
        {}, clock=FakeClock(), aws={"workspaces": service}
    )
    events = Counter(event["type"] for event in execution.history)
    return {
        "status": str(execution.status),
        "pages": events["TaskStateEntered"] - events["MapIterationStarted"],
        "rebuilt": len(service.rebuilt),
        "history_events": len(execution.history),
        "map_iterations": events["MapIterationStarted"],
    }


def _render(summary: dict[str, Any]) -> None:
    from rich.console import Console  # noqa: PLC0415 - for humans only; --json never loads rich
    from rich.table import Table  # noqa: PLC0415

    console = Console()
    total = summary["workspaces"]
    noun = "workspace" if total == 1 else "workspaces"
    console.print(f"[bold]statewise demo[/]: a simulated WorkSpaces service, {total} {noun} (no AWS, no network)")
    paged = summary["paginate"]
    table = Table(title="1. statewise.paginate: DescribeWorkspaces, 25 a page (spec from botocore)")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("pages", str(paged["pages"]))
    table.add_row("workspaces", str(paged["items"]))
    for state, count in sorted(paged["states"].items()):
        table.add_row(f"  state {state}", str(count))
    resume = paged["resume"]
    if resume["skipped"] is not None:
        table.add_row("resume check", f"skipped: {resume['skipped']}")
    else:
        table.add_row(f"first pass (max_items={resume['max_items']})", str(resume["first_pass"]))
        table.add_row("resumed pass (starting_token)", str(resume["resumed_pass"]))
        table.add_row("resumed without gap or overlap", "yes" if resume["complete_without_overlap"] else "NO")
    console.print(table)
    flows = Table(title="2. The Step Functions NextToken loop, run locally")
    flows.add_column("definition")
    for column in ("status", "pages", "rebuilt", "history events"):
        flows.add_column(column, justify="right")
    for label, key in (("as written", "workflow"), ("with OutputPath: null on the Map", "buggy_workflow")):
        run = summary[key]
        style = "green" if run["rebuilt"] == total else "red"
        flows.add_row(
            label, run["status"], str(run["pages"]), f"[{style}]{run['rebuilt']}/{total}[/]", str(run["history_events"])
        )
    console.print(flows)
    buggy = summary["buggy_workflow"]
    if buggy["rebuilt"] != total:
        console.print(
            f"[red]OutputPath: null[/] on the Map drops $.Result.NextToken: the execution still SUCCEEDS, "
            f"but only {buggy['rebuilt']} of {total} workspaces were rebuilt. Caught on a laptop, before deploying."
        )
