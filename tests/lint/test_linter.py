"""statewise.lint.linter: validation first, the public names, one finding per place, botocore only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import statewise
from statewise import Diagnostic, lint
from tests.lint.definitions import buggy_seed, machine


def test_validation_problems_come_first_as_errors_and_the_rules_that_need_the_model_wait():
    definition = machine({"A": {"Type": "Pass", "OutputPath": None, "Next": "Nowhere"}})
    assert [(d.pointer, d.code, d.severity) for d in lint(definition)] == [("/States/A/Next", "unknown-state", "error")]


def test_a_definition_that_is_not_json():
    (item,) = lint("{not json")
    assert (item.code, item.severity, item.pointer) == ("bad-json", "error", "")


def test_query_language_written_inside_states():
    definition = machine({"A": {"Type": "Pass", "End": True}}, start="A")
    definition["States"]["QueryLanguage"] = "JSONata"
    (item,) = lint(definition)
    assert (item.code, item.severity, item.pointer) == ("top-level-field-in-states", "error", "/States/QueryLanguage")
    assert item.fix == "move 'QueryLanguage' out of 'States' to the top level"


def test_a_misplaced_field_in_a_branch_says_which_program():
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}, "TimeoutSeconds": 5}}
    (item,) = lint(machine({"P": {"Type": "Parallel", "Branches": [branch], "End": True}}))
    assert item.fix == "move 'TimeoutSeconds' out of 'States' to the program at /States/P/Branches/0"


def test_a_path_definition_and_substitutions(tmp_path: Path):
    path = tmp_path / "machine.asl.json"
    path.write_text('{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "${Delay}", "End": true}}}')
    assert lint(path, substitutions={"Delay": 5}) == []
    assert [d.code for d in lint(path)] == ["unsubstituted-placeholder"]


def test_lint_and_diagnostic_are_public_and_the_package_lints_too():
    assert statewise.lint is lint
    assert isinstance(lint(buggy_seed())[0], Diagnostic)
    import statewise.lint as package

    assert package(buggy_seed()) == lint(buggy_seed())


def test_linting_loads_botocore_only_for_aws_sdk_tasks():
    code = (
        "import sys, statewise; "
        "statewise.lint({'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'OutputPath': None, 'End': True}}}); "
        "print('botocore' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_one_finding_per_place_the_most_specific():
    definition = machine(
        {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"bucket": "${Bucket}", "Key": "k"},
                "End": True,
            }
        }
    )
    assert [(d.pointer, d.code) for d in lint(definition)] == [("/States/Call/Parameters/bucket", "sdk-parameter-case")]
