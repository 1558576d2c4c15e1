"""The data-flow linter: ``statewise.lint(definition)`` -> a list of :class:`Diagnostic`.

Modules: :mod:`.diagnostics` (the Diagnostic and the table of codes),
:mod:`.facts` (the field-presence lattice), :mod:`.values` (what paths,
templates and API responses make of the data), :mod:`.dataflow` (the
analysis over the transition graph), one module per family of rules
(:mod:`.rules_flow`, :mod:`.rules_paging`, :mod:`.rules_tasks`,
:mod:`.rules_quotas`, :mod:`.rules_document`) and :mod:`.linter`, which runs
them after validation.

Importing a subpackage binds its name on the parent package, so after
``import statewise.lint`` the name ``statewise.lint`` is this package, not
the function it exports. The package is therefore callable too, with the
function's signature: ``statewise.lint(definition)`` lints whichever of
the two the name holds.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from typing import Any

from statewise.lint.diagnostics import CODES, Diagnostic
from statewise.lint.linter import lint

__all__ = ["CODES", "Diagnostic", "lint"]


class _CallablePackage(types.ModuleType):
    def __call__(self, definition: Any, *, substitutions: Mapping[str, Any] | None = None) -> list[Diagnostic]:
        return lint(definition, substitutions=substitutions)


sys.modules[__name__].__class__ = _CallablePackage
