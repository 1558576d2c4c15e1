"""What the linter reports: :class:`Diagnostic` and the table of its codes.

Theory of operation: every finding is a frozen :class:`Diagnostic` with a
stable kebab-case ``code``, a ``severity``, the JSON ``pointer`` of the field
it is about, a one-sentence ``message`` and, where one exists, a ``fix``.
Severities are not chosen where a rule fires: they come from :data:`CODES`,
the one table that documents every code the linter's rules can give (the
same table is in ``docs/lint.md``). ``error`` means Step Functions rejects
the definition; ``warning`` that it deploys but runs go wrong (fail, or
quietly do less than written); ``info`` that something could not be
checked. A definition that does not validate gives
its validation problems as ``error`` diagnostics under their own codes
(:func:`from_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from statewise.base_errors import Problem

__all__ = ["CODES", "Diagnostic", "Severity", "diagnostic", "from_problem"]

Severity = Literal["error", "warning", "info"]

CODES: Final[dict[str, tuple[Severity, str]]] = {
    "top-level-field-in-states": (
        "error",
        "a machine-level field (QueryLanguage, TimeoutSeconds, ...) is written inside 'States'",
    ),
    "field-discarded": (
        "warning",
        "a field a state reads is discarded on every path to it (OutputPath, ResultPath, Parameters, ...)",
    ),
    "field-never-produced": (
        "warning",
        "a field a state reads is never in the data: the API's response has no such member",
    ),
    "field-missing-on-some-path": (
        "warning",
        "a field a state uses (an IsPresent test excepted) is discarded or never produced on some path to it",
    ),
    "choice-rule-never-matches": ("warning", "a Choice rule can never match, so its branch is never taken"),
    "choice-default-never-taken": ("warning", "a Choice rule always matches, so 'Default' and later rules are dead"),
    "state-never-reached": ("warning", "a state is reachable only through Choice branches that are never taken"),
    "loop-without-exit": ("warning", "states that can never reach a Succeed, a Fail or an End state"),
    "paging-token-mismatch": (
        "error",
        "a pagination loop's token name is not the one the API's paginator uses",
    ),
    "map-passes-items-through": (
        "warning",
        "a Map's item processor only passes items through (Pass states without Result or Parameters)",
    ),
    "unknown-sdk-service": ("info", "an aws-sdk Task names a service botocore has no model for"),
    "unknown-sdk-action": ("error", "an aws-sdk Task names an action its service does not have"),
    "unknown-sdk-parameter": ("error", "an aws-sdk Task passes a parameter the API's input shape does not have"),
    "sdk-parameter-case": (
        "error",
        "an aws-sdk Task parameter differs from the API's member only in case (Step Functions uses PascalCase)",
    ),
    "missing-sdk-parameter": ("warning", "an aws-sdk Task lacks a parameter the API requires"),
    "unsubstituted-placeholder": (
        "warning",
        "a ${Name} placeholder has no value among the substitutions given (info when none are given)",
    ),
    "retry-non-idempotent": (
        "warning",
        "a Retry repeats a call with side effects (create/put/send/...) over 10 times after errors that may follow it",
    ),
    "payload-over-quota": ("warning", "a literal payload is larger than the 256 KiB Step Functions allows"),
    "definition-over-quota": ("error", "the definition is larger than the 1 MB Step Functions allows"),
    "map-concurrency-over-quota": (
        "warning",
        "a distributed Map's MaxConcurrency is above the 10,000 child executions AWS runs at once",
    ),
}
"""code -> (severity, what it means), for every code the linter's own rules give."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where (a JSON pointer into the definition), how bad, what, and how to fix it."""

    code: str
    severity: Severity
    pointer: str
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        return f"{self.pointer}: {self.severity}: {self.code}: {self.message}"


def diagnostic(
    code: str, pointer: str, message: str, fix: str | None = None, *, severity: Severity | None = None
) -> Diagnostic:
    """A diagnostic of ``code``, with the severity :data:`CODES` gives it unless the table says otherwise."""
    return Diagnostic(code, severity or CODES[code][0], pointer, message, fix)


def from_problem(problem: Problem) -> Diagnostic:
    """A validation problem as an ``error`` diagnostic under the problem's own code."""
    return Diagnostic(problem.code, "error", problem.pointer, problem.message)
