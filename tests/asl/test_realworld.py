"""The definitions AWS publishes as deployable samples, as users will hand them to statewise.

Read in place from ``<repo>/../shared/realworld/cases`` (README there); the module
skips where that folder is absent. Every ``valid`` case must validate with no
problem (after its ``substitutions``) and run to an :class:`~statewise.Execution`
with each Task resource bound to a callable returning ``{}``; every ``invalid``
case must report at least one problem. ``uncertain`` cases are only checked not
to crash. The session summary prints the counts.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from statewise import Execution, StateMachine, validate
from statewise.testing import FakeClock

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "cases"


def _cases() -> list[Any]:
    if not CASES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CASES} is absent (it sits beside the checkout)"))]
    return [pytest.param(path, id=path.stem) for path in sorted(CASES.glob("*.json"))]


@pytest.mark.parametrize("path", _cases())
def test_case(path: Path, realworld_counts: Counter[str]) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    substitutions = case.get("substitutions")
    problems = validate(case["definition"], substitutions=substitutions)
    expect = case["expect"]
    realworld_counts[f"{expect} cases"] += 1
    if expect == "invalid":
        assert problems, case.get("note")
        realworld_counts["invalid rejected"] += 1
        return
    if expect != "valid":
        return
    assert problems == [], case["name"]
    realworld_counts["valid accepted"] += 1
    machine = StateMachine(case["definition"], substitutions=substitutions)
    resources = dict.fromkeys(machine.task_resources, lambda payload: {})
    execution = machine.run({}, clock=FakeClock(), seed=0, resources=resources)
    assert isinstance(execution, Execution)
    # failing on {} is fine (the samples expect real events), as long as it ends as AWS ends executions
    assert execution.status in ("SUCCEEDED", "FAILED")
    full = len(execution.history) == 25_000  # an endless reminder loop fails at the history quota
    assert full or execution.history[-1]["type"] == f"Execution{execution.status.title()}"
    realworld_counts[f"valid ran to {execution.status}"] += 1
