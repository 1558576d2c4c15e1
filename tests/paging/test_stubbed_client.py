"""Differential tests through real botocore clients, stubbed with botocore's Stubber.

Each scenario queues the same responses twice on a fresh ``Stubber``: once for
``client.get_paginator(op).paginate(...)`` and once for
``statewise.paginate(client, op, ...)``. The requests are recorded with a
``provide-client-params`` hook (what the caller handed to the client method),
and the pages, requests, full results and resume tokens of the two must be
equal. Going through the client also covers what the callable path cannot:
the operation lookup by snake_case name, the spec taken from the installed
botocore data, PageSize coerced by the limit key's shape type, and botocore's
own response parsing hooks (S3's url-decoding of keys).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

import statewise

NOW = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)


def make_client(service: str) -> Any:
    return boto3.session.Session().client(
        service,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


class Recorder:
    """Records the parameters of every call of one operation on one client."""

    def __init__(self, client: Any, operation: str):
        self.calls: list[dict[str, Any]] = []
        service = client.meta.service_model.service_name
        client.meta.events.register(f"provide-client-params.{service}.{operation}", self)

    def __call__(self, params: dict[str, Any], **_: Any) -> None:
        self.calls.append(copy.deepcopy(params))


def run_stubbed(client: Any, method: str, responses: list[dict[str, Any]], use: Callable[[], Any]) -> Any:
    """Run ``use()`` with ``responses`` queued for ``client.<method>``; unused ones are dropped."""
    stubber = Stubber(client)
    for response in responses:
        stubber.add_response(method, copy.deepcopy(response))
    with stubber:
        return use()


def both(
    service: str,
    method: str,
    responses: list[dict[str, Any]],
    *,
    config: dict[str, Any] | None = None,
    mode: str = "pages",
    **params: Any,
) -> tuple[Any, Any]:
    """(botocore's outcome, statewise's outcome): value, requests, resume token."""
    config = config or {}
    client = make_client(service)
    operation = client.meta.method_to_api_mapping[method]
    recorder = Recorder(client, operation)

    def consume(pager: Any) -> Any:
        if mode == "full":
            return pager.build_full_result()
        if mode == "key_iters":
            return [[copy.deepcopy(item) for item in iterator] for iterator in pager.result_key_iters()]
        return [copy.deepcopy(page) for page in pager]

    bc_pager = client.get_paginator(method).paginate(PaginationConfig=dict(config), **params)
    bc_value = run_stubbed(client, method, responses, lambda: consume(bc_pager))
    bc_calls, recorder.calls = recorder.calls, []

    sw_pager = statewise.paginate(client, method, PaginationConfig=dict(config), **params)
    sw_value = run_stubbed(client, method, responses, lambda: consume(sw_pager))
    return (
        (bc_value, bc_calls, bc_pager.resume_token),
        (sw_value, recorder.calls, sw_pager.resume_token),
    )


# --------------------------------------------------------------------------- EC2


def snapshot(i: int) -> dict[str, Any]:
    return {
        "SnapshotId": f"snap-{i:08x}",
        "VolumeId": f"vol-{i:08x}",
        "State": "completed",
        "StartTime": NOW,
        "VolumeSize": 8,
        "OwnerId": "123456789012",
    }


def snapshot_pages(sizes: list[int]) -> list[dict[str, Any]]:
    pages, n = [], 0
    for p, size in enumerate(sizes):
        page: dict[str, Any] = {"Snapshots": [snapshot(n + i) for i in range(size)]}
        n += size
        if p < len(sizes) - 1:
            page["NextToken"] = f"ec2-token-{p}"
        pages.append(page)
    return pages


EC2_PAGES = snapshot_pages([3, 0, 4, 2])

EC2_CONFIGS = [
    {},
    {"MaxItems": 1},
    {"MaxItems": 3},  # page boundary
    {"MaxItems": 5},  # mid-page after an empty page
    {"MaxItems": 9},
    {"MaxItems": 50},
    {"PageSize": 3},
    {"PageSize": "3"},  # coerced to the integer MaxResults
    {"PageSize": 2, "MaxItems": 4},
]


@pytest.mark.parametrize("config", EC2_CONFIGS, ids=repr)
@pytest.mark.parametrize("mode", ["pages", "full", "key_iters"])
def test_ec2_describe_snapshots(config: dict[str, Any], mode: str) -> None:
    expected, actual = both("ec2", "describe_snapshots", EC2_PAGES, config=config, mode=mode, OwnerIds=["self"])
    assert actual == expected


def test_ec2_resume_tokens_cross_between_libraries() -> None:
    (_, _, bc_token), (_, _, sw_token) = both("ec2", "describe_snapshots", EC2_PAGES, config={"MaxItems": 5})
    assert bc_token is not None
    assert sw_token == bc_token
    # resuming serves pages from the one the token names: page 2 cut after 2 items
    rest = EC2_PAGES[2:]
    expected, actual = both("ec2", "describe_snapshots", rest, config={"StartingToken": bc_token}, mode="full")
    assert actual == expected
    ids = [s["SnapshotId"] for s in actual[0]["Snapshots"]]
    assert ids == [f"snap-{i:08x}" for i in range(5, 9)]
    assert actual[1][0]["NextToken"] == "ec2-token-1"


def test_ec2_snake_case_and_api_names_agree() -> None:
    client = make_client("ec2")
    pages = []
    for name in ("describe_snapshots", "DescribeSnapshots"):
        pages.append(
            run_stubbed(
                client,
                "describe_snapshots",
                EC2_PAGES,
                lambda name=name: list(statewise.paginate(client, name)),
            )
        )
    assert pages[0] == pages[1] == EC2_PAGES


# --------------------------------------------------------------------------- S3 ListObjects


def s3_pages() -> list[dict[str, Any]]:
    """ListObjects: the next marker is NextMarker when sent, else the last key."""
    keys = [f"photos/{i:04d}.jpg" for i in range(9)]
    return [
        # no NextMarker: the token is Contents[-1].Key
        {"IsTruncated": True, "Contents": [{"Key": k, "Size": 1} for k in keys[0:3]]},
        # explicit NextMarker wins (as with a delimiter)
        {
            "IsTruncated": True,
            "NextMarker": "photos/0005.jpg",
            "Contents": [{"Key": k, "Size": 1} for k in keys[3:6]],
        },
        {"IsTruncated": False, "Contents": [{"Key": k, "Size": 1} for k in keys[6:9]]},
    ]


@pytest.mark.parametrize(
    "config",
    [{}, {"MaxItems": 2}, {"MaxItems": 3}, {"MaxItems": 7}, {"PageSize": 3}, {"PageSize": "3"}],
    ids=repr,
)
@pytest.mark.parametrize("mode", ["pages", "full"])
def test_s3_list_objects_jmespath_output_token(config: dict[str, Any], mode: str) -> None:
    expected, actual = both("s3", "list_objects", s3_pages(), config=config, mode=mode, Bucket="b")
    assert actual == expected


def test_s3_list_objects_sends_last_key_then_next_marker() -> None:
    expected, actual = both("s3", "list_objects", s3_pages(), Bucket="b")
    assert actual == expected
    markers = [call.get("Marker") for call in actual[1]]
    assert markers == [None, "photos/0002.jpg", "photos/0005.jpg"]


def test_s3_list_objects_resume_mid_page() -> None:
    (_, _, token), _ = both("s3", "list_objects", s3_pages(), config={"MaxItems": 4}, Bucket="b")
    assert token is not None
    expected, actual = both("s3", "list_objects", s3_pages()[1:], config={"StartingToken": token}, Bucket="b")
    assert actual == expected
    keys = [o["Key"] for page in actual[0] for o in page.get("Contents", [])]
    assert keys == [f"photos/{i:04d}.jpg" for i in range(4, 9)]


# --------------------------------------------------------------------------- DynamoDB Scan


def scan_pages() -> list[dict[str, Any]]:
    pages = []
    n = 0
    for p, size in enumerate([3, 1, 0, 2]):
        items = [{"pk": {"S": f"user#{n + i}"}, "n": {"N": str(n + i)}} for i in range(size)]
        n += size
        page: dict[str, Any] = {"Items": items, "Count": size, "ScannedCount": size + 1}
        if p < 3:
            page["LastEvaluatedKey"] = {"pk": {"S": f"user#{n - 1}"}, "page": {"N": str(p)}}
        page["ConsumedCapacity"] = {"TableName": "t", "CapacityUnits": float(p + 1)}
        pages.append(page)
    return pages


@pytest.mark.parametrize(
    "config",
    [{}, {"MaxItems": 2}, {"MaxItems": 3}, {"MaxItems": 4}, {"MaxItems": 5}, {"PageSize": 3}],
    ids=repr,
)
@pytest.mark.parametrize("mode", ["pages", "full"])
def test_dynamodb_scan_map_tokens_and_counts(config: dict[str, Any], mode: str) -> None:
    expected, actual = both("dynamodb", "scan", scan_pages(), config=config, mode=mode, TableName="t")
    assert actual == expected


def test_dynamodb_scan_resume_from_map_token() -> None:
    (_, _, token), _ = both("dynamodb", "scan", scan_pages(), config={"MaxItems": 2}, TableName="t")
    assert token is not None
    expected, actual = both(
        "dynamodb",
        "scan",
        scan_pages(),
        config={"StartingToken": token, "MaxItems": 3},
        mode="full",
        TableName="t",
    )
    assert actual == expected
    # page 0 again, its first 2 items skipped; counts kept as the service sent them
    assert [i["pk"]["S"] for i in actual[0]["Items"]] == ["user#2", "user#3", "user#4"]
    assert actual[0]["Count"] == 3 + 1 + 0 + 2


# --------------------------------------------------------------------------- ECR (bug pin)


def findings_pages() -> list[dict[str, Any]]:
    pages = []
    for p in range(3):
        page: dict[str, Any] = {
            "repositoryName": "repo",
            "registryId": "123456789012",
            "imageId": {"imageDigest": "sha256:" + "0" * 64},
            "imageScanStatus": {"status": "COMPLETE"},
            "imageScanFindings": {
                "findings": [{"name": f"CVE-{p}-{i}", "severity": "HIGH"} for i in range(2)],
                "findingSeverityCounts": {"HIGH": 6},
            },
        }
        if p < 2:
            page["nextToken"] = f"ecr-{p}"
        pages.append(page)
    return pages


def test_ecr_image_scan_findings_full_result_keeps_every_page() -> None:
    """A non_aggregate_key ('imageScanFindings') that contains the result key
    ('imageScanFindings.findings'): botocore's full result has the findings of
    every page; statewise's must too."""
    expected, actual = both(
        "ecr",
        "describe_image_scan_findings",
        findings_pages(),
        mode="full",
        repositoryName="repo",
        imageId={"imageTag": "latest"},
    )
    assert len(expected[0]["imageScanFindings"]["findings"]) == 6
    assert actual == expected


def iter_names(pages: Iterator[dict[str, Any]]) -> list[str]:
    return [f["name"] for page in pages for f in page["imageScanFindings"]["findings"]]


def test_ecr_image_scan_findings_items() -> None:
    client = make_client("ecr")
    pager = statewise.paginate(client, "describe_image_scan_findings", repositoryName="repo", imageId={"imageTag": "x"})
    items = run_stubbed(client, "describe_image_scan_findings", findings_pages(), lambda: list(pager.items()))
    assert [f["name"] for f in items] == iter_names(iter(findings_pages()))


# --------------------------------------------------------------------------- result_key_iters, several keys


def version_pages() -> list[dict[str, Any]]:
    """ListObjectVersions: three list result keys, two tokens, more_results."""
    pages = []
    for p in range(3):
        page: dict[str, Any] = {
            "IsTruncated": p < 2,
            "Versions": [{"Key": f"k{p}-{i}", "VersionId": f"v{p}-{i}", "Size": 1} for i in range(p + 1)],
            "DeleteMarkers": [{"Key": f"d{p}", "VersionId": f"dv{p}"}] if p != 1 else [],
            "Prefix": "",
        }
        if p == 2:
            page["CommonPrefixes"] = [{"Prefix": "photos/"}]
        if p < 2:
            page["NextKeyMarker"] = f"k{p}"
            page["NextVersionIdMarker"] = f"v{p}"
        pages.append(page)
    return pages


@pytest.mark.parametrize("config", [{}, {"MaxItems": 1}, {"MaxItems": 2}, {"MaxItems": 4}, {"PageSize": 2}], ids=repr)
def test_s3_list_object_versions_result_key_iters(config: dict[str, Any]) -> None:
    expected, actual = both("s3", "list_object_versions", version_pages(), config=config, mode="key_iters", Bucket="b")
    assert actual == expected
    assert len(actual[0]) == 3  # one iterator per result key


def test_result_keys_are_compiled_expressions_as_botocore() -> None:
    client = make_client("s3")
    theirs = client.get_paginator("list_object_versions").paginate(Bucket="b").result_keys
    ours = statewise.paginate(client, "list_object_versions", Bucket="b").result_keys
    assert [key.expression for key in ours] == [key.expression for key in theirs]
    page = version_pages()[2]
    assert [key.search(page) for key in ours] == [key.search(page) for key in theirs]


def test_dynamodb_scan_counts_botocore_cannot_iterate() -> None:
    """botocore's Count iterator raises TypeError (it iterates an int); statewise yields each page's count."""
    client = make_client("dynamodb")

    def theirs() -> tuple[list[Any], type[BaseException] | None]:
        items, count = client.get_paginator("scan").paginate(TableName="t").result_key_iters()[:2]
        consumed = [copy.deepcopy(item) for item in items]
        try:
            list(count)
        except TypeError as exc:
            return consumed, type(exc)
        return consumed, None

    bc_items, bc_error = run_stubbed(client, "scan", scan_pages(), theirs)
    assert bc_error is TypeError
    pager = statewise.paginate(client, "scan", TableName="t")
    ours = run_stubbed(client, "scan", scan_pages(), lambda: [list(it) for it in pager.result_key_iters()])
    assert ours[0] == bc_items
    assert ours[1] == [3, 1, 0, 2]
    assert ours[2] == [4, 2, 1, 3]
