"""The server in-process (module-scoped), a boto3 client on it, and the Orders machine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from statewise.server import LocalStepFunctions
from tests.server.helpers import MOCKS, ORDERS, ROLE, make_client


@pytest.fixture(scope="module")
def server() -> Iterator[LocalStepFunctions]:
    with LocalStepFunctions(mock_config=MOCKS, clock="fake", env={}, activity_poll_seconds=0) as running:
        yield running


@pytest.fixture(scope="module")
def sfn(server: LocalStepFunctions) -> Any:
    return make_client(server.endpoint_url)


@pytest.fixture(scope="module")
def orders(sfn: Any) -> str:
    """The Orders machine's ARN (created once per module)."""
    arn: str = sfn.create_state_machine(name="Orders", definition=json.dumps(ORDERS), roleArn=ROLE)["stateMachineArn"]
    return arn
