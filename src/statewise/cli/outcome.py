"""How commands print an execution: ``run`` (local or ``--remote``) and ``redrive`` its outcome -- the output
(or status, error and cause) on stdout, a summary line on stderr; ``executions history`` (from the store or
``--remote``) its events, one a line. ``--json`` makes either JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from statewise.cli.jsonout import dumps

if TYPE_CHECKING:
    from statewise.asl.machine import Execution

__all__ = ["print_history", "print_outcome"]


def print_outcome(execution: Execution, execution_id: str, store: str, *, json_output: bool) -> None:
    seconds = (execution.stop_date - execution.start_date).total_seconds()
    if json_output:
        result = {"id": execution_id, "name": execution.name, "arn": execution.arn, "status": str(execution.status),
                  "output": execution.output, "error": execution.error, "cause": execution.cause,
                  "seconds": seconds, "events": len(execution.history), "store": store}  # fmt: skip
        print(json.dumps(result, indent=2, default=str))
        return
    if execution.status == "SUCCEEDED":
        print(json.dumps(execution.output, indent=2, default=str))
    else:
        print(f"{execution.status}: {execution.error or 'no error'}: {execution.cause or 'no cause'}")
    took = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    print(f"{execution.status} in {took}, {len(execution.history)} events; stored as {execution_id} "
          f"(statewise executions show {execution_id})", file=sys.stderr)  # fmt: skip


def print_history(events: list[dict[str, Any]], *, json_output: bool) -> None:
    """One line per event -- id, time, type and the start of its details -- or all of them as JSON."""
    if json_output:
        print(dumps(events, indent=2))
        return
    for event in events:
        details = next((v for k, v in event.items() if k.endswith("EventDetails")), None)
        brief = "" if details is None else "  " + dumps(details)
        print(f"{event['id']:>5}  {event['timestamp']:%H:%M:%S.%f}  {event['type']}{brief[:200]}")
