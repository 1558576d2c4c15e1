"""Waiter specs: one entry of botocore's ``waiters-2.json``, validated and compiled.

Theory of operation: ``WaiterSpec.from_dict`` checks every key of a
single-waiter object (``delay``, ``maxAttempts``, ``operation``,
``acceptors``, ``description``) and compiles each acceptor's JMESPath
``argument`` once; a bad spec raises :class:`SpecError` naming the spec and
a JSON pointer to the key.

An :class:`Acceptor` answers one question about an *observation*: the dict
botocore's waiter looks at, which is the response of a call or, when the
call failed, the parsed error response (``{"Error": {"Code", "Message"},
"ResponseMetadata": ...}``). Each matcher is a row of ``_MATCHERS``: a
*look* that reads what the acceptor inspects from the observation and a
*test* that compares it with ``expected``. The rows follow botocore:

- ``path``, ``pathAll``, ``pathAny`` never match an error response;
  ``pathAll``/``pathAny`` need a non-empty list;
- ``status`` reads ``ResponseMetadata.HTTPStatusCode``, on responses and
  error responses alike;
- ``error`` with a code matches ``Error.Code``; ``true`` matches any error,
  ``false`` matches any response without an ``Error``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from statewise.errors import SpecError
from statewise.specs.expressions import Expr, check_object, compile_expr

__all__ = ["Acceptor", "AcceptorState", "WaiterSpec", "is_error_response"]


class _Missing:
    """Marks "nothing to look at": no error in a response, or a path over an error response."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()
_SPEC_KEYS = frozenset({"delay", "maxAttempts", "operation", "acceptors", "description"})
_ACCEPTOR_KEYS = frozenset({"state", "matcher", "expected", "argument"})


class AcceptorState(StrEnum):
    """What the waiter does when an acceptor matches."""

    SUCCESS = "success"
    RETRY = "retry"
    FAILURE = "failure"


def is_error_response(observation: Any) -> bool:
    """True when ``observation`` carries a service error (``{"Error": {"Code": ...}}``)."""
    if not isinstance(observation, Mapping):
        return False
    error = observation.get("Error")
    return isinstance(error, Mapping) and "Code" in error


def _look_path(acceptor: Acceptor, observation: Any) -> Any:
    if is_error_response(observation):
        return _MISSING
    assert acceptor.argument is not None  # checked when the spec loaded
    return acceptor.argument.search(observation)


def _look_status(acceptor: Acceptor, observation: Any) -> Any:
    metadata = observation.get("ResponseMetadata") if isinstance(observation, Mapping) else None
    return metadata.get("HTTPStatusCode") if isinstance(metadata, Mapping) else None


def _look_error(acceptor: Acceptor, observation: Any) -> Any:
    if not isinstance(observation, Mapping):
        return _MISSING
    return observation.get("Error", _MISSING)


def _test_equal(seen: Any, expected: Any) -> bool:
    return seen is not _MISSING and bool(seen == expected)


def _test_all(seen: Any, expected: Any) -> bool:
    return isinstance(seen, list) and bool(seen) and all(item == expected for item in seen)


def _test_any(seen: Any, expected: Any) -> bool:
    return isinstance(seen, list) and any(item == expected for item in seen)


def _test_error(seen: Any, expected: Any) -> bool:
    if expected is False:
        return seen is _MISSING
    if not isinstance(seen, Mapping):
        return False
    return "Code" in seen if expected is True else bool(seen.get("Code", "") == expected)


@dataclass(frozen=True, slots=True)
class _Matcher:
    look: Callable[[Acceptor, Any], Any]
    test: Callable[[Any, Any], bool]
    takes_argument: bool
    expected_types: tuple[type, ...]


_ANY_JSON = (str, int, float, bool, list, dict, type(None))
_MATCHERS: dict[str, _Matcher] = {
    "path": _Matcher(_look_path, _test_equal, True, _ANY_JSON),
    "pathAll": _Matcher(_look_path, _test_all, True, _ANY_JSON),
    "pathAny": _Matcher(_look_path, _test_any, True, _ANY_JSON),
    "status": _Matcher(_look_status, _test_equal, False, (int,)),
    "error": _Matcher(_look_error, _test_error, False, (str, bool)),
}


@dataclass(frozen=True, slots=True)
class Acceptor:
    """One acceptor of a waiter: when ``matcher`` finds ``expected``, enter ``state``.

    ``index`` is the acceptor's position in the spec's list, so messages can
    name it (``/acceptors/2``).
    """

    index: int
    state: AcceptorState
    matcher: str
    expected: Any
    argument: Expr | None = None

    @classmethod
    def from_dict(cls, data: Any, *, index: int = 0, spec: str = "<spec>") -> Acceptor:
        """Build an acceptor from its ``waiters-2.json`` form, raising :class:`SpecError` if bad."""
        where = f"/acceptors/{index}"
        check_object(
            data,
            what="an acceptor",
            allowed=_ACCEPTOR_KEYS,
            required=("state", "matcher", "expected"),
            spec=spec,
            where=where,
        )
        state = data["state"]
        if state not in AcceptorState.__members__.values():
            raise SpecError(
                f"unknown state {state!r}; expected one of failure, retry, success",
                spec=spec,
                where=f"{where}/state",
            )
        matcher = _MATCHERS.get(data["matcher"]) if isinstance(data["matcher"], str) else None
        if matcher is None:
            raise SpecError(
                f"unknown matcher {data['matcher']!r}; expected one of {', '.join(_MATCHERS)}",
                spec=spec,
                where=f"{where}/matcher",
            )
        expected = data["expected"]
        if not isinstance(expected, matcher.expected_types) or (
            bool not in matcher.expected_types and isinstance(expected, bool)
        ):
            kinds = " or ".join(t.__name__ for t in matcher.expected_types)
            raise SpecError(
                f"{data['matcher']} expects {kinds}, got {expected!r}",
                spec=spec,
                where=f"{where}/expected",
            )
        argument = None
        if matcher.takes_argument:
            if "argument" not in data:
                raise SpecError(
                    f"matcher {data['matcher']!r} needs an 'argument' (a JMESPath expression)",
                    spec=spec,
                    where=f"{where}/argument",
                )
            argument = compile_expr(data["argument"], spec=spec, where=f"{where}/argument")
        return cls(index, AcceptorState(state), data["matcher"], expected, argument)

    def to_dict(self) -> dict[str, Any]:
        """The acceptor in ``waiters-2.json`` form."""
        out: dict[str, Any] = {"state": self.state.value, "matcher": self.matcher, "expected": self.expected}
        if self.argument is not None:
            out["argument"] = self.argument.source
        return out

    def look(self, observation: Any) -> Any:
        """What this acceptor inspects in ``observation`` (a path's value, a status, an error)."""
        return _MATCHERS[self.matcher].look(self, observation)

    def matches(self, observation: Any) -> bool:
        """True when this acceptor accepts ``observation`` (a response or an error response)."""
        row = _MATCHERS[self.matcher]
        return row.test(row.look(self, observation), self.expected)

    def describe(self) -> str:
        """This acceptor in words: ``acceptor 2 (failure when path Table.TableStatus == "DELETING")``."""
        return f"acceptor {self.index} ({self.state.value} when {self._condition()})"

    def describe_seen(self, observation: Any) -> str:
        """What this acceptor saw in ``observation``, in words."""
        seen = self.look(observation)
        if self.matcher == "error":
            if seen is _MISSING:
                return "saw no error"
            code = seen.get("Code") if isinstance(seen, Mapping) else seen
            return f"saw error {code}"
        if seen is _MISSING:
            return "saw an error response"
        return f"saw {_short(seen)}"

    def _condition(self) -> str:
        if self.matcher == "error":
            if isinstance(self.expected, bool):
                return "error: any error" if self.expected else "error: no error"
            return f"error Code == {_short(self.expected)}"
        if self.matcher == "status":
            return f"status HTTPStatusCode == {self.expected}"
        assert self.argument is not None
        quantifier = {"path": "", "pathAll": " (every element)", "pathAny": " (some element)"}
        return f"{self.matcher} {self.argument.source}{quantifier[self.matcher]} == {_short(self.expected)}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_acceptor, (self.to_dict(), self.index))


def _rebuild_acceptor(data: dict[str, Any], index: int) -> Acceptor:
    return Acceptor.from_dict(data, index=index)


def _short(value: Any, limit: int = 120) -> str:
    try:
        text = json.dumps(value, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True, slots=True)
class WaiterSpec:
    """How to wait: call ``operation`` every ``delay`` seconds, at most ``max_attempts`` times,
    until an acceptor (tried in order, first match wins) says success or failure."""

    name: str
    operation: str
    delay: float
    max_attempts: int
    acceptors: tuple[Acceptor, ...]
    description: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, name: str = "<spec>") -> WaiterSpec:
        """Build a spec from a ``waiters-2.json`` entry, raising :class:`SpecError` if bad."""
        check_object(
            data,
            what="a waiter spec",
            allowed=_SPEC_KEYS,
            required=("operation", "delay", "maxAttempts", "acceptors"),
            spec=name,
        )
        operation, delay, max_attempts = data["operation"], data["delay"], data["maxAttempts"]
        if not isinstance(operation, str) or not operation:
            raise SpecError(
                f"operation must be an API operation name, got {operation!r}", spec=name, where="/operation"
            )
        if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
            raise SpecError(f"delay must be a number of seconds >= 0, got {delay!r}", spec=name, where="/delay")
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise SpecError(
                f"maxAttempts must be an integer >= 1, got {max_attempts!r}", spec=name, where="/maxAttempts"
            )
        acceptors = data["acceptors"]
        if not isinstance(acceptors, list) or not acceptors:
            raise SpecError("acceptors must be a non-empty list", spec=name, where="/acceptors")
        description = data.get("description", "")
        if not isinstance(description, str):
            raise SpecError(f"description must be a string, got {description!r}", spec=name, where="/description")
        return cls(
            name=name,
            operation=operation,
            delay=delay,
            max_attempts=max_attempts,
            acceptors=tuple(Acceptor.from_dict(a, index=i, spec=name) for i, a in enumerate(acceptors)),
            description=description,
        )

    def to_dict(self) -> dict[str, Any]:
        """The spec in ``waiters-2.json`` single-waiter form."""
        out: dict[str, Any] = {
            "delay": self.delay,
            "maxAttempts": self.max_attempts,
            "operation": self.operation,
            "acceptors": [a.to_dict() for a in self.acceptors],
        }
        if self.description:
            out["description"] = self.description
        return out
