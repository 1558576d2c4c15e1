"""`statewise demo`: paginate, lint, run, record and report on the simulated WorkSpaces service; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from statewise.cli import main
from statewise.store import ExecutionStore


def test_demo_json(capsys, store_path):
    assert main(["demo", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    paged = summary["paginate"]
    assert paged["pages"] == 12
    assert paged["items"] == 300
    assert paged["resume"]["first_pass"] == 40
    assert paged["resume"]["resumed_pass"] == 260
    assert paged["resume"]["complete_without_overlap"] is True
    # the linter finds the seed's bug, with its fix, and nothing in the loop as written
    assert summary["lint"]["workflow"] == []
    found = {item["code"]: item for item in summary["lint"]["buggy_workflow"]}
    assert found["field-discarded"]["pointer"] == "/States/MorePages/Choices/0/Variable"
    assert found["field-discarded"]["fix"] == "use ResultPath: null instead of OutputPath: null"
    workflow = summary["workflow"]
    assert {key: workflow[key] for key in ("status", "pages", "rebuilt", "rebuilt_once", "map_iterations")} == {
        "status": "SUCCEEDED",
        "pages": 12,
        "rebuilt": 300,
        "rebuilt_once": True,
        "map_iterations": 300,
    }
    # recorded in the store, with a self-contained HTML report beside it
    assert workflow["store"] == str(store_path)
    stored = ExecutionStore(store_path).get(workflow["execution_id"])
    assert (stored.status, stored.events) == ("SUCCEEDED", workflow["history_events"])
    report = Path(workflow["report"])
    assert report.parent == store_path.parent / "reports"
    assert "RebuildWorkspaces" in report.read_text()
    # the classic bug: OutputPath null on the Map drops NextToken, so only page one is rebuilt
    assert summary["buggy_workflow"]["status"] == "SUCCEEDED"
    assert summary["buggy_workflow"]["rebuilt"] == 25
    assert summary["buggy_workflow"]["rebuilt_once"] is False
    assert summary["buggy_workflow"]["pages"] == 1


def test_demo_report_goes_where_asked(capsys, tmp_path):
    report = tmp_path / "out" / "demo.html"
    assert main(["demo", "--workspaces", "3", "--json", "--report", str(report)]) == 0
    assert json.loads(capsys.readouterr().out)["workflow"]["report"] == str(report)
    assert report.read_text().startswith("<!DOCTYPE html>")


def test_demo_human_output(capsys):
    assert main(["demo", "--workspaces", "30"]) == 0
    out = capsys.readouterr().out
    assert "DescribeWorkspaces" in out
    assert "30/30" in out
    assert "OutputPath: null" in out
    assert "field-discarded" in out
    assert "fix: use ResultPath: null instead of OutputPath: null" in out
    assert "stored as" in out
    # 30 workspaces used to fit inside max_items=40, so the resume check reported its own failure
    assert "first pass (max_items=15)" in out
    assert "NO" not in out


@pytest.mark.parametrize(
    ("count", "max_items"), [(2, 1), (3, 1), (30, 15), (79, 39), (80, 40), (81, 40), (300, 40)]
)
def test_demo_resume_check_stops_partway_for_any_count(capsys, count, max_items):
    assert main(["demo", "--workspaces", str(count), "--json"]) == 0
    resume = json.loads(capsys.readouterr().out)["paginate"]["resume"]
    assert resume["skipped"] is None
    assert resume["max_items"] == max_items
    assert resume["first_pass"] == max_items
    assert resume["resume_token"] is not None
    assert resume["resumed_pass"] == count - max_items
    assert resume["complete_without_overlap"] is True


def test_demo_with_one_workspace_skips_the_resume_check(capsys):
    assert main(["demo", "--workspaces", "1", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["paginate"]["resume"] == {
        "max_items": None,
        "skipped": "one workspace is too few to stop a pass partway",
    }
    assert summary["workflow"]["rebuilt"] == 1
    assert main(["demo", "--workspaces", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 workspace (no AWS" in out
    assert "resume check" in out
    assert "skipped" in out
    assert "NO" not in out


@pytest.mark.parametrize("argv", [["demo", "--workspaces", "0"], ["nope"], []])
def test_bad_usage_exits_2(argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_python_dash_m():
    out = subprocess.run(
        [sys.executable, "-m", "statewise", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "statewise 0.1.0"
