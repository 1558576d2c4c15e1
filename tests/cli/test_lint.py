"""`statewise lint`: the linter's findings on the command line; exit 1 on errors (on warnings too with --strict)."""

from __future__ import annotations

import json
from importlib import resources

SEED = json.loads(resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text())


def test_the_seeds_bug_is_found_with_its_fix_and_the_fixed_seed_is_clean(cli, tmp_path):
    fixed = tmp_path / "fixed.asl.json"
    fixed.write_text(json.dumps(SEED))
    assert cli("lint", str(fixed)) == (0, "", "")
    buggy = tmp_path / "buggy.asl.json"
    definition = json.loads(json.dumps(SEED))
    definition["States"]["RebuildWorkspaces"]["OutputPath"] = None
    buggy.write_text(json.dumps(definition))
    code, out, _ = cli("lint", str(buggy))
    assert code == 0  # a warning: AWS accepts the definition
    assert f"{buggy}:/States/MorePages/Choices/0/Variable: field-discarded:" in out
    assert "ResultPath: null" in out
    assert cli("lint", "--strict", str(buggy))[0] == 1
    sarif = json.loads(cli("lint", "--format", "sarif", str(buggy))[1])
    assert {result["ruleId"] for result in sarif["runs"][0]["results"]} >= {"field-discarded"}


def test_errors_fail_the_command(cli, tmp_path):
    wrong = tmp_path / "wrong.json"
    task = {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2", "End": True}
    wrong.write_text(json.dumps({"StartAt": "L", "States": {"L": {**task, "Parameters": {"bucket": "b"}}}}))
    code, out, _ = cli("lint", "--format", "json", str(wrong))
    assert code == 1
    found = json.loads(out)
    assert any(item["severity"] == "error" and "Bucket" in item["message"] for item in found), found
