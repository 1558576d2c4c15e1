"""`statewise executions ...` and `statewise report`: read what `run` recorded."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from statewise.store import ExecutionStore


@pytest.fixture
def runs(cli, definition):
    ok = json.loads(cli("run", str(definition), "--input", '{"items": [70, 1]}', "--name", "good", "--json")[1])
    bad = json.loads(cli("run", str(definition), "--input", '{"items": [1]}', "--name", "bad", "--json")[1])
    return ok["id"], bad["id"]


def test_list(cli, runs):
    ok, bad = runs
    code, out, _ = cli("executions", "list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [bad, ok]
    assert "FAILED" in lines[0]
    assert "fan/good" in lines[1]
    code, out, _ = cli("executions", "list", "--status", "SUCCEEDED", "--json")
    assert [e["id"] for e in json.loads(out)] == [ok]


def test_list_empty_store(cli):
    assert cli("executions", "list") == (0, "", "no recorded executions\n")


def test_show_history_output(cli, runs):
    ok, bad = runs
    code, out, _ = cli("executions", "show", ok[:5], "--json")
    shown = json.loads(out)
    assert (code, shown["id"], shown["status"], shown["output"]) == (0, ok, "SUCCEEDED", [{"v": 140}, {"v": 2}])
    code, out, _ = cli("executions", "show", "bad")
    assert code == 0
    assert "error:        TooSmall" in out
    code, out, _ = cli("executions", "history", ok, "--json")
    events = json.loads(out)
    assert events[0]["type"] == "ExecutionStarted"
    assert events[-1]["type"] == "ExecutionSucceeded"
    code, out, _ = cli("executions", "history", ok)
    assert len(out.splitlines()) == len(events)
    assert cli("executions", "output", "good")[:2] == (0, json.dumps([{"v": 140}, {"v": 2}], indent=2) + "\n")
    code, out, err = cli("executions", "output", bad)
    assert (code, out) == (1, "")
    assert "FAILED: TooSmall: first value under 100" in err


def test_unknown_and_ambiguous_ids_exit_2(cli, runs, store_path):
    code, _, err = cli("executions", "show", "nothing-like-it")
    assert code == 2
    assert err.startswith(f"statewise: error: {store_path}: no stored execution")
    with sqlite3.connect(store_path) as db:  # two ids sharing a start, to be sure
        db.execute("UPDATE executions SET id = 'aaaa' || substr(id, 5)")
    code, _, err = cli("executions", "show", "aaaa")
    assert code == 2
    assert "is the start of 2 execution ids" in err


def test_a_corrupted_store_exits_2(cli, store_path):
    store_path.write_bytes(b"not sqlite " * 200)
    code, _, err = cli("executions", "list")
    assert code == 2
    assert str(store_path) in err
    assert "not a readable execution store" in err


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_report_is_self_contained(cli, runs, tmp_path):
    bad = runs[1]
    path = tmp_path / "run.html"
    code, _, err = cli("report", bad, "-o", str(path))
    assert code == 0
    assert str(path) in err
    page = path.read_text()
    parsed = _Page()
    parsed.feed(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags
    assert not [a for _, a in parsed.tags if any(k in a for k in ("src", "href"))]  # nothing to fetch
    assert not re.search(r"url\((?!#)", page)  # CSS fetches nothing either
    drawn = {a["data-state"]: a.get("data-outcome") for tag, a in parsed.tags if tag == "g" and "data-state" in a}
    assert drawn == {"Fan": "succeeded", "Twice": "succeeded", "Check": "succeeded", "Big": None, "Small": "failed"}
    assert 'id="status">FAILED<' in page
    assert "first value under 100" in page
    assert "1 iterations" in page
    with ExecutionStore(tmp_path / "store.sqlite3") as store:
        assert page.count("<tr><td>") == store.get(bad).events  # one row per event


def test_report_to_an_unwritable_path_exits_2(cli, runs, tmp_path):
    code, _, err = cli("report", runs[0], "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert code == 2
    assert "cannot write the output" in err


def test_killed_run_reads_interrupted(tmp_path, store_path):
    """A run killed with SIGKILL keeps the events it recorded and reads back INTERRUPTED."""
    definition = tmp_path / "slow.json"
    definition.write_text(json.dumps({"StartAt": "Tick", "States": {
        "Tick": {"Type": "Pass", "Next": "Sleep"},
        "Sleep": {"Type": "Wait", "Seconds": 3600, "End": True}}}))  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "statewise", "run", str(definition), "--store", str(store_path), "--name", "slow"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        events = 0
        while events < 4:  # ExecutionStarted, Tick entered/exited, Sleep entered: then it waits an hour
            with ExecutionStore(store_path) as store:
                found = store.list()
                events = found[0].events if found else 0
                if process.poll() is not None:
                    pytest.fail(f"the run ended early with {process.returncode}")
    finally:
        process.kill()
        process.wait()
    with ExecutionStore(store_path) as store:
        stored = store.get("slow")
        history = store.history("slow")
    assert stored.status == "INTERRUPTED"
    kinds = ["ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered"]
    assert [e["type"] for e in history] == kinds


def test_report_of_an_interrupted_run(cli, tmp_path, store_path, definition):
    execution_id = json.loads(cli("run", str(definition), "--input", '{"items": [1]}', "--json")[1])["id"]
    with sqlite3.connect(store_path) as db:  # as a killed run leaves it: RUNNING, its process gone
        db.execute("UPDATE executions SET status = 'RUNNING', pid = 2147483647 WHERE id = ?", (execution_id,))
    path = tmp_path / "r.html"
    assert cli("report", execution_id, "-o", str(path))[0] == 0
    page = path.read_text()
    assert 'id="status">INTERRUPTED<' in page
    assert "No outcome: the execution is INTERRUPTED" in page
