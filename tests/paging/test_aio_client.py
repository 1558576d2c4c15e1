"""apaginate over a real aiobotocore client (AioStubber, no network), against aiobotocore's own paginator."""

from __future__ import annotations

import asyncio
import copy

import pytest
from aiobotocore.session import get_session
from aiobotocore.stub import AioStubber
from botocore.exceptions import ClientError

import statewise

# botocore's build_full_result extends the first page's list in place, and the
# stubber hands back the very dicts it was given: every test takes fresh copies.
_RESPONSES = [
    ({"Snapshots": [{"SnapshotId": "a"}, {"SnapshotId": "b"}], "NextToken": "t1"}, {"MaxResults": 5}),
    ({"Snapshots": [{"SnapshotId": "c"}], "NextToken": "t2"}, {"MaxResults": 5, "NextToken": "t1"}),
    ({"Snapshots": [{"SnapshotId": "d"}]}, {"MaxResults": 5, "NextToken": "t2"}),
]


def responses():
    return copy.deepcopy(_RESPONSES)


def run(coro):
    return asyncio.run(coro)


async def _with_client(body):
    async with get_session().create_client(
        "ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    ) as client:
        stubber = AioStubber(client)
        with stubber:
            return await body(client, stubber)


@pytest.mark.parametrize("prefetch", [0, 2])
def test_same_pages_as_aiobotocore_paginator(prefetch):
    async def ours(client, stubber):
        for response, params in responses():
            stubber.add_response("describe_snapshots", response, params)
        return [p async for p in statewise.apaginate(client, "DescribeSnapshots", page_size=5, prefetch=prefetch)]

    async def theirs(client, stubber):
        for response, params in responses():
            stubber.add_response("describe_snapshots", response, params)
        pager = client.get_paginator("describe_snapshots").paginate(PaginationConfig={"PageSize": 5})
        return [p async for p in pager]

    assert run(_with_client(ours)) == run(_with_client(theirs))


def test_build_full_result_and_max_items_match_aiobotocore():
    async def ours(client, stubber):
        for response, params in responses()[:2]:
            stubber.add_response("describe_snapshots", response, params)
        pages = statewise.apaginate(client, "describe_snapshots", page_size=5, max_items=3)
        return await pages.build_full_result()

    async def theirs(client, stubber):
        for response, params in responses()[:2]:
            stubber.add_response("describe_snapshots", response, params)
        pager = client.get_paginator("describe_snapshots").paginate(PaginationConfig={"PageSize": 5, "MaxItems": 3})
        return await pager.build_full_result()

    mine, reference = run(_with_client(ours)), run(_with_client(theirs))
    for result in (mine, reference):
        for snapshot in result["Snapshots"]:
            snapshot.pop("ResponseMetadata", None)
    assert mine == reference
    assert "NextToken" in mine


def test_service_error_carries_resume_token():
    async def body(client, stubber):
        stubber.add_response("describe_snapshots", *responses()[0])
        stubber.add_client_error("describe_snapshots", "RequestLimitExceeded", expected_params=responses()[1][1])
        seen = []
        with pytest.raises(ClientError) as info:
            async for item in statewise.apaginate(client, "describe_snapshots", page_size=5).items():
                seen.append(item["SnapshotId"])
        return seen, info.value

    seen, error = run(_with_client(body))
    assert seen == ["a", "b"]
    assert error.resume_token is not None
    assert "starting_token=" in error.__notes__[0]

    async def resume(client, stubber):
        stubber.add_response("describe_snapshots", *responses()[1])
        stubber.add_response("describe_snapshots", *responses()[2])
        pages = statewise.apaginate(client, "describe_snapshots", page_size=5, starting_token=error.resume_token)
        return [x["SnapshotId"] async for x in pages.items()]

    assert run(_with_client(resume)) == ["c", "d"]


def test_result_key_iters_match_aiobotocore():
    async def ours(client, stubber):
        for response, params in responses()[:2]:
            stubber.add_response("describe_snapshots", response, params)
        pages = statewise.apaginate(client, "describe_snapshots", page_size=5, max_items=3)
        iterators = pages.result_key_iters()
        found = [[s["SnapshotId"] async for s in iterator] for iterator in iterators]
        return found, [key.expression for key in pages.result_keys], pages.resume_token is not None

    async def theirs(client, stubber):
        for response, params in responses()[:2]:
            stubber.add_response("describe_snapshots", response, params)
        pager = client.get_paginator("describe_snapshots").paginate(PaginationConfig={"PageSize": 5, "MaxItems": 3})
        iterators = pager.result_key_iters()
        found = [[s["SnapshotId"] async for s in iterator] for iterator in iterators]
        return found, [key.expression for key in pager.result_keys], pager.resume_token is not None

    mine, reference = run(_with_client(ours)), run(_with_client(theirs))
    assert mine == reference
    assert mine[0] == [["a", "b", "c"]]


def test_sync_paginate_and_wait_refuse_an_aiobotocore_client_up_front():
    async def body(client, stubber):
        # nothing is queued on the stubber: neither may make a call
        with pytest.raises(
            statewise.PaginationError, match=r"ec2\.DescribeSnapshots is async: use statewise\.apaginate"
        ):
            statewise.paginate(client, "describe_snapshots")
        with pytest.raises(
            statewise.PaginationError, match=r"ec2\.describe_snapshots is async: use statewise\.apaginate"
        ):
            statewise.paginate(
                client.describe_snapshots, spec={"input_token": "T", "output_token": "T", "result_key": "X"}
            )
        with pytest.raises(
            statewise.WaiterOptionsError,
            match=r"ec2\.SnapshotCompleted calls an async operation; use statewise\.async_wait",
        ):
            statewise.wait(client, "snapshot_completed", SnapshotIds=["snap-1"])
        spec = {"operation": "DescribeSnapshots", "delay": 1, "maxAttempts": 2,
                "acceptors": [{"state": "success", "matcher": "status", "expected": 200}]}  # fmt: skip
        with pytest.raises(statewise.WaiterOptionsError, match=r"ec2\.DescribeSnapshots calls an async operation"):
            statewise.wait(client, spec=spec)
        with pytest.raises(statewise.WaiterOptionsError, match=r"ec2\.describe_snapshots calls an async operation"):
            statewise.wait(client.describe_snapshots, spec=spec)
        stubber.assert_no_pending_responses()
        # the async twins take the same client
        stubber.add_response("describe_snapshots", {"Snapshots": [], "ResponseMetadata": {"HTTPStatusCode": 200}})
        return await statewise.async_wait(client, spec=spec)

    assert run(_with_client(body))["Snapshots"] == []


def test_an_aiobotocore_client_is_an_async_client():
    from statewise.clients import is_async_client, is_client

    async def body(client, stubber):
        return is_client(client), is_async_client(client)

    assert run(_with_client(body)) == (True, True)
