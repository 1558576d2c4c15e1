"""Rules on Step Functions quotas a definition must exceed: literal payloads over 256 KiB, Map concurrency.

Theory of operation: a literal written in the definition (a Pass state's
``Result``, the literal parts of ``Parameters``/``Arguments``/``Output``
...) becomes part of a state's input or output, so one larger than the
256 KiB payload quota fails every execution that reaches it
(``States.DataLimitExceeded``). A distributed Map runs at most 10,000 child
executions at once; a larger ``MaxConcurrency`` cannot be honoured.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from statewise.asl.graph import every_state
from statewise.asl.model import MapState, Program, State
from statewise.asl.pointer import join_pointer
from statewise.lint.diagnostics import Diagnostic, diagnostic
from statewise.lint.document import at

__all__ = ["MAX_DISTRIBUTED_CONCURRENCY", "MAX_PAYLOAD_BYTES", "quota_diagnostics"]

MAX_PAYLOAD_BYTES: Final = 256 * 1024
MAX_DISTRIBUTED_CONCURRENCY: Final = 10_000

_PAYLOAD_FIELDS: Final = ("Result", "Parameters", "Arguments", "ResultSelector", "ItemSelector", "Output", "Items")


def quota_diagnostics(program: Program, doc: Any) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for state in every_state(program.states.values()):
        found += _payloads(state, doc)
        if isinstance(state, MapState) and state.distributed and state.max_concurrency is not None:
            limit = state.max_concurrency.literal
            if state.max_concurrency.path is None and isinstance(limit, int) and limit > MAX_DISTRIBUTED_CONCURRENCY:
                found.append(
                    diagnostic(
                        "map-concurrency-over-quota",
                        join_pointer(state.pointer, "MaxConcurrency"),
                        f"a distributed Map runs at most {MAX_DISTRIBUTED_CONCURRENCY:,} child executions at once; "
                        f"MaxConcurrency {limit:,} cannot be honoured",
                        f"set MaxConcurrency to at most {MAX_DISTRIBUTED_CONCURRENCY:,} (0 means that maximum)",
                    )
                )
    return found


def _payloads(state: State, doc: Any) -> Iterator[Diagnostic]:
    for field in _PAYLOAD_FIELDS:
        pointer = join_pointer(state.pointer, field)
        value = at(doc, pointer)
        if value is None:
            continue
        size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
        if size > MAX_PAYLOAD_BYTES:
            yield diagnostic(
                "payload-over-quota",
                pointer,
                f"{field!r} is {size:,} bytes as written; a state's input or output may be at most "
                f"{MAX_PAYLOAD_BYTES:,} bytes, so every run that reaches it fails with States.DataLimitExceeded",
                "keep large data in S3 and pass its key",
            )
