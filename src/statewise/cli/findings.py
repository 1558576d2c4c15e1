"""Findings about files -- validation problems, lint diagnostics -- as text, JSON or SARIF.

Theory of operation: a finding is anything with ``code``, ``pointer`` and
``message`` (:class:`Finding`); ``severity`` (``"error"`` when absent, an
enum's value when an enum) and ``fix`` are read when the object has them, so
:class:`statewise.Problem` and the linter's ``Diagnostic`` both fit. The
formats are a table (:data:`FORMATS`): ``text`` is one line per finding,
``file:pointer: code: message``, as compilers and ruff print them (a fix,
when known, on an indented line after it); ``json`` a list of objects;
``sarif`` a SARIF 2.1.0 log with one run, for code-scanning tools (the
pointer is the logical location: there are no line numbers to give).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

from statewise import __version__

__all__ = ["FORMATS", "Finding", "Located", "render"]

_SARIF_LEVELS: Final = {"error": "error", "warning": "warning", "info": "note", "note": "note", "hint": "note"}


class Finding(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def pointer(self) -> str: ...

    @property
    def message(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Located:
    """A finding in the file at ``source``."""

    source: str
    finding: Finding

    @property
    def severity(self) -> str:
        value = getattr(self.finding, "severity", "error")
        return str(getattr(value, "value", value)).lower()

    @property
    def fix(self) -> str | None:
        fix = getattr(self.finding, "fix", None)
        return None if fix is None else str(fix)

    @property
    def where(self) -> str:
        return self.finding.pointer or "/"

    def to_dict(self) -> dict[str, Any]:
        found = self.finding
        return {"file": self.source, "pointer": self.where, "code": found.code, "severity": self.severity,
                "message": found.message, "fix": self.fix}  # fmt: skip


def _text(found: Sequence[Located]) -> str:
    lines = []
    for item in found:
        lines.append(f"{item.source}:{item.where}: {item.finding.code}: {item.finding.message}")
        if item.fix:
            lines.append(f"    fix: {item.fix}")
    return "".join(line + "\n" for line in lines)


def _json(found: Sequence[Located]) -> str:
    return json.dumps([item.to_dict() for item in found], indent=2) + "\n"


def _sarif(found: Sequence[Located]) -> str:
    rules = sorted({item.finding.code for item in found})
    results = [
        {
            "ruleId": item.finding.code,
            "level": _SARIF_LEVELS.get(item.severity, "warning"),
            "message": {"text": item.finding.message + (f" Fix: {item.fix}" if item.fix else "")},
            "locations": [
                {
                    "physicalLocation": {"artifactLocation": {"uri": item.source}},
                    "logicalLocations": [{"fullyQualifiedName": item.where, "kind": "element"}],
                }
            ],
        }
        for item in found
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "statewise",
                        "version": __version__,
                        "rules": [{"id": code, "shortDescription": {"text": code}} for code in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


FORMATS: Final[dict[str, Callable[[Sequence[Located]], str]]] = {"text": _text, "json": _json, "sarif": _sarif}


def render(found: Sequence[Located], format: str) -> str:
    """``found`` in ``format`` (a key of :data:`FORMATS`)."""
    return FORMATS[format](found)
