"""Full counts for statewise.patterns: every botocore paginator and waiter, generated, run and compared.

- Paginators: for every paginator in the installed botocore data and both query languages,
  ``paginate_loop`` is generated and run in the local engine against a ``SimulatedService`` holding
  at least three pages (``tests/patterns/paginator_cases.py``); a case passes when the item processor
  saw every served item exactly once. Operations the simulation cannot serve are counted as skipped,
  specs the language cannot express as inexpressible (with the reasons).
- Waiters: for every waiter and both query languages, ``wait_loop`` is generated and each scripted
  response sequence (``tests/patterns/waiter_cases.py``) is played to ``statewise.wait`` and to the
  loop; a waiter passes when every script ends the same way (success, failure or timeout) after the
  same number of calls.

The pytest suite (tests/patterns) runs a deterministic sample of the same cases; this script gives
the full numbers. Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_patterns.py``
(it takes minutes: thousands of executions in the local engine).
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "patterns"), str(ROOT / "tests" / "waiting")]

from paginator_cases import cases, run_case  # noqa: E402
from waiter_cases import run_waiter, waiters  # noqa: E402


def paginators(query_language: str) -> None:
    started = time.perf_counter()
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    for service, operation in cases():
        outcome = run_case(service, operation, query_language)
        kind = outcome.kind
        if kind == "ok" and sorted(outcome.served) != sorted(outcome.processed):
            kind = "wrong items"
        counts[kind] += 1
        if kind != "ok":
            reasons[f"{kind}: {outcome.detail.split(': ', 1)[-1][:90]}"] += 1
            if kind in ("failed", "wrong items"):
                print(f"  {service}.{operation}: {outcome.detail[:200]}")
    total = sum(counts.values())
    print(f"paginators, {query_language}: {total} specs, {dict(counts)} in {time.perf_counter() - started:.0f}s")
    for reason, count in reasons.most_common(8):
        print(f"  {count:5d}  {reason}")


def waiter_counts(query_language: str) -> None:
    started = time.perf_counter()
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    scripts = 0
    for service, name in waiters():
        result = run_waiter(service, name, query_language)
        if not isinstance(result, list):
            counts["inexpressible"] += 1
            reasons[str(result.message).split(": ", 1)[-1][:90]] += 1
            continue
        scripts += len(result)
        differ = [c for c in result if c.python != c.asl]
        counts["same outcome" if not differ else "different outcome"] += 1
        for comparison in differ[:1]:
            print(f"  {service}.{name}: {comparison}")
    total = sum(counts.values())
    print(
        f"waiters, {query_language}: {total} waiters, {dict(counts)}, {scripts} scripts compared "
        f"in {time.perf_counter() - started:.0f}s"
    )
    for reason, count in reasons.most_common(8):
        print(f"  {count:5d}  {reason}")


if __name__ == "__main__":
    for language in ("JSONPath", "JSONata"):
        waiter_counts(language)
    for language in ("JSONPath", "JSONata"):
        paginators(language)
