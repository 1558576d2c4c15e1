"""statewise.store: record executions as they run or when done, find them by id, prefix or name."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

import statewise
from statewise.store import (
    INTERRUPTED,
    AmbiguousExecutionIdError,
    ExecutionNotFoundError,
    ExecutionStore,
    StoreError,
    StoreVersionError,
    default_store_path,
)
from statewise.store.schema import SCHEMA_VERSION
from statewise.testing import FakeClock

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": 1}, "End": True}}}
FAIL = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "it broke"}}}


def _run(definition, name=None, input=None):
    return statewise.StateMachine(definition, name="M").run(input or {"n": 1}, clock=FakeClock(), name=name)


@pytest.fixture
def store(tmp_path):
    with ExecutionStore(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_save_and_get_round_trip(store):
    execution = _run(PASS, name="first")
    execution_id = store.save(execution, PASS, "M")
    stored = store.get(execution_id)
    assert len(execution_id) == 10
    assert stored.id == execution_id
    assert (stored.name, stored.arn, stored.machine_name) == ("first", execution.arn, "M")
    assert stored.status == "SUCCEEDED"
    assert stored.input == {"n": 1}
    assert stored.output == {"ok": 1}
    assert stored.definition == PASS
    assert stored.start_date == execution.start_date
    assert stored.stop_date == execution.stop_date
    assert stored.events == len(execution.history)
    assert store.history(execution_id) == execution.history


def test_failed_execution_keeps_error_and_cause_and_no_output(store):
    execution_id = store.save(_run(FAIL), FAIL, "M")
    stored = store.get(execution_id)
    assert (stored.status, stored.output, stored.error, stored.cause) == ("FAILED", None, "Boom", "it broke")
    assert stored.summary()["error"] == "Boom"


def test_reopen_continues_an_execution_in_its_row(store):
    """A redrive: RUNNING again for this process, outcome cleared, new events after the old, then the outcome."""
    machine = statewise.StateMachine(FAIL, name="M")
    failed = machine.run(clock=FakeClock())
    execution_id = store.save(failed, FAIL, "M")
    store.reopen(execution_id)
    reopened = store.get(execution_id)
    assert (reopened.status, reopened.error, reopened.cause, reopened.stop_date) == ("RUNNING", None, None, None)
    assert reopened.events == len(failed.history)
    again = machine.run(clock=FakeClock(), redrive=failed)
    store.finish(execution_id, again)
    stored = store.get(execution_id)
    assert (stored.status, stored.error, stored.redrive_count) == ("FAILED", "Boom", 1)
    assert stored.events == len(again.history)
    assert store.history(execution_id) == again.history
    assert [e.id for e in store.list()] == [execution_id]


def test_get_by_prefix_and_by_name(store):
    ids = [store.save(_run(PASS, name=f"run-{i}"), PASS, "M") for i in range(3)]
    assert store.get(ids[1][:8]).id == ids[1]
    assert store.get("run-2").id == ids[2]


def test_a_name_used_twice_finds_the_newest_run(store):
    first = store.save(_run(PASS, name="same"), PASS, "M")
    second = store.save(_run(PASS, name="same"), PASS, "M")
    assert first != second
    assert store.get("same").id == second


def test_unknown_id_names_the_path_and_suggests_close_ids_and_names(store):
    saved = store.save(_run(PASS, name="nightly-report"), PASS, "M")
    with pytest.raises(ExecutionNotFoundError) as info:
        store.get("nightly-reprt")
    assert info.value.path == store.path
    assert info.value.suggestions == ("nightly-report",)
    assert str(info.value) == (
        f"{store.path}: no stored execution has the id or name 'nightly-reprt'; see `statewise executions list`; "
        "did you mean 'nightly-report'?"
    )
    with pytest.raises(ExecutionNotFoundError) as info:
        store.get(saved[:-1] + "!")
    assert info.value.suggestions == (saved,)


def test_ambiguous_prefix(store):
    ids = [store.save(_run(PASS), PASS, "M") for _ in range(40)]
    # 40 ids over 32 leading characters: two share a first character
    first_chars = [i[0] for i in ids]
    shared = next(c for c in first_chars if first_chars.count(c) > 1)
    with pytest.raises(AmbiguousExecutionIdError) as info:
        store.get(shared)
    assert set(info.value.matches) == {i for i in ids if i.startswith(shared)}
    assert "type more of it" in str(info.value)


def test_like_wildcards_in_a_prefix_match_literally(store):
    store.save(_run(PASS), PASS, "M")
    with pytest.raises(ExecutionNotFoundError):
        store.get("%")
    with pytest.raises(ExecutionNotFoundError):
        store.get("_")


def test_list_newest_first_with_status_and_limit(store):
    ok = store.save(_run(PASS), PASS, "M")
    bad = store.save(_run(FAIL), FAIL, "M")
    assert [e.id for e in store.list()] == [bad, ok]
    assert [e.id for e in store.list(status="SUCCEEDED")] == [ok]
    assert [e.id for e in store.list(limit=1)] == [bad]
    assert store.list(status="TIMED_OUT") == []


def test_recording_as_it_runs(store):
    execution = _run(PASS)
    execution_id = store.begin(
        machine_name="M", definition=PASS, name=execution.name, arn=execution.arn,
        input=execution.input, start_date=execution.start_date,
    )  # fmt: skip
    assert store.get(execution_id).status == "RUNNING"  # this process records it
    store.append(execution_id, execution.history[:2])
    assert store.history(execution_id) == execution.history[:2]
    store.append(execution_id, execution.history[:2])  # appended twice: kept once
    store.finish(execution_id, execution)
    assert store.history(execution_id) == execution.history
    assert store.get(execution_id).status == "SUCCEEDED"


def test_a_running_row_whose_process_is_gone_reads_interrupted(store):
    execution = _run(PASS)
    execution_id = store.begin(
        machine_name="M", definition=PASS, name="x", arn=execution.arn, input={}, start_date=execution.start_date
    )
    store.append(execution_id, execution.history[:1])
    code = "import os; print(os.getpid())"
    dead = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE executions SET pid = ? WHERE id = ?", (int(dead.stdout), execution_id))
    stored = store.get(execution_id)
    assert stored.status == INTERRUPTED
    assert stored.events == 1
    assert [e.id for e in store.list(status=INTERRUPTED)] == [execution_id]


def test_memory_store():
    with ExecutionStore(":memory:") as store:
        execution_id = store.save(_run(PASS), PASS, "M")
        assert store.get(execution_id).status == "SUCCEEDED"


def test_reopening_keeps_executions_and_schema_version(tmp_path):
    path = tmp_path / "s.sqlite3"
    with ExecutionStore(path) as store:
        execution_id = store.save(_run(PASS), PASS, "M")
    with ExecutionStore(path) as store:
        assert store.get(execution_id).output == {"ok": 1}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.sqlite3"
    ExecutionStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreVersionError) as info:
        ExecutionStore(path)
    assert info.value.path == str(path)
    assert (info.value.version, info.value.supported) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert "upgrade statewise" in str(info.value)


def test_corrupted_file_is_refused_with_its_path(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database, just some text that is long enough" * 20)
    with pytest.raises(StoreError) as info:
        ExecutionStore(path)
    assert info.value.path == str(path)
    assert "not a readable execution store" in str(info.value)


def test_unwritable_folder_is_refused_with_its_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError) as info:
        ExecutionStore(blocker / "sub" / "s.sqlite3")
    assert "cannot create the store's folder" in str(info.value)


def test_default_path(monkeypatch, tmp_path):
    monkeypatch.delenv("STATEWISE_STORE", raising=False)
    monkeypatch.delenv("STATEWISE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_path() == tmp_path / ".statewise" / "store.sqlite3"
    monkeypatch.setenv("STATEWISE_HOME", str(tmp_path / "home"))
    assert default_store_path() == tmp_path / "home" / "store.sqlite3"
    monkeypatch.setenv("STATEWISE_STORE", str(tmp_path / "x.db"))
    assert default_store_path() == tmp_path / "x.db"
    assert os.fspath(default_store_path()).endswith("x.db")


def test_list_limits_in_the_query_and_filters_running(store):
    ids = [store.save(_run(PASS), PASS, "M") for _ in range(3)]
    execution = _run(PASS)
    running = store.begin(machine_name="M", definition=PASS, name="r", arn=execution.arn, input={},
                          start_date=execution.start_date)  # fmt: skip
    assert [e.id for e in store.list(status="SUCCEEDED", limit=2)] == ids[::-1][:2]
    assert [e.id for e in store.list(status="RUNNING")] == [running]  # this process records it
    assert store.list(status=INTERRUPTED) == []
    assert len(store.list(limit=10)) == 4
