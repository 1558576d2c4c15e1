"""User-registered paginator specs from dicts, JSON and YAML files; botocore's data behind them."""

from __future__ import annotations

import json

import pytest

from statewise.errors import SpecError
from statewise.specs import find_paginator, load_document, register_paginators

DOC = {"pagination": {"ListWidgets": {"input_token": "Token", "output_token": "Next", "result_key": "Widgets"}}}


def test_register_from_dict_and_find():
    assert register_paginators(DOC, service="widgets-test") == ("ListWidgets",)
    spec = find_paginator("widgets-test", "ListWidgets")
    assert spec is not None
    assert spec.name == "widgets-test.ListWidgets"


def test_register_from_json_and_yaml_files(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(DOC))
    (tmp_path / "p.yaml").write_text(
        "pagination:\n  ListGadgets:\n    input_token: Token\n    output_token: Next\n    result_key: Gadgets\n"
    )
    assert register_paginators(tmp_path / "p.json", service="files-test") == ("ListWidgets",)
    assert register_paginators(str(tmp_path / "p.yaml"), service="files-test") == ("ListGadgets",)
    assert find_paginator("files-test", "ListGadgets") is not None


def test_user_spec_wins_over_botocore(monkeypatch):
    import boto3

    from statewise.specs import registry

    monkeypatch.setattr(registry, "_user_paginators", {})
    assert find_paginator("ec2", "DescribeSnapshots").result_key[0].source == "Snapshots"
    register_paginators(
        {"pagination": {"DescribeSnapshots": {"input_token": "T", "output_token": "T", "result_key": "X"}}},
        service="ec2",
    )
    assert find_paginator("ec2", "DescribeSnapshots").result_key[0].source == "X"
    client = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    import statewise

    assert [key.expression for key in statewise.paginate(client, "describe_snapshots").result_keys] == ["X"]


def test_botocore_data_and_missing():
    spec = find_paginator("s3", "ListObjects")
    assert spec is not None
    assert spec.output_token[0].source == "NextMarker || Contents[-1].Key"
    assert find_paginator("s3", "GetObject") is None
    assert find_paginator("no-such-service", "X") is None


def test_bad_files_and_documents(tmp_path):
    with pytest.raises(SpecError, match="cannot read spec file"):
        load_document(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(SpecError, match="cannot parse spec file"):
        load_document(tmp_path / "bad.json")
    (tmp_path / "bad.yaml").write_text("a: [")
    with pytest.raises(SpecError, match="cannot parse spec file"):
        load_document(tmp_path / "bad.yaml")
    (tmp_path / "list.json").write_text("[1]")
    with pytest.raises(SpecError, match="object at the top level"):
        load_document(tmp_path / "list.json")
    with pytest.raises(SpecError, match="'pagination' object"):
        register_paginators({"waiters": {}}, service="x")
    with pytest.raises(SpecError, match=r"bad-test\.Op/result_key: missing|missing required key 'result_key'"):
        register_paginators({"pagination": {"Op": {"input_token": "A", "output_token": "A"}}}, service="bad-test")
