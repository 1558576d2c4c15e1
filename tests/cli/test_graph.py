"""`statewise graph`: every format, to stdout or a file, optionally coloured by a stored execution."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest


@pytest.mark.parametrize(("format", "start"), [("mermaid", "flowchart TD"), ("dot", "digraph"), ("svg", "<svg"),
                                               ("html", "<!DOCTYPE html>")])  # fmt: skip
def test_formats(cli, definition, format, start):
    code, out, _ = cli("graph", str(definition), "--format", format)
    assert code == 0
    assert out.startswith(start)
    assert all(name in out for name in ("Fan", "Twice", "Check", "Big", "Small"))


def test_svg_to_a_file_and_the_graphviz_note(cli, definition, tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    path = tmp_path / "fan.svg"
    code, out, err = cli("graph", str(definition), "--format", "svg", "-o", str(path))
    assert (code, out) == (0, "")
    assert "Graphviz's `dot` is not on PATH: drew the SVG with statewise's own layout" in err
    ET.parse(path)  # well-formed


def test_coloured_by_a_stored_execution(cli, definition):
    run = json.loads(cli("run", str(definition), "--input", '{"items": [1, 2]}', "--json")[1])
    code, out, _ = cli("graph", str(definition), "--execution", run["id"])
    assert code == 0
    assert "class s4 failed" in out
    assert "2 iterations" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.json"], "cannot read the file"),
        (["{def}", "--execution", "nope"], "no stored execution"),
        (["{def}", "-o", "/nonexistent/dir/x.mmd"], "cannot write the output"),
    ],
)
def test_bad_input_exits_2(cli, definition, argv, message):
    argv = [str(definition) if a == "{def}" else a for a in argv]
    code, _, err = cli("graph", *argv)
    assert code == 2
    assert message in err
