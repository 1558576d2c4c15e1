"""What a template reads besides the state data: the :class:`Env` of one evaluation.

Theory of operation: paths, intrinsics and JSONata expressions read the
state's data and, through one :class:`Env`, the context object (``$$``), the
workflow variables in scope, the execution's random generator and, in
JSONata states, the ``$states`` object. JSONata expressions are evaluated
with no input document and with ``$states`` and the variables bound; the
bindings are built once per :class:`Env` (:meth:`Env.bindings`), so a state
that evaluates several expressions binds them once.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from statewise.asl.jsonata import Bindings, bind

__all__ = ["Env"]


@dataclass(slots=True)
class Env:
    """What a template reads besides the state data: ``$$``, variables, ``$states``, the random generator."""

    context: Any = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    states: dict[str, Any] | None = None
    _bound: Bindings | None = None

    def bindings(self) -> Bindings:
        """The JSONata bindings (variables and ``$states``), built on first use."""
        if self._bound is None:
            self._bound = bind({**self.variables, "states": self.states})
        return self._bound

    def with_states(self, **entries: Any) -> Env:
        """A copy whose ``$states`` also holds ``entries`` (``result=...``, ``errorOutput=...``)."""
        return Env(self.context, self.variables, self.rng, {**(self.states or {}), **entries})
