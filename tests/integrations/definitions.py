"""Definitions the integration tests share."""

from __future__ import annotations

from typing import Any


def catching(resource: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """A machine that calls ``resource`` once; a failure is caught and kept at ``$.error``."""
    return {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": resource,
                "Parameters": parameters,
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}],
                "End": True,
            },
            "Caught": {"Type": "Succeed"},
        },
    }
