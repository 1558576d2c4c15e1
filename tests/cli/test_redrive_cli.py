"""`statewise redrive ID`: a recorded execution that failed or was killed goes on from where it stopped."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from statewise.store import ExecutionStore

TASK = "arn:aws:states:::lambda:invoke"
FLOW = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Assign": {"who": "world"}, "Next": "Call"},
        "Call": {"Type": "Task", "Resource": TASK, "OutputPath": "$.Payload", "Next": "Greet"},
        "Greet": {"Type": "Pass", "Parameters": {"called.$": "$", "who.$": "$who"}, "End": True},
    },
}
MOCKS = {
    "StateMachines": {"flow": {"TestCases": {"Broken": {"Call": "Fails"}, "Fixed": {"Call": "Works"}}}},
    "MockedResponses": {
        "Fails": {"0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "down"}}},
        "Works": {"0": {"Return": {"Payload": {"ok": True}}}},
    },
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    definition, mocks = tmp_path / "flow.asl.json", tmp_path / "mocks.json"
    definition.write_text(json.dumps(FLOW))
    mocks.write_text(json.dumps(MOCKS))
    return str(definition), str(mocks)


def test_a_failed_execution_is_redriven_to_success_in_the_same_stored_row(cli, files, store_path):
    definition, mocks = files
    code, out, _ = cli("run", definition, "--mock-config", mocks, "--test-case", "Broken", "--json", "--name", "n1")
    failed = json.loads(out)
    assert (code, failed["status"], failed["error"]) == (1, "FAILED", "Lambda.ServiceException")
    with ExecutionStore(store_path) as store:
        before = store.history(failed["id"])
    code, out, err = cli("redrive", failed["id"][:6], "--mock-config", mocks, "--test-case", "Fixed")
    assert code == 0
    assert json.loads(out) == {"called": {"ok": True}, "who": "world"}
    assert f"stored as {failed['id']}" in err
    with ExecutionStore(store_path) as store:
        assert [e.id for e in store.list()] == [failed["id"]]  # the same row, no new one
        stored = store.get("n1")
        history = store.history("n1")
    assert (stored.status, stored.output, stored.error, stored.stop_date is not None) == (
        "SUCCEEDED",
        {"called": {"ok": True}, "who": "world"},
        None,
        True,
    )
    assert history[: len(before)] == before
    assert [e["id"] for e in history] == list(range(1, len(history) + 1))
    assert [e["type"] for e in history[len(before) :]][:2] == ["ExecutionRedriven", "TaskStateEntered"]
    assert history[len(before)]["executionRedrivenEventDetails"] == {"redriveCount": 1}
    assert stored.events == len(history)
    assert (stored.redrive_count, stored.redrive_date) == (1, history[len(before)]["timestamp"])
    code, out, _ = cli("executions", "show", "n1", "--json")
    shown = json.loads(out)
    assert (shown["redriveCount"], shown["redriveDate"]) == (1, stored.redrive_date.isoformat())


def test_a_redrive_that_fails_again_exits_1_and_can_be_redriven_once_more(cli, files, store_path):
    definition, mocks = files
    execution_id = json.loads(cli("run", definition, "--mock-config", mocks, "--test-case", "Broken", "--json")[1])[
        "id"
    ]
    code, out, _ = cli("redrive", execution_id, "--mock-config", mocks, "--test-case", "Broken", "--json")
    assert (code, json.loads(out)["status"]) == (1, "FAILED")
    code, out, _ = cli("redrive", execution_id, "--mock-config", mocks, "--test-case", "Fixed", "--json")
    assert (code, json.loads(out)["status"]) == (0, "SUCCEEDED")
    with ExecutionStore(store_path) as store:
        counts = [
            e["executionRedrivenEventDetails"]
            for e in store.history(execution_id)
            if "executionRedrivenEventDetails" in e
        ]
    assert counts == [{"redriveCount": 1}, {"redriveCount": 2}]


def test_a_succeeded_execution_is_not_redriven(cli, files, store_path):
    definition, mocks = files
    execution_id = json.loads(cli("run", definition, "--mock-config", mocks, "--test-case", "Fixed", "--json")[1])["id"]
    code, out, err = cli("redrive", execution_id, "--mock-config", mocks, "--test-case", "Fixed")
    assert (code, out) == (2, "")
    assert err.startswith("statewise: error: execution ")
    assert "cannot be redriven: it SUCCEEDED" in err
    assert err.count("\n") == 1
    with ExecutionStore(store_path) as store:
        assert store.get(execution_id).status == "SUCCEEDED"


def test_an_express_execution_is_not_redriven(cli, files):
    definition, mocks = files
    argv = ("--mock-config", mocks, "--test-case", "Broken", "--json")
    execution_id = json.loads(cli("run", definition, "--type", "EXPRESS", *argv)[1])["id"]
    code, _, err = cli("redrive", execution_id, "--mock-config", mocks, "--test-case", "Fixed")
    assert code == 2
    assert "EXPRESS" in err


def test_a_running_execution_is_not_redriven(cli, files, store_path):
    definition, mocks = files
    execution_id = json.loads(cli("run", definition, "--mock-config", mocks, "--test-case", "Broken", "--json")[1])[
        "id"
    ]
    with sqlite3.connect(store_path) as db:  # as a live run leaves it: RUNNING, its process (this one) alive
        db.execute("UPDATE executions SET status = 'RUNNING', pid = ? WHERE id = ?", (os.getpid(), execution_id))
    code, _, err = cli("redrive", execution_id)
    assert code == 2
    assert "is still running" in err


def test_bad_input_exits_2(cli, files):
    definition, mocks = files
    execution_id = json.loads(cli("run", definition, "--mock-config", mocks, "--test-case", "Broken", "--json")[1])[
        "id"
    ]
    code, _, err = cli("redrive", "nothing-like-it")
    assert code == 2
    assert "no stored execution has the id or name 'nothing-like-it'" in err
    code, _, err = cli("redrive", execution_id)  # nothing serves the Task now
    assert code == 2
    assert "nothing serves the Task resources" in err
    code, _, err = cli("redrive", execution_id, "--mock-config", mocks)
    assert code == 2
    assert "--mock-config and --test-case go together" in err


# -- the proof: SIGKILL mid-Map, then redrive -------------------------------------------------------------

ITEMS = 10
SLOW_MAP = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 1,
            "ItemProcessor": {
                "StartAt": "Nap",
                "States": {
                    "Nap": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
                    "Done": {"Type": "Pass", "End": True},
                },
            },
            "End": True,
        }
    },
}


def _succeeded(history: list[dict[str, Any]]) -> list[int]:
    return [e["mapIterationSucceededEventDetails"]["index"] for e in history if e["type"] == "MapIterationSucceeded"]


def test_a_run_killed_mid_map_is_redriven_without_rerunning_finished_iterations(cli, tmp_path, store_path):
    definition = tmp_path / "slow.json"
    definition.write_text(json.dumps(SLOW_MAP))
    items = json.dumps({"items": list(range(ITEMS))})
    process = subprocess.Popen(
        [sys.executable, "-m", "statewise", "run", str(definition), "--input", items, "--name", "slow",
         "--store", str(store_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    seen: list[dict[str, Any]] = []
    try:
        for _ in range(2000):  # the run records an iteration a second: at most 20 s
            with ExecutionStore(store_path) as store:
                seen = store.history("slow") if store.list() else []
            if len(_succeeded(seen)) >= 2:
                break
            if process.poll() is not None:
                pytest.fail(f"the run ended early with {process.returncode}")
            threading.Event().wait(0.01)  # the test's own thread waits for the other process, not the clock
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    with ExecutionStore(store_path) as store:
        killed = store.get("slow")
        history = store.history("slow")
    assert killed.status == "INTERRUPTED"
    assert history[: len(seen)] == seen  # every event recorded before the kill is kept
    assert [e["id"] for e in history] == list(range(1, len(history) + 1))
    assert history[-1]["type"] not in ("ExecutionSucceeded", "ExecutionFailed")
    finished = set(_succeeded(history))
    assert 2 <= len(finished) < ITEMS

    code, out, _ = cli("redrive", "slow", "--clock", "fake", "--json")
    assert (code, json.loads(out)["status"]) == (0, "SUCCEEDED")
    assert json.loads(out)["output"] == list(range(ITEMS))
    with ExecutionStore(store_path) as store:
        redriven = store.history("slow")
        assert store.get("slow").status == "SUCCEEDED"
    assert redriven[: len(history)] == history
    started = Counter(
        e["mapIterationStartedEventDetails"]["index"] for e in redriven if e["type"] == "MapIterationStarted"
    )
    assert all(started[i] == 1 for i in finished)  # the finished iterations never ran again
    assert Counter(_succeeded(redriven)) == Counter(range(ITEMS))  # each iteration succeeded exactly once
    new = redriven[len(history) :]
    assert [e["type"] for e in new][:3] == ["ExecutionRedriven", "MapStateEntered", "MapStateStarted"]
    assert not finished & {
        e["mapIterationStartedEventDetails"]["index"] for e in new if "mapIterationStartedEventDetails" in e
    }
