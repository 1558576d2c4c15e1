"""A simulated Amazon WorkSpaces service, in memory, for demos and tests.

A :class:`~statewise.testing.simulated.SimulatedService` configured with a
dataset and one handler: ``DescribeWorkspaces`` pages the workspaces as the
service does (at most ``Limit``, 1-25 from botocore's model, default 25; an
opaque ``NextToken`` while more remain; ``InvalidParameterValuesException``
for a bad token or limit), and ``RebuildWorkspaces`` records the IDs it was
asked to rebuild. ``calls`` counts the requests made.
"""

from __future__ import annotations

from typing import Any

from statewise.testing.simulated import SimulatedService, SimulatedServiceError

__all__ = ["SimulatedWorkspaces", "WorkspacesError"]

WorkspacesError = SimulatedServiceError
"""The errors the simulated service raises (the name this module has always exported)."""


class SimulatedWorkspaces:
    """``count`` workspaces ``ws-00000`` ... with two states and two bundles."""

    def __init__(self, count: int = 300) -> None:
        self.workspaces = [
            {
                "WorkspaceId": f"ws-{i:05d}",
                "DirectoryId": "d-9067000000",
                "UserName": f"user{i:03d}",
                "BundleId": "wsb-standard" if i % 3 else "wsb-performance",
                "State": "AVAILABLE" if i % 7 else "ERROR",
            }
            for i in range(count)
        ]
        self.rebuilt: list[str] = []
        self.service = SimulatedService(
            "workspaces", {"DescribeWorkspaces": self.workspaces}, handlers={"RebuildWorkspaces": self._rebuild}
        )

    @property
    def calls(self) -> int:
        """How many requests were made (``service.calls`` holds each one)."""
        return len(self.service.calls)

    def describe_workspaces(self, **params: Any) -> dict[str, Any]:
        return self.service.describe_workspaces(**params)

    def rebuild_workspaces(self, **params: Any) -> dict[str, Any]:
        return self.service.rebuild_workspaces(**params)

    def _rebuild(self, *, RebuildWorkspaceRequests: list[dict[str, str]]) -> dict[str, Any]:
        self.rebuilt.extend(request["WorkspaceId"] for request in RebuildWorkspaceRequests)
        return {"FailedRequests": []}
