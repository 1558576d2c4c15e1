"""Step Functions Local's MockConfigFile: mocked Task results per test case, read, checked and served.

Theory of operation: a MockConfigFile (AWS's "Configuration file for mocked
service integrations") has two parts. ``StateMachines`` maps a state
machine's name to its ``TestCases``, and each test case maps state names to
the names of mocked responses. ``MockedResponses`` maps those names to what
consecutive invocations of a mocked state answer: keys are invocation
numbers, counted from 0, alone (``"0"``) or as inclusive ranges
(``"1-2"``); each value holds ``{"Return": result}`` or
``{"Throw": {"Error": ..., "Cause": ...}}``.

:meth:`MockConfig.load` reads the file (a dict, JSON text, or a path) and
checks all of it before anything runs, raising
:class:`~statewise.errors.MockConfigError` at the first fault with a JSON
pointer to it. Stricter than Step Functions Local, it also refuses what
could only fail later: a response with a gap in its numbering or overlapping
keys, a test case naming a response the file lacks or (given the machine's
Tasks) a state that calls nothing.

:meth:`MockConfig.link` builds, for one machine and test case, a
:class:`MockConfigLink`: a :class:`~statewise.integrations.resolver.Resolver`
that answers for the states the test case mocks, whatever their
``Resource``, with one :class:`~statewise.integrations.resources.Resource`
per state. That resource counts the state's invocations from 0 over the
whole run, and the count decides the answer, as Step Functions Local's
documentation describes:

* each attempt is an invocation, so retries consume responses ("0-1" throwing
  and "2" returning succeed on the second retry);
* every Map iteration that reaches the state is an invocation of it,
  numbered in the order the calls start: with ``MaxConcurrency`` 1 that is
  item order; with more, the responses go to the iterations in an order
  that may change from run to run (AWS's note on Map states says the same);
  a distributed Map's child executions count like iterations, and its
  ``ItemReader``/``ResultWriter`` calls are asked under the Map state's name;
* counts are per state: Parallel branches hold distinct states (names are
  unique in a machine), each counting from 0 even when two name the same
  mocked response;
* an invocation past the last numbered response fails the execution
  (``States.Runtime``, which no Retry or Catch handles), as AWS documents
  "If you do not specify a mocked response, the state machine execution
  will fail".

``Return`` is the Task's raw result (before ResultSelector and ResultPath);
``Throw`` fails the Task with that error and cause, so Retry and Catch see it
as they would see the service's. ``Cause`` may be left out (the error then
has none, as AWS records some timeouts).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, TypeAlias

from statewise.base_errors import MockConfigError, StatesError, UnknownTestCaseError, with_suggestions
from statewise.clients import close_matches
from statewise.documents import DocumentError, load_file, load_text
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource

__all__ = [
    "MockConfig",
    "MockConfigLink",
    "MockConfigSource",
    "MockReturn",
    "MockSpan",
    "MockThrow",
    "MockedResponse",
    "mock_link",
]

_TOP: Final = ("StateMachines", "MockedResponses")
_MACHINE: Final = ("TestCases",)
_ENTRY: Final = ("Return", "Throw")
_THROW: Final = ("Error", "Cause")
_INVOCATIONS: Final = re.compile(r"(\d+)(?:-(\d+))?")


@dataclass(frozen=True, slots=True)
class MockReturn:
    """``{"Return": result}``: the result, kept as JSON text so that each invocation gets its own copy."""

    text: str

    def answer(self) -> Any:
        return json.loads(self.text)


@dataclass(frozen=True, slots=True)
class MockThrow:
    """``{"Throw": {"Error": ..., "Cause": ...}}``: the Task fails with this error and cause."""

    error: str
    cause: str | None = None

    def answer(self) -> Any:
        raise StatesError(self.error, self.cause)


@dataclass(frozen=True, slots=True)
class MockSpan:
    """The invocations ``first`` to ``last`` (inclusive) of a mocked response, and their answer."""

    key: str
    first: int
    last: int
    answer: MockReturn | MockThrow


@dataclass(frozen=True, slots=True)
class MockedResponse:
    """One entry of ``MockedResponses``: what invocations 0, 1, ... of a mocked state answer."""

    name: str
    spans: tuple[MockSpan, ...]  # in invocation order, from 0, without gaps

    @property
    def invocations(self) -> int:
        """How many invocations the response answers."""
        return self.spans[-1].last + 1

    def at(self, invocation: int) -> MockReturn | MockThrow | None:
        """The answer to the 0-based ``invocation``, or None past the last one."""
        return next((span.answer for span in self.spans if span.first <= invocation <= span.last), None)


@dataclass(frozen=True, slots=True)
class MockConfig:
    """A MockConfigFile, checked: each machine's test cases, and the mocked responses they name.

    ``test_cases`` maps a state machine's name to its test cases, each a mapping of state names
    to the :class:`MockedResponse` it answers with; ``source`` is the file's path, if read from one.
    """

    test_cases: Mapping[str, Mapping[str, Mapping[str, MockedResponse]]]
    source: str | None = None

    @classmethod
    def load(cls, source: MockConfigSource) -> MockConfig:
        """``source`` read and checked; raises MockConfigError naming the first fault and where it is."""
        if isinstance(source, MockConfig):
            return source
        origin = os.fspath(source) if isinstance(source, os.PathLike) else None
        return _Reader(origin).config(_document(source, origin))

    def link(self, machine: str, test_case: str, *, tasks: Iterable[TaskRef] | None = None) -> MockConfigLink:
        """The resolver link serving ``test_case`` of the machine named ``machine``, its counts at 0.

        Given ``tasks`` (every Task of that machine), a mocked state that is none of them is refused.
        """
        cases = self.test_cases.get(machine)
        if cases is None:
            raise self._unknown("state machine", machine, self.test_cases, "/StateMachines")
        states = cases.get(test_case)
        if states is None:
            where = _pointer("StateMachines", machine, "TestCases")
            raise self._unknown(f"test case of {machine!r}", test_case, cases, where)
        if tasks is not None:
            self._check_states(machine, test_case, states, {task.state for task in tasks})
        return MockConfigLink(machine, test_case, MappingProxyType({s: _MockedState(s, r) for s, r in states.items()}))

    def _unknown(self, what: str, name: str, known: Mapping[str, Any], where: str) -> UnknownTestCaseError:
        listed = ", ".join(repr(k) for k in known) or "none"
        return UnknownTestCaseError(
            f"the mock config has no {what} named {name!r} (it has {listed})",
            name=name,
            suggestions=close_matches(name, known),
            where=where,
            source=self.source,
        )

    def _check_states(self, machine: str, test_case: str, states: Mapping[str, Any], tasks: set[str]) -> None:
        """Refuse a mocked state that is no Task of the machine: a typo would leave the real one unmocked."""
        for state in states:
            if state not in tasks:
                message = (
                    f"test case {test_case!r} mocks {state!r}, which is not a Task state of {machine!r} "
                    f"(its Task states: {', '.join(repr(t) for t in sorted(tasks)) or 'none'}); "
                    "name the state as the definition does"
                )
                raise MockConfigError(
                    with_suggestions(message, close_matches(state, tasks)),
                    where=_pointer("StateMachines", machine, "TestCases", test_case, state),
                    source=self.source,
                )


MockConfigSource: TypeAlias = MockConfig | Mapping[str, Any] | str | bytes | os.PathLike[str]
"""What ``mock_config=`` takes: a loaded :class:`MockConfig`, a dict, JSON text, or a path to a JSON file."""


@dataclass(frozen=True, slots=True)
class MockConfigLink:
    """A resolver link: the states one test case mocks, each served by its own invocation count."""

    machine: str
    test_case: str
    states: Mapping[str, Resource]

    def resolve(self, task: TaskRef) -> Resource | None:
        return self.states.get(task.state)


@dataclass(eq=False, slots=True)
class _MockedState:
    """A mocked state's :class:`Resource`: invocation ``n`` of the run gets the response's answer ``n``."""

    state: str
    response: MockedResponse
    calls: Iterator[int] = field(default_factory=itertools.count)
    blocking = False  # answers at once, on the loop

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        # numbered before anything awaits: concurrent Map iterations take numbers in the order they call
        invocation = next(self.calls)
        answer = self.response.at(invocation)
        if answer is None:
            raise StatesError(
                "States.Runtime",
                f"The mocked response {self.response.name!r} of state {self.state!r} has no answer for invocation "
                f"{invocation} (it numbers 0 to {self.response.invocations - 1}); add one to the MockConfigFile.",
            )
        return answer.answer()


def mock_link(
    mock_config: MockConfigSource | None,
    test_case: str | None,
    *,
    machine: str,
    tasks: Iterable[TaskRef] | None = None,
) -> MockConfigLink | None:
    """The link serving ``test_case`` of ``machine`` in ``mock_config`` (None when given neither).

    Given ``tasks`` (the machine's Tasks), a test case may mock only those.
    """
    if mock_config is None and test_case is None:
        return None
    if mock_config is None or test_case is None:
        given, missing = ("mock_config", "test_case") if test_case is None else ("test_case", "mock_config")
        raise MockConfigError(
            f"{given}= was given without {missing}=; pass both: the MockConfigFile and the name of one "
            "of its test cases for this machine"
        )
    return MockConfig.load(mock_config).link(machine, test_case, tasks=tasks)


def _document(source: Any, origin: str | None) -> Any:
    """The JSON value ``source`` is or holds."""
    try:
        if isinstance(source, os.PathLike):
            return load_file(source)
        if isinstance(source, str | bytes):
            return load_text(source)
    except DocumentError as exc:
        hint = ""
        if isinstance(source, str) and not source.lstrip().startswith("{"):
            hint = "; a str is JSON text: to read a file, pass a pathlib.Path"
        place = f" at line {exc.line}, column {exc.column}" if exc.line is not None else ""
        raise MockConfigError(f"the mock config is {exc.reason}{place}{hint}", where="", source=origin) from None
    return source


def _pointer(*keys: str) -> str:
    """The JSON pointer (RFC 6901) of the value reached through ``keys``."""
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


@dataclass(frozen=True, slots=True)
class _Reader:
    """Checks a MockConfigFile's JSON value and builds its model, failing at the first fault."""

    source: str | None

    def fail(self, message: str, *keys: str) -> MockConfigError:
        return MockConfigError(message, where=_pointer(*keys), source=self.source)

    def config(self, doc: Any) -> MockConfig:
        top = self.fields(doc, _TOP, "the mock config")
        for key in _TOP:
            if key not in top:
                raise self.fail(f"the mock config has no {key!r} object; add one (see AWS's MockConfigFile format)")
        responses = {
            name: self.response(name, value)
            for name, value in self.object(top["MockedResponses"], "MockedResponses").items()
        }
        machines = self.object(top["StateMachines"], "StateMachines")
        test_cases = {name: self.machine(name, value, responses) for name, value in machines.items()}
        return MockConfig(MappingProxyType(test_cases), self.source)

    def machine(
        self, name: str, doc: Any, responses: Mapping[str, MockedResponse]
    ) -> Mapping[str, Mapping[str, MockedResponse]]:
        keys = ("StateMachines", name)
        cases = self.fields(doc, _MACHINE, f"state machine {name!r}", *keys)
        if "TestCases" not in cases:
            raise self.fail(f"state machine {name!r} has no 'TestCases' object; add its test cases there", *keys)
        return MappingProxyType(
            {
                case: self.test_case(case, value, responses, (*keys, "TestCases", case))
                for case, value in self.object(cases["TestCases"], *keys, "TestCases").items()
            }
        )

    def test_case(
        self, name: str, doc: Any, responses: Mapping[str, MockedResponse], keys: tuple[str, ...]
    ) -> Mapping[str, MockedResponse]:
        states: dict[str, MockedResponse] = {}
        for state, response in self.object(doc, *keys).items():
            if not isinstance(response, str):
                raise self.fail(
                    f"test case {name!r} maps state {state!r} to {type(response).__name__} {response!r:.40}; "
                    "map it to the name of a mocked response",
                    *keys,
                    state,
                )
            if response not in responses:
                message = (
                    f"test case {name!r} mocks state {state!r} with {response!r}, which MockedResponses does not "
                    "define; define it or fix the name"
                )
                raise self.fail(with_suggestions(message, close_matches(response, responses)), *keys, state)
            states[state] = responses[response]
        return MappingProxyType(states)

    def response(self, name: str, doc: Any) -> MockedResponse:
        keys = ("MockedResponses", name)
        entries = self.object(doc, *keys)
        if not entries:
            raise self.fail(f'mocked response {name!r} answers no invocation; add "0": {{"Return": ...}}', *keys)
        spans = sorted(
            (self.span(key, value, (*keys, key)) for key, value in entries.items()),
            key=lambda span: span.first,
        )
        reached: MockSpan | None = None  # the span answering the highest invocation so far
        for span in spans:
            expected = 0 if reached is None else reached.last + 1
            if reached is not None and span.first < expected:
                raise self.fail(
                    f"invocations {span.key!r} overlap {reached.key!r} in mocked response {name!r}; "
                    "each invocation takes one answer, so make the keys disjoint",
                    *keys,
                    span.key,
                )
            if span.first > expected:
                missing = str(expected) if span.first == expected + 1 else f"{expected}-{span.first - 1}"
                raise self.fail(
                    f"mocked response {name!r} answers no invocation {missing}, before {span.key!r}; "
                    "invocations are numbered from 0 and each one needs an answer, so number them without gaps",
                    *keys,
                    span.key,
                )
            reached = span
        return MockedResponse(name, tuple(spans))

    def span(self, key: str, doc: Any, keys: tuple[str, ...]) -> MockSpan:
        match = _INVOCATIONS.fullmatch(key)
        if match is None:
            raise self.fail(f'{key!r} is not an invocation number ("0") nor an inclusive range of them ("1-3")', *keys)
        first = int(match[1])
        last = first if match[2] is None else int(match[2])
        if last < first:
            raise self.fail(f"the range {key!r} runs backwards; write it as '{last}-{first}'", *keys)
        entry = self.fields(doc, _ENTRY, f"the answer to invocations {key!r}", *keys)
        if len(entry) != 1:
            problem = "both 'Return' and 'Throw'; keep one" if entry else "neither 'Return' nor 'Throw'; add one"
            raise self.fail(f"the answer to invocations {key!r} has {problem}", *keys)
        if "Return" in entry:
            return MockSpan(key, first, last, self.result(entry["Return"], (*keys, "Return")))
        return MockSpan(key, first, last, self.throw(entry["Throw"], (*keys, "Throw")))

    def result(self, value: Any, keys: tuple[str, ...]) -> MockReturn:
        try:
            return MockReturn(json.dumps(value, allow_nan=False, separators=(",", ":"), ensure_ascii=False))
        except (TypeError, ValueError, RecursionError) as exc:
            raise self.fail(f"Return is not a JSON value ({exc}); give the result as JSON", *keys) from None

    def throw(self, doc: Any, keys: tuple[str, ...]) -> MockThrow:
        throw = self.fields(doc, _THROW, "Throw", *keys)
        error, cause = throw.get("Error"), throw.get("Cause")
        if not isinstance(error, str) or not error:
            raise self.fail(
                "Throw needs an 'Error': the error name, as Retry and Catch match it (\"Lambda.TimeoutException\")",
                *keys,
            )
        if cause is not None and not isinstance(cause, str):
            raise self.fail(f"Throw's 'Cause' must be a string, got {type(cause).__name__}", *keys, "Cause")
        return MockThrow(error, cause)

    def object(self, doc: Any, *keys: str) -> Mapping[str, Any]:
        """``doc``, which must be a JSON object."""
        if not isinstance(doc, Mapping):
            raise self.fail(f"expected a JSON object, got {type(doc).__name__}", *keys)
        for key in doc:
            if not isinstance(key, str):
                raise self.fail(f"keys must be strings, got {type(key).__name__} {key!r}; quote it", *keys)
        return doc

    def fields(self, doc: Any, allowed: tuple[str, ...], what: str, *keys: str) -> Mapping[str, Any]:
        """``doc``, which must be a JSON object with no key but ``allowed``."""
        found = self.object(doc, *keys)
        for key in found:
            if key not in allowed:
                message = f"{what} has an unknown key {key!r}; expected only {' and '.join(map(repr, allowed))}"
                raise self.fail(with_suggestions(message, close_matches(key, allowed)), *keys, key)
        return found
