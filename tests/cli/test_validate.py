"""`statewise validate`: file:pointer: code: message lines, JSON and SARIF; exit 0, 1 or 2."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from statewise.cli.findings import Located, render

BROKEN = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}'


def test_valid_definition_exits_0_silently(cli, definition):
    assert cli("validate", str(definition)) == (0, "", "")


def test_each_problem_is_one_line(cli, tmp_path, definition):
    broken = tmp_path / "broken.json"
    broken.write_text(BROKEN)
    code, out, _ = cli("validate", str(definition), str(broken))
    assert code == 1
    lines = out.splitlines()
    assert f"{broken}:/States/A/Next: unknown-state: transition to a state that does not exist: 'B'" in lines
    assert all(line.startswith(f"{broken}:/States/") for line in lines)
    assert len(lines) == 2  # and C is unreachable


def test_json_and_sarif(cli, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(BROKEN)
    code, out, _ = cli("validate", "--format", "json", str(broken))
    assert code == 1
    found = json.loads(out)
    assert {item["code"] for item in found} >= {"unknown-state"}
    assert found[0] | {"message": ""} == {"file": str(broken), "pointer": found[0]["pointer"], "code": found[0]["code"],
                                           "severity": "error", "message": "", "fix": None}  # fmt: skip
    code, out, _ = cli("validate", "--format", "sarif", str(broken))
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    result = log["runs"][0]["results"][0]
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(broken)
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("/States/")
    assert {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]} == {r["ruleId"] for r in
                                                                                  log["runs"][0]["results"]}


def test_yaml_is_read_with_yaml_1_2_rules(cli, tmp_path):
    path = tmp_path / "w.asl.yaml"
    path.write_text("StartAt: 'No'\nStates:\n  'No': {Type: Pass, Next: Yes}\n  'Yes': {Type: Succeed}\n")
    assert cli("validate", str(path)) == (0, "", "")  # Yes is the state named "Yes", not true


def test_substitutions(cli, tmp_path):
    path = tmp_path / "w.json"
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": "${Delay}", "End": true}}}')
    assert cli("validate", str(path), "--substitute", "Delay=5")[0] == 0
    code, out, _ = cli("validate", str(path), "--substitute", 'Delay="soon"')
    assert code == 1
    assert "/States/A/Seconds" in out
    mapping = tmp_path / "subs.yaml"
    mapping.write_text("Delay: 3\n")
    assert cli("validate", str(path), "--substitutions", str(mapping))[0] == 0


def test_bad_input_exits_2_with_one_line(cli, tmp_path):
    code, out, err = cli("validate", str(tmp_path / "missing.json"))
    assert (code, out) == (2, "")
    assert err == f"statewise: error: {tmp_path / 'missing.json'}: cannot read the file: No such file or directory\n"
    bad = tmp_path / "bad.json"
    bad.write_text('{"StartAt": }')
    code, _, err = cli("validate", str(bad))
    assert code == 2
    assert "not valid JSON" in err
    assert "line 1, column 13" in err
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("StartAt: [\n")
    assert cli("validate", str(bad_yaml))[0] == 2
    not_object = tmp_path / "list.json"
    not_object.write_text("[]")
    code, _, err = cli("validate", str(not_object))
    assert code == 2
    assert "is a JSON object with StartAt and States" in err


class Severity(Enum):
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:  # the shape of the linter's diagnostics
    code: str
    severity: Severity
    pointer: str
    message: str
    fix: str | None


def test_the_formats_take_lint_diagnostics_too():
    found = [Located("w.json", Diagnostic("dropped-token", Severity.WARNING, "/States/M/OutputPath",
                                          "OutputPath null drops $.NextToken", "remove OutputPath"))]  # fmt: skip
    assert render(found, "text") == (
        "w.json:/States/M/OutputPath: dropped-token: OutputPath null drops $.NextToken\n    fix: remove OutputPath\n"
    )
    assert json.loads(render(found, "json"))[0]["severity"] == "warning"
    sarif = json.loads(render(found, "sarif"))["runs"][0]["results"][0]
    assert sarif["level"] == "warning"
    assert sarif["message"]["text"].endswith("Fix: remove OutputPath")
