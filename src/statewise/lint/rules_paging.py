"""Rules on pagination loops: the token names an aws-sdk Task passes must be its API paginator's.

Theory of operation: a Task that calls a paginated API (one with a spec in
botocore's ``paginators-1.json``, found through
:func:`~statewise.lint.values.paginator_of`) and passes a parameter that
looks like a page token (:data:`_TOKEN_WORDS`) must pass it under one of the
spec's ``input_token`` names; any other name is the classic copy-paste from
another API (``NextToken`` on ``s3:listObjectsV2``, which pages with
``ContinuationToken`` fed from ``NextContinuationToken``). Reading the token
from a response that never has it is the data flow's finding
(``field-never-produced``, :mod:`.rules_flow`), whose message names the
paginator's output token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from statewise.asl.graph import every_state
from statewise.asl.model import Program, TaskState
from statewise.asl.pointer import join_pointer
from statewise.lint.diagnostics import Diagnostic, diagnostic
from statewise.lint.document import at
from statewise.lint.values import paginator_of

__all__ = ["paging_diagnostics"]

_TOKEN_WORDS: Final = re.compile(r"(?i)(token|marker)$")
"""Parameter names that carry a page token in AWS APIs (NextToken, ContinuationToken, Marker, KeyMarker...)."""


def paging_diagnostics(program: Program, doc: Any) -> list[Diagnostic]:
    """A finding for every page-token parameter an aws-sdk Task passes under a name its paginator does not use."""
    found: list[Diagnostic] = []
    for state in every_state(program.states.values()):
        if isinstance(state, TaskState) and state.target.is_sdk and "${" not in state.resource:
            found += _tokens(state, doc)
    return found


def _tokens(state: TaskState, doc: Any) -> Iterator[Diagnostic]:
    pointer = join_pointer(state.pointer, "Arguments" if state.jsonata else "Parameters")
    raw = at(doc, pointer)
    if not isinstance(raw, dict):
        return
    spec = paginator_of(state.target.sdk_service, state.target.action)
    if spec is None:
        return
    expected = [name[:1].upper() + name[1:] for name in spec.input_token]
    for key in raw:
        dynamic = not state.jsonata and key.endswith(".$")
        name = key[:-2] if dynamic else key
        if name in expected or not _TOKEN_WORDS.search(name):
            continue
        outputs = ", ".join(repr(expr.source) for expr in spec.output_token)
        api = f"{state.target.sdk_service}:{state.target.action}"
        yield diagnostic(
            "paging-token-mismatch",
            join_pointer(pointer, key),
            f"{api} pages with {' and '.join(repr(n) for n in expected)} (from the response's {outputs}), "
            f"not {name!r}, so this token never reaches the API",
            f"rename {key!r} to {expected[0] + ('.$' if dynamic else '')!r} and read it from the response's "
            f"{spec.output_token[0].source!r}",
        )
