"""The values AWS accepts in a definition's fields: numeric ranges, enumerations and name rules, as tables.

Theory of operation: the parser checks a field's JSON type and then its
value against these tables, so each rule is written once, here, with the
quota or spec it comes from. A numeric field's :class:`Range` says which
numbers it accepts (a value of the wrong JSON type is a ``bad-type``
problem, one out of range ``bad-value``); an enumerated field's tuple lists
its values in the order messages name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "EXECUTION_TYPES",
    "JITTER_STRATEGIES",
    "LABEL_FORBIDDEN",
    "MAX_LABEL",
    "MAX_STATE_NAME",
    "MAX_VARIABLE_NAME",
    "MODES",
    "QUERY_LANGUAGES",
    "RANGES",
    "READER_CHOICES",
    "VARIABLE_NAME",
    "Range",
]


@dataclass(frozen=True, slots=True)
class Range:
    """The numbers a numeric field accepts: ``low`` to ``high`` (no upper bound when None)."""

    low: float
    high: float | None = None
    integer: bool = True

    def __str__(self) -> str:
        noun = "an integer" if self.integer else "a number"
        return f"{noun} >= {self.low}" if self.high is None else f"{noun} from {self.low} to {self.high}"

    def holds(self, value: Any) -> bool:
        if self.integer and not isinstance(value, int):
            return False
        return self.low <= value and (self.high is None or value <= self.high)


_MAX_SECONDS: Final = 99_999_999
RANGES: Final[dict[str, Range]] = {
    "TimeoutSeconds": Range(1, _MAX_SECONDS),
    "HeartbeatSeconds": Range(1, _MAX_SECONDS),
    "Seconds": Range(0, _MAX_SECONDS),
    "IntervalSeconds": Range(1, _MAX_SECONDS),
    "MaxAttempts": Range(0, _MAX_SECONDS),
    "MaxDelaySeconds": Range(1, 31_622_400),
    "BackoffRate": Range(1.0, integer=False),
    "MaxConcurrency": Range(0),
    "ToleratedFailureCount": Range(0),
    "ToleratedFailurePercentage": Range(0, 100, integer=False),
    "MaxItemsPerBatch": Range(1),
    "MaxInputBytesPerBatch": Range(1, 256 * 1024),
    "MaxItems": Range(0, 100_000_000),
}
"""Numeric field -> the values AWS accepts (States Language spec and developer guide quotas)."""

QUERY_LANGUAGES: Final = ("JSONPath", "JSONata")
"""``QueryLanguage`` of a machine, a program or a state."""

JITTER_STRATEGIES: Final = ("FULL", "NONE")
"""A retrier's ``JitterStrategy``."""

MODES: Final = ("INLINE", "DISTRIBUTED")
"""A Map processor's ``ProcessorConfig.Mode``."""

EXECUTION_TYPES: Final = ("STANDARD", "EXPRESS")
"""A distributed Map processor's ``ProcessorConfig.ExecutionType``."""

READER_CHOICES: Final = {
    "InputType": ("CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"),
    "CSVHeaderLocation": ("FIRST_ROW", "GIVEN"),
    "CSVDelimiter": ("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"),
}
"""ReaderConfig field -> the values AWS documents for it."""

MAX_STATE_NAME: Final = 80
"""Characters in a state name."""

MAX_LABEL: Final = 40
"""Characters in a distributed Map's ``Label`` (it names the Map Run)."""

LABEL_FORBIDDEN: Final = re.compile(r"[\s?*<>{}\[\]:;,\\|^~$#%&`\"\x00-\x1f\x7f-\x9f]")
"""Characters a ``Label`` may not hold."""

VARIABLE_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""What ``Assign`` may name: letters, digits and underscores, not starting with a digit."""

MAX_VARIABLE_NAME: Final = 80
"""Characters in a variable name."""
