"""The recorder: events appended while an execution runs, the outcome when it ends, from one thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from statewise import StateMachine
from statewise.server.recorder import Recorder
from statewise.store import ExecutionStore
from statewise.testing import FakeClock

MACHINE = StateMachine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, name="Rec")


class _Handle:
    """Stands in for an ExecutionHandle: running at the first look, then ``ending`` (an Execution, or a fault)."""

    def __init__(self, ending: Any) -> None:
        self.execution = MACHINE.run({"a": 1}, clock=FakeClock(), name="run-1")
        self.history = self.execution.history
        self._looks = 0
        self._ending = ending

    def result(self, timeout: float | None = None) -> Any:
        self._looks += 1
        if self._looks == 1:
            raise TimeoutError
        if isinstance(self._ending, BaseException):
            raise self._ending
        return self.execution


def _record(path: Path, handle: _Handle) -> None:
    recorder = Recorder(str(path))
    recorder.started(MACHINE, handle, name="run-1", arn="arn:x", data={"a": 1}, start=handle.execution.start_date)
    recorder.close()


def test_the_events_of_a_running_execution_are_appended_before_it_ends(tmp_path: Path) -> None:
    handle = _Handle(RuntimeError("the engine broke"))  # it never ends: only the appends are in the store
    _record(tmp_path / "store.sqlite3", handle)
    with ExecutionStore(tmp_path / "store.sqlite3") as store:
        stored = store.get("run-1")
        assert (stored.status, stored.events) == ("RUNNING", len(handle.history))


def test_the_outcome_is_recorded_when_it_ends(tmp_path: Path) -> None:
    handle = _Handle(None)
    _record(tmp_path / "store.sqlite3", handle)
    with ExecutionStore(tmp_path / "store.sqlite3") as store:
        stored = store.get("run-1")
        assert (stored.status, stored.output, stored.events) == ("SUCCEEDED", {"a": 1}, len(handle.history))
        assert [e["type"] for e in store.history("run-1")] == [e["type"] for e in handle.history]
