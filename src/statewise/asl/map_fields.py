"""A Map state's own fields: its processor's config, ItemReader, ItemBatcher, Label and the item fields.

Theory of operation: :func:`map_state` reads a Map state into a
:class:`~statewise.asl.model.MapState`. Its item processor (``ItemProcessor``,
or the legacy ``Iterator``) is a nested program, read through the
``read_processor`` the caller passes, so this module never imports the
program parser. ``ProcessorConfig`` says whether the Map is INLINE (the
default) or DISTRIBUTED; a DISTRIBUTED Map needs an ``ExecutionType``, and
only a DISTRIBUTED Map may read items (``ItemReader``), batch them
(``ItemBatcher``) or write results (``ResultWriter``), as AWS requires. The
reader and batcher objects are checked here and kept as given: the engine
reads them when it runs. A ``Label`` names the Map Run, so AWS limits its
length and characters (:mod:`statewise.asl.limits`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from statewise.asl.encoding import json_type
from statewise.asl.field_readers import ABSENT, FieldReader
from statewise.asl.fields import (
    BATCHER_FIELDS,
    DISTRIBUTED_ONLY,
    PROCESSOR_CONFIG_FIELDS,
    READER_CONFIG_FIELDS,
    READER_FIELDS,
    check_fields,
)
from statewise.asl.limits import EXECUTION_TYPES, LABEL_FORBIDDEN, MAX_LABEL, MODES, READER_CHOICES
from statewise.asl.model import MapState, Program, Value
from statewise.asl.pointer import join_pointer
from statewise.asl.shared_fields import StateCommon, guarded_fields

__all__ = ["map_state"]


def map_state(
    read: FieldReader,
    doc: dict[str, Any],
    pointer: str,
    common: StateCommon,
    read_processor: Callable[[Any, str], Program],
) -> MapState:
    """The Map state ``doc``; ``read_processor(doc, pointer)`` reads its item processor."""
    key = "ItemProcessor" if "ItemProcessor" in doc else "Iterator"
    if "ItemProcessor" in doc and "Iterator" in doc:
        read.problem(pointer, "exclusive-fields", "'ItemProcessor' and 'Iterator' cannot both be set")
    raw = doc.get(key, {})
    if key in doc:
        processor = read_processor(raw, join_pointer(pointer, key))
    else:
        read.problem(pointer, "missing-field", "a Map state needs 'ItemProcessor'")
        processor = Program(join_pointer(pointer, key), "", {})
    mode, execution_type = _processor_config(read, raw, join_pointer(pointer, key))
    if "ItemSelector" in doc and "Parameters" in doc:
        read.problem(pointer, "exclusive-fields", "'ItemSelector' and 'Parameters' cannot both be set")
    fields = guarded_fields(read, doc, pointer)
    fields["parameters"] = None  # a Map's Parameters is its legacy ItemSelector, read below
    reader = read.mapping(doc, "ItemReader", pointer)
    max_items = None if reader is None else _item_reader(read, reader, pointer)
    selector = "ItemSelector" if "ItemSelector" in doc else "Parameters"
    for extra in DISTRIBUTED_ONLY:
        if extra in doc and mode != "DISTRIBUTED":
            read.problem(
                join_pointer(pointer, extra),
                "distributed-only",
                f"'{extra}' needs ProcessorConfig Mode DISTRIBUTED; an inline Map cannot have it",
            )
    _item_batcher(read, doc, pointer)
    jsonata = read.jsonata
    return MapState(
        **common,
        **fields,
        processor=processor,
        distributed=mode == "DISTRIBUTED",
        child_execution_type=execution_type,
        items_path=read.path(doc, "ItemsPath", pointer, reference=True) if not jsonata else None,
        items=read.template(doc, "Items", pointer) if jsonata else None,
        item_selector=read.template(doc, selector, pointer),
        item_reader=reader,
        item_reader_parameters=None
        if reader is None
        else read.template(reader, "Arguments" if jsonata else "Parameters", join_pointer(pointer, "ItemReader")),
        item_reader_max_items=max_items,
        item_batcher=read.mapping(doc, "ItemBatcher", pointer),
        result_writer=read.mapping(doc, "ResultWriter", pointer),
        max_concurrency=read.value(doc, "MaxConcurrency", pointer),
        tolerated_failure_count=read.value(doc, "ToleratedFailureCount", pointer),
        tolerated_failure_percentage=read.value(doc, "ToleratedFailurePercentage", pointer),
        label=_label(read, doc, pointer),
    )


def _label(read: FieldReader, doc: dict[str, Any], pointer: str) -> str | None:
    """A distributed Map's ``Label``: it names the Map Run, so AWS limits its length and characters."""
    label = read.string(doc, "Label", pointer)
    if label is not None and (len(label) > MAX_LABEL or LABEL_FORBIDDEN.search(label)):
        read.problem(
            join_pointer(pointer, "Label"),
            "bad-value",
            f"'Label' must be at most {MAX_LABEL} characters, without whitespace, control characters "
            'or any of ?*<>{}[]:;,\\|^~$#%&`"',
        )
    return label


def _item_batcher(read: FieldReader, doc: dict[str, Any], pointer: str) -> None:
    """Check ``ItemBatcher``'s fields (the batching itself reads the raw object)."""
    batcher = doc.get("ItemBatcher")
    if not isinstance(batcher, dict):
        return
    where = join_pointer(pointer, "ItemBatcher")
    check_fields(batcher, BATCHER_FIELDS[read.jsonata], where, read.problems, jsonata=read.jsonata)
    for key in ("MaxItemsPerBatch", "MaxInputBytesPerBatch"):
        read.value(batcher, key, where)
    if not read.jsonata:
        read.mapping(batcher, "BatchInput", where)


def _item_reader(read: FieldReader, reader: dict[str, Any], pointer: str) -> Value | None:
    """Check ``ItemReader``: its ``Resource`` and ``ReaderConfig`` (the reading itself reads the raw object);
    its ``MaxItems`` or ``MaxItemsPath``."""
    where = join_pointer(pointer, "ItemReader")
    check_fields(reader, READER_FIELDS[read.jsonata], where, read.problems, jsonata=read.jsonata)
    if read.string(reader, "Resource", where) is None and "Resource" not in reader:
        read.problem(where, "missing-field", "an ItemReader needs 'Resource'")
    config = read.mapping(reader, "ReaderConfig", where)
    if config is None:
        return None
    config_where = join_pointer(where, "ReaderConfig")
    check_fields(config, READER_CONFIG_FIELDS[read.jsonata], config_where, read.problems, jsonata=read.jsonata)
    for key, allowed in READER_CHOICES.items():
        read.one_of(config, key, config_where, allowed)
    if config.get("CSVHeaderLocation") == "GIVEN" and "CSVHeaders" not in config:
        read.problem(config_where, "missing-field", "'CSVHeaderLocation': 'GIVEN' needs 'CSVHeaders'")
    return read.value(config, "MaxItems", config_where)


def _processor_config(read: FieldReader, processor: Any, pointer: str) -> tuple[str, str]:
    """``Mode`` and ``ExecutionType`` of a Map processor's ``ProcessorConfig`` (INLINE, STANDARD by default).

    A DISTRIBUTED Map needs ``ExecutionType`` (STANDARD or EXPRESS), as AWS requires.
    """
    config = processor.get("ProcessorConfig", {}) if isinstance(processor, dict) else {}
    where = join_pointer(pointer, "ProcessorConfig")
    if not isinstance(config, dict):
        read.problem(where, "bad-type", f"'ProcessorConfig' must be an object, got {json_type(config)}")
        return "INLINE", "STANDARD"
    check_fields(config, PROCESSOR_CONFIG_FIELDS, where, read.problems, jsonata=False)
    mode = read.one_of(config, "Mode", where, MODES)
    mode = "INLINE" if mode is ABSENT else mode
    execution_type = read.one_of(config, "ExecutionType", where, EXECUTION_TYPES)
    if "ExecutionType" not in config and mode == "DISTRIBUTED":
        read.problem(
            where,
            "missing-field",
            "a DISTRIBUTED Map needs 'ExecutionType' in 'ProcessorConfig': STANDARD or EXPRESS",
        )
    return str(mode), "STANDARD" if execution_type is ABSENT else str(execution_type)
