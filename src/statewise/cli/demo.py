"""``statewise demo``: the main job on its embedded default, no AWS account, no network.

Four acts against a simulated WorkSpaces service (300 workspaces, 25 a page;
``aws-sdk:workspaces`` Tasks reach it where a boto3 client would be, no Python
callables):

1. ``paginate`` pages through DescribeWorkspaces with the paginator spec from
   the installed botocore data, and resumes where ``max_items`` stopped (40,
   or half the workspaces when there are fewer than 80, so the first pass
   always stops partway; a single workspace cannot be split, so the resume
   check says it was skipped);
2. the linter reads the Step Functions NextToken loop (Task DescribeWorkspaces
   -> Map RebuildWorkspaces -> Choice on NextToken,
   ``data/workspaces_rebuild.asl.json``) with the classic bug --
   ``OutputPath: null`` on the Map, which throws NextToken away -- and finds
   it, with the fix; the loop as written lints clean;
3. the loop as written runs on the local engine with the live view, is
   recorded in the execution store, and gets an HTML report; the summary
   proves every workspace was rebuilt exactly once;
4. the buggy loop runs too: it SUCCEEDS, and rebuilds only the first page.

What only the demo needs (botocore's specs, the engine, the fake clock's
asyncio, rich) is imported when it runs, so ``statewise --help`` stays quick.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import statewise
from statewise.cli.graph import write_output
from statewise.cli.inputs import add_store_option, open_store, positive_int

__all__ = ["add_demo_command", "run_demo"]

_RESUME_AFTER = 40  # max_items of the resume check, when there are enough workspaces


def add_demo_command(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        help="lint, run and record a Step Functions loop over a simulated service (no AWS, no network)",
        description="Page a simulated WorkSpaces service, lint the NextToken loop that rebuilds its workspaces "
        "(and catch the classic OutputPath: null bug), run the loop locally with a live view, record it in the "
        "execution store and write its HTML report.",
        epilog="examples:\n  statewise demo\n  statewise demo --workspaces 1000 --json\n"
        "  statewise demo --store /tmp/demo.sqlite3 --report /tmp/demo.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--workspaces", type=positive_int, default=300, help="how many simulated workspaces (default 300)"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--report",
        metavar="FILE.html",
        help="where to write the HTML report (default: reports/<id>.html beside the store)",
    )
    add_store_option(parser)
    parser.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    definition = json.loads(resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text())
    buggy = copy.deepcopy(definition)
    rebuild_map = buggy["States"]["RebuildWorkspaces"]
    del rebuild_map["ResultPath"]
    rebuild_map["OutputPath"] = None
    summary = {
        "workspaces": args.workspaces,
        "paginate": _paginate(args.workspaces),
        "lint": {"workflow": _lint(definition), "buggy_workflow": _lint(buggy)},
        "workflow": _recorded_workflow(definition, args),
        "buggy_workflow": _workflow(buggy, args.workspaces),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _render(summary)
    caught = any(found["code"] == "field-discarded" for found in summary["lint"]["buggy_workflow"])
    return 0 if summary["workflow"]["rebuilt_once"] and caught and not summary["lint"]["workflow"] else 1


def _lint(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"code": d.code, "severity": d.severity, "pointer": d.pointer, "message": d.message, "fix": d.fix}
        for d in statewise.lint(definition)
    ]


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


def _workflow(definition: dict[str, Any], count: int, record: Any = None) -> dict[str, Any]:
    """What the loop did over ``count`` simulated workspaces. ``record``, given the machine and the started
    handle, follows the execution to its end (the store and the live view); without it, it is awaited here."""
    from datetime import UTC, datetime  # noqa: PLC0415 - when the demo runs (see above)

    from statewise.testing import FakeClock  # noqa: PLC0415
    from statewise.testing.workspaces import SimulatedWorkspaces  # noqa: PLC0415

    service = SimulatedWorkspaces(count)
    machine = statewise.StateMachine(definition, name="RebuildWorkspaces")
    # the aws-sdk:workspaces Tasks reach the simulated service where a boto3 client would be
    # time stands still between calls (seconds, not minutes), but starts now: the store shows when it ran
    handle = machine.start({}, clock=FakeClock(datetime.now(UTC)), aws={"workspaces": service})
    execution = handle.result() if record is None else record(machine, handle)
    events = Counter(event["type"] for event in execution.history)
    rebuilt = Counter(service.rebuilt)
    return {
        "status": str(execution.status),
        "pages": events["TaskStateEntered"] - events["MapIterationStarted"],
        "rebuilt": len(service.rebuilt),
        "rebuilt_once": sorted(rebuilt) == [ws["WorkspaceId"] for ws in service.workspaces]
        and set(rebuilt.values()) == {1},
        "history_events": len(execution.history),
        "map_iterations": events["MapIterationStarted"],
    }


def _recorded_workflow(definition: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """The loop as written, followed live, recorded in the store, with its HTML report."""
    import uuid  # noqa: PLC0415 - when the demo runs (see above)

    from statewise.cli.live import LiveView, recorded  # noqa: PLC0415
    from statewise.report import render_report  # noqa: PLC0415

    name = str(uuid.uuid4())
    with open_store(args) as store:
        ids: list[str] = []

        def record(machine: statewise.StateMachine, handle: Any) -> Any:
            view = LiveView(f"{machine.name} ({name})") if sys.stdout.isatty() and not args.json else None
            execution, execution_id = recorded(store, machine, handle, name=name, data={}, view=view)
            ids.append(execution_id)
            return execution

        result = _workflow(definition, args.workspaces, record)
        stored = store.get(ids[0])
        report = Path(args.report) if args.report else Path(store.path).parent / "reports" / f"{stored.id}.html"
        report.parent.mkdir(parents=True, exist_ok=True)
        write_output(render_report(stored, store.history(stored.id)), str(report))
        return {**result, "execution_id": stored.id, "store": str(store.path), "report": str(report)}


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
    found = summary["lint"]["buggy_workflow"]
    console.print("[bold]2. statewise lint[/], before anything runs: the loop with [red]OutputPath: null[/] on the Map")
    for item in found:
        style = "red" if item["severity"] != "info" else "dim"
        console.print(f"  [{style}]{item['severity']}[/] {item['pointer']}: [bold]{item['code']}[/]: {item['message']}")
        if item["fix"]:
            console.print(f"    [green]fix:[/] {item['fix']}")
    clean = not summary["lint"]["workflow"]
    console.print(f"  the loop as written: {'[green]no findings[/]' if clean else '[red]findings (see --json)[/]'}")
    flows = Table(title="3. The NextToken loop, run locally on aws-sdk:workspaces Tasks (simulated service)")
    flows.add_column("definition")
    for column in ("status", "pages", "rebuilt", "each exactly once", "history events"):
        flows.add_column(column, justify="right")
    for label, key in (("as written", "workflow"), ("4. with OutputPath: null on the Map", "buggy_workflow")):
        run = summary[key]
        style = "green" if run["rebuilt"] == total else "red"
        once = "[green]yes[/]" if run["rebuilt_once"] else "[red]no[/]"
        flows.add_row(
            label,
            run["status"],
            str(run["pages"]),
            f"[{style}]{run['rebuilt']}/{total}[/]",
            once,
            str(run["history_events"]),
        )
    console.print(flows)
    buggy = summary["buggy_workflow"]
    if buggy["rebuilt"] != total:
        console.print(
            f"[red]OutputPath: null[/] on the Map drops $.Result.NextToken: the execution still SUCCEEDS, "
            f"but only {buggy['rebuilt']} of {total} workspaces were rebuilt. Caught on a laptop, before deploying."
        )
    run = summary["workflow"]
    console.print(
        f"stored as [bold]{run['execution_id']}[/] in {run['store']} "
        f"(statewise executions show {run['execution_id']}); report: {run['report']}"
    )
