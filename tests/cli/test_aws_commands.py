"""`statewise paginate` and `statewise wait` against moto's in-process AWS."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

import statewise.cli.paginate

REGION = "us-east-1"


@pytest.fixture
def table(monkeypatch) -> Iterator[str]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(
            TableName="orders", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        )  # fmt: skip
        for i in range(7):
            client.put_item(TableName="orders", Item={"pk": {"S": f"k{i}"}, "n": {"N": str(i)}})
        yield "orders"


def _keys(out: str) -> list[str]:
    return [json.loads(line)["pk"]["S"] for line in out.splitlines()]


def test_paginate_items_as_json_lines(cli, table):
    code, out, err = cli("paginate", "dynamodb", "scan", f"TableName={table}", "--page-size", "3", "--items")
    assert code == 0
    assert sorted(_keys(out)) == [f"k{i}" for i in range(7)]
    assert err.strip() == "3 pages, 7 items"


def test_paginate_pages_without_response_metadata(cli, table):
    code, out, _ = cli("paginate", "dynamodb", "Scan", f"TableName={table}", "--page-size", "5", "--region", REGION)
    pages = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [page["Count"] for page in pages] == [5, 2]
    assert all("ResponseMetadata" not in page for page in pages)


def test_max_items_prints_a_token_that_resumes(cli, table):
    code, out, err = cli("paginate", "dynamodb", "scan", f"TableName={table}", "--page-size", "3", "--max-items",
                         "4", "--items")  # fmt: skip
    assert code == 0
    first = _keys(out)
    assert len(first) == 4
    token = err.split("--starting-token ")[1].strip()
    code, out, err = cli("paginate", "dynamodb", "scan", f"TableName={table}", "--page-size", "3",
                         "--starting-token", token, "--items")  # fmt: skip
    assert code == 0
    assert sorted(first + _keys(out)) == [f"k{i}" for i in range(7)]
    assert "--starting-token" not in err


def test_ctrl_c_prints_the_token_after_the_last_page_written(cli, table):
    written = []

    def dumps(value):
        if len(written) == 3:  # the first page (3 items) is out; Ctrl-C while writing the second
            raise KeyboardInterrupt
        written.append(value["pk"]["S"])
        return json.dumps(value)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statewise.cli.paginate, "dumps", dumps)
        code, _, err = cli("paginate", "dynamodb", "scan", f"TableName={table}", "--page-size", "3", "--items")
    assert code == 130
    assert "3 pages, 3 items (interrupted)" not in err  # the second page was never written
    assert "1 page, 3 items (interrupted)" in err
    token = err.split("--starting-token ")[1].strip()
    code, rest, _ = cli("paginate", "dynamodb", "scan", f"TableName={table}", "--page-size", "3",
                        "--starting-token", token, "--items")  # fmt: skip
    assert sorted(written + _keys(rest)) == [f"k{i}" for i in range(7)]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dynamdb", "scan"], "unknown AWS service 'dynamdb'"),
        (["dynamodb", "scann", "TableName=orders"], "scann"),
        (["dynamodb", "get_item", "TableName=orders"], "GetItem cannot be paginated"),
        (["dynamodb", "scan", "TableName"], "'TableName' is not KEY=VALUE"),
        (["dynamodb", "scan", "TableName=orders", "--starting-token", "@@@"], "@@@"),
        (["dynamodb", "scan", "TableName=orders", "--aws-profile", "no-such-profile"], "no-such-profile"),
    ],
)
def test_paginate_bad_input_exits_2(cli, table, argv, message):
    code, out, err = cli("paginate", *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert err.startswith("statewise: error: ")


def test_paginate_service_failure_exits_1(cli, table):
    code, _, err = cli("paginate", "dynamodb", "scan", "TableName=missing")
    assert code == 1
    assert "ResourceNotFoundException" in err


def test_wait_success(cli, table):
    code, out, err = cli("wait", "dynamodb", "table_exists", f"TableName={table}")
    assert code == 0
    assert out == "table_exists: success after 1 attempt\n"
    assert "Attempt 1" in err
    code, out, _ = cli("wait", "dynamodb", "TableExists", f"TableName={table}", "--json")
    assert json.loads(out)["Table"]["TableName"] == table


def test_wait_timeout_exits_1(cli, table):
    code, out, err = cli("wait", "dynamodb", "table_not_exists", f"TableName={table}", "--max-attempts", "3",
                         "--clock", "fake")  # fmt: skip
    assert (code, out) == (1, "")
    assert err.count("Attempt") == 3
    assert err.splitlines()[-1].startswith("statewise: error: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dynamodb", "table_exist", "TableName=orders"], "table_exists"),
        (["nosuch", "table_exists"], "unknown AWS service 'nosuch'"),
        (["dynamodb", "table_exists", "TableName=orders", "--delay", "-1"], "delay"),
    ],
)
def test_wait_bad_input_exits_2(cli, table, argv, message):
    code, _, err = cli("wait", *argv)
    assert code == 2
    assert message in err
