"""Bad input of every kind ends in a typed statewise error, never a bare Python one."""

from __future__ import annotations

import base64
import json

import pytest

import statewise
from statewise.errors import InvalidTokenError, PaginationError, SpecError
from statewise.specs import PaginatorSpec, register_paginators
from statewise.specs.waiter import WaiterSpec

SPEC = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Items", "limit_key": "Limit"}


def fetch(**kw):
    return {"Items": [1]}


def token(doc: dict) -> str:
    return base64.b64encode(json.dumps(doc).encode()).decode()


@pytest.mark.parametrize(
    "damaged",
    [
        {"NextToken": "x", "boto_encoded_keys": [["Nope"]]},
        {"NextToken": "x", "boto_encoded_keys": [5]},
        {"NextToken": 5, "boto_encoded_keys": [["NextToken"]]},
        {"NextToken": "x", "statewise_decimal_keys": [["NextToken"]]},
    ],
)
def test_damaged_token_bookkeeping_is_an_invalid_token(damaged):
    with pytest.raises(InvalidTokenError, match="is damaged"):
        statewise.paginate(fetch, spec=SPEC, starting_token=token(damaged))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({**SPEC, 1: "x"}, "unknown key 1"),
    ],
)
def test_paginator_spec_with_odd_keys(spec, message):
    with pytest.raises(SpecError, match=message):
        PaginatorSpec.from_dict(spec)


def test_waiter_spec_with_a_list_matcher_and_odd_keys():
    base = {"operation": "GetJob", "delay": 1, "maxAttempts": 2}
    with pytest.raises(SpecError, match="matcher"):
        WaiterSpec.from_dict({**base, "acceptors": [{"state": "success", "matcher": ["path"], "expected": 1}]})
    with pytest.raises(SpecError, match="unknown key"):
        WaiterSpec.from_dict({**base, 7: 1, "acceptors": []})


def test_infinite_max_items_and_page_size():
    with pytest.raises(PaginationError, match="max_items must be a whole number"):
        statewise.paginate(fetch, spec=SPEC, max_items=float("inf"))


def test_spec_files_that_are_not_utf8_and_sources_that_are_not_paths(tmp_path):
    (tmp_path / "latin1.json").write_bytes('{"pagination": {"Caf\xe9": {}}}'.encode("latin-1"))
    with pytest.raises(SpecError, match="UTF-8"):
        register_paginators(tmp_path / "latin1.json", service="x")
    with pytest.raises(SpecError, match="a dict or a file path, got list"):
        register_paginators([1], service="x")  # type: ignore[arg-type]


def test_bad_search_expression_is_a_spec_error_and_a_value_error():
    pages = statewise.paginate(fetch, spec=SPEC)
    with pytest.raises(SpecError, match="invalid JMESPath") as info:
        list(pages.search("Items["))
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("service", "method", "params", "bad"),
    [
        ("ec2", "describe_snapshots", {}, "a___b___c___d"),
        ("ec2", "describe_snapshots", {}, "a___b___x"),
        ("s3", "list_object_versions", {"Bucket": "b"}, "a___b___c___d"),
    ],
)
def test_bad_starting_token_is_a_value_error_as_in_botocore(service, method, params, bad):
    """Code written for botocore catches ValueError for a bad StartingToken; it must catch ours too."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.client(service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client):  # nothing queued: neither library may call the service
        with pytest.raises(ValueError, match="Bad starting token"):
            list(client.get_paginator(method).paginate(PaginationConfig={"StartingToken": bad}, **params))
        with pytest.raises(ValueError, match="starting token") as info:
            statewise.paginate(client, method, PaginationConfig={"StartingToken": bad}, **params)
    assert type(info.value) is InvalidTokenError
    assert info.value.token == bad


def test_invalid_token_error_mro():
    import pickle

    import botocore.exceptions

    mro = InvalidTokenError.__mro__
    for base in (PaginationError, statewise.StatewiseError, botocore.exceptions.PaginationError, ValueError):
        assert issubclass(InvalidTokenError, base)
    # statewise's own classes come first, then botocore's, then the builtins, each once
    assert mro.index(statewise.StatewiseError) < mro.index(botocore.exceptions.BotoCoreError) < mro.index(ValueError)
    assert len(set(mro)) == len(mro)
    error = InvalidTokenError("bad token 'x'", token="x")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.token) == (InvalidTokenError, str(error), "x")
