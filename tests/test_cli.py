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
    assert summary["pages"] == 12
    assert summary["items"] == 300
    assert summary["resume"]["first_pass"] == 40
    assert summary["resume"]["resumed_pass"] == 260
    assert summary["resume"]["complete_without_overlap"] is True


def test_demo_human_output(capsys):
    assert main(["demo", "--workspaces", "30"]) == 0
    out = capsys.readouterr().out
    assert "DescribeWorkspaces" in out
    assert "resume token" in out


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
