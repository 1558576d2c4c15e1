"""Machines and executions through boto3: create, start with #TestCase, describe, list, history."""

from __future__ import annotations

import json
from typing import Any

from tests.server.conftest import ROLE, wait_done


def test_start_with_a_test_case_runs_the_mocked_happy_path(sfn: Any, orders: str) -> None:
    started = sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", name="happy", input='{"order": 1}')
    assert started["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Orders:happy"
    described = wait_done(sfn, started["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"charged": True}
    assert described["input"] == '{"order": 1}'
    types = [e["type"] for e in sfn.get_execution_history(executionArn=started["executionArn"])["events"]]
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded"
    assert "TaskSucceeded" in types
