"""Benchmark: statewise.paginate against botocore's PageIterator, and prefetch overlap.

Run:  .venv/bin/python benchmarks/bench_paginate.py [--pages N] [--repeat R]

1. Loop overhead. The same in-memory fake API (a dict look-up per call, pages
   prebuilt, nothing copied) is paged through by
     * a bare ``while`` loop (the floor: the least any paginator can cost),
     * botocore's ``Paginator.paginate()`` (a real operation model),
     * ``statewise.paginate(fake, spec=...)``,
   without options and with MaxItems (botocore's and statewise's general
   path). Best of R runs; overhead per page is time per page minus the bare
   loop's. Target from the issue: statewise >= 5x botocore's pages/s.
2. Prefetch. Each fetch and each page's work sleep a few ms (in this benchmark
   only); total time for prefetch=0, 1, 2 is set against the ideal overlap
   max(fetch, work) x pages and the serial sum (fetch + work) x pages, sync
   (thread) and async (task). Target: prefetch within 15% of the ideal.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.paginate import Paginator

import statewise

SPEC = {
    "input_token": "NextToken",
    "output_token": "NextToken",
    "limit_key": "MaxResults",
    "result_key": "Snapshots",
}


def make_api(pages: int) -> Callable[..., dict[str, Any]]:
    """A fake DescribeSnapshots over ``pages`` prebuilt pages of 3 items each."""
    by_token: dict[str | None, dict[str, Any]] = {}
    for i in range(pages):
        page: dict[str, Any] = {"Snapshots": [{"SnapshotId": f"snap-{i}-{j}"} for j in range(3)]}
        if i < pages - 1:
            page["NextToken"] = f"t{i + 1}"
        by_token[f"t{i}" if i else None] = page

    def describe_snapshots(**kwargs: Any) -> dict[str, Any]:
        return by_token[kwargs.get("NextToken")]

    return describe_snapshots


def bare_loop(api: Callable[..., dict[str, Any]]) -> int:
    count = 0
    kwargs: dict[str, Any] = {}
    while True:
        page = api(**kwargs)
        count += 1
        token = page.get("NextToken")
        if not token:
            return count
        kwargs["NextToken"] = token


def botocore_loop(api: Callable[..., dict[str, Any]], op_model: Any, config: dict[str, Any]) -> int:
    count = 0
    for _ in Paginator(api, SPEC, op_model).paginate(PaginationConfig=config):
        count += 1
    return count


def statewise_loop(api: Callable[..., dict[str, Any]], config: dict[str, Any]) -> int:
    count = 0
    for _ in statewise.paginate(api, spec=SPEC, PaginationConfig=config):
        count += 1
    return count


def best_time(run: Callable[[], int], pages: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        got = run()
        elapsed = time.perf_counter() - start
        if got != pages:
            raise SystemExit(f"benchmark bug: {got} pages instead of {pages}")
        best = min(best, elapsed)
    return best


def overhead_benchmark(pages: int, repeat: int) -> bool:
    api = make_api(pages)
    op_model = botocore.session.get_session().get_service_model("ec2").operation_model("DescribeSnapshots")
    everything = {"MaxItems": pages * 3}  # never cuts; takes the general (non-fast) path
    rows = [
        ("bare while loop (floor)", lambda: bare_loop(api)),
        ("botocore PageIterator", lambda: botocore_loop(api, op_model, {})),
        ("statewise.paginate", lambda: statewise_loop(api, {})),
        ("botocore, MaxItems", lambda: botocore_loop(api, op_model, everything)),
        ("statewise, max_items", lambda: statewise_loop(api, everything)),
    ]
    times = {name: best_time(run, pages, repeat) for name, run in rows}
    floor = times["bare while loop (floor)"] / pages
    print(f"\n1. Loop overhead: {pages:,} pages from an in-memory fake, best of {repeat}")
    print(f"   {'loop':<26}{'pages/s':>12}{'us/page':>10}{'overhead us/page':>18}")
    for name, _ in rows:
        per_page = times[name] / pages
        print(f"   {name:<26}{pages / times[name]:>12,.0f}{per_page * 1e6:>10.2f}{(per_page - floor) * 1e6:>18.2f}")
    plain = times["botocore PageIterator"] / times["statewise.paginate"]
    general = times["botocore, MaxItems"] / times["statewise, max_items"]
    met = plain >= 5
    print(f"   statewise/botocore pages/s: {plain:.1f}x plain, {general:.1f}x with max_items")
    print(f"   target >= 5x botocore pages/s (plain): {'MET' if met else 'NOT MET'}")
    return met


def sync_prefetch(pages: int, fetch_s: float, work_s: float, prefetch: int) -> float:
    api = make_api(pages)

    def slow_api(**kwargs: Any) -> dict[str, Any]:
        time.sleep(fetch_s)
        return api(**kwargs)

    start = time.perf_counter()
    count = 0
    for _ in statewise.paginate(slow_api, spec=SPEC, prefetch=prefetch):
        time.sleep(work_s)
        count += 1
    assert count == pages
    return time.perf_counter() - start


def async_prefetch(pages: int, fetch_s: float, work_s: float, prefetch: int) -> float:
    api = make_api(pages)

    async def slow_api(**kwargs: Any) -> dict[str, Any]:
        await asyncio.sleep(fetch_s)
        return api(**kwargs)

    async def main() -> float:
        start = time.perf_counter()
        count = 0
        async for _ in statewise.apaginate(slow_api, spec=SPEC, prefetch=prefetch):
            await asyncio.sleep(work_s)
            count += 1
        assert count == pages
        return time.perf_counter() - start

    return asyncio.run(main())


def prefetch_benchmark(pages: int) -> bool:
    shapes = [(0.005, 0.005), (0.008, 0.003), (0.003, 0.008)]
    print(f"\n2. Prefetch: {pages} pages; fetch and per-page work sleep (ms as shown)")
    header = (
        f"   {'driver':<7}{'fetch':>6}{'work':>6}{'prefetch':>10}{'total ms':>10}"
        f"{'ideal ms':>10}{'sum ms':>9}{'vs ideal':>10}  target"
    )
    print(header)
    all_met = True
    for driver, run in (("sync", sync_prefetch), ("async", async_prefetch)):
        for fetch_s, work_s in shapes:
            ideal = max(fetch_s, work_s) * pages
            serial = (fetch_s + work_s) * pages
            for prefetch in (0, 1, 2):
                total = run(pages, fetch_s, work_s, prefetch)
                over = total / ideal - 1
                if prefetch:
                    met = over <= 0.15
                    all_met &= met
                    verdict = "MET" if met else "NOT MET"
                else:
                    verdict = "(serial: no overlap)"
                print(
                    f"   {driver:<7}{fetch_s * 1e3:>6.0f}{work_s * 1e3:>6.0f}{prefetch:>10}{total * 1e3:>10.0f}"
                    f"{ideal * 1e3:>10.0f}{serial * 1e3:>9.0f}{over:>+10.1%}  {verdict}"
                )
    print(f"   target prefetch within 15% of max(fetch, work) x pages: {'MET' if all_met else 'NOT MET'}")
    return all_met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000, help="pages in the overhead benchmark")
    parser.add_argument("--repeat", type=int, default=5, help="runs per loop; the best is kept")
    parser.add_argument("--prefetch-pages", type=int, default=60, help="pages in the prefetch benchmark")
    args = parser.parse_args()
    overhead_ok = overhead_benchmark(args.pages, args.repeat)
    prefetch_ok = prefetch_benchmark(args.prefetch_pages)
    print(f"\nall targets met: {'yes' if overhead_ok and prefetch_ok else 'no'}")


if __name__ == "__main__":
    main()
