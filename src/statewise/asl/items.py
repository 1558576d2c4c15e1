"""Distributed Map items from local files: ItemReader, ItemBatcher, ResultWriter.

Theory of operation: locally, a folder stands in for Amazon S3. Pass
``data_dir=`` to ``run`` (the functions here get it as ``data_dir``, None
when not given); object ``s3://Bucket/Key`` is the file
``data_dir/Bucket/Key``. :func:`read_items` serves
``arn:aws:states:::s3:getObject`` (``ReaderConfig.InputType`` JSON, JSONL or
CSV, with ``CSVHeaderLocation`` FIRST_ROW or GIVEN, and ``MaxItems``) and
``arn:aws:states:::s3:listObjectsV2`` (one item per file under ``Prefix``, as
``{"Key", "Size"}``). :func:`batch` groups items as ``ItemBatcher`` says.
:func:`write_results` writes ``SUCCEEDED_0.json``/``FAILED_0.json`` and a
``manifest.json`` under ``Prefix/<map run id>/`` as AWS does, and returns the
Map's result (``MapRunArn`` and ``ResultWriterDetails``).

A missing file or unreadable content fails the state with
``States.ItemReaderFailed``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.model import MapState
from statewise.base_errors import StatesError

__all__ = ["batch", "read_items", "write_results"]


def _root(data_dir: Path | None) -> Path:
    if data_dir is None:
        raise StatesError(
            "States.ItemReaderFailed", "ItemReader and ResultWriter need run(..., data_dir=<folder standing in for S3>)"
        )
    return data_dir


def _parse(text: str, config: dict[str, Any]) -> list[Any]:
    kind = config.get("InputType", "JSON")
    if kind == "JSON":
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("the JSON file does not hold an array")
        return items
    if kind == "JSONL":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    rows = list(csv.reader(io.StringIO(text), delimiter="," if kind == "CSV" else "\t"))
    if config.get("CSVHeaderLocation", "FIRST_ROW") == "GIVEN":
        headers = list(config.get("CSVHeaders", []))
    else:
        headers, rows = (rows[0], rows[1:]) if rows else ([], [])
    return [dict(zip(headers, row, strict=False)) for row in rows]


def read_items(data_dir: Path | None, state: MapState, payload: Any, env: Env) -> list[Any]:
    """The items an ``ItemReader`` names, read from ``data_dir``."""
    reader = state.item_reader or {}
    params: dict[str, Any] = {}
    if state.item_reader_parameters is not None:
        params = state.item_reader_parameters.evaluate(payload, env)
    config = dict(reader.get("ReaderConfig", {}))
    bucket = _root(data_dir) / str(params.get("Bucket", ""))
    try:
        if str(reader.get("Resource", "")).endswith("listObjectsV2"):
            prefix = str(params.get("Prefix", ""))
            files = sorted(p for p in bucket.rglob("*") if p.is_file())
            keys = [p.relative_to(bucket).as_posix() for p in files]
            items: list[Any] = [
                {"Key": key, "Size": p.stat().st_size}
                for key, p in zip(keys, files, strict=True)
                if key.startswith(prefix)
            ]
        else:
            items = _parse((bucket / str(params.get("Key", ""))).read_text(encoding="utf-8"), config)
    except (OSError, ValueError) as exc:
        raise StatesError("States.ItemReaderFailed", f"Unable to read items: {exc}") from None
    max_items = config.get("MaxItems")
    return items[: int(max_items)] if isinstance(max_items, int) and max_items > 0 else items


def batch(state: MapState, items: list[Any]) -> list[Any]:
    """Items grouped as ``ItemBatcher`` says: ``{"Items": [...], **BatchInput}`` each."""
    batcher = state.item_batcher or {}
    size = int(batcher.get("MaxItemsPerBatch", 0)) or len(items) or 1
    max_bytes = int(batcher.get("MaxInputBytesPerBatch", 0))
    extra = batcher.get("BatchInput", {})
    batches: list[list[Any]] = []
    current: list[Any] = []
    for item in items:
        too_big = max_bytes and current and len(compact_json([*current, item]).encode()) > max_bytes
        if len(current) >= size or too_big:
            batches.append(current)
            current = []
        current.append(item)
    if current:
        batches.append(current)
    return [{**extra, "Items": chunk} for chunk in batches]


def write_results(
    data_dir: Path | None, state: MapState, map_run_arn: str, map_run_id: str, children: list[Any]
) -> Any:
    """Write the child executions' results under ``Prefix/<map run id>/``; the Map's result."""
    writer = state.result_writer or {}
    params = writer.get("Parameters", {})
    bucket, prefix = str(params.get("Bucket", "")), str(params.get("Prefix", "")).strip("/")
    folder = _root(data_dir) / bucket / prefix / map_run_id
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[dict[str, Any]]] = {"SUCCEEDED": [], "FAILED": []}
    for child in children:
        entry = {"ExecutionArn": child.arn, "Input": compact_json(child.input), "Status": child.status}
        if child.status == "SUCCEEDED":
            entry["Output"] = compact_json(child.output)
        else:
            entry.update(Error=child.error, Cause=child.cause)
        groups["SUCCEEDED" if child.status == "SUCCEEDED" else "FAILED"].append(entry)
    key_prefix = f"{prefix}/{map_run_id}" if prefix else map_run_id
    files = []
    for status, entries in groups.items():
        if entries:
            (folder / f"{status}_0.json").write_text(json.dumps(entries), encoding="utf-8")
            files.append({"Key": f"{key_prefix}/{status}_0.json", "Size": len(entries)})
    manifest = {"DestinationBucket": bucket, "MapRunArn": map_run_arn, "ResultFiles": {"SUCCEEDED": files}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return {"MapRunArn": map_run_arn, "ResultWriterDetails": {"Bucket": bucket, "Key": f"{key_prefix}/manifest.json"}}
