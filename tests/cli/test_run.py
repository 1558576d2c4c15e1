"""`statewise run`: runs locally, prints the outcome, records the execution as it goes; exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import boto3
import pytest
from moto import mock_aws

from statewise.store import ExecutionStore


def test_success_prints_output_and_stores(cli, definition, store_path):
    code, out, err = cli("run", str(definition), "--input", '{"items": [60, 2]}', "--name", "first")
    assert code == 0
    assert json.loads(out) == [{"v": 120}, {"v": 4}]
    assert "SUCCEEDED" in err
    with ExecutionStore(store_path) as store:
        stored = store.get("first")
        assert stored.id in err
        assert (stored.status, stored.machine_name, stored.output) == ("SUCCEEDED", "fan", [{"v": 120}, {"v": 4}])
        assert stored.input == {"items": [60, 2]}
        assert stored.arn.endswith(":execution:fan:first")
        events = store.history(stored.id)
    assert events[0]["type"] == "ExecutionStarted"
    assert events[-1]["type"] == "ExecutionSucceeded"
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))


def test_failure_exits_1_with_error_and_cause(cli, definition):
    code, out, _ = cli("run", str(definition), "--input", '{"items": [1]}')
    assert code == 1
    assert out == "FAILED: TooSmall: first value under 100\n"


def test_json_output(cli, definition, store_path):
    code, out, _ = cli("run", str(definition), "--input", '{"items": [1]}', "--json", "--store", str(store_path))
    result = json.loads(out)
    assert code == 1
    assert (result["status"], result["error"], result["cause"], result["output"]) == (
        "FAILED", "TooSmall", "first value under 100", None)  # fmt: skip
    assert result["store"] == str(store_path)
    with ExecutionStore(store_path) as store:
        assert store.get(result["id"]).events == result["events"]


def test_input_from_a_file_and_yaml_definition(cli, tmp_path):
    path = tmp_path / "w.asl.yaml"
    path.write_text("StartAt: P\nStates:\n  P: {Type: Pass, OutputPath: $.who, End: true}\n")
    data = tmp_path / "in.yaml"
    data.write_text("who: [Yes, No]\n")
    code, out, _ = cli("run", str(path), "--input", f"@{data}")
    assert (code, json.loads(out)) == (0, ["Yes", "No"])


def test_fake_clock_makes_waits_instant(cli, tmp_path, store_path):
    path = tmp_path / "w.json"
    path.write_text('{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}')
    code, out, _ = cli("run", str(path), "--clock", "fake", "--json")
    assert code == 0
    with ExecutionStore(store_path) as store:
        stored = store.get(json.loads(out)["id"])
    assert (stored.stop_date - stored.start_date).total_seconds() == 86400  # a day passed on the fake clock


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--input", "{nope"], "--input: not valid JSON"),
        (["--input", "@/nonexistent/in.json"], "/nonexistent/in.json: cannot read the file"),
        (["--mock-config", "m.json"], "--mock-config and --test-case go together"),
        (["--substitute", "novalue"], "--substitute: 'novalue' is not KEY=VALUE"),
    ],
)
def test_bad_input_exits_2(cli, definition, argv, message):
    code, out, err = cli("run", str(definition), *argv)
    assert (code, out) == (2, "")
    assert err.startswith("statewise: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_an_invalid_definition_exits_2(cli, tmp_path):
    path = tmp_path / "w.json"
    path.write_text('{"StartAt": "A", "States": {}}')
    code, _, err = cli("run", str(path))
    assert code == 2
    assert "invalid state machine definition" in err
    assert err.count("\n") == 1


def test_unserved_tasks_say_how_to_serve_them(cli, tmp_path, store_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:listTables", "End": True}}}))  # fmt: skip
    code, _, err = cli("run", str(path))
    assert code == 2
    assert "arn:aws:states:::aws-sdk:dynamodb:listTables" in err
    assert "--region" in err
    assert "--mock-config FILE --test-case NAME" in err
    with ExecutionStore(store_path) as store:
        assert store.list() == []  # nothing ran, nothing recorded


def test_mock_config_test_case(cli, tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}}}))  # fmt: skip
    mocks = tmp_path / "mocks.json"
    mocks.write_text(json.dumps({
        "StateMachines": {"w": {"TestCases": {"Happy": {"T": "Ok"}}}},
        "MockedResponses": {"Ok": {"0": {"Return": {"Payload": {"done": True}}}}},
    }))  # fmt: skip
    code, out, _ = cli("run", str(path), "--mock-config", str(mocks), "--test-case", "Happy")
    assert code == 0
    assert json.loads(out)["Payload"] == {"done": True}
    code, _, err = cli("run", str(path), "--mock-config", str(mocks), "--test-case", "Hapy")
    assert code == 2
    assert "did you mean 'Happy'" in err


def test_aws_sdk_tasks_reach_aws_with_region(cli, tmp_path, monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:listTables", "End": True}}}))  # fmt: skip
    with mock_aws():
        boto3.client("dynamodb", region_name="eu-west-1").create_table(
            TableName="orders", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        )  # fmt: skip
        code, out, _ = cli("run", str(path), "--region", "eu-west-1")
    assert code == 0
    assert json.loads(out)["TableNames"] == ["orders"]


def test_python_dash_m_run_and_executions(tmp_path, definition, store_path):
    env = {**os.environ, "STATEWISE_STORE": str(store_path)}
    done = subprocess.run(
        [sys.executable, "-m", "statewise", "run", str(definition), "--input", '{"items": [99, 1]}', "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["output"] == [{"v": 198}, {"v": 2}]
    shown = subprocess.run(
        [sys.executable, "-m", "statewise", "executions", "output", result["id"][:6]],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert (shown.returncode, json.loads(shown.stdout)) == (0, result["output"])
    missing = subprocess.run(
        [sys.executable, "-m", "statewise", "executions", "show", "no-such-run"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert "no stored execution has the id or name 'no-such-run'" in missing.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_adds_the_traceback(definition, capsys, where):
    from statewise.cli import main

    argv = ["run", str(definition), "--input", "{nope"]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert err.splitlines()[-1].startswith("statewise: error: --input: not valid JSON")


def test_on_a_terminal_the_live_view_runs(definition, store_path):
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    env = {**os.environ, "STATEWISE_STORE": str(store_path), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "statewise", "run", str(definition), "--input", '{"items": [60]}', "--clock", "fake"],
        stdout=follower, stderr=follower, env=env, timeout=60, check=False,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    text = b"".join(chunks).decode()
    assert done.returncode == 0, text
    assert "SUCCEEDED in" in text
    assert "Traceback" not in text
