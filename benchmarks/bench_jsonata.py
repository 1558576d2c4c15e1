"""Choose a JSONata implementation by measurement.

Theory of operation: every candidate library sits behind a tiny shim with the
three operations the ASL engine needs -- compile, evaluate (with *undefined*
kept distinct from ``null`` and with the suite's time and depth bounds), and
reading the JSONata error code of a failure. Through those shims the script

1. runs the whole JSONata reference suite (``../shared/jsonata-suite`` beside
   the repository, read in place) and counts passes, and among the error cases
   the ones failing with the exact expected code;
2. times ten typical Step Functions expressions, each compiled once and
   evaluated with ``$states`` passed as a binding, and prints evaluations/s
   with the ratio to the fastest candidate;
3. times ``$states.input.a + 1`` with a ~130 KiB ``$states`` (2,000 items), as
   a state's fields are evaluated against a large payload: libraries that
   convert the bindings into their own values pay for the whole payload on
   every evaluation.

Candidates that are not installed are skipped. Usage::

    .venv/bin/python benchmarks/bench_jsonata.py [--only NAME ...] [--no-suite]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statewise.asl.jsonata import UNDEFINED
from statewise.testing.jsonata_suite import Case, load_cases, same

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "jsonata-suite"

STATES = {
    "input": {
        "items": [
            {"name": "pen", "price": 3.5},
            {"name": "book", "price": 12},
            {"name": "lamp", "price": 40},
        ],
        "list": [1, 2, 3, 4, 5, 6, 7, 8],
        "a": 41,
        "y": "why",
        "first": "Ada",
        "last": "Lovelace",
        "flag": True,
    },
    "context": {"Execution": {"Id": "arn:aws:states:us-east-1:111111111111:execution:sm:run"}},
}

EXPRESSIONS = (
    "$states.input.items[price > 10].name",
    "$count($states.input.list)",
    "$sum($states.input.items.price)",
    '$states.input.first & " " & $states.input.last',
    "$states.input.a + 1",
    '{"x": $states.input.y, "n": $states.input.a}',
    '$states.input.flag ? "yes" : "no"',
    "$map($states.input.list, function($v) { $v * 2 })",
    "$states.context.Execution.Id",
    "$states.input.items[0]",
)


@dataclass(frozen=True, slots=True)
class Shim:
    """How the benchmark drives one library."""

    name: str
    module: str
    compile: Callable[[str], Any]
    evaluate: Callable[[Any, Any, dict[str, Any] | None, int | None, int | None], Any]
    code: Callable[[BaseException], str | None]


_CODE = re.compile(r"\b([A-Z]\d{4})\b")


def _code_from_text(exc: BaseException) -> str | None:
    match = _CODE.search(str(exc))
    return match.group(1) if match else None


def _dumps(data: Any) -> str | None:
    return None if data is UNDEFINED else json.dumps(data)


def _loads(text: str | None) -> Any:
    return UNDEFINED if text is None else json.loads(text)


def _jsonatapy() -> Shim:
    import jsonatapy

    def evaluate(expr: Any, data: Any, bindings: Any, ms: int | None, depth: int | None) -> Any:
        return _loads(
            expr.evaluate_json_or_none(_dumps(data), bindings, timeout=ms, max_stack_depth=depth)
        )

    return Shim("jsonatapy", "jsonatapy", jsonatapy.compile, evaluate, _code_from_text)


def _jlens() -> Shim:
    import jlens

    def evaluate(expr: Any, data: Any, bindings: Any, ms: int | None, depth: int | None) -> Any:
        timeout = None if ms is None else ms / 1000
        return _loads(expr.evaluate_json(_dumps(data), bindings, timeout=timeout, max_depth=depth))

    return Shim("jlens", "jlens", jlens.Expression, evaluate, lambda e: getattr(e, "code", None))


def _jsonata2py() -> Shim:
    import jsonata2py

    def compile_(source: str) -> Any:
        return jsonata2py.compile(source)

    def evaluate(expr: Any, data: Any, bindings: Any, ms: int | None, depth: int | None) -> Any:
        del depth  # jsonata2py has no depth bound: Python's recursion limit applies
        if ms is not None:
            expr.set_timeout(ms)
        bound = None
        if bindings:
            bound = jsonata2py.JsonataBindings()
            for key, value in bindings.items():
                bound.bind_value(key, value)
        result = expr.evaluate(jsonata2py.MISSING if data is UNDEFINED else data, bound)
        return UNDEFINED if result is jsonata2py.MISSING else result

    def code(exc: BaseException) -> str | None:
        return getattr(exc, "error_code", None) or _code_from_text(exc)

    return Shim("jsonata2py", "jsonata2py", compile_, evaluate, code)


def _jsonata_python() -> Shim:
    import jsonata  # type: ignore[import-untyped]
    from jsonata.utils import Utils  # type: ignore[import-untyped]

    def compile_(source: str) -> Any:
        expr = jsonata.Jsonata(source)
        expr.set_output_convert_nulls(False)
        return expr

    def out(value: Any) -> Any:
        if value is Utils.NULL_VALUE:
            return None
        if isinstance(value, list):
            return [out(v) for v in value]
        if isinstance(value, dict):
            return {k: out(v) for k, v in value.items()}
        return value

    def evaluate(expr: Any, data: Any, bindings: Any, ms: int | None, depth: int | None) -> Any:
        frame = expr.create_frame()
        for key, value in (bindings or {}).items():
            frame.bind(key, value)
        if ms is not None or depth is not None:
            frame.set_runtime_bounds(ms, depth)
        given = None if data is UNDEFINED else Utils.NULL_VALUE if data is None else data
        result = expr.evaluate(given, frame)
        return UNDEFINED if result is None else out(result)

    def code(exc: BaseException) -> str | None:
        return getattr(exc, "error", None) or _code_from_text(exc)

    return Shim("jsonata-python", "jsonata", compile_, evaluate, code)


CANDIDATES = {
    "jsonatapy": _jsonatapy,
    "jlens": _jlens,
    "jsonata2py": _jsonata2py,
    "jsonata-python": _jsonata_python,
}
MODULES = {"jsonatapy": "jsonatapy", "jlens": "jlens", "jsonata2py": "jsonata2py",
           "jsonata-python": "jsonata"}


# -- the reference suite ---------------------------------------------------------------------


def run_suite(shim: Shim, cases: list[Case]) -> tuple[int, int, int, float]:
    """(passed, errors expected, errors with the exact code, seconds)."""
    passed = exact = errors = 0
    start = time.perf_counter()
    for case in cases:
        try:
            result = shim.evaluate(shim.compile(case.expr), case.data, case.bindings,
                                   case.timelimit, case.depth)
        except Exception as exc:  # every library failure counts, whatever its type
            if case.code is not None:
                passed += 1
                errors += 1
                exact += shim.code(exc) == case.code
            continue
        if case.code is None and same(result, case.expected, case.unordered):
            passed += 1
        errors += case.code is not None
    return passed, errors, exact, time.perf_counter() - start


# -- speed ------------------------------------------------------------------------------------


def evaluations_per_second(shim: Shim, rounds: int = 2000, repeat: int = 5) -> float:
    compiled = [shim.compile(e) for e in EXPRESSIONS]
    bindings = {"states": STATES}
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(rounds):
            for expr in compiled:
                shim.evaluate(expr, UNDEFINED, bindings, None, None)
        best = min(best, time.perf_counter() - start)
    return rounds * len(compiled) / best


BIG_STATES = {
    "input": {
        "a": 1,
        "items": [{"id": i, "name": f"n{i}", "tags": ["x", "y"], "price": i * 1.5} for i in range(2000)],
    }
}


def large_payload_rate(shim: Shim, rounds: int = 100, repeat: int = 3) -> float:
    compiled = shim.compile("$states.input.a + 1")
    bindings = {"states": BIG_STATES}
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(rounds):
            shim.evaluate(compiled, UNDEFINED, bindings, None, None)
        best = min(best, time.perf_counter() - start)
    return rounds / best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CANDIDATES), default=None)
    parser.add_argument("--no-suite", action="store_true", help="measure speed only")
    args = parser.parse_args(argv)
    names = args.only or list(CANDIDATES)
    shims = [CANDIDATES[n]() for n in names if importlib.util.find_spec(MODULES[n])]
    if not shims:
        sys.exit("no candidate installed; pip install jsonatapy jlens jsonata2py jsonata-python")
    cases = [] if args.no_suite or not SUITE.is_dir() else list(load_cases(SUITE))
    if not args.no_suite and not cases:
        print(f"suite not found at {SUITE}: speed only")

    rows = []
    for shim in shims:
        suite = run_suite(shim, cases) if cases else None
        rows.append((shim, suite, evaluations_per_second(shim), large_payload_rate(shim)))
    fastest = max(row[2] for row in rows)

    from importlib.metadata import version

    header = f"{'library':<22}{'suite passed':>16}{'exact code':>14}{'suite s':>9}"
    print(header + f"{'evals/s':>11}{'vs fastest':>12}{'130KiB evals/s':>16}")
    for shim, suite, speed, large in rows:
        label = f"{shim.name} {version(shim.name)}"
        if suite is None:
            cells = f"{'-':>16}{'-':>14}{'-':>9}"
        else:
            passed, errors, exact, seconds = suite
            cells = f"{passed:>10}/{len(cases):<5}{exact:>8}/{errors:<5}{seconds:>9.1f}"
        print(f"{label:<22}{cells}{speed:>11,.0f}{speed / fastest:>11.2f}x{large:>16,.0f}")


if __name__ == "__main__":
    main()
