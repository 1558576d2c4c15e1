"""statewise.paginate against moto's in-process AWS: real services' paging caps.

* S3 ListObjectsV2 with more keys than the service's 1000-key page cap: the
  pages, keys and requests match botocore's paginator on the same bucket, and
  max_items/starting_token walk the bucket without gaps or repeats.
* DynamoDB ``Table.query`` through the boto3 resource over more than 1 MB of
  items, which the service splits into pages by size: every item comes back,
  and resume tokens (holding Decimal key values) resume the resource action.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key
from moto import mock_aws

import statewise

REGION = "us-east-1"
N_OBJECTS = 2222
N_ITEMS = 360
ITEM_BYTES = 10_000


@pytest.fixture(scope="module")
def aws() -> Iterator[None]:
    """Fake credentials and one moto backend for the module (the tests only read)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_SESSION_TOKEN", "testing")
        mp.setenv("AWS_DEFAULT_REGION", REGION)
        mp.delenv("AWS_PROFILE", raising=False)
        with mock_aws():
            yield


# --------------------------------------------------------------------------- S3


@pytest.fixture(scope="module")
def bucket(aws: None) -> Any:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="photos")
    for i in range(N_OBJECTS):
        s3.put_object(Bucket="photos", Key=f"img/{i:05d}.jpg", Body=b"")
    return s3


def keys_of(pages: list[dict[str, Any]]) -> list[str]:
    return [obj["Key"] for page in pages for obj in page.get("Contents", [])]


ALL_KEYS = [f"img/{i:05d}.jpg" for i in range(N_OBJECTS)]


def strip_metadata(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # request ids and dates differ from call to call
    return [{k: v for k, v in page.items() if k != "ResponseMetadata"} for page in pages]


def test_s3_list_objects_v2_pages_past_the_1000_key_cap(bucket: Any) -> None:
    pages = list(statewise.paginate(bucket, "list_objects_v2", Bucket="photos"))
    assert [page["KeyCount"] for page in pages] == [1000, 1000, N_OBJECTS - 2000]
    assert keys_of(pages) == ALL_KEYS
    expected = list(bucket.get_paginator("list_objects_v2").paginate(Bucket="photos"))
    assert strip_metadata(pages) == strip_metadata(expected)


def test_s3_items_and_build_full_result(bucket: Any) -> None:
    pager = statewise.paginate(bucket, "ListObjectsV2", Bucket="photos", page_size=700)
    assert [obj["Key"] for obj in pager.items()] == ALL_KEYS
    full = pager.build_full_result()
    expected = bucket.get_paginator("list_objects_v2").paginate(Bucket="photos", PaginationConfig={"PageSize": 700})
    botocore_full = expected.build_full_result()
    assert [obj["Key"] for obj in full["Contents"]] == ALL_KEYS
    assert full == botocore_full


def test_s3_max_items_walk_resumes_without_gaps(bucket: Any) -> None:
    seen: list[str] = []
    token = None
    rounds = 0
    while True:
        pager = statewise.paginate(bucket, "list_objects_v2", Bucket="photos", max_items=777, starting_token=token)
        chunk = keys_of(list(pager))
        rounds += 1
        seen.extend(chunk)
        token = pager.resume_token
        if token is None:
            break
        assert len(chunk) == 777
    assert seen == ALL_KEYS
    assert rounds == -(-N_OBJECTS // 777)


def test_s3_resume_token_crosses_to_botocore(bucket: Any) -> None:
    pager = statewise.paginate(bucket, "list_objects_v2", Bucket="photos", max_items=1500)
    first = keys_of(list(pager))
    assert pager.resume_token is not None
    rest = bucket.get_paginator("list_objects_v2").paginate(
        Bucket="photos", PaginationConfig={"StartingToken": pager.resume_token}
    )
    assert first + keys_of(list(rest)) == ALL_KEYS


# --------------------------------------------------------------------------- DynamoDB


@pytest.fixture(scope="module")
def table(aws: None) -> Any:
    dynamodb = boto3.resource("dynamodb", region_name=REGION)
    table = dynamodb.create_table(
        TableName="events",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    blob = "x" * ITEM_BYTES
    with table.batch_writer() as batch:
        for i in range(N_ITEMS):
            batch.put_item(Item={"pk": "x", "sk": i, "blob": blob})
        batch.put_item(Item={"pk": "other", "sk": 0, "blob": "y"})
    return table


def sks(items: list[dict[str, Any]]) -> list[int]:
    return [int(item["sk"]) for item in items]


def test_table_query_returns_every_item_over_several_1mb_pages(table: Any) -> None:
    pages = list(statewise.paginate(table.query, KeyConditionExpression=Key("pk").eq("x")))
    assert len(pages) >= 3  # 3.6 MB of items, at most 1 MB a page
    assert all("LastEvaluatedKey" in page for page in pages[:-1])
    assert "LastEvaluatedKey" not in pages[-1]
    items = [item for page in pages for item in page["Items"]]
    assert sks(items) == list(range(N_ITEMS))
    assert isinstance(items[0]["sk"], Decimal)  # the resource's own deserialisation
    # the low-level client's paginator splits the same query the same way
    client_pages = list(
        boto3.client("dynamodb", region_name=REGION)
        .get_paginator("query")
        .paginate(
            TableName="events",
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": "x"}},
        )
    )
    assert [page["Count"] for page in pages] == [page["Count"] for page in client_pages]


def test_table_query_items_and_full_result(table: Any) -> None:
    pager = statewise.paginate(table.query, KeyConditionExpression=Key("pk").eq("x"))
    items = list(pager.items())  # only list-valued result keys: no Count/ScannedCount
    assert sks(items) == list(range(N_ITEMS))
    full = pager.build_full_result()
    assert sks(full["Items"]) == list(range(N_ITEMS))
    assert full["Count"] == full["ScannedCount"] == N_ITEMS
    assert "NextToken" not in full


def test_table_query_max_items_resume_walk(table: Any) -> None:
    condition = Key("pk").eq("x")
    seen: list[int] = []
    tokens: list[str] = []
    token = None
    while True:
        pager = statewise.paginate(table.query, max_items=70, starting_token=token, KeyConditionExpression=condition)
        chunk = [item for page in pager for item in page["Items"]]
        seen.extend(sks(chunk))
        token = pager.resume_token
        if token is None:
            break
        tokens.append(token)
        assert len(chunk) == 70
    assert seen == list(range(N_ITEMS))
    assert len(tokens) == N_ITEMS // 70
    # tokens hold the table's Decimal keys and are botocore-format base64 JSON
    assert any("statewise_decimal_keys" in statewise_token_json(t) for t in tokens)


def test_table_query_resume_with_pagination_config_alias(table: Any) -> None:
    condition = Key("pk").eq("x")
    first = statewise.paginate(table.query, PaginationConfig={"MaxItems": 123}, KeyConditionExpression=condition)
    head = [item for page in first for item in page["Items"]]
    assert first.resume_token is not None
    rest = statewise.paginate(
        table.query, PaginationConfig={"StartingToken": first.resume_token}, KeyConditionExpression=condition
    )
    tail = list(rest.items())
    assert sks(head + tail) == list(range(N_ITEMS))
    assert rest.resume_token is None


def test_table_query_page_size_uses_limit(table: Any) -> None:
    pages = list(statewise.paginate(table.query, page_size=50, KeyConditionExpression=Key("pk").eq("x")))
    assert [page["Count"] for page in pages[:-1]] == [50] * (len(pages) - 1)
    assert sum(page["Count"] for page in pages) == N_ITEMS


def test_table_scan_resource_action_resumes(table: Any) -> None:
    head = statewise.paginate(table.scan, max_items=200)
    first = [item for page in head for item in page["Items"]]
    assert len(first) == 200
    assert head.resume_token is not None
    rest = [item for page in statewise.paginate(table.scan, starting_token=head.resume_token) for item in page["Items"]]
    keys = sorted((item["pk"], int(item["sk"])) for item in first + rest)
    assert keys == sorted([("x", i) for i in range(N_ITEMS)] + [("other", 0)])


def statewise_token_json(token: str) -> str:
    import base64

    return base64.b64decode(token).decode()
