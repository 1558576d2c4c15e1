"""What a distributed Map's ItemReader reads: delimited text, limits, and the objects a manifest lists.

The same reading runs whether a folder stands in for S3 (``data_dir=``) or boto3 serves it (``aws=``):
one S3 inventory is read both ways.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from statewise import StateMachine
from statewise.testing import FakeClock

GET = "arn:aws:states:::s3:getObject"
INVENTORY_ROWS = [("photos", f"img/{i}.jpg", str(100 + i), "2026-11-30T00:00:00.000Z") for i in range(5)]


def _reader_map(config: dict[str, Any], params: dict[str, Any], **fields: Any) -> dict[str, Any]:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "Echo",
        "States": {"Echo": {"Type": "Pass", "End": True}},
    }
    reader = {"Resource": GET, "ReaderConfig": config, "Parameters": params}
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": processor, "End": True, **fields}
    return {"StartAt": "M", "States": {"M": state}}


def _put(root: Path, bucket: str, key: str, data: bytes) -> None:
    path = root / bucket / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _inventory(put: Any) -> None:
    """An S3 inventory as S3 publishes it: gzip-compressed CSV files and the manifest.json naming them."""
    files = []
    for part, rows in enumerate((INVENTORY_ROWS[:3], INVENTORY_ROWS[3:])):
        key = f"inventory/photos/daily/data/part-{part}.csv.gz"
        put("inventory", key, gzip.compress("".join(f'"{b}","{k}","{s}","{t}"\n' for b, k, s, t in rows).encode()))
        files.append({"key": key, "size": 100, "MD5checksum": "0" * 32})
    manifest = {
        "sourceBucket": "photos",
        "destinationBucket": "arn:aws:s3:::inventory",
        "version": "2016-11-30",
        "fileFormat": "CSV",
        "fileSchema": "Bucket, Key, Size, LastModifiedDate",
        "files": files,
    }
    put("inventory", "inventory/photos/daily/2026-11-30T01-00Z/manifest.json", json.dumps(manifest).encode())


_MANIFEST_PARAMS = {"Bucket": "inventory", "Key": "inventory/photos/daily/2026-11-30T01-00Z/manifest.json"}
_EXPECTED_INVENTORY = [{"Bucket": b, "Key": k, "Size": s, "LastModifiedDate": t} for b, k, s, t in INVENTORY_ROWS]


def test_an_s3_inventory_manifest_lists_its_objects_from_a_folder(tmp_path: Path) -> None:
    _inventory(lambda bucket, key, data: _put(tmp_path, bucket, key, data))
    machine = StateMachine(_reader_map({"InputType": "MANIFEST"}, _MANIFEST_PARAMS))
    execution = machine.run({}, clock=FakeClock(), data_dir=tmp_path)
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == _EXPECTED_INVENTORY


def test_an_s3_inventory_manifest_lists_its_objects_from_s3(session: boto3.Session) -> None:
    s3 = session.client("s3")
    s3.create_bucket(Bucket="inventory")
    _inventory(lambda bucket, key, data: s3.put_object(Bucket=bucket, Key=key, Body=data))
    machine = StateMachine(_reader_map({"InputType": "MANIFEST", "MaxItems": 4}, _MANIFEST_PARAMS))
    execution = machine.run({}, clock=FakeClock(), aws=session)
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == _EXPECTED_INVENTORY[:4]


def test_an_athena_data_manifest_reads_each_file_it_names(tmp_path: Path) -> None:
    _put(tmp_path, "athena", "results/q1-manifest.csv", b"s3://athena/results/a.csv\ns3://athena/results/b.csv.gz\n")
    _put(tmp_path, "athena", "results/a.csv", b"1,alice\n2,bob\n")
    _put(tmp_path, "athena", "results/b.csv.gz", gzip.compress(b"3,carol\n"))
    config = {
        "ManifestType": "ATHENA_DATA",
        "InputType": "CSV",
        "CSVHeaderLocation": "GIVEN",
        "CSVHeaders": ["id", "name"],
    }
    machine = StateMachine(_reader_map(config, {"Bucket": "athena", "Key": "results/q1-manifest.csv"}))
    execution = machine.run({}, clock=FakeClock(), data_dir=tmp_path)
    assert execution.output == [{"id": "1", "name": "alice"}, {"id": "2", "name": "bob"}, {"id": "3", "name": "carol"}]


@pytest.mark.parametrize(("delimiter", "sep"), [("COMMA", ","), ("PIPE", "|"), ("SEMICOLON", ";"), ("TAB", "\t")])
def test_csv_delimiters(tmp_path: Path, delimiter: str, sep: str) -> None:
    _put(tmp_path, "b", "rows.csv", f"id{sep}name\n1{sep}a,b\n".encode())
    config = {"InputType": "CSV", "CSVDelimiter": delimiter}
    execution = StateMachine(_reader_map(config, {"Bucket": "b", "Key": "rows.csv"})).run(
        {}, clock=FakeClock(), data_dir=tmp_path
    )
    expected = {"id": "1", "name": "a,b"} if sep != "," else {"id": "1", "name": "a"}
    assert execution.output == [expected]


def test_max_items_path_reads_the_limit_from_the_input(tmp_path: Path) -> None:
    _put(tmp_path, "b", "items.json", json.dumps(list(range(10))).encode())
    config = {"InputType": "JSON", "MaxItemsPath": "$.limit"}
    machine = StateMachine(_reader_map(config, {"Bucket": "b", "Key": "items.json"}))
    assert machine.run({"limit": 3}, clock=FakeClock(), data_dir=tmp_path).output == [0, 1, 2]
    bad = machine.run({"limit": "many"}, clock=FakeClock(), data_dir=tmp_path)
    assert bad.error == "States.Runtime"
    assert "MaxItemsPath" in (bad.cause or "")


@pytest.mark.parametrize(
    ("config", "body", "message"),
    [
        ({"InputType": "PARQUET"}, b"PAR1", "InputType PARQUET cannot be read locally"),
        ({"InputType": "MANIFEST"}, b'{"files": [], "fileFormat": "ORC"}', "fileFormat is ORC"),
        ({"InputType": "MANIFEST"}, b"[]", "not an S3 inventory manifest.json"),
        ({"ManifestType": "ATHENA_DATA", "InputType": "CSV"}, b"athena/a.csv\n", "not an s3://bucket/key URI"),
    ],
)
def test_what_cannot_be_read_fails_the_state_with_the_reason(
    tmp_path: Path, config: dict[str, Any], body: bytes, message: str
) -> None:
    _put(tmp_path, "b", "k", body)
    execution = StateMachine(_reader_map(config, {"Bucket": "b", "Key": "k"})).run(
        {}, clock=FakeClock(), data_dir=tmp_path
    )
    assert execution.error == "States.ItemReaderFailed"
    assert message in (execution.cause or "")
