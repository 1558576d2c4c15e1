"""statewise.remote.compare, and the seed's WorkSpaces workflow deployed and run unchanged on moto's server."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import statewise
from statewise.lint import lint
from statewise.testing import FakeClock
from tests.remote.moto_sfn import FAILS, ROLE, STEPS, MotoServer, add_workspaces

SEED = json.loads(resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text())


def _compare(moto: MotoServer, definition: dict[str, Any], remote: str, data: Any = None) -> Any:
    return statewise.remote.compare(
        definition, data, remote=remote, session=moto.session(), endpoint_url=moto.endpoint, clock=FakeClock(),
        timeout=3600,
    )  # fmt: skip


def test_the_same_definition_agrees_with_itself(moto: MotoServer) -> None:
    statewise.deploy(STEPS, name="steps", role_arn=ROLE, client=moto.client())
    found = _compare(moto, STEPS, "steps", {"n": 1})
    assert found.equal
    assert found.differences == ()
    assert found.local.output == found.remote.output == {"n": 1, "a": 1, "b": 2}
    assert found.report() == (
        "local and remote agree: SUCCEEDED, the same output, error and cause, and the same 6 history event types"
    )
    assert found.to_dict() == {"equal": True, "local": found.local.arn, "remote": found.remote.arn, "differences": []}


def test_each_difference_is_reported_as_a_diff(moto: MotoServer) -> None:
    statewise.deploy(FAILS, name="steps", role_arn=ROLE, client=moto.client())
    found = _compare(moto, STEPS, "steps")
    assert not found.equal
    assert [d.field for d in found.differences] == ["status", "output", "error", "cause", "events"]
    status = found.differences[0]
    assert (status.local, status.remote) == ("SUCCEEDED", "FAILED")
    report = found.report()
    assert report.splitlines()[0] == "local and remote differ in status, output, error, cause, events"
    assert '--- local status\n+++ remote status\n@@ -1 +1 @@\n-"SUCCEEDED"\n+"FAILED"' in report
    assert "-PassStateEntered\n" in report
    assert "+FailStateEntered\n" in report
    assert found.to_dict()["differences"][2] == {"field": "error", "local": None, "remote": "Boom"}


def test_the_seed_workflow_deploys_unchanged_and_runs_on_an_empty_account(moto: MotoServer) -> None:
    assert [d for d in lint(SEED) if d.severity == "error"] == []
    deployed = statewise.deploy(SEED, name="rebuild", role_arn=ROLE, client=moto.client())
    assert json.loads(moto.client().describe_state_machine(stateMachineArn=deployed.arn)["definition"]) == SEED
    found = _compare(moto, SEED, "rebuild")
    assert found.remote.status == "SUCCEEDED", found.remote.cause
    assert found.equal, found.report()


def test_compare_on_the_seed_shows_where_moto_stops(moto: MotoServer) -> None:
    """moto's DescribeWorkspaces ignores Limit (all 30 in one page) and it has no RebuildWorkspaces: both runs
    fail in the Map, and compare reports how differently the two say so."""
    add_workspaces(moto, 30)
    statewise.deploy(SEED, name="rebuild", role_arn=ROLE, client=moto.client())
    found = _compare(moto, SEED, "rebuild")
    assert (found.local.status, found.remote.status) == ("FAILED", "FAILED")
    assert {"error", "cause"} <= {d.field for d in found.differences}
    for execution in (found.local, found.remote):
        started = next(e for e in execution.history if e["type"] == "MapStateStarted")
        assert started["mapStateStartedEventDetails"]["length"] == 30
        assert "ExecutionFailed" in [e["type"] for e in execution.history]  # moto logs late iterations after it
    assert found.remote.error == "States.Runtime"  # moto's executor, on the service's 500


def test_the_pattern_generated_seed_loop_deploys_and_runs_unchanged(moto: MotoServer) -> None:
    """The WorkSpaces loop written by statewise.patterns (not by hand) deploys as generated and agrees with the
    local run on an empty account; on the simulated service it rebuilds all 300 (tests/patterns)."""
    from statewise.patterns import paginate_loop

    rebuild = {
        "StartAt": "Rebuild",
        "States": {
            "Rebuild": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:workspaces:rebuildWorkspaces",
                "Parameters": {"RebuildWorkspaceRequests": [{"WorkspaceId.$": "$.WorkspaceId"}]},
                "End": True,
            }
        },
    }
    loop = paginate_loop("workspaces", "describeWorkspaces", item_processor=rebuild, page_size=25)
    assert [d for d in lint(loop) if d.severity != "info"] == []
    deployed = statewise.deploy(loop, name="generated", role_arn=ROLE, client=moto.client())
    assert json.loads(moto.client().describe_state_machine(stateMachineArn=deployed.arn)["definition"]) == loop
    found = _compare(moto, loop, "generated")
    assert found.remote.status == "SUCCEEDED", found.remote.cause
    assert found.equal, found.report()
