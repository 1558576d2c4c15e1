"""What deploying to and running on AWS Step Functions refuse: the errors of :mod:`statewise.remote`."""

from __future__ import annotations

from collections.abc import Sequence

from statewise.base_errors import StatewiseError, UnknownNameError, with_suggestions
from statewise.lint.diagnostics import Diagnostic

__all__ = ["DeployError", "DeployRefused", "LocalBindingsRefused", "StateMachineNotFound"]


class DeployError(StatewiseError):
    """A deployment cannot go ahead as asked (nothing was sent); the message says why and what to do."""


class DeployRefused(DeployError, ValueError):
    """The definition has errors Step Functions would reject; ``diagnostics`` lists them (``force=True`` sends it
    anyway)."""

    def __init__(self, diagnostics: Sequence[Diagnostic], *, advice: str = "fix them, or pass force=True") -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        count = len(self.diagnostics)
        lines = "\n".join(f"  {item}" for item in self.diagnostics)
        super().__init__(f"not deployed: {count} error{'s' * (count != 1)} in the definition ({advice}):\n{lines}")


class LocalBindingsRefused(DeployRefused):
    """Task resources only statewise can serve (Python callables, simulated services bound by name) have no real
    ARN; ``unbound`` names each, ``diagnostics`` says where. Map each with ``bindings={name: arn}``."""

    def __init__(self, diagnostics: Sequence[Diagnostic], unbound: Sequence[str]) -> None:
        super().__init__(diagnostics, advice="map each to a real ARN with bindings={name: arn} or --bind NAME=ARN")
        self.unbound: tuple[str, ...] = tuple(unbound)


class StateMachineNotFound(DeployError, UnknownNameError):
    """No state machine of that name is in the account and region; ``suggestions`` are close names there."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        message = f"no state machine named {name!r} in this account and region; deploy it with `statewise deploy`"
        super().__init__(with_suggestions(message, suggestions))
        self.name = name
        self.suggestions = suggestions
