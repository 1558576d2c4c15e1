"""Express workflows refuse what AWS refuses there: .sync, .sync:2, .waitForTaskToken and activities."""

from __future__ import annotations

from typing import Any

import pytest

from statewise import DefinitionError, StateMachine

ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:approve"


def _task(resource: str) -> dict[str, Any]:
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": True}}}


@pytest.mark.parametrize(
    ("resource", "what"),
    [
        ("arn:aws:states:::states:startExecution.sync", "'.sync'"),
        ("arn:aws:states:::states:startExecution.sync:2", "'.sync:2'"),
        ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "'.waitForTaskToken'"),
        (ACTIVITY, "an activity"),
    ],
)
def test_an_express_machine_refuses_patterns_it_cannot_run(resource: str, what: str) -> None:
    with pytest.raises(DefinitionError, match=what) as caught:
        StateMachine(_task(resource), type="EXPRESS")
    (problem,) = caught.value.problems
    assert (problem.pointer, problem.code) == ("/States/T/Resource", "express-unsupported")
    StateMachine(_task(resource))  # a Standard machine runs them
    StateMachine(_task("arn:aws:states:::sqs:sendMessage"), type="EXPRESS")  # request-response is fine


def test_an_express_distributed_maps_children_are_checked_in_a_standard_machine() -> None:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        **_task("arn:aws:states:::lambda:invoke.waitForTaskToken"),
    }
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": processor, "End": True}}}
    with pytest.raises(DefinitionError) as caught:
        StateMachine(definition)
    assert [p.pointer for p in caught.value.problems] == ["/States/M/ItemProcessor/States/T/Resource"]
    processor["ProcessorConfig"]["ExecutionType"] = "STANDARD"
    StateMachine(definition)
