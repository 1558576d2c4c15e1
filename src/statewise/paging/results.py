"""Aggregating pages into one result, as botocore's ``build_full_result`` does.

Result keys are concatenated (lists), summed (numbers) or joined (strings)
across pages; the non-aggregate keys of the first page are merged in; a
``NextToken`` holds the resume token when the pass stopped at ``max_items``.
Unlike botocore, lists are copied, so the pages a caller kept are not
extended behind their back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from statewise.specs.expressions import set_dotted
from statewise.specs.paginator import PaginatorSpec

__all__ = ["FullResult"]


class FullResult:
    """Accumulates pages; :meth:`result` returns the combined response."""

    __slots__ = ("_result", "_spec")

    def __init__(self, spec: PaginatorSpec) -> None:
        self._spec = spec
        self._result: dict[str, Any] = {}

    def add(self, page: Mapping[str, Any]) -> None:
        for expr in self._spec.result_key:
            value = expr.search(page)
            if value is None:
                continue
            existing = expr.search(self._result)
            if existing is None:
                set_dotted(self._result, expr.source, list(value) if isinstance(value, list) else value)
            elif isinstance(value, list):
                existing.extend(value)
            elif isinstance(value, int | float | str):
                set_dotted(self._result, expr.source, existing + value)

    def result(self, non_aggregate_part: Mapping[str, Any], resume_token: str | None) -> dict[str, Any]:
        result = self._result
        lists = [(e.source, value) for e in self._spec.result_key if isinstance(value := e.search(result), list)]
        _merge(result, non_aggregate_part)
        # A non-aggregate key may hold a result key (ecr's imageScanFindings holds
        # imageScanFindings.findings); botocore's merged list then still has every
        # page's items (its first page's list was extended in place), so ours does too.
        for source, value in lists:
            set_dotted(result, source, value)
        if resume_token is not None:
            result["NextToken"] = resume_token
        return result


def _merge(target: dict[str, Any], extra: Mapping[str, Any]) -> None:
    # Dicts are merged into fresh dicts, so the pages they came from stay as they were.
    for key, value in extra.items():
        if isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            _merge(target[key], value)
        else:
            target[key] = value
