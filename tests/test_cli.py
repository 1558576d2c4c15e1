"""The statewise command line: demo output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from statewise.cli import main


def test_demo_json(capsys):
    assert main(["demo", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    paged = summary["paginate"]
    assert paged["pages"] == 12
    assert paged["items"] == 300
    assert paged["resume"]["first_pass"] == 40
    assert paged["resume"]["resumed_pass"] == 260
    assert paged["resume"]["complete_without_overlap"] is True
    assert summary["workflow"] == {
        "status": "SUCCEEDED",
        "pages": 12,
        "rebuilt": 300,
        "history_events": summary["workflow"]["history_events"],
        "map_iterations": 300,
    }
    # the classic bug: OutputPath null on the Map drops NextToken, so only page one is rebuilt
    assert summary["buggy_workflow"]["status"] == "SUCCEEDED"
    assert summary["buggy_workflow"]["rebuilt"] == 25
    assert summary["buggy_workflow"]["pages"] == 1


def test_demo_human_output(capsys):
    assert main(["demo", "--workspaces", "30"]) == 0
    out = capsys.readouterr().out
    assert "DescribeWorkspaces" in out
    assert "30/30" in out
    assert "OutputPath: null" in out


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
