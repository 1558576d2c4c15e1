"""SimulatedWorkspaces: the demo's service, a configuration of SimulatedService."""

from __future__ import annotations

import pytest

import statewise
from statewise.specs import find_paginator
from statewise.testing.simulated import Request
from statewise.testing.workspaces import SimulatedWorkspaces, WorkspacesError


def test_describe_pages_25_at_most_and_rebuild_records_ids() -> None:
    service = SimulatedWorkspaces(60)
    assert [ws["WorkspaceId"] for ws in service.workspaces[:2]] == ["ws-00000", "ws-00001"]
    first = service.describe_workspaces(Limit=25)
    second = service.describe_workspaces(Limit=25, NextToken=first["NextToken"])
    assert (len(first["Workspaces"]), second["Workspaces"][0]["WorkspaceId"]) == (25, "ws-00025")
    assert service.rebuild_workspaces(RebuildWorkspaceRequests=[{"WorkspaceId": "ws-00003"}])["FailedRequests"] == []
    assert service.rebuilt == ["ws-00003"]
    assert service.calls == 3
    assert service.service.calls[-1] == Request(
        "RebuildWorkspaces", {"RebuildWorkspaceRequests": [{"WorkspaceId": "ws-00003"}]}
    )


@pytest.mark.parametrize("params", [{"Limit": 26}, {"Limit": 0}, {"NextToken": "garbage"}])
def test_bad_limits_and_tokens_raise_the_services_error(params: dict[str, object]) -> None:
    service = SimulatedWorkspaces(3)
    with pytest.raises(WorkspacesError) as caught:
        service.describe_workspaces(**params)
    assert caught.value.code == "InvalidParameterValuesException"
    assert service.calls == 1  # rejected requests count too


def test_paginate_with_botocores_spec_yields_every_workspace() -> None:
    service = SimulatedWorkspaces(300)
    spec = find_paginator("workspaces", "DescribeWorkspaces")
    assert spec is not None
    pages = statewise.paginate(service.describe_workspaces, spec=spec, page_size=25)
    assert list(pages.items()) == service.workspaces
    assert service.calls == 12
