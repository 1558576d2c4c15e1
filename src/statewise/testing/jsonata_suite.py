"""Reading the JSONata reference test suite (jsonata-js ``test/test-suite`` format).

The suite's data lives outside this package (``../shared/jsonata-suite`` in
this project); :func:`load_cases` reads it in place, one :class:`Case` per
case (a file may hold one case or a list), and :func:`same` compares results
the way the suite means: JSON deep equality, booleans apart from numbers,
numbers to 1e-12 relative, ``unordered`` arrays as multisets, and JSONata's
*undefined* equal only to itself. The conformance test and
``benchmarks/bench_jsonata.py`` both use it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statewise.asl.jsonata import UNDEFINED

__all__ = ["Case", "load_cases", "same"]


@dataclass(frozen=True, slots=True)
class Case:
    """One case: the expression, its input and bindings, and the expected result or error code."""

    name: str
    expr: str
    data: Any  # UNDEFINED when the case has no input
    bindings: dict[str, Any]
    expected: Any  # a value, UNDEFINED, or None when an error is expected
    code: str | None
    unordered: bool
    timelimit: int | None
    depth: int | None


def load_cases(root: Path) -> Iterator[Case]:
    """Every case under ``root/groups``, in file order, with ``root/datasets`` resolved."""
    datasets = {p.stem: json.loads(p.read_text()) for p in (root / "datasets").glob("*.json")}
    for path in sorted((root / "groups").glob("*/*.json")):
        raw = json.loads(path.read_text())
        for index, case in enumerate(raw if isinstance(raw, list) else [raw]):
            expr = case.get("expr")
            if expr is None:
                expr = (path.parent / case["expr-file"]).read_text()
            if "data" in case:
                data = case["data"]
            elif case.get("dataset") is not None:
                data = datasets[case["dataset"]]
            else:
                data = UNDEFINED
            suffix = f"[{index}]" if isinstance(raw, list) else ""
            yield Case(
                name=f"{path.parent.name}/{path.stem}{suffix}",
                expr=expr,
                data=data,
                bindings=case.get("bindings") or {},
                expected=UNDEFINED if case.get("undefinedResult") else case.get("result"),
                code=case.get("code") or (case.get("error") or {}).get("code"),
                unordered=bool(case.get("unordered")),
                timelimit=case.get("timelimit"),
                depth=case.get("depth"),
            )


def same(actual: Any, expected: Any, unordered: bool = False) -> bool:
    """JSON deep equality as the suite means it (see the module docstring)."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(actual, int | float) and isinstance(expected, int | float):
        return math.isclose(actual, expected, rel_tol=1e-12)
    if isinstance(actual, list) and isinstance(expected, list):
        if len(actual) != len(expected):
            return False
        if not unordered:
            return all(same(a, e) for a, e in zip(actual, expected, strict=True))
        rest = list(expected)
        for item in actual:
            match = next((i for i, e in enumerate(rest) if same(item, e)), None)
            if match is None:
                return False
            rest.pop(match)
        return True
    if isinstance(actual, dict) and isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(same(actual[k], expected[k]) for k in actual)
    if actual is UNDEFINED or expected is UNDEFINED:
        return actual is expected
    return bool(actual == expected)
