"""A simulated Amazon WorkSpaces service, in memory, for demos and tests.

It answers ``DescribeWorkspaces`` the way the service does: at most ``Limit``
(1-25, default 25) workspaces a page, an opaque ``NextToken`` while more
remain, and an ``InvalidParameterValuesException``-style error for a bad
token or limit; ``RebuildWorkspaces`` records the IDs it was asked to
rebuild. ``calls`` counts the requests made.
"""

from __future__ import annotations

import base64
from typing import Any

__all__ = ["SimulatedWorkspaces", "WorkspacesError"]

_MAX_LIMIT = 25


class WorkspacesError(Exception):
    """A request the real service would reject."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


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
        self.calls = 0
        self.rebuilt: list[str] = []

    def describe_workspaces(self, *, Limit: int = _MAX_LIMIT, NextToken: str | None = None, **_: Any) -> dict[str, Any]:
        self.calls += 1
        if not 1 <= Limit <= _MAX_LIMIT:
            raise WorkspacesError("InvalidParameterValuesException", f"Limit must be 1-{_MAX_LIMIT}, got {Limit}")
        start = 0 if NextToken is None else _decode(NextToken)
        end = start + Limit
        page: dict[str, Any] = {"Workspaces": self.workspaces[start:end]}
        if end < len(self.workspaces):
            page["NextToken"] = base64.urlsafe_b64encode(f"offset:{end}".encode()).decode()
        return page

    def rebuild_workspaces(self, *, RebuildWorkspaceRequests: list[dict[str, str]]) -> dict[str, Any]:
        self.calls += 1
        self.rebuilt.extend(request["WorkspaceId"] for request in RebuildWorkspaceRequests)
        return {"FailedRequests": []}


def _decode(token: str) -> int:
    try:
        kind, _, offset = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if kind == "offset":
            return int(offset)
    except (ValueError, UnicodeError):
        pass
    raise WorkspacesError("InvalidParameterValuesException", f"invalid NextToken {token!r}")
