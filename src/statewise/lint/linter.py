"""``statewise.lint``: validation problems first, then every rule that the model makes possible.

Theory of operation: the definition is read once into its substituted
document (:func:`~statewise.asl.source.definition_document`). Its
validation problems come first, as errors; a machine-level field written
inside ``States`` is told as such (:func:`_refined`) instead of as the odd
state it looks like. The rules that need only the document (placeholders,
its size) always run; the rules that need the model run when the model can
be built, i.e. when there is no validation problem: the data flow
(:mod:`.rules_flow`), pagination loops (:mod:`.rules_paging`), Map
processors, AWS SDK parameters and retries (:mod:`.rules_tasks`), quotas
(:mod:`.rules_quotas`). The rules run from the most specific to the most
general, the document's last, and one place gets one finding: a later
diagnostic at a pointer an earlier one already names is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from statewise.asl.fields import MACHINE_FIELDS
from statewise.asl.parse import parse, validate
from statewise.asl.source import definition_document
from statewise.base_errors import Problem
from statewise.lint.dataflow import analyse
from statewise.lint.diagnostics import Diagnostic, diagnostic, from_problem
from statewise.lint.rules_document import document_diagnostics
from statewise.lint.rules_flow import flow_diagnostics
from statewise.lint.rules_paging import paging_diagnostics
from statewise.lint.rules_quotas import quota_diagnostics
from statewise.lint.rules_tasks import task_diagnostics

__all__ = ["lint"]

_IN_STATES: Final = re.compile(r"(?P<program>.*)/States/(?P<name>[^/]+)")


def lint(definition: Any, *, substitutions: Mapping[str, Any] | None = None) -> list[Diagnostic]:
    """Every diagnostic for ``definition`` (a dict, JSON text or a ``Path``), validation problems first.

    ``substitutions`` fills ``${Name}`` placeholders as SAM/CDK ``DefinitionSubstitutions`` do.
    """
    doc, unreadable = definition_document(definition, substitutions)
    if unreadable:
        return [from_problem(problem) for problem in unreadable]
    problems = validate(doc)
    found = _validation(problems)
    seen = {item.pointer for item in found}
    rules = []
    if not problems:
        program = parse(doc)
        rules += flow_diagnostics(analyse(program, doc))
        rules += paging_diagnostics(program, doc)
        rules += task_diagnostics(program, doc)
        rules += quota_diagnostics(program, doc)
    rules += document_diagnostics(doc, substitutions)
    for item in rules:
        if item.pointer not in seen:
            seen.add(item.pointer)
            found.append(item)
    return found


def _validation(problems: list[Problem]) -> list[Diagnostic]:
    """The validation problems as errors; a misplaced machine field replaces the others at its pointer."""
    found = [_refined(problem) for problem in problems]
    moved = {item.pointer for item in found if item.code == "top-level-field-in-states"}
    return [item for item in found if item.pointer not in moved or item.code == "top-level-field-in-states"]


def _refined(problem: Problem) -> Diagnostic:
    """The diagnostic of a validation problem; a machine field inside ``States`` gets its own code and fix."""
    match = _IN_STATES.fullmatch(problem.pointer)
    if match is not None and match["name"] in MACHINE_FIELDS and problem.code == "bad-type":
        name = match["name"]
        where = f"the program at {match['program']}" if match["program"] else "the top level"
        return diagnostic(
            "top-level-field-in-states",
            problem.pointer,
            f"{name!r} is written inside 'States', where every member is a state; AWS rejects the definition",
            f"move {name!r} out of 'States' to {where}",
        )
    return from_problem(problem)
