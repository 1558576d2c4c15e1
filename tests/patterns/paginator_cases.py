"""Every botocore paginator as a case for ``paginate_loop``: a simulated service holding a few pages, the
generated loop run in the local engine, and the items it served against the items the loop processed.

``run_case`` answers one (service, operation, query language); :func:`cases` lists every paginator in the
installed botocore data. A case is *skipped* when ``SimulatedService`` cannot simulate the operation (it
says why) and *inexpressible* when ``paginate_loop`` raises :class:`PatternError` (it says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from statewise import StateMachine
from statewise.base_errors import PatternError
from statewise.patterns import paginate_loop
from statewise.specs.botocore_data import available_services
from statewise.specs.registry import find_paginator, paginator_names
from statewise.testing import FakeClock
from statewise.testing.simulated import DEFAULT_MAX_RESULTS, SimulatedService

COLLECT = "arn:aws:lambda:us-east-1:123456789012:function:collect"
PAGES = 3  # at least this many pages per case


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "skipped" (no simulation), "inexpressible" (PatternError), "failed"
    detail: str = ""
    served: tuple[str, ...] = ()
    processed: tuple[str, ...] = ()
    calls: int = 0


def cases() -> list[tuple[str, str]]:
    return [(service, op) for service in available_services("paginators-1") for op in paginator_names(service)]


def processor(query_language: str) -> dict[str, Any]:
    """A Map item processor that hands each item to the ``collect`` function."""
    return {"StartAt": "Collect", "States": {"Collect": {"Type": "Task", "Resource": COLLECT, "End": True}}}


def _page_size(service: SimulatedService, op: str, limit_key: str | None, model: Any) -> tuple[Any, int]:
    """The page_size to ask for (None: the API's default) and the page it gives."""
    member = None if limit_key is None else model.input_shape.members.get(limit_key)
    traits = {} if member is None else member.metadata
    low, high = traits.get("min", 1), traits.get("max", DEFAULT_MAX_RESULTS)
    if member is None:
        return None, min(high, DEFAULT_MAX_RESULTS)
    size = min(max(low, 2), high)
    return (str(size) if member.type_name == "string" else size), size


def run_case(service_name: str, op: str, query_language: str = "JSONPath") -> Outcome:
    import botocore.session

    spec = find_paginator(service_name, op)
    assert spec is not None
    model = botocore.session.get_session().get_service_model(service_name).operation_model(op)
    keys = [expr.source for expr in spec.result_key]
    member = None if spec.limit_key is None else model.input_shape.members.get(spec.limit_key)
    traits = {} if member is None else member.metadata
    size = None if member is None else min(max(traits.get("min", 1), 2), traits.get("max", DEFAULT_MAX_RESULTS))
    per_page = size or min(traits.get("max", DEFAULT_MAX_RESULTS), DEFAULT_MAX_RESULTS)
    count = per_page * (PAGES - 1) + 1
    data: dict[str, list[Any]] = {key: [] for key in keys}
    for i in range(count):
        key = keys[i % len(keys)]
        data[key].append({"StatewiseItem": f"{service_name}.{op}.{key}.{i}"})
    try:
        simulated = SimulatedService(service_name, {op: data})
    except ValueError as exc:
        return Outcome("skipped", str(exc))
    page_size = None if size is None else (str(size) if member is not None and member.type_name == "string" else size)
    try:
        definition = paginate_loop(
            service_name,
            op,
            item_processor=processor(query_language),
            query_language=query_language,  # type: ignore[arg-type]
            page_size=page_size,
        )
    except PatternError as exc:
        return Outcome("inexpressible", str(exc))
    processed: list[str] = []

    def collect(item: Any) -> None:
        processed.append(item["StatewiseItem"] if isinstance(item, dict) else repr(item))

    execution = StateMachine(definition).run(
        {}, clock=FakeClock(), aws={service_name: simulated}, resources={COLLECT: collect}
    )
    served = tuple(item["StatewiseItem"] for items in data.values() for item in items)
    if execution.status != "SUCCEEDED":
        return Outcome("failed", f"{execution.status}: {execution.error} {execution.cause}", served, tuple(processed))
    return Outcome("ok", "", served, tuple(processed), len(simulated.calls))
