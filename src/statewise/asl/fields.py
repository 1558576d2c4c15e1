"""Which fields each object of a definition accepts, per query language, and what a misplaced field gets told.

Theory of operation: a state's fields depend on its ``Type`` and on its
query language. :data:`FIELDS` lists the JSONPath fields of every state
type and :data:`JSONATA_FIELDS` the JSONata ones; both include ``Assign``
where AWS allows variables (Pass, Task, Choice, Wait, Parallel, Map). The
other objects of a definition have their tables too: the machine, a
Parallel branch, a Map processor and its ``ProcessorConfig``, a Retry or
Catch element, a Map's ``ItemBatcher``, ``ItemReader`` and its
``ReaderConfig`` (keyed by "jsonata?" where the languages differ).
:func:`check_fields` reports every key an object may not have, with a
stable code: ``jsonpath-only-field`` for a JSONPath field in a JSONata
state (with the JSONata field to use instead), ``jsonata-only-field`` for
the reverse, ``unknown-field`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from statewise.asl.pointer import join_pointer
from statewise.asl.state_types import StateType
from statewise.base_errors import Problem

__all__ = [
    "BATCHER_FIELDS",
    "BRANCH_FIELDS",
    "CATCHER_FIELDS",
    "DISTRIBUTED_ONLY",
    "FIELDS",
    "JSONATA_FIELDS",
    "MACHINE_FIELDS",
    "PROCESSOR_CONFIG_FIELDS",
    "PROCESSOR_FIELDS",
    "READER_CONFIG_FIELDS",
    "READER_FIELDS",
    "RETRIER_FIELDS",
    "check_fields",
]

_COMMON: Final = {"Type", "Comment", "QueryLanguage"}
_FLOW: Final = {"Next", "End"}
_PATHS: Final = {"InputPath", "OutputPath"}
_GUARD: Final = {"Retry", "Catch"}
_TASK: Final = {"Resource", "TimeoutSeconds", "HeartbeatSeconds", "Credentials"}
_MAP: Final = {
    "ItemProcessor",
    "Iterator",
    "ItemSelector",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "ToleratedFailureCount",
    "ToleratedFailurePercentage",
    "Label",
}
_PATH_FORMS: Final = {"TimeoutSeconds", "HeartbeatSeconds", "MaxConcurrency", "ToleratedFailureCount"}
_JSONPATH_RESULT: Final = {"Parameters", "ResultPath", "ResultSelector"}

FIELDS: Final[dict[StateType, frozenset[str]]] = {
    StateType.PASS: frozenset(_COMMON | _FLOW | _PATHS | {"Parameters", "ResultPath", "Result", "Assign"}),
    StateType.TASK: frozenset(
        _COMMON
        | _FLOW
        | _PATHS
        | _JSONPATH_RESULT
        | _GUARD
        | _TASK
        | {"TimeoutSecondsPath", "HeartbeatSecondsPath"}
        | {"Assign"}
    ),
    StateType.CHOICE: frozenset(_COMMON | _PATHS | {"Choices", "Default", "Assign"}),
    StateType.WAIT: frozenset(
        _COMMON | _FLOW | _PATHS | {"Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"}
    ),
    StateType.SUCCEED: frozenset(_COMMON | _PATHS),
    StateType.FAIL: frozenset(_COMMON | {"Error", "ErrorPath", "Cause", "CausePath"}),
    StateType.PARALLEL: frozenset(_COMMON | _FLOW | _PATHS | _JSONPATH_RESULT | _GUARD | {"Branches", "Assign"}),
    StateType.MAP: frozenset(
        _COMMON
        | _FLOW
        | _PATHS
        | _JSONPATH_RESULT
        | _GUARD
        | _MAP
        | {"ItemsPath", "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Assign"}
    ),
}
"""State type -> the fields a JSONPath state accepts."""

JSONATA_FIELDS: Final[dict[StateType, frozenset[str]]] = {
    StateType.PASS: frozenset(_COMMON | _FLOW | {"Output", "Assign"}),
    StateType.TASK: frozenset(_COMMON | _FLOW | _GUARD | _TASK | {"Arguments", "Output", "Assign"}),
    StateType.CHOICE: frozenset(_COMMON | {"Choices", "Default", "Output", "Assign"}),
    StateType.WAIT: frozenset(_COMMON | _FLOW | {"Seconds", "Timestamp", "Output", "Assign"}),
    StateType.SUCCEED: frozenset(_COMMON | {"Output"}),
    StateType.FAIL: frozenset(_COMMON | {"Error", "Cause"}),
    StateType.PARALLEL: frozenset(_COMMON | _FLOW | _GUARD | {"Branches", "Arguments", "Output", "Assign"}),
    StateType.MAP: frozenset(_COMMON | _FLOW | _GUARD | _MAP | {"Items", "Output", "Assign"}),
}
"""State type -> the fields a JSONata state accepts."""

CATCHER_FIELDS: Final = {
    False: frozenset({"ErrorEquals", "Next", "ResultPath", "Comment", "Assign"}),
    True: frozenset({"ErrorEquals", "Next", "Output", "Assign", "Comment"}),
}
"""jsonata? -> the fields a Catch element accepts."""

RETRIER_FIELDS: Final = frozenset(
    {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"}
)
"""The fields a Retry element accepts (in either language)."""

MACHINE_FIELDS: Final = frozenset({"StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"})
"""The fields of the state machine itself."""

BRANCH_FIELDS: Final = frozenset({"StartAt", "States", "Comment", "QueryLanguage"})
"""The fields of a Parallel branch."""

PROCESSOR_FIELDS: Final = BRANCH_FIELDS | {"ProcessorConfig"}
"""The fields of a Map's ``ItemProcessor`` (or ``Iterator``)."""

PROCESSOR_CONFIG_FIELDS: Final = frozenset({"Mode", "ExecutionType"})
"""The fields of an ``ItemProcessor``'s ``ProcessorConfig``."""

# AWS accepts ToleratedFailure* on an inline Map (recorded: evaluate_jsonata/test_base_map_TOLERATED_*),
# so only the fields that read or write S3 or batch items need DISTRIBUTED.
DISTRIBUTED_ONLY: Final = ("ItemReader", "ItemBatcher", "ResultWriter")
"""Map fields only a distributed Map may have."""

BATCHER_FIELDS: Final = {
    False: frozenset(
        {"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"}
    ),
    True: frozenset({"MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"}),
}
"""jsonata? -> the fields an ``ItemBatcher`` accepts."""

READER_FIELDS: Final = {
    False: frozenset({"Resource", "Parameters", "ReaderConfig"}),
    True: frozenset({"Resource", "Arguments", "ReaderConfig"}),
}
"""jsonata? -> the fields an ``ItemReader`` accepts."""

READER_CONFIG_FIELDS: Final = {
    False: frozenset(
        {"InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath", "ManifestType"}
    ),
    True: frozenset({"InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "ManifestType"}),
}
"""jsonata? -> the fields an ``ItemReader``'s ``ReaderConfig`` accepts."""

_JSONATA_ONLY: Final = frozenset({"Arguments", "Output", "Items", "Condition"})
_INSTEAD: Final = {
    "InputPath": "Arguments",
    "Parameters": "Arguments",
    "Result": "Output",
    "ResultSelector": "Output",
    "ResultPath": "Output",
    "OutputPath": "Output",
    "ItemsPath": "Items",
    "SecondsPath": "Seconds",
    "TimestampPath": "Timestamp",
    "ErrorPath": "Error",
    "CausePath": "Cause",
    "ToleratedFailurePercentagePath": "ToleratedFailurePercentage",
    "Variable": "Condition",
    **{f"{name}Path": name for name in _PATH_FORMS},
}
"""JSONPath-only field -> the JSONata field that does its job."""


def check_fields(
    keys: Iterable[str], allowed: frozenset[str], pointer: str, problems: list[Problem], *, jsonata: bool
) -> None:
    """Report every key of ``keys`` that is not in ``allowed``."""
    for key in keys:
        if key in allowed:
            continue
        where = join_pointer(pointer, key)
        if jsonata and key in _INSTEAD:
            problems.append(
                Problem(
                    where,
                    "jsonpath-only-field",
                    f"'{key}' is a JSONPath field and this state uses JSONata; use '{_INSTEAD[key]}' instead",
                )
            )
        elif not jsonata and key in _JSONATA_ONLY:
            problems.append(
                Problem(
                    where,
                    "jsonata-only-field",
                    f'\'{key}\' is a JSONata field; set "QueryLanguage": "JSONata" on the state or the machine',
                )
            )
        else:
            problems.append(Problem(where, "unknown-field", f"unknown field '{key}'"))
