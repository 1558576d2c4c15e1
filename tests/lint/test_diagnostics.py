"""statewise.lint.diagnostics: the Diagnostic, its text, and the documented table of codes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from statewise import Diagnostic, Problem
from statewise.lint import CODES
from statewise.lint.diagnostics import diagnostic, from_problem

DOCS = Path(__file__).resolve().parents[2] / "docs" / "lint.md"


def test_str_is_pointer_severity_code_message():
    found = Diagnostic("field-discarded", "warning", "/States/A/Variable", "gone", "fix it")
    assert str(found) == "/States/A/Variable: warning: field-discarded: gone"


def test_diagnostics_are_frozen():
    found = Diagnostic("x", "info", "", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.code = "y"  # type: ignore[misc]


def test_severity_comes_from_the_table_unless_overridden():
    assert diagnostic("paging-token-mismatch", "/p", "m").severity == "error"
    assert diagnostic("unsubstituted-placeholder", "/p", "m", severity="info").severity == "info"


def test_a_problem_is_an_error_under_its_own_code():
    assert from_problem(Problem("/States/A", "unknown-state", "no such state")) == Diagnostic(
        "unknown-state", "error", "/States/A", "no such state"
    )


def test_codes_are_kebab_case_with_known_severities():
    for code, (severity, meaning) in CODES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert severity in ("error", "warning", "info")
        assert meaning


def test_every_code_is_documented_with_its_severity():
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (\w+) \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert rows == {code: severity for code, (severity, _) in CODES.items()}
