"""`statewise --help` and each command's help: fast (no heavy imports), with examples."""

from __future__ import annotations

import subprocess
import sys

import pytest

from statewise.cli import main

COMMANDS = ["run", "validate", "graph", "paginate", "wait", "executions", "redrive", "report", "serve", "demo"]


def test_help_imports_no_heavy_module():
    code = (
        "import sys; from statewise.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('boto3', 'botocore', 'rich', 'jsonata', 'jsonata2py', 'statewise.asl.machine')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "COMMAND" in done.stdout
    assert done.stderr.strip() == "[]"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert f"statewise {command}" in out
    if command != "demo":  # its help is the coordinator's
        assert "example" in out


def test_the_top_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS)
    assert "Exit" in out


@pytest.mark.parametrize("argv", [["run"], ["validate"], ["graph", "x.json", "--format", "png"], ["executions"]])
def test_bad_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
