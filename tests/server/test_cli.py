"""``statewise serve`` as a process: listening line, boto3 and the AWS CLI against it, the store, Ctrl-C."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from statewise.cli import main
from statewise.store import ExecutionStore
from tests.server.helpers import ROLE, make_client, wait_done

PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}})


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    store = tmp_path_factory.mktemp("serve") / "runs.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SFN_", "AWS_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "statewise", "serve", "--port", "0", "--clock", "fake", "--store", str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("listening on http://127.0.0.1:"), line + (process.stderr.read() if process.stderr else "")
    try:
        yield process, line.split()[-1], store
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


def test_the_server_process_answers_boto3_and_records_executions(served: Any) -> None:
    process, url, store = served
    sfn = make_client(url)
    machine = sfn.create_state_machine(name="Cli", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name="first")["executionArn"]
    assert wait_done(sfn, arn)["status"] == "SUCCEEDED"
    process.send_signal(signal.SIGINT)
    assert process.wait(20) == 0
    assert "stopped" in process.stderr.read()
    with ExecutionStore(store) as recorded:
        stored = recorded.get("first")
        assert (stored.status, stored.output, stored.arn) == ("SUCCEEDED", {"ok": True}, arn)
        assert [e["type"] for e in recorded.history("first")][-1] == "ExecutionSucceeded"


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_the_aws_cli_talks_to_the_server(server: Any) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip
    base = ["aws", "stepfunctions", "--endpoint-url", server.endpoint_url, "--output", "json"]
    created = subprocess.run(
        [*base, "create-state-machine", "--name", "FromCli", "--definition", PASS, "--role-arn", ROLE],
        capture_output=True, text=True, env=env, check=True, timeout=60,
    )  # fmt: skip
    arn = json.loads(created.stdout)["stateMachineArn"]
    missing = subprocess.run(
        [*base, "describe-state-machine", "--state-machine-arn", arn + "Nope"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert missing.returncode != 0
    assert "StateMachineDoesNotExist" in missing.stderr


def test_a_remote_host_is_refused_without_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "refusing to listen on 0.0.0.0" in err
    assert "--allow-remote" in err


def test_a_bad_mock_config_stops_the_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "mocks.json"
    broken.write_text('{"StateMachines": {}}')
    assert main(["serve", "--port", "0", "--mock-config", str(broken)]) == 2
    assert "MockedResponses" in capsys.readouterr().err
