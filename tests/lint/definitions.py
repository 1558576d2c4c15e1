"""Definitions the linter tests share: the seed's WorkSpaces loop, as the demo ships it and as CDK emits it."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

SDK = "arn:aws:states:::aws-sdk:"


def seed() -> dict[str, Any]:
    """The demo's loop, fixed: the Map keeps its input with ``ResultPath: null``."""
    text = resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def buggy_seed() -> dict[str, Any]:
    """The demo's loop with the classic bug: ``OutputPath: null`` on the Map instead of ``ResultPath: null``."""
    definition = copy.deepcopy(seed())
    rebuild = definition["States"]["RebuildWorkspaces"]
    del rebuild["ResultPath"]
    rebuild["OutputPath"] = None
    return definition


def cdk_seed(*, discard: str = "OutputPath") -> dict[str, Any]:
    """The seed's definition as CDK emits it: ``JsonPath.DISCARD`` on the Map's ``outputPath``
    (``discard="ResultPath"`` for the fix) and every workspace mapped to a Pass."""
    result = "$.DescribeWorkspacesResult"
    return {
        "StartAt": "DescribeWorkspaces",
        "States": {
            "DescribeWorkspaces": {
                "Next": "RebuildWorkspaces",
                "Type": "Task",
                "ResultPath": result,
                "Resource": SDK + "workspaces:describeWorkspaces",
                "Parameters": {"Limit": 25},
            },
            "RebuildWorkspaces": {
                "Type": "Map",
                discard: None,
                "Next": "MorePages",
                "ItemsPath": f"{result}.Workspaces",
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "RebuildWorkspace",
                    "States": {"RebuildWorkspace": {"Type": "Pass", "End": True}},
                },
                "MaxConcurrency": 5,
            },
            "MorePages": {
                "Type": "Choice",
                "Choices": [{"Variable": f"{result}.NextToken", "IsPresent": True, "Next": "DescribeNextPage"}],
                "Default": "Done",
            },
            "DescribeNextPage": {
                "Next": "RebuildWorkspaces",
                "Type": "Task",
                "ResultPath": result,
                "Resource": SDK + "workspaces:describeWorkspaces",
                "Parameters": {"Limit": 25, "NextToken.$": f"{result}.NextToken"},
            },
            "Done": {"Type": "Succeed"},
        },
    }


def machine(states: dict[str, Any], start: str | None = None, **top: Any) -> dict[str, Any]:
    """A machine of ``states`` starting at ``start`` (the first state by default)."""
    return {"StartAt": start or next(iter(states)), "States": states, **top}
