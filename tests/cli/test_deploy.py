"""`statewise deploy` against moto's Step Functions server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from statewise.cli import main
from tests.cli.conftest import Cli
from tests.remote.moto_sfn import PASS, ROLE, MotoServer

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rebuild"


def _file(tmp_path: Path, definition: dict[str, Any], name: str = "flow.asl.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(definition))
    return str(path)


def _deploy(cli: Cli, moto: MotoServer, path: str, *options: str) -> tuple[int, str, str]:
    return cli("deploy", path, "--name", "orders", "--role-arn", ROLE, "--region", "us-east-1",
               "--endpoint-url", moto.endpoint, *options)  # fmt: skip


def test_deploy_prints_the_arn_and_what_it_did(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    path = _file(tmp_path, PASS)
    code, out, err = _deploy(cli, moto, path)
    assert code == 0
    assert out == "arn:aws:states:us-east-1:123456789012:stateMachine:orders\n"
    assert err == "created (1 request sent)\n"
    code, out, err = _deploy(cli, moto, path)
    assert (code, err) == (0, "unchanged (0 requests sent)\n")


def test_publish_and_alias(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    code, out, err = _deploy(cli, moto, _file(tmp_path, PASS), "--alias", "live", "--tags", "team=ops", "env=prod")
    arn = out.strip()
    assert code == 0
    assert err == f"created, version {arn}:1, alias {arn}:live (2 requests sent)\n"
    tags = moto.client().list_tags_for_resource(resourceArn=arn)["tags"]
    assert {t["key"]: t["value"] for t in tags} == {"team": "ops", "env": "prod"}


def test_json_prints_the_outcome(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    code, out, _ = _deploy(cli, moto, _file(tmp_path, PASS), "--publish", "--json")
    outcome = json.loads(out)
    assert code == 0
    assert (outcome["action"], outcome["versionArn"], outcome["aliasArn"]) == ("created", outcome["arn"] + ":1", None)
    assert [r["operation"] for r in outcome["requests"]] == ["CreateStateMachine"]


def test_dry_run_prints_the_requests_and_sends_none(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    group = "arn:aws:logs:us-east-1:123456789012:log-group:orders:*"
    code, out, _ = _deploy(
        cli, moto, _file(tmp_path, PASS), "--dry-run", "--logging-level", "ALL", "--log-group", group
    )
    assert code == 0
    [request] = json.loads(out)
    assert request["operation"] == "CreateStateMachine"
    assert json.loads(request["params"]["definition"]) == PASS
    assert request["params"]["loggingConfiguration"] == {
        "level": "ALL", "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": group}}]
    }  # fmt: skip
    assert moto.client().list_state_machines()["stateMachines"] == []


def test_lint_errors_refuse_with_each_finding(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    bad = {
        "StartAt": "D",
        "States": {
            "D": {"Type": "Task", "End": True, "Resource": "arn:aws:states:::aws-sdk:workspaces:describeWorkspacez"}
        },
    }
    path = _file(tmp_path, bad)
    code, out, err = _deploy(cli, moto, path)
    assert (code, out) == (1, "")
    assert f"{path}:/States/D/Resource: unknown-sdk-action:" in err
    assert err.endswith("statewise: error: not deployed: 1 error above (or pass --force)\n")
    assert moto.client().list_state_machines()["stateMachines"] == []
    code, out, err = _deploy(cli, moto, path, "--force")
    assert code == 0
    assert "unknown-sdk-action" in err


def test_local_only_resources_need_bind(cli: Cli, moto: MotoServer, tmp_path: Path) -> None:
    local = {"StartAt": "R", "States": {"R": {"Type": "Task", "Resource": "rebuild", "End": True}}}
    path = _file(tmp_path, local)
    code, _, err = _deploy(cli, moto, path)
    assert code == 1
    assert f"{path}:/States/R/Resource: local-only-resource: 'rebuild' is served only by statewise" in err
    assert (
        "    fix: map it to the real resource: bindings={'rebuild': 'arn:aws:lambda:...'} or --bind rebuild=ARN" in err
    )
    assert err.endswith("not deployed: 1 error above (map each with --bind NAME=ARN)\n")
    code, out, _ = _deploy(cli, moto, path, "--bind", f"rebuild={LAMBDA}")
    assert code == 0
    deployed = moto.client().describe_state_machine(stateMachineArn=out.strip())["definition"]
    assert json.loads(deployed)["States"]["R"]["Resource"] == LAMBDA


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--bind", "rebuild"], "--bind: 'rebuild' is not KEY=VALUE"),
        (["--logging-level", "ERROR"], "--logging-level ERROR needs --log-group ARN"),
        (["--log-group", "arn:aws:logs:us-east-1:1:log-group:x:*"], "--log-group needs --logging-level"),
    ],
)
def test_bad_options_exit_2(cli: Cli, moto: MotoServer, tmp_path: Path, options: list[str], message: str) -> None:
    code, _, err = _deploy(cli, moto, _file(tmp_path, PASS), *options)
    assert code == 2
    assert message in err


@pytest.mark.parametrize("command", ["deploy", "compare", "redrive"])
def test_the_aws_commands_have_help_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert f"statewise {command}" in out
    assert "example" in out
    assert "--endpoint-url" in out
