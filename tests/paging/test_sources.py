"""Resolving paginate()'s source: clients, resource actions, callables, and the errors for bad ones."""

from __future__ import annotations

from unittest import mock

import boto3
import pytest

import statewise
from statewise.errors import OperationNotPageableError, PaginationError, SpecError, UnknownOperationError
from statewise.paging.sources import resolve

SPEC = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Items"}


@pytest.fixture
def ec2():
    return boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


@pytest.mark.parametrize("name", ["describe_snapshots", "DescribeSnapshots"])
def test_client_operation_by_either_name(ec2, name):
    target = resolve(ec2, name, None)
    assert target.spec.name == "ec2.DescribeSnapshots"
    assert target.method == ec2.describe_snapshots
    assert target.page_size_type is int


def test_unknown_operation_suggests_close_matches(ec2):
    with pytest.raises(UnknownOperationError, match="did you mean 'describe_snapshots'") as info:
        statewise.paginate(ec2, "describe_snapshot")
    assert info.value.name == "describe_snapshot"
    assert isinstance(info.value, PaginationError)


def test_operation_that_cannot_paginate(ec2):
    import botocore.exceptions

    with pytest.raises(OperationNotPageableError, match=r"ec2\.DescribeRegions cannot be paginated") as info:
        statewise.paginate(ec2, "describe_regions")
    assert isinstance(info.value, botocore.exceptions.OperationNotPageableError)


def test_client_needs_operation(ec2):
    with pytest.raises(UnknownOperationError, match="name the operation"):
        statewise.paginate(ec2)


def test_resource_action_finds_operation_and_spec():
    table = boto3.resource(
        "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    ).Table("t")
    target = resolve(table.query, None, None)
    assert target.spec.name == "dynamodb.Query"
    assert target.method == table.query
    with pytest.raises(SpecError, match="names its own operation"):
        resolve(table.scan, "Scan", None)


def test_callable_needs_spec_and_no_operation():
    def fetch(**kw):
        return {}

    with pytest.raises(SpecError, match="pass spec="):
        statewise.paginate(fetch)
    with pytest.raises(SpecError, match="goes with a client"):
        statewise.paginate(fetch, "Op", spec=SPEC)
    with pytest.raises(SpecError, match="cannot paginate a int"):
        statewise.paginate(3)


def test_async_callable_needs_apaginate():
    async def fetch(**kw):
        return {}

    with pytest.raises(PaginationError, match=r"use statewise\.apaginate"):
        statewise.paginate(fetch, spec=SPEC)
    assert isinstance(statewise.apaginate(fetch, spec=SPEC), statewise.AsyncPages)


def test_a_mock_is_a_callable_not_a_client():
    # a Mock has every attribute, meta.method_to_api_mapping included; it used to pass for a client
    fetch = mock.Mock(side_effect=[{"Items": [1], "NextToken": "t"}, {"Items": [2]}])
    assert list(statewise.paginate(fetch, spec=SPEC).items()) == [1, 2]
    assert fetch.call_args_list == [mock.call(), mock.call(NextToken="t")]
    with pytest.raises(SpecError, match=r"<Mock id='\d+'> is a plain callable: pass spec="):
        statewise.paginate(mock.Mock())
    with pytest.raises(SpecError, match="an operation name goes with a client"):
        statewise.paginate(mock.MagicMock(), "describe_snapshots", spec=SPEC)


def test_an_async_mock_needs_apaginate():
    with pytest.raises(PaginationError, match=r"use statewise\.apaginate"):
        statewise.paginate(mock.AsyncMock(), spec=SPEC)


def test_resource_action_pages_through_its_client():
    from boto3.dynamodb.conditions import Key
    from botocore.stub import Stubber

    table = boto3.resource(
        "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    ).Table("orders")
    stubber = Stubber(table.meta.client)
    last = {"pk": {"S": "c#1"}, "sk": {"S": "2"}}
    first = {"Items": [{"pk": {"S": "c#1"}, "sk": {"S": "1"}}], "Count": 1, "LastEvaluatedKey": last}
    stubber.add_response("query", first)
    stubber.add_response("query", {"Items": [{"pk": {"S": "c#1"}, "sk": {"S": "2"}}], "Count": 1})
    with stubber:
        pages = statewise.paginate(table.query, KeyConditionExpression=Key("pk").eq("c#1"))
        items, counts = (list(iterator) for iterator in pages.result_key_iters()[:2])
    # boto3 filled in TableName and turned the typed attributes into plain values
    assert items == [{"pk": "c#1", "sk": "1"}, {"pk": "c#1", "sk": "2"}]
    assert counts == [1, 1]
    stubber.assert_no_pending_responses()
