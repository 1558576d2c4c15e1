"""The folder standing in for S3, and the distributed Map reading and writing through the resolver."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from statewise import StateMachine, StatesError, UnservedTasksError
from statewise.integrations.local_s3 import LocalS3
from statewise.integrations.resolver import TaskRef
from statewise.integrations.targets import parse_target
from statewise.testing import FakeClock

GET = "arn:aws:states:::s3:getObject"
PUT = "arn:aws:states:::s3:putObject"


def _map(**fields: Any) -> dict[str, Any]:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Echo",
        "States": {"Echo": {"Type": "Pass", "End": True}},
    }
    reader = {"Resource": GET, "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "b", "Key": "k.json"}}
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": processor, "End": True, **fields}
    return {"StartAt": "M", "States": {"M": state}}


def test_local_s3_serves_the_three_actions(tmp_path: Path) -> None:
    s3 = LocalS3(tmp_path)
    put, get, listing = (
        s3.resolve(TaskRef("M", parse_target(f"arn:aws:states:::s3:{a}")))
        for a in ("putObject", "getObject", "listObjectsV2")
    )
    assert put is not None
    assert get is not None
    assert listing is not None
    assert asyncio.run(put.invoke({"Bucket": "b", "Key": "a/x.json", "Body": "[1]"}, {}))["ETag"].startswith('"')
    assert asyncio.run(get.invoke({"Bucket": "b", "Key": "a/x.json"}, {})) == {"Body": "[1]"}
    assert asyncio.run(listing.invoke({"Bucket": "b", "Prefix": "a/"}, {}))["Contents"] == [
        {"Key": "a/x.json", "Size": 3}
    ]
    with pytest.raises(StatesError, match=r"S3\.NoSuchKeyException"):
        asyncio.run(get.invoke({"Bucket": "b", "Key": "missing"}, {}))
    with pytest.raises(StatesError, match="outside the folder"):
        asyncio.run(put.invoke({"Bucket": "b", "Key": "../../escape", "Body": ""}, {}))
    assert s3.resolve(TaskRef("M", parse_target("arn:aws:states:::s3:getObject.sync"))) is None
    assert s3.resolve(TaskRef("M", parse_target("arn:aws:states:::aws-sdk:s3:deleteObject"))) is None


def test_a_binding_serves_the_item_reader_instead_of_a_folder() -> None:
    asked: list[Any] = []

    def get_object(params: Any) -> Any:
        asked.append(params)
        return {"Body": json.dumps([{"n": 1}, {"n": 2}])}

    execution = StateMachine(_map()).run({}, clock=FakeClock(), resources={GET: get_object})
    assert execution.output == [{"n": 1}, {"n": 2}]
    assert asked == [{"Bucket": "b", "Key": "k.json"}]


def test_an_item_reader_nothing_serves_is_refused_before_the_run() -> None:
    with pytest.raises(UnservedTasksError, match=r"'M' \(arn:aws:states:::s3:getObject\)"):
        StateMachine(_map()).run({}, clock=FakeClock())


def test_the_result_writer_puts_through_what_serves_it(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "k.json").write_text("[1, 2]")
    writer = {"Resource": PUT, "Parameters": {"Bucket": "out", "Prefix": "runs"}}
    execution = StateMachine(_map(ResultWriter=writer)).run({}, clock=FakeClock(), data_dir=tmp_path)
    key = execution.output["ResultWriterDetails"]["Key"]
    manifest = json.loads((tmp_path / "out" / key).read_text())
    assert manifest["ResultFiles"]["SUCCEEDED"][0]["Size"] == 2
    failing = StateMachine(_map(ResultWriter=writer)).run(
        {},
        clock=FakeClock(),
        data_dir=tmp_path,
        resources={PUT: lambda params: (_ for _ in ()).throw(OSError("disk full"))},
    )
    assert failing.error == "States.ResultWriterFailed"
    assert "disk full" in (failing.cause or "")


def test_an_item_reader_that_cannot_read_fails_the_state_not_the_caller(tmp_path: Path) -> None:
    (tmp_path / "b" / "k.json").mkdir(parents=True)  # a folder where the object should be
    execution = StateMachine(_map()).run({}, clock=FakeClock(), data_dir=tmp_path)
    assert execution.error == "States.ItemReaderFailed"
    assert "IsADirectoryError" in (execution.cause or "")
