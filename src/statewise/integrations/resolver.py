"""Which resource serves a Task: a chain of sources, asked in order.

Theory of operation: the engine never looks a Task's ``Resource`` up itself.
It asks a :class:`Resolver` for the :class:`~statewise.integrations.resources.Resource`
that serves a :class:`~statewise.integrations.targets.Target`; ``None`` means
nothing here serves it. A run builds one :class:`Chain` from its options,
most specific first: explicit bindings (``resources={arn: callable}``), then
mocks, then a source of AWS clients; the first link that answers wins. Because
the chain is asked about every Task before an execution starts
(:func:`unserved`), a run never discovers halfway, after side effects, that
a Task has nothing behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from statewise.integrations.resources import Resource
from statewise.integrations.targets import Target

__all__ = ["Bindings", "Chain", "Resolver", "unserved"]


class Resolver(Protocol):
    """A source of the resources that serve Tasks."""

    def resolve(self, target: Target) -> Resource | None:
        """The resource that serves ``target``, or None when this source does not."""
        ...


@dataclass(frozen=True, slots=True)
class Bindings:
    """Resources bound to exact ``Resource`` texts (``resources={arn: callable}``)."""

    by_arn: Mapping[str, Resource]

    def resolve(self, target: Target) -> Resource | None:
        return self.by_arn.get(target.arn)


@dataclass(frozen=True, slots=True)
class Chain:
    """Resolvers asked in order; the first that answers serves the Task."""

    links: tuple[Resolver, ...]

    def resolve(self, target: Target) -> Resource | None:
        for link in self.links:
            found = link.resolve(target)
            if found is not None:
                return found
        return None


def unserved(resolver: Resolver, targets: Iterable[Target]) -> list[Target]:
    """The targets ``resolver`` cannot serve, each once, in the order given."""
    seen: dict[str, Target] = {}
    for target in targets:
        if target.arn not in seen and resolver.resolve(target) is None:
            seen[target.arn] = target
    return list(seen.values())
