"""Local-only resources found wherever a definition names one, and replaced (statewise.remote.bindings)."""

from __future__ import annotations

import pytest

from statewise.asl.parse import parse
from statewise.remote.bindings import bind, resource_sites
from statewise.remote.errors import LocalBindingsRefused

READER = {
    "StartAt": "Big",
    "States": {
        "Big": {
            "Type": "Map",
            "ItemReader": {"Resource": "local-items", "Parameters": {"Bucket": "b", "Key": "k"}},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work",
                "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}},
            },
            "End": True,
        }
    },
}
S3_READ = "arn:aws:states:::s3:getObject"


def test_every_resource_is_found_with_its_pointer() -> None:
    found = [(pointer, target.arn) for pointer, target in resource_sites(parse(READER))]
    assert found == [
        ("/States/Big/ItemReader/Resource", "local-items"),
        ("/States/Big/ItemProcessor/States/Work/Resource", "arn:aws:states:::lambda:invoke"),
    ]


def test_an_item_reader_is_a_local_only_resource_too() -> None:
    with pytest.raises(LocalBindingsRefused) as refused:
        bind(READER, parse(READER), {})
    assert refused.value.unbound == ("local-items",)
    assert refused.value.diagnostics[0].pointer == "/States/Big/ItemReader/Resource"
    bound = bind(READER, parse(READER), {"local-items": S3_READ})
    assert bound["States"]["Big"]["ItemReader"] == {"Resource": S3_READ, "Parameters": {"Bucket": "b", "Key": "k"}}


def test_names_with_slashes_and_tildes_are_replaced_where_they_stand() -> None:
    odd = {"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Task", "Resource": "fn", "End": True}}}
    bound = bind(odd, parse(odd), {"fn": "arn:aws:lambda:us-east-1:123456789012:function:fn"})
    assert bound["States"]["a/b~c"]["Resource"] == "arn:aws:lambda:us-east-1:123456789012:function:fn"
