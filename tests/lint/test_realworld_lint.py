"""The linter over the definitions AWS publishes as deployable samples: trustworthy means no error on any of them.

Read in place from ``<repo>/../shared/realworld/cases`` (README there), as
tests/asl/test_realworld.py reads them, with each case's ``substitutions``;
the module skips where that folder is absent. AWS accepts every ``valid``
case, so none may get an ``error``, and rejects every ``invalid`` one, whose
first finding must say why; the warnings each one gets are pinned
below, every one read and judged a finding a reviewer would want (see
:data:`EXPECTED_WARNINGS`). The session summary prints the counts by code.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from statewise import lint

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "cases"

EXPECTED_WARNINGS: dict[str, list[tuple[str, str]]] = {
    # a Map whose processor is one Pass state: the sample's placeholder for the work, which does nothing
    "sfn-athena-query-statemachine-asl": [("/States/Map State/Iterator", "map-passes-items-through")],
    "step-functions-athena-glue-sam-athenaquery-asl": [("/States/Map State/Iterator", "map-passes-items-through")],
    # the Fail state reads $.error/$.cause, which describeStackSetOperation's response never has: States.Runtime
    "sfn-cfn-stacksets-workflow-cdk-statemachine-asl": [
        ("/States/CreateStackSetFailed/ErrorPath", "field-never-produced"),
        ("/States/CreateStackSetFailed/CausePath", "field-never-produced"),
    ],
    # the Choice reads $.TaskStatus; polly:getSpeechSynthesisTask returns it at $.SynthesisTask.TaskStatus
    "tts-converter-statemachine-asl": [
        ("/States/SpeechSynthesisTaskStatus/Choices/0/Variable", "field-never-produced"),
        ("/States/SpeechSynthesisTaskStatus/Choices/1/Variable", "field-never-produced"),
    ],
    # the case substitutes only the placeholders that stand for numbers; these two strings stay as written
    "human-task-reminder-statemachine-asl": [
        (
            "/States/Parallel w~1 UUID/Branches/0/States/DDB Get Task Status/Parameters/TableName",
            "unsubstituted-placeholder",
        ),
        (
            "/States/Parallel w~1 UUID/Branches/0/States/SNS Send Reminder/Parameters/TopicArn",
            "unsubstituted-placeholder",
        ),
    ],
}

INVALID_FIRST = {"shared-fallback-state-jsonata-statemachine-asl": "top-level-field-in-states"}
"""The first finding on each definition AWS rejects: QueryLanguage written inside States, which asl-validator misses."""


def _cases() -> list[Any]:
    if not CASES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CASES} is absent (it sits beside the checkout)"))]
    return [pytest.param(path, id=path.stem) for path in sorted(CASES.glob("*.json"))]


@pytest.mark.parametrize("path", _cases())
def test_case(path: Path, lint_counts: Counter[str]) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    found = lint(case["definition"], substitutions=case.get("substitutions"))
    if case["expect"] == "invalid":  # AWS rejects it: the first error says why
        assert found[0].severity == "error", case["note"]
        assert found[0].code == INVALID_FIRST[path.stem]
        return
    if case["expect"] != "valid":
        return
    for item in found:
        lint_counts[f"{item.severity} {item.code}"] += 1
    assert [str(item) for item in found if item.severity == "error"] == []
    warnings = [(item.pointer, item.code) for item in found if item.severity == "warning"]
    assert warnings == EXPECTED_WARNINGS.get(path.stem, [])
