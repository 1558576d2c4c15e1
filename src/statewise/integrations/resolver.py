"""Which resource serves a Task: a chain of sources, asked in order.

Theory of operation: the engine never looks a Task's ``Resource`` up itself.
It asks a :class:`Resolver` for the :class:`~statewise.integrations.resources.Resource`
that serves a :class:`TaskRef` (the state's name and its
:class:`~statewise.integrations.targets.Target`); ``None`` means nothing here
serves it. A run builds one :class:`Chain` from its options,
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

__all__ = ["Bindings", "Chain", "Resolver", "TaskRef", "unserved"]


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A state asking for what serves its ``target`` (mocks answer by state name, most by target)."""

    state: str
    target: Target


class Resolver(Protocol):
    """A source of the resources that serve Tasks."""

    def resolve(self, task: TaskRef) -> Resource | None:
        """The resource that serves ``task``, or None when this source does not."""
        ...


@dataclass(frozen=True, slots=True)
class Bindings:
    """Resources bound to exact ``Resource`` texts (``resources={arn: callable}``)."""

    by_arn: Mapping[str, Resource]

    def resolve(self, task: TaskRef) -> Resource | None:
        return self.by_arn.get(task.target.arn)


@dataclass(frozen=True, slots=True)
class Chain:
    """Resolvers asked in order; the first that answers serves the Task."""

    links: tuple[Resolver, ...]

    def resolve(self, task: TaskRef) -> Resource | None:
        for link in self.links:
            found = link.resolve(task)
            if found is not None:
                return found
        return None


def unserved(resolver: Resolver, tasks: Iterable[TaskRef]) -> list[TaskRef]:
    """The tasks ``resolver`` cannot serve, in the order given."""
    return [task for task in dict.fromkeys(tasks) if resolver.resolve(task) is None]
