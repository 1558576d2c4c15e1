"""statewise.remote.run, follow, redrive and the execution reads, against moto's server executing the machine."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import statewise
from statewise import Execution, ExecutionStatus, InvalidExecutionInput, StateMachine
from statewise.remote import StateMachineNotFound, describe_execution, execution_history, list_executions
from statewise.store import ExecutionStore
from statewise.testing import FakeClock
from tests.remote.moto_sfn import PASS, ROLE, MotoServer, hold_running, page_history, record_calls

STEPS = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "Next": "C"},
        "C": {"Type": "Pass", "Result": 3, "ResultPath": "$.c", "End": True},
    },
}
FAILS = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "the widget broke"}}}


def _deployed(moto: MotoServer, definition: dict[str, Any], name: str = "orders") -> str:
    return statewise.deploy(definition, name=name, role_arn=ROLE, client=moto.client()).arn


def test_a_remote_run_returns_the_execution_a_local_run_would(moto: MotoServer) -> None:
    arn = _deployed(moto, STEPS)
    remote = statewise.remote.run("orders", {"n": 0}, client=moto.client(), name="first", clock=FakeClock())
    local = StateMachine(STEPS).run({"n": 0}, clock=FakeClock())
    assert isinstance(remote, Execution)
    assert remote.status is ExecutionStatus.SUCCEEDED
    assert remote.arn == arn.replace(":stateMachine:", ":execution:") + ":first"
    assert (remote.name, remote.input, remote.error, remote.cause) == ("first", {"n": 0}, None, None)
    assert remote.output == local.output == {"n": 0, "a": 1, "b": 2, "c": 3}
    assert [e["type"] for e in remote.history] == [e["type"] for e in local.history]
    assert remote.start_date <= remote.stop_date


def test_a_failed_execution_carries_its_error_and_cause(moto: MotoServer) -> None:
    _deployed(moto, FAILS)
    execution = statewise.remote.run("orders", client=moto.client(), clock=FakeClock())
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Boom", "the widget broke")
    assert execution.output is None
    assert execution.history[-1]["type"] == "ExecutionFailed"


def test_the_history_is_read_page_by_page(moto: MotoServer) -> None:
    _deployed(moto, STEPS)
    client = moto.client()
    sent = page_history(client)
    execution = statewise.remote.run("orders", {}, client=client, clock=FakeClock(), page_size=3)
    assert [e["id"] for e in execution.history] == list(range(1, 9))  # 8 events over 3 pages
    assert [request.get("nextToken") for request in sent] == [None, "3", "6"]
    assert all(request["maxResults"] == 3 for request in sent)


def test_each_poll_reads_only_the_pages_with_new_events(moto: MotoServer) -> None:
    _deployed(moto, STEPS)
    done = statewise.remote.run("orders", {}, client=moto.client(), clock=FakeClock())  # ended: every poll alike
    client = moto.client()
    sent = page_history(client)
    hold_running(client, polls=2)
    batches: list[list[dict[str, Any]]] = []
    execution = statewise.remote.follow(done.arn, client=client, clock=FakeClock(), page_size=3,
                                        on_events=batches.append)  # fmt: skip
    assert batches == [execution.history] == [done.history]  # all 8 events at the first poll, none new after
    # first poll: 3 pages newest first; second and third polls and the end: one page each, which reaches id 8
    assert [request.get("nextToken") for request in sent] == [None, "3", "6", None, None, None]
    assert all(request["reverseOrder"] is True for request in sent)


def test_the_wait_backs_off_exponentially_on_the_injected_clock(moto: MotoServer) -> None:
    _deployed(moto, PASS)
    done = statewise.remote.run("orders", {}, client=moto.client(), clock=FakeClock())  # ended: only the hook waits
    client = moto.client()
    hold_running(client, polls=3)
    calls = record_calls(client)
    clock = FakeClock()
    execution = statewise.remote.follow(done.arn, client=client, clock=clock)
    assert execution.status == "SUCCEEDED"
    assert calls.count("DescribeExecution") == 4
    first, second, third = clock.sleeps
    assert first == 2.0  # min_delay; then up to min(5, 2 * 2**(n-1))
    assert 2.0 <= second <= 4.0
    assert 2.0 <= third <= 5.0


def test_new_events_reach_on_events_and_the_store(moto: MotoServer, tmp_path: Path) -> None:
    _deployed(moto, STEPS)
    client = moto.client()
    hold_running(client, polls=1)
    batches: list[list[dict[str, Any]]] = []
    with ExecutionStore(tmp_path / "store.sqlite3") as store:
        execution = statewise.remote.run("orders", {"x": 1}, client=client, name="kept", clock=FakeClock(),
                                         on_events=batches.append, store=store)  # fmt: skip
        stored = store.get("kept")
        history = store.history(stored.id)
    assert [e for batch in batches for e in batch] == execution.history
    assert (stored.status, stored.arn, stored.machine_name) == ("SUCCEEDED", execution.arn, "orders")
    assert stored.definition == STEPS
    assert (stored.input, stored.output) == ({"x": 1}, execution.output)
    assert [e["type"] for e in history] == [e["type"] for e in execution.history]


def test_an_unknown_name_says_which_names_are_close(moto: MotoServer) -> None:
    _deployed(moto, PASS)
    with pytest.raises(StateMachineNotFound, match=r"no state machine named 'ordrs'.*did you mean 'orders'"):
        statewise.remote.run("ordrs", {}, client=moto.client(), clock=FakeClock())


def test_bad_input_is_refused_before_any_call(moto: MotoServer) -> None:
    client = moto.client()
    calls = record_calls(client)
    with pytest.raises(InvalidExecutionInput):
        statewise.remote.run("orders", {"x": math.nan}, client=client)
    assert calls == []


def test_executions_are_listed_described_and_their_history_read(moto: MotoServer) -> None:
    arn = _deployed(moto, STEPS)
    client = moto.client()
    for name in ("one", "two"):
        statewise.remote.run(arn, {}, client=client, name=name, clock=FakeClock())
    listed = list_executions(client, arn)
    assert sorted(e["name"] for e in listed) == ["one", "two"]
    assert {e["status"] for e in listed} == {"SUCCEEDED"}
    assert len(list_executions(client, arn, limit=1)) == 1
    assert list_executions(client, arn, status="FAILED") == []
    described = describe_execution(client, listed[0]["executionArn"])
    assert "ResponseMetadata" not in described
    assert described["status"] == "SUCCEEDED"
    assert [e["type"] for e in execution_history(client, listed[0]["executionArn"])][-1] == "ExecutionSucceeded"


def test_redrive_calls_redrive_execution(moto: MotoServer) -> None:
    """moto's server has no RedriveExecution: a botocore hook answers it as AWS does, the rest is moto's."""
    _deployed(moto, FAILS)
    client = moto.client()
    failed = statewise.remote.run("orders", {}, client=client, clock=FakeClock())
    asked: list[dict[str, Any]] = []
    when = datetime(2026, 1, 1, tzinfo=UTC)

    def answer(params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        asked.append(params)
        return SimpleNamespace(status_code=200), {"redriveDate": when}

    client.meta.events.register("before-call.sfn.RedriveExecution", answer)
    assert statewise.remote.redrive(failed.arn, client=client) == when
    assert [json.loads(request["body"])["executionArn"] for request in asked] == [failed.arn]
    again = statewise.remote.follow(failed.arn, client=client, clock=FakeClock())
    assert again.status == "FAILED"
