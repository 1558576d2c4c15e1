"""``StateMachineDefinition``: a chain rendered as a whole ASL definition, checked by statewise's validator."""

from __future__ import annotations

import json
from typing import Any

from statewise.base_errors import DefinitionError
from statewise.builder.states import Chain, State, render_graph
from statewise.builder.values import Duration, QueryLanguage

__all__ = ["StateMachineDefinition"]


class StateMachineDefinition:
    """The definition that starts at ``chain`` (CDK's ``DefinitionBody.from_chainable``)."""

    def __init__(
        self,
        chain: State | Chain,
        *,
        comment: str | None = None,
        timeout: Duration | None = None,
        query_language: QueryLanguage | None = None,
    ) -> None:
        self.chain = chain
        self.comment = comment
        self.timeout = timeout
        self.query_language = query_language

    def to_dict(self) -> dict[str, Any]:
        """The definition as a dict; raises :class:`DefinitionError` (every problem, with pointers) if invalid."""
        from statewise.asl.parse import validate  # noqa: PLC0415 - the engine's validator, when one is rendered

        start = self.chain.start_state
        definition: dict[str, Any] = {}
        if self.comment is not None:
            definition["Comment"] = self.comment
        if self.query_language is not None:
            definition["QueryLanguage"] = self.query_language
        if self.timeout is not None:
            definition["TimeoutSeconds"] = self.timeout.to_seconds()
        definition.update({"StartAt": start.id, "States": render_graph(start)})
        problems = validate(definition)
        if problems:
            raise DefinitionError(problems)
        return definition

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)
