"""`statewise run --remote`, `executions ... --remote`, `redrive --remote` and `compare` against moto's server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console

import statewise
import statewise.cli.remote
import statewise.waiting.setup
from statewise.cli import main
from statewise.cli.live import LiveView
from statewise.testing import FakeClock
from tests.cli.conftest import Cli
from tests.remote.moto_sfn import FAILS, ROLE, STEPS, MotoServer, fresh_account


@pytest.fixture
def moto(server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    # the commands wait on the system clock; the waiter's default clock is a fake one here, so nothing sleeps
    monkeypatch.setattr(statewise.waiting.setup, "SYSTEM_CLOCK", FakeClock())
    return fresh_account(server, monkeypatch)


def _aws(moto: MotoServer) -> list[str]:
    return ["--region", "us-east-1", "--endpoint-url", moto.endpoint]


def _deployed(moto: MotoServer, definition: dict[str, Any], name: str = "steps") -> str:
    return statewise.deploy(definition, name=name, role_arn=ROLE, client=moto.client()).arn


def test_run_remote_prints_the_output_and_records_the_execution(cli: Cli, moto: MotoServer) -> None:
    _deployed(moto, STEPS)
    code, out, err = cli("run", "--remote", "steps", "--input", '{"n": 1}', "--name", "first", *_aws(moto))
    assert code == 0
    assert json.loads(out) == {"n": 1, "a": 1, "b": 2}
    assert err.startswith("started arn:aws:states:us-east-1:123456789012:execution:steps:first (Ctrl-C stops")
    assert "SUCCEEDED in" in err
    assert "6 events; stored as" in err
    code, out, _ = cli("executions", "show", "first", "--json")
    shown = json.loads(out)
    assert (code, shown["status"], shown["stateMachine"], shown["events"]) == (0, "SUCCEEDED", "steps", 6)
    assert shown["arn"].endswith(":execution:steps:first")


def test_run_remote_json_has_the_shape_of_a_local_run(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    _deployed(moto, STEPS)
    path = tmp_path / "steps.asl.json"
    path.write_text(json.dumps(STEPS))
    code, out, _ = cli("run", "--remote", "steps", "--json", *_aws(moto))
    _, local, _ = cli("run", str(path), "--json")
    remote = json.loads(out)
    assert code == 0
    assert set(remote) == set(json.loads(local))
    assert remote["output"] == json.loads(local)["output"] == {"a": 1, "b": 2}


def test_a_failed_remote_run_exits_1_with_its_error(cli: Cli, moto: MotoServer) -> None:
    _deployed(moto, FAILS)
    code, out, _ = cli("run", "--remote", "steps", *_aws(moto))
    assert (code, out) == (1, "FAILED: Boom: the widget broke\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run"], "give a DEFINITION to run locally, or --remote NAME|ARN to run on AWS"),
        (["run", "flow.asl.json", "--remote", "steps"], "give a DEFINITION to run locally, or --remote NAME|ARN"),
        (["run", "--remote", "steps", "--clock", "fake", "--substitute", "A=1"], "--clock, --substitute: for local"),
    ],
)
def test_run_takes_a_definition_or_remote(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_executions_remote_lists_shows_and_reads_history(cli: Cli, moto: MotoServer) -> None:
    arn = _deployed(moto, STEPS)
    execution = statewise.remote.run(arn, {"n": 2}, client=moto.client(), name="one")
    code, out, _ = cli("executions", "list", "--remote", "steps", *_aws(moto))
    assert code == 0
    assert out.startswith("SUCCEEDED")
    assert out.rstrip().endswith(f"one  {execution.arn}")
    code, out, _ = cli("executions", "list", "--remote", arn, "--json", *_aws(moto))
    assert [e["name"] for e in json.loads(out)] == ["one"]
    code, out, _ = cli("executions", "show", "--remote", execution.arn, *_aws(moto))
    assert json.loads(out)["status"] == "SUCCEEDED"
    code, out, _ = cli("executions", "history", "--remote", execution.arn, *_aws(moto))
    assert out.splitlines()[0].split()[::2][:2] == ["1", "ExecutionStarted"]
    assert len(out.splitlines()) == 6
    code, out, _ = cli("executions", "output", "--remote", execution.arn, *_aws(moto))
    assert json.loads(out) == {"n": 2, "a": 1, "b": 2}


def test_executions_remote_output_of_a_failure_exits_1(cli: Cli, moto: MotoServer) -> None:
    _deployed(moto, FAILS)
    execution = statewise.remote.run("steps", client=moto.client())
    code, out, err = cli("executions", "output", "--remote", execution.arn, *_aws(moto))
    assert (code, out) == (1, "")
    assert f"execution {execution.arn} is FAILED: Boom: the widget broke" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["executions", "show"], "name an execution"),
        (["executions", "show", "abc", "--remote", "arn:aws:states:x"], "takes the execution's ARN as --remote's"),
    ],
)
def test_executions_id_or_remote(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_redrive_remote_redrives_and_follows(cli: Cli, moto: MotoServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's server has no RedriveExecution: a botocore hook on the CLI's session answers it as AWS does."""
    _deployed(moto, FAILS)
    failed = statewise.remote.run("steps", client=moto.client())
    asked: list[str] = []

    def answer(params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        asked.append(json.loads(params["body"])["executionArn"])
        return SimpleNamespace(status_code=200), {"redriveDate": datetime(2026, 1, 1, tzinfo=UTC)}

    made = statewise.cli.remote.make_session

    def session(args: Any) -> Any:
        hooked = made(args)
        hooked.events.register("before-call.sfn.RedriveExecution", answer)
        return hooked

    monkeypatch.setattr(statewise.cli.remote, "make_session", session)
    code, out, err = cli("redrive", "--remote", failed.arn, *_aws(moto))
    assert asked == [failed.arn]
    assert (code, out) == (1, "FAILED: Boom: the widget broke\n")
    assert "stored as" in err


def test_compare_exits_0_when_they_agree_and_1_when_they_differ(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    path = tmp_path / "steps.asl.json"
    path.write_text(json.dumps(STEPS))
    _deployed(moto, STEPS)
    code, out, _ = cli("compare", str(path), "--input", '{"n": 1}', "--remote", "steps", *_aws(moto))
    assert (code, out) == (0, "local and remote agree: SUCCEEDED, the same output, error and cause, and the same 6 "
                              "history event types\n")  # fmt: skip
    _deployed(moto, FAILS, name="fails")
    code, out, _ = cli("compare", str(path), "--remote", "fails", "--json", *_aws(moto))
    found = json.loads(out)
    assert (code, found["equal"]) == (1, False)
    assert [d["field"] for d in found["differences"]] == ["status", "output", "error", "cause", "events"]


def test_the_live_view_draws_a_remote_history(moto: MotoServer) -> None:
    fan = {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "ItemsPath": "$.items", "End": True, "ItemProcessor": {
        "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}}}}  # fmt: skip
    _deployed(moto, fan)
    history = statewise.remote.run("steps", {"items": [1, 2, 3]}, client=moto.client()).history
    partway = history[: next(i for i, e in enumerate(history) if e["type"] == "MapIterationSucceeded") + 1]
    console = Console(record=True, width=100)
    console.print(LiveView("steps (on AWS)").render(partway))
    text = console.export_text()
    assert f"steps (on AWS): {len(partway)} events" in text
    started = sum(e["type"] == "MapIterationStarted" for e in partway)  # moto may start them one by one or at once
    assert f"1 of {started} iterations done" in text
