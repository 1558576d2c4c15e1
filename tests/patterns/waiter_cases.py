"""Every botocore waiter as a case for ``wait_loop``: scripted responses (``waiter_synthesis.candidates``
inverts each acceptor's argument) played to ``statewise.wait`` and to the generated loop in the local engine.

``run_waiter`` answers one (service, waiter, query language): ``inexpressible`` with the
:class:`PatternError` when ``wait_loop`` refuses it, else one :class:`Comparison` per script.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from waiter_synthesis import candidates

import statewise
from statewise.base_errors import PatternError
from statewise.integrations.sdk_names import python_method
from statewise.patterns import wait_loop
from statewise.patterns.waiting import WAITER_TIMEOUT
from statewise.specs.botocore_data import available_services
from statewise.specs.registry import find_waiter, waiter_names
from statewise.testing import FakeClock

ATTEMPTS = 3
OK = {"ResponseMetadata": {"HTTPStatusCode": 200}}


class Scripted:
    """A stand-in client: ``operation`` answers the script in order, then its last entry again."""

    def __init__(self, operation: str, script: list[Any]) -> None:
        self.method = python_method(operation)
        self.script = script
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        if name != vars(self).get("method"):
            raise AttributeError(name)
        return self.call

    def call(self, **params: Any) -> Any:
        answer = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        if isinstance(answer, Exception):
            raise answer
        return {**OK, **copy.deepcopy(answer)}  # a real client's response always has its metadata


@dataclass(frozen=True)
class Comparison:
    script: tuple[Any, ...]
    python: tuple[str, int]  # outcome, calls
    asl: tuple[str, int]


def waiters() -> list[tuple[str, str]]:
    return [(service, name) for service in available_services("waiters-2") for name in waiter_names(service)]


def scripts(spec: Any) -> list[list[Any]]:
    """One constant script per candidate of each acceptor (a success can only carry a 2xx status), and one
    that first answers a bare response."""
    found: list[list[Any]] = []
    for acceptor in spec.acceptors:
        for candidate in candidates(acceptor.to_dict()):
            status = (
                candidate.get("ResponseMetadata", {}).get("HTTPStatusCode", 200) if isinstance(candidate, dict) else 0
            )
            if status < 300:
                found.append([candidate])
                found.append([{}, candidate])
    return found


def python_outcome(service: str, spec: Any, script: list[Any], backoff: str) -> tuple[str, int]:
    client = Scripted(spec.operation, script)
    try:
        statewise.wait(
            getattr(client, client.method),
            spec=spec,
            max_attempts=ATTEMPTS,
            clock=FakeClock(),
            backoff="exponential" if backoff == "exponential" else None,
        )
    except statewise.WaiterTimeout:
        return "timeout", client.calls
    except statewise.WaiterFailed:
        return "failure", client.calls
    return "success", client.calls


def asl_outcome(service: str, definition: Any, spec: Any, script: list[Any]) -> tuple[str, int]:
    client = Scripted(spec.operation, script)
    execution = statewise.StateMachine(definition).run({}, clock=FakeClock(), aws={service: client})
    if execution.status == "SUCCEEDED":
        return "success", client.calls
    return ("timeout" if execution.error == WAITER_TIMEOUT else "failure"), client.calls


def run_waiter(service: str, name: str, query_language: str, backoff: str = "fixed") -> PatternError | list[Comparison]:
    spec = find_waiter(service, name)
    assert spec is not None
    try:
        definition = wait_loop(
            service,
            name,
            query_language=query_language,  # type: ignore[arg-type]
            max_attempts=ATTEMPTS,
            backoff=backoff,  # type: ignore[arg-type]
        )
    except PatternError as exc:
        return exc
    return [
        Comparison(
            tuple(script),
            python_outcome(service, spec, script, backoff),
            asl_outcome(service, definition, spec, script),
        )
        for script in scripts(spec)
    ]
