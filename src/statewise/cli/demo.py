"""``statewise demo``: the main job on its embedded default, no AWS account, no network.

Pages through a simulated WorkSpaces service (300 workspaces, 25 a page) with
the DescribeWorkspaces paginator spec from the installed botocore data: all
items, the full result, and a resume token that picks up where ``max_items``
stopped.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

__all__ = ["add_demo_command", "run_demo"]


def add_demo_command(commands: Any) -> None:
    parser = commands.add_parser("demo", help="page through a simulated WorkSpaces service (no network)")
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
    import statewise
    from statewise.specs import find_paginator
    from statewise.testing.workspaces import SimulatedWorkspaces

    service = SimulatedWorkspaces(args.workspaces)
    spec = find_paginator("workspaces", "DescribeWorkspaces")
    if spec is None:  # pragma: no cover - botocore has shipped this paginator for years
        raise SystemExit("botocore has no DescribeWorkspaces paginator")
    pages = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25)
    page_sizes = [len(page["Workspaces"]) for page in pages]
    states = Counter(ws["State"] for ws in pages.items())
    first = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25, max_items=40)
    first_ids = [ws["WorkspaceId"] for ws in first.items()]
    rest = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25, starting_token=first.resume_token)
    rest_ids = [ws["WorkspaceId"] for ws in rest.items()]
    summary = {
        "spec": spec.to_dict(),
        "pages": len(page_sizes),
        "items": sum(page_sizes),
        "states": dict(states),
        "resume": {
            "max_items": 40,
            "first_pass": len(first_ids),
            "resume_token": first.resume_token,
            "resumed_pass": len(rest_ids),
            "complete_without_overlap": first_ids + rest_ids == [ws["WorkspaceId"] for ws in service.workspaces],
        },
        "api_calls": service.calls,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _render(summary)
    return 0


def _render(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print("[bold]statewise demo[/]: paging a simulated WorkSpaces service (no AWS account, no network)")
    console.print(f"paginator spec from botocore: workspaces.DescribeWorkspaces {summary['spec']}")
    table = Table(title="DescribeWorkspaces, 25 a page")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("pages", str(summary["pages"]))
    table.add_row("workspaces", str(summary["items"]))
    for state, count in sorted(summary["states"].items()):
        table.add_row(f"  state {state}", str(count))
    resume = summary["resume"]
    table.add_row("first pass (max_items=40)", str(resume["first_pass"]))
    table.add_row("resumed pass (starting_token)", str(resume["resumed_pass"]))
    table.add_row("resumed without gap or overlap", "yes" if resume["complete_without_overlap"] else "NO")
    table.add_row("API calls in all", str(summary["api_calls"]))
    console.print(table)
    console.print(f"resume token: [cyan]{resume['resume_token']}[/]")
