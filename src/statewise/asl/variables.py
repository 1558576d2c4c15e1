"""Workflow variables at run time: scopes, assignment and AWS's size quotas.

Theory of operation: every walk of a program (the machine, each Parallel
branch, each Map iteration) owns one :class:`Variables` scope. A nested
scope starts from a copy of its parent's values, so states inside a Map or
Parallel read the outer variables, and what they assign stays inside
(validation forbids assigning a name an outer scope holds, as AWS does).

A state's ``Assign`` is evaluated as a whole against the values from
before the state (every expression, and the state's ``Output``, sees the
old values); :meth:`Variables.assign` then applies the new values at once
and returns them as the JSON texts the ``assignedVariables`` of the
``...StateExited`` event shows. Each value is measured as that text
(UTF-8): a variable over 256 KiB, an ``Assign`` over 256 KiB in all, or a
scope whose variables pass 10 MiB fails the state with
``States.DataLimitExceeded``, as the AWS quotas say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from statewise.asl.encoding import compact_json
from statewise.base_errors import StatesError

__all__ = ["MAX_ASSIGN_BYTES", "MAX_TOTAL_BYTES", "MAX_VARIABLE_BYTES", "Variables"]

MAX_VARIABLE_BYTES: Final = 256 * 1024
MAX_ASSIGN_BYTES: Final = 256 * 1024
MAX_TOTAL_BYTES: Final = 10 * 1024 * 1024
_LIMIT: Final = "States.DataLimitExceeded"


class Variables:
    """The variables one program walk sees; ``values`` is read by paths and expressions."""

    __slots__ = ("_sizes", "_total", "values")

    def __init__(self, values: Mapping[str, Any] | None = None, total: int = 0) -> None:
        self.values: dict[str, Any] = dict(values or {})
        self._sizes: dict[str, int] = {}
        self._total = total

    def child(self) -> Variables:
        """A nested scope (a Parallel branch, a Map iteration) that reads these values."""
        return Variables(self.values, self._total)

    def assign(self, values: Mapping[str, Any], state: str) -> dict[str, str]:
        """Apply one state's ``Assign`` result; its values as JSON texts, for the history."""
        texts = {name: compact_json(value) for name, value in values.items()}
        sizes = {name: len(text.encode()) for name, text in texts.items()}
        for name, size in sizes.items():
            if size > MAX_VARIABLE_BYTES:
                raise StatesError(
                    _LIMIT,
                    f"The variable '{name}' assigned in the state '{state}' is {size} bytes, "
                    f"more than the quota of {MAX_VARIABLE_BYTES} bytes per variable.",
                )
        added = sum(sizes.values())
        if added > MAX_ASSIGN_BYTES:
            raise StatesError(
                _LIMIT,
                f"The variables assigned in the state '{state}' are {added} bytes together, "
                f"more than the quota of {MAX_ASSIGN_BYTES} bytes per Assign.",
            )
        total = self._total + added - sum(self._sizes.get(name, 0) for name in sizes)
        if total > MAX_TOTAL_BYTES:
            raise StatesError(
                _LIMIT,
                f"The variables stored after the state '{state}' are {total} bytes, "
                f"more than the quota of {MAX_TOTAL_BYTES} bytes per execution.",
            )
        self.values.update(values)
        self._sizes.update(sizes)
        self._total = total
        return texts
