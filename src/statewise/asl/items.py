"""Distributed Map items: ItemReader, ItemBatcher, ResultWriter, through the resources that serve S3.

Theory of operation: a distributed Map reads its items, and writes its results,
through the resources its ``ItemReader``/``ResultWriter`` name
(``arn:aws:states:::s3:getObject``, ``s3:listObjectsV2``, ``s3:putObject``),
asked of the run's resolver like a Task's: locally a folder stands in for S3
(:class:`~statewise.integrations.local_s3.LocalS3`, ``run(..., data_dir=...)``),
and anything bound to those ARNs serves instead. :func:`read_items` parses
``getObject``'s ``Body`` as ``ReaderConfig.InputType`` says (JSON, JSONL or CSV,
with ``CSVHeaderLocation`` FIRST_ROW or GIVEN, and ``MaxItems``) and takes
``listObjectsV2``'s ``Contents`` as the items. :func:`batch` groups items as
``ItemBatcher`` says. :func:`write_results` puts ``SUCCEEDED_0.json``/
``FAILED_0.json`` and a ``manifest.json`` under ``Prefix/<map run id>/`` as AWS
does, and returns the Map's result (``MapRunArn`` and ``ResultWriterDetails``).

A missing object, unreadable content or nothing serving the resource fails the
state with ``States.ItemReaderFailed`` (``States.ResultWriterFailed`` when writing).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Final

from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.model import MapState
from statewise.base_errors import StatesError
from statewise.integrations.resolver import Resolver, TaskRef
from statewise.integrations.targets import Target, parse_target

__all__ = ["batch", "read_items", "write_results"]

_READER_FAILED: Final = "States.ItemReaderFailed"
_WRITER_FAILED: Final = "States.ResultWriterFailed"
_FAILED: Final = {_READER_FAILED: "Unable to read items", _WRITER_FAILED: "Unable to write results"}


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


async def read_items(resolver: Resolver, state: MapState, payload: Any, env: Env) -> list[Any]:
    """The items an ``ItemReader`` names, read through the resource that serves its ``Resource``."""
    reader = state.item_reader or {}
    params: dict[str, Any] = {}
    if state.item_reader_parameters is not None:
        params = state.item_reader_parameters.evaluate(payload, env)
    config = dict(reader.get("ReaderConfig", {}))
    target = parse_target(str(reader.get("Resource", "")))
    response = await _call(resolver, state.name, target, params, _READER_FAILED)
    try:
        if target.action == "listObjectsV2":
            items: list[Any] = list(response.get("Contents", []))
        else:
            items = _parse(str(response.get("Body", "")), config)
    except (AttributeError, TypeError, ValueError) as exc:
        raise StatesError(_READER_FAILED, f"{_FAILED[_READER_FAILED]}: {exc}") from None
    max_items = config.get("MaxItems")
    return items[: int(max_items)] if isinstance(max_items, int) and max_items > 0 else items


async def _call(resolver: Resolver, state: str, target: Target, params: dict[str, Any], error: str) -> Any:
    """Call what serves ``target``; its failures, and nothing serving it, are ``error`` (``_FAILED``)."""
    resource = resolver.resolve(TaskRef(state, target))
    if resource is None:
        raise StatesError(
            error,
            f"Nothing serves {target.arn!r}: pass run(..., data_dir=<folder standing in for S3>) or bind it "
            "with resources={arn: callable}",
        )
    try:
        return await resource.invoke(params, {})
    except StatesError as exc:
        raise StatesError(error, f"{_FAILED[error]}: {exc.error}: {exc.cause}") from None
    except Exception as exc:  # a folder that is no file, text that is not UTF-8, a client that cannot be made
        raise StatesError(error, f"{_FAILED[error]}: {type(exc).__name__}: {exc}") from None


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


async def write_results(
    resolver: Resolver, state: MapState, map_run_arn: str, map_run_id: str, children: list[Any]
) -> Any:
    """Write the child executions' results under ``Prefix/<map run id>/``; the Map's result."""
    writer = state.result_writer or {}
    params = writer.get("Parameters", {})
    bucket, prefix = str(params.get("Bucket", "")), str(params.get("Prefix", "")).strip("/")
    target = parse_target(str(writer.get("Resource", "arn:aws:states:::s3:putObject")))

    async def put(key: str, document: Any) -> None:
        params = {"Bucket": bucket, "Key": key, "Body": json.dumps(document)}
        await _call(resolver, state.name, target, params, _WRITER_FAILED)

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
            key = f"{key_prefix}/{status}_0.json"
            await put(key, entries)
            files.append({"Key": key, "Size": len(entries)})
    manifest = {"DestinationBucket": bucket, "MapRunArn": map_run_arn, "ResultFiles": {"SUCCEEDED": files}}
    key = f"{key_prefix}/manifest.json"
    await put(key, manifest)
    return {"MapRunArn": map_run_arn, "ResultWriterDetails": {"Bucket": bucket, "Key": key}}
