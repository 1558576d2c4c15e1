"""Detection latency and API calls: botocore's fixed delay vs statewise's exponential backoff.

A DynamoDB table becomes ACTIVE ``T`` seconds after the wait starts (before
that, DescribeTable raises ResourceNotFoundException, as it does while a
table is being created). For T in 1, 5, 30 and 95 seconds we measure on a
fake clock, so the run takes milliseconds and is exactly repeatable:

- detection latency: the time the waiter returned minus T;
- API calls: how many DescribeTable calls it made.

The peer is botocore's own ``Waiter`` (TableExists: 20 s fixed delay) with
its ``time.sleep`` routed to the fake clock. statewise runs the same spec
with ``backoff="exponential"`` and its defaults (min_delay 2 s, max_delay =
the spec's 20 s), 25 seeded runs per T.

Run: ``.venv/bin/python benchmarks/bench_wait.py``
"""

from __future__ import annotations

import random
import statistics
import types
from collections.abc import Callable
from typing import Any
from unittest import mock

import botocore.waiter
from botocore.exceptions import ClientError

import statewise
from statewise.specs import find_waiter
from statewise.testing import FakeClock

READY_AT = (1, 5, 30, 95)
RUNS = 25


def table_service(clock: FakeClock, ready_at: float) -> tuple[Callable[..., Any], list[float]]:
    """DescribeTable that finds the table only from ``ready_at`` on; records call times."""
    calls: list[float] = []

    def describe_table(**params: Any) -> dict[str, Any]:
        calls.append(clock.monotonic())
        if clock.monotonic() < ready_at:
            raise ClientError({"Error": {"Code": "ResourceNotFoundException", "Message": "not yet"}}, "DescribeTable")
        return {"Table": {"TableName": params["TableName"], "TableStatus": "ACTIVE"}}

    return describe_table, calls


def botocore_run(ready_at: float) -> tuple[float, int]:
    clock = FakeClock()
    describe_table, calls = table_service(clock, ready_at)
    document = botocore.waiter.WaiterModel(
        {"version": 2, "waiters": {"TableExists": find_waiter("dynamodb", "TableExists").to_dict()}}  # type: ignore[union-attr]
    )
    waiter = botocore.waiter.Waiter(
        "TableExists",
        document.get_waiter("TableExists"),  # type: ignore[arg-type]  # the stubs are wrong
        botocore.waiter.NormalizedOperationMethod(describe_table),
    )
    with mock.patch.object(botocore.waiter, "time", types.SimpleNamespace(sleep=clock.sleep)):
        waiter.wait(TableName="bench")
    return clock.monotonic() - ready_at, len(calls)


def statewise_run(ready_at: float, seed: int) -> tuple[float, int]:
    clock = FakeClock()
    describe_table, calls = table_service(clock, ready_at)
    spec = find_waiter("dynamodb", "TableExists")
    statewise.wait(
        describe_table, spec=spec, clock=clock, backoff="exponential", rng=random.Random(seed), TableName="bench"
    )
    return clock.monotonic() - ready_at, len(calls)


def main() -> None:
    rows = []
    for ready_at in READY_AT:
        theirs = [botocore_run(ready_at) for _ in range(RUNS)]
        ours = [statewise_run(ready_at, seed) for seed in range(RUNS)]
        rows.append(
            (
                ready_at,
                statistics.median(r[0] for r in theirs),
                statistics.median(r[1] for r in theirs),
                statistics.median(r[0] for r in ours),
                max(r[0] for r in ours),
                statistics.median(r[1] for r in ours),
                statistics.mean(r[1] for r in ours),
            )
        )
    print("DynamoDB TableExists, resource ready at T s; fake clock; statewise: 25 seeded runs per T")
    header = ("T (s)", "botocore latency", "calls", "statewise latency (median)", "(max)", "calls (median)", "(mean)")
    print(" | ".join(header))
    print(" | ".join("-" * len(h) for h in header))
    for t, b_lat, b_calls, s_lat, s_max, s_calls, s_mean in rows:
        cells = (
            f"{t}",
            f"{b_lat:.1f}",
            f"{b_calls:g}",
            f"{s_lat:.2f}",
            f"{s_max:.2f}",
            f"{s_calls:g}",
            f"{s_mean:.1f}",
        )
        print(" | ".join(c.rjust(len(h)) for c, h in zip(cells, header, strict=True)))
    b_median = statistics.median(r[1] for r in rows)
    s_median = statistics.median(r[3] for r in rows)
    b_calls = sum(r[2] for r in rows)
    s_calls = sum(r[5] for r in rows)
    print()
    latency_met = "met" if b_median >= 3 * s_median else "MISSED"
    calls_met = "met" if s_calls <= 2 * b_calls else "MISSED"
    print(
        f"median over T of the per-T median latency: botocore {b_median:.2f} s, statewise {s_median:.2f} s "
        f"-> {b_median / s_median:.1f}x lower (target >= 3x: {latency_met})"
    )
    print(
        f"API calls summed over T (per-T medians): botocore {b_calls:g}, statewise {s_calls:g} "
        f"-> {s_calls / b_calls:.2f}x (target <= 2x: {calls_met})"
    )


if __name__ == "__main__":
    main()
