"""Paginator specs: one entry of botocore's ``paginators-1.json``, validated and compiled.

``PaginatorSpec.from_dict`` accepts the same keys botocore reads
(``input_token``, ``output_token``, ``result_key``, ``limit_key``,
``more_results``, ``non_aggregate_keys``), checks every one, and compiles
the JMESPath expressions once; a bad spec raises :class:`SpecError` naming
the spec and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statewise.errors import SpecError
from statewise.specs.expressions import Expr, check_object, compile_expr

__all__ = ["PaginatorSpec"]

_KEYS = frozenset({"input_token", "output_token", "result_key", "limit_key", "more_results", "non_aggregate_keys"})


@dataclass(frozen=True, slots=True)
class PaginatorSpec:
    """How to page through one operation.

    ``input_token[i]`` is the request parameter that receives the value of
    ``output_token[i]`` from the previous response.
    """

    name: str
    input_token: tuple[str, ...]
    output_token: tuple[Expr, ...]
    result_key: tuple[Expr, ...]
    limit_key: str | None = None
    more_results: Expr | None = None
    non_aggregate_keys: tuple[Expr, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, name: str = "<spec>") -> PaginatorSpec:
        """Build a spec from a ``paginators-1.json`` entry, raising :class:`SpecError` if bad."""
        check_object(
            data,
            what="a paginator spec",
            allowed=_KEYS,
            required=("input_token", "output_token", "result_key"),
            spec=name,
        )
        input_token = _names(data["input_token"], name, "input_token")
        output_token = _exprs(data["output_token"], name, "output_token")
        if len(output_token) != len(input_token):
            raise SpecError(
                f"output_token has {len(output_token)} entries but input_token has "
                f"{len(input_token)}; each input token needs the output token that feeds it",
                spec=name,
                where="/output_token",
            )
        result_key = _exprs(data["result_key"], name, "result_key", dotted=True)
        limit_key = data.get("limit_key")
        if limit_key is not None and (not isinstance(limit_key, str) or not limit_key):
            raise SpecError(f"limit_key must be a parameter name, got {limit_key!r}", spec=name, where="/limit_key")
        more = data.get("more_results")
        return cls(
            name=name,
            input_token=input_token,
            output_token=output_token,
            result_key=result_key,
            limit_key=limit_key,
            more_results=None if more is None else compile_expr(more, spec=name, where="/more_results"),
            non_aggregate_keys=_exprs(data.get("non_aggregate_keys", []), name, "non_aggregate_keys", dotted=True),
        )

    def to_dict(self) -> dict[str, Any]:
        """The spec in ``paginators-1.json`` form (lists even where one entry would do)."""
        out: dict[str, Any] = {
            "input_token": list(self.input_token),
            "output_token": [e.source for e in self.output_token],
            "result_key": [e.source for e in self.result_key],
        }
        if self.limit_key is not None:
            out["limit_key"] = self.limit_key
        if self.more_results is not None:
            out["more_results"] = self.more_results.source
        if self.non_aggregate_keys:
            out["non_aggregate_keys"] = [e.source for e in self.non_aggregate_keys]
        return out


def _as_list(value: Any, spec: str, key: str) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    if not items:
        if key == "non_aggregate_keys":
            return []
        raise SpecError("must not be empty", spec=spec, where=f"/{key}")
    return items


def _names(value: Any, spec: str, key: str) -> tuple[str, ...]:
    items = _as_list(value, spec, key)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise SpecError(f"expected a parameter name, got {item!r}", spec=spec, where=_at(value, key, i))
    if len(set(items)) != len(items):
        raise SpecError("names must be unique", spec=spec, where=f"/{key}")
    return tuple(items)


def _exprs(value: Any, spec: str, key: str, *, dotted: bool = False) -> tuple[Expr, ...]:
    exprs = tuple(
        compile_expr(item, spec=spec, where=_at(value, key, i)) for i, item in enumerate(_as_list(value, spec, key))
    )
    for i, expr in enumerate(exprs):
        if dotted and not expr.is_dotted:
            raise SpecError(
                f"{expr.source!r} must be a dotted field path (a.b.c): results are cut and merged there",
                spec=spec,
                where=_at(value, key, i),
            )
    return exprs


def _at(value: Any, key: str, index: int) -> str:
    return f"/{key}/{index}" if isinstance(value, list) else f"/{key}"
