"""Distributed Map items: ItemReader, ItemBatcher, ResultWriter, through the resources that serve S3.

Theory of operation: a distributed Map reads its items, and writes its results,
through the resources its ``ItemReader``/``ResultWriter`` name
(``arn:aws:states:::s3:getObject``, ``s3:listObjectsV2``, ``s3:putObject``),
asked of the run's resolver like a Task's: locally a folder stands in for S3
(:class:`~statewise.integrations.local_s3.LocalS3`, ``run(..., data_dir=...)``),
and anything bound to those ARNs serves instead. :func:`read_items` parses
``getObject``'s ``Body`` as ``ReaderConfig.InputType`` says (JSON, JSONL or CSV,
with ``CSVHeaderLocation`` FIRST_ROW or GIVEN and ``CSVDelimiter``), takes
``listObjectsV2``'s ``Contents`` as the items, and follows a manifest to the
objects it lists: an S3 inventory's ``manifest.json`` (``InputType``
MANIFEST; its gzip-compressed CSV files, columns named by ``fileSchema``) or
an Athena data manifest (``ManifestType`` ATHENA_DATA; one ``s3://`` URI per
line, each file read as ``InputType`` says). ``MaxItems``/``MaxItemsPath``
cut the items short. :func:`batch` groups items as
``ItemBatcher`` says. :func:`write_results` puts ``SUCCEEDED_0.json``/
``FAILED_0.json`` and a ``manifest.json`` under ``Prefix/<map run id>/`` as AWS
does, and returns the Map's result (``MapRunArn`` and ``ResultWriterDetails``).

A missing object, unreadable content or nothing serving the resource fails the
state with ``States.ItemReaderFailed`` (``States.ResultWriterFailed`` when writing).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.model import MapState
from statewise.base_errors import StatesError
from statewise.integrations.bodies import body_bytes
from statewise.integrations.resolver import Resolver, TaskRef
from statewise.integrations.targets import Target, parse_target

__all__ = ["batch", "items_from", "read_items", "write_results"]

_READER_FAILED: Final = "States.ItemReaderFailed"
_WRITER_FAILED: Final = "States.ResultWriterFailed"
_DELIMITERS: Final = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}
_FAILED: Final = {_READER_FAILED: "Unable to read items", _WRITER_FAILED: "Unable to write results"}


def _parse(text: str, config: Mapping[str, Any]) -> list[Any]:
    """The items of one object's text, read as ``ReaderConfig`` says (JSON, JSONL or delimited text)."""
    kind = config.get("InputType", "JSON")
    if kind == "JSON":
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("the JSON file does not hold an array")
        return items
    if kind == "JSONL":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if kind != "CSV":  # PARQUET: reading it needs a Parquet library, which statewise does not bundle
        raise ValueError(f"InputType {kind} cannot be read locally; use CSV, JSON, JSONL or an S3 inventory")
    rows = list(csv.reader(io.StringIO(text), delimiter=_DELIMITERS[config.get("CSVDelimiter", "COMMA")]))
    if config.get("CSVHeaderLocation", "FIRST_ROW") == "GIVEN":
        headers = list(config.get("CSVHeaders", []))
    else:
        headers, rows = (rows[0], rows[1:]) if rows else ([], [])
    return [dict(zip(headers, row, strict=False)) for row in rows]


def _object_text(body: Any, key: str) -> str:
    """An object's ``Body`` as text; a ``.gz`` object (S3 inventories and Athena write them) decompressed."""
    if not key.endswith(".gz"):
        return str(body)
    return gzip.decompress(body_bytes(str(body))).decode("utf-8")


def _s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key`` -> (bucket, key)."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket or not key:
        raise ValueError(f"the manifest names {uri!r}, which is not an s3://bucket/key URI")
    return bucket, key


Fetch = Callable[[dict[str, Any]], Awaitable[Any]]


async def _manifest_items(fetch: Fetch, text: str, config: Mapping[str, Any]) -> list[Any]:
    """The items a manifest lists: an Athena data manifest's files, or an S3 inventory's objects."""
    items: list[Any] = []
    if config.get("ManifestType") == "ATHENA_DATA":  # one s3:// URI per line; each file read as InputType says
        for line in filter(None, map(str.strip, text.splitlines())):
            bucket, key = _s3_uri(line)
            body = (await fetch({"Bucket": bucket, "Key": key})).get("Body", "")
            items += _parse(_object_text(body, key), config)
        return items
    manifest = json.loads(text)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise ValueError("the manifest is not an S3 inventory manifest.json (no 'files' list)")
    if manifest.get("fileFormat", "CSV") != "CSV":
        fmt = manifest["fileFormat"]
        raise ValueError(f"the inventory's fileFormat is {fmt}; Step Functions reads CSV inventories")
    bucket = str(manifest.get("destinationBucket", "")).rpartition(":")[2]  # arn:aws:s3:::name -> name
    schema = [column.strip() for column in str(manifest.get("fileSchema", "")).split(",")]
    for file in manifest["files"]:
        key = str(file["key"])
        body = (await fetch({"Bucket": bucket, "Key": key})).get("Body", "")
        rows = csv.reader(io.StringIO(_object_text(body, key)))
        items += [dict(zip(schema, row, strict=False)) for row in rows]
    return items


def items_from(state: MapState, text: str, max_items: int) -> list[Any]:
    """The items of ``text``, the data the ``ItemReader`` would read as found in its source (TestState's
    ``mapItemReaderData``): read as ``ReaderConfig`` says; a listing or a manifest's items as a JSON array."""
    reader = state.item_reader or {}
    config = dict(reader.get("ReaderConfig", {}))
    if parse_target(str(reader.get("Resource", ""))).action == "listObjectsV2" or _is_manifest(config):
        config = {"InputType": "JSON"}
    try:
        items = _parse(text, config)
    except (TypeError, ValueError) as exc:
        raise _unreadable(exc) from None
    return _at_most(items, max_items)


async def read_items(resolver: Resolver, state: MapState, payload: Any, env: Env, max_items: int) -> list[Any]:
    """The items an ``ItemReader`` names, read through the resource that serves its ``Resource``;
    at most ``max_items`` of them (0: all)."""
    reader = state.item_reader or {}
    params: dict[str, Any] = {}
    if state.item_reader_parameters is not None:
        params = state.item_reader_parameters.evaluate(payload, env)
    config = dict(reader.get("ReaderConfig", {}))
    target = parse_target(str(reader.get("Resource", "")))

    async def fetch(params: dict[str, Any]) -> Any:
        return await _call(resolver, state.name, target, params, _READER_FAILED)

    response = await fetch(params)
    try:
        if target.action == "listObjectsV2":
            items: list[Any] = list(response.get("Contents", []))
        elif _is_manifest(config):
            items = await _manifest_items(fetch, str(response.get("Body", "")), config)
        else:
            items = _parse(_object_text(response.get("Body", ""), str(params.get("Key", ""))), config)
    except (AttributeError, KeyError, TypeError, ValueError, OSError, EOFError) as exc:
        raise _unreadable(exc) from None
    return _at_most(items, max_items)


def _is_manifest(config: Mapping[str, Any]) -> bool:
    """Whether the object read is a manifest listing the objects that hold the items."""
    return config.get("InputType") == "MANIFEST" or "ManifestType" in config


def _at_most(items: list[Any], max_items: int) -> list[Any]:
    return items[:max_items] if max_items > 0 else items


def _unreadable(exc: Exception) -> StatesError:
    return StatesError(_READER_FAILED, f"{_FAILED[_READER_FAILED]}: {exc}")


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
