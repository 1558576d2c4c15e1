"""``wait_loop``: a waiter spec compiled into the Step Functions loop that polls until its acceptors decide.

Theory of operation: the loop is botocore's ``Waiter.wait`` drawn as states::

    <Waiter>Start (attempt 1) -> <Operation> (poll) -> <Waiter>Check (Choice on the acceptors)
        success -> <Waiter>Succeeded (or the caller's ``next``)     failure -> <Waiter>Failed<i> (Fail)
        retry / nothing matched -> <Waiter>Retry: attempts left? -> <Waiter>Wait -> <Waiter>Count -> poll
                                                  none left      -> <Waiter>TimedOut (Fail)
    poll fails -> Catch States.ALL -> <Waiter>OnError (Choice on the acceptors that see errors)
        nothing matched -> <Waiter>UnexpectedError (Fail with the call's own error and cause)

Acceptors are tried in the spec's order, first match wins, split by what
they can see (:func:`_side`): a response reaches ``path``/``pathAll``/``pathAny``,
``status`` 200 (a Task only returns on success, and Step Functions drops the
status: 200 is taken as every success) and ``error: false``; an error reaches
``error`` with a code (Step Functions' name for it, ``DynamoDb.ResourceNotFoundException``),
``error: true`` and ``status`` >= 300 (read from the cause, "Status Code: 404").
A code the service's model does not declare is one Step Functions cannot tell
apart (the SDK calls every such error ``<Prefix>.<Prefix>Exception``), so it
raises :class:`PatternError` -- unless it is a failure with no error acceptor
after it, which the unexpected-error Fail already is -- as does a JMESPath argument the query language
cannot read: JSONPath compares one field (``path`` with a field-and-index
argument), JSONata translates the rest (:mod:`statewise.patterns.translate`).

Pacing: ``backoff="fixed"`` waits the spec's ``delay``; ``"exponential"``
waits ``min_delay``, doubling after each attempt up to the spec's delay
(``statewise.wait``'s rule without its random jitter: ASL's random numbers
would make runs unrepeatable). Either way at most ``max_attempts`` polls (the
spec's by default), counted by ``States.MathAdd`` in JSONPath and an
``Assign``-ed variable in JSONata.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any, Final, Literal

from statewise.base_errors import PatternError, with_suggestions
from statewise.clients import close_matches
from statewise.integrations.sdk_names import boto3_service, error_name, modelled_error, python_method
from statewise.patterns.naming import (
    Api,
    QueryLanguage,
    data_path,
    resolve_api,
    state_name,
    task_parameters,
    variable_name,
)
from statewise.patterns.translate import jsonata, reference_path
from statewise.specs.registry import find_waiter, waiter_names
from statewise.specs.waiter import Acceptor, AcceptorState, WaiterSpec

__all__ = ["WAITER_FAILED", "WAITER_TIMEOUT", "wait_loop"]

WAITER_FAILED: Final = "WaiterFailed"
"""The Fail states' error when a failure acceptor matched (``statewise.WaiterFailed`` in Python)."""
WAITER_TIMEOUT: Final = "WaiterTimeout"
"""The Fail state's error when no attempts are left (``statewise.WaiterTimeout`` in Python)."""

Backoff = Literal["fixed", "exponential"]
_ALWAYS = "always"  # an acceptor that matches everything on its side


def wait_loop(
    service: str,
    waiter: str,
    *,
    parameters: Mapping[str, Any] | None = None,
    query_language: QueryLanguage = "JSONPath",
    backoff: Backoff = "fixed",
    max_attempts: int | None = None,
    min_delay: int = 2,
    result_path: str | None = None,
    variable: str = "waiter",
    prefix: str = "",
    next: str | None = None,
    comment: str | None = None,
) -> dict[str, Any]:
    """An ASL definition that polls ``service`` as its waiter ``waiter`` (``TableExists`` or
    ``table_exists``) does, until an acceptor says success (the loop ends: a Succeed state whose
    output is the wait's record -- ``Attempt``, ``Delay`` and the last ``Response`` or ``Error`` --
    or the state ``next``) or failure (a Fail state,
    :data:`WAITER_FAILED`, naming the acceptor), or attempts run out (:data:`WAITER_TIMEOUT`).

    ``parameters`` are the call's, checked against the input shape and spelt as Step Functions
    takes them. JSONPath keeps the attempt count, delay, response and error at ``result_path``
    (default ``$.<Waiter>``); JSONata in the variable ``variable``. Raises :class:`PatternError` for a
    waiter whose acceptors the query language cannot express, saying which and why.
    """
    name, spec = _waiter(service, waiter)
    api = resolve_api(service, spec.operation)
    args = task_parameters(api, parameters)
    attempts = spec.max_attempts if max_attempts is None else max_attempts
    if attempts < 1:
        raise PatternError(f"max_attempts must be >= 1, got {attempts}", spec=spec.name, key="maxAttempts")
    delay = math.ceil(spec.delay)  # Wait takes whole seconds
    if backoff not in ("fixed", "exponential"):
        raise PatternError(f"backoff is 'fixed' or 'exponential', got {backoff!r}", spec=spec.name)
    first = delay if backoff == "fixed" else min(min_delay, delay)
    loop = _Loop(api, spec, name, prefix, next, attempts, first, delay if backoff == "exponential" else None)
    if query_language == "JSONata":
        if result_path is not None:
            raise PatternError("result_path is for JSONPath; JSONata keeps the wait in `variable`", spec=spec.name)
        states = loop.jsonata(args, variable_name(variable, spec=spec.name))
    elif query_language == "JSONPath":
        path = data_path(result_path or f"$.{name}", spec=spec.name)
        states = loop.jsonpath(args, path)
    else:
        raise PatternError(f"query_language is JSONPath or JSONata, got {query_language!r}", spec=spec.name)
    definition: dict[str, Any] = {"Comment": comment or f"Wait as {spec.name} does: {spec.description}".rstrip(": ")}
    if query_language == "JSONata":
        definition["QueryLanguage"] = "JSONata"
    return {**definition, "StartAt": loop.start, "States": states}


def _waiter(service: str, waiter: str) -> tuple[str, WaiterSpec]:
    """The waiter's CamelCase name and spec, from either spelling."""
    botocore_name = boto3_service(service) or service
    names = waiter_names(botocore_name)
    by_spelling = {spelling: name for name in names for spelling in (name, python_method(name))}
    name = by_spelling.get(waiter)
    spec = None if name is None else find_waiter(botocore_name, name)
    if name is None or spec is None:
        message = with_suggestions(f"{botocore_name} has no waiter {waiter!r}", close_matches(waiter, by_spelling))
        raise PatternError(message, spec=f"{botocore_name}.{waiter}")
    return name, spec


class _Loop:
    """The names and parts of one wait loop; ``jsonpath``/``jsonata`` assemble its states."""

    def __init__(
        self,
        api: Api,
        spec: WaiterSpec,
        name: str,
        prefix: str,
        next: str | None,
        attempts: int,
        first_delay: int,
        max_delay: int | None,
    ) -> None:
        self.api, self.spec, self.attempts = api, spec, attempts
        self.first_delay, self.max_delay = first_delay, max_delay
        self.start = state_name(prefix, f"{name}Start")
        self.poll = state_name(prefix, api.operation)
        self.check = state_name(prefix, f"{name}Check")
        self.on_error = state_name(prefix, f"{name}OnError")
        self.retry = state_name(prefix, f"{name}Retry")
        self.wait = state_name(prefix, f"{name}Wait")
        self.count = state_name(prefix, f"{name}Count")
        self.timed_out = state_name(prefix, f"{name}TimedOut")
        self.unexpected = state_name(prefix, f"{name}UnexpectedError")
        self.succeeded = next or state_name(prefix, f"{name}Succeeded")
        self.ends = next is None
        self.prefix, self.name = prefix, name
        self.responses = [a for a in spec.acceptors if _side(a, spec) == "response"]
        self.errors = [a for a in spec.acceptors if _side(a, spec) == "error"]
        # a failure on a code Step Functions cannot name, with no error acceptor after it, is what the
        # unexpected-error Fail does anyway: leave it to that
        while self.errors and self.errors[-1].state is AcceptorState.FAILURE and self._unnamed(self.errors[-1]):
            self.errors.pop()

    def target(self, acceptor: Acceptor) -> str:
        if acceptor.state is AcceptorState.SUCCESS:
            return self.succeeded
        if acceptor.state is AcceptorState.FAILURE:
            return self.failed(acceptor)
        return self.retry

    def failed(self, acceptor: Acceptor) -> str:
        return state_name(self.prefix, f"{self.name}Failed{acceptor.index}")

    def fails(self) -> dict[str, Any]:
        """The Fail states: one per failure acceptor, and the time-out."""
        states = {
            self.failed(a): {
                "Type": "Fail",
                "Error": WAITER_FAILED,
                "Cause": f"{self.spec.name}: {a.describe()} matched",
            }
            for a in (*self.responses, *self.errors)
            if a.state is AcceptorState.FAILURE
        }
        states[self.timed_out] = {
            "Type": "Fail",
            "Error": WAITER_TIMEOUT,
            "Cause": f"{self.spec.name}: max attempts ({self.attempts}) reached",
        }
        return states

    def choice(self, name: str, rules: list[dict[str, Any]], default: str, states: dict[str, Any]) -> str:
        """Add Choice ``name`` over ``rules`` and return the state to go to (``default`` when there are none)."""
        if not rules:
            return default
        states[name] = {"Type": "Choice", "Choices": rules, "Default": default}
        return name

    # -- JSONPath ---------------------------------------------------------------------------

    def jsonpath(self, args: dict[str, Any], root: str) -> dict[str, Any]:
        states: dict[str, Any] = {}
        response, error = f"{root}.Response", f"{root}.Error"
        check_rules = [{**self._jsonpath_rule(a, response), "Next": self.target(a)} for a in self.responses]
        error_rules = [{**self._jsonpath_error_rule(a, error), "Next": self.target(a)} for a in self.errors]
        states[self.start] = {
            "Type": "Pass",
            "Result": {"Attempt": 1, "Delay": self.first_delay},
            "ResultPath": root,
            "Next": self.poll,
        }
        poll: dict[str, Any] = {"Type": "Task", "Resource": self.api.resource, "Parameters": args}
        poll["ResultPath"] = response
        states[self.poll] = poll
        poll["Next"] = self.choice(self.check, check_rules, self.retry, states)
        catch_next = self.choice(self.on_error, error_rules, self.unexpected, states)
        poll["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": error, "Next": catch_next}]
        states[self.unexpected] = {"Type": "Fail", "ErrorPath": f"{error}.Error", "CausePath": f"{error}.Cause"}
        states[self.retry] = {
            "Type": "Choice",
            "Choices": [
                {"Variable": f"{root}.Attempt", "NumericGreaterThanEquals": self.attempts, "Next": self.timed_out}
            ],
            "Default": self.wait,
        }
        states[self.wait] = {"Type": "Wait", "SecondsPath": f"{root}.Delay", "Next": self.count}
        next_delay = f"{root}.Delay" if self.max_delay is None else f"States.MathAdd({root}.Delay, {root}.Delay)"
        states[self.count] = {
            "Type": "Pass",
            "Parameters": {"Attempt.$": f"States.MathAdd({root}.Attempt, 1)", "Delay.$": next_delay},
            "ResultPath": root,
            "Next": self.poll,
        }
        if self.max_delay is not None:  # doubled past the spec's delay: back to it
            cap = state_name(self.prefix, f"{self.name}CapDelay")
            states[self.count]["Next"] = self.choice(
                state_name(self.prefix, f"{self.name}CheckDelay"),
                [{"Variable": f"{root}.Delay", "NumericGreaterThan": self.max_delay, "Next": cap}],
                self.poll,
                states,
            )
            states[cap] = {"Type": "Pass", "Result": self.max_delay, "ResultPath": f"{root}.Delay", "Next": self.poll}
        states.update(self.fails())
        if self.ends:
            states[self.succeeded] = {"Type": "Succeed", "OutputPath": root}
        return states

    def _jsonpath_rule(self, acceptor: Acceptor, response: str) -> dict[str, Any]:
        if _always(acceptor, self.spec):
            return {"Variable": "$", "IsPresent": True}
        if acceptor.matcher != "path":
            raise self.error(
                acceptor, f"JSONPath Choice rules compare one value, not each element ({acceptor.matcher}); use JSONata"
            )
        assert acceptor.argument is not None
        where = f"acceptors/{acceptor.index}/argument"
        try:
            path = reference_path(
                acceptor.argument, response, self.api.model.output_shape, spec=self.spec.name, key=where
            )
        except PatternError as exc:
            raise self.error(acceptor, exc.message) from None
        operator = _OPERATORS.get(type(acceptor.expected))
        if operator is None:
            raise self.error(acceptor, f"JSONPath cannot compare with {acceptor.expected!r}")
        return {
            "And": [
                {"Variable": path, "IsPresent": True},
                {"Variable": path, operator: acceptor.expected},
            ]
        }

    def _jsonpath_error_rule(self, acceptor: Acceptor, error: str) -> dict[str, Any]:
        if _always(acceptor, self.spec):
            return {"Variable": "$", "IsPresent": True}
        if acceptor.matcher == "status":
            return {"Variable": f"{error}.Cause", "StringMatches": f"*Status Code: {acceptor.expected},*"}
        return {"Variable": f"{error}.Error", "StringEquals": self.error_name(acceptor)}

    # -- JSONata ----------------------------------------------------------------------------

    def jsonata(self, args: dict[str, Any], variable: str) -> dict[str, Any]:
        var = f"${variable}"
        pacing = f"'Attempt': {var}.Attempt, 'Delay': {var}.Delay"  # kept as each poll records what it got
        states: dict[str, Any] = {}
        check_rules = [
            {"Condition": f"{{% {self._jsonata_condition(a, var)} %}}", "Next": self.target(a)} for a in self.responses
        ]
        error_rules = [
            {"Condition": f"{{% {self._jsonata_error_condition(a, var)} %}}", "Next": self.target(a)}
            for a in self.errors
        ]
        states[self.start] = {
            "Type": "Pass",
            "Assign": {variable: {"Attempt": 1, "Delay": self.first_delay}},
            "Next": self.poll,
        }
        poll: dict[str, Any] = {
            "Type": "Task",
            "Resource": self.api.resource,
            "Arguments": args,
            "Assign": {
                variable: f"{{% {{'Attempt': {var}.Attempt, 'Delay': {var}.Delay, 'Response': $states.result}} %}}"
            },
            "Output": "{% $states.input %}",
        }
        states[self.poll] = poll
        poll["Next"] = self.choice(self.check, check_rules, self.retry, states)
        catch_next = self.choice(self.on_error, error_rules, self.unexpected, states)
        poll["Catch"] = [
            {
                "ErrorEquals": ["States.ALL"],
                "Assign": {variable: f"{{% {{{pacing}, 'Error': $states.errorOutput}} %}}"},
                "Output": "{% $states.input %}",
                "Next": catch_next,
            }
        ]
        states[self.unexpected] = {
            "Type": "Fail",
            "Error": f"{{% {var}.Error.Error %}}",
            "Cause": f"{{% {var}.Error.Cause %}}",
        }
        states[self.retry] = {
            "Type": "Choice",
            "Choices": [{"Condition": f"{{% {var}.Attempt >= {self.attempts} %}}", "Next": self.timed_out}],
            "Default": self.wait,
        }
        next_delay = f"{var}.Delay" if self.max_delay is None else f"$min([{var}.Delay * 2, {self.max_delay}])"
        states[self.wait] = {
            "Type": "Wait",
            "Seconds": f"{{% {var}.Delay %}}",
            "Assign": {variable: f"{{% {{'Attempt': {var}.Attempt + 1, 'Delay': {next_delay}}} %}}"},
            "Next": self.poll,
        }
        states.update(self.fails())
        if self.ends:
            states[self.succeeded] = {"Type": "Succeed", "Output": f"{{% {var} %}}"}
        return states

    def _jsonata_condition(self, acceptor: Acceptor, var: str) -> str:
        if _always(acceptor, self.spec):
            return "true"
        if not isinstance(acceptor.expected, str | bool | int | float):
            raise self.error(acceptor, f"JSONata's = does not compare {acceptor.expected!r}")
        assert acceptor.argument is not None
        where = f"acceptors/{acceptor.index}/argument"
        value = jsonata(
            acceptor.argument, f"{var}.Response", self.api.model.output_shape, spec=self.spec.name, key=where
        )
        expected = json.dumps(acceptor.expected)
        return _JSONATA_TESTS[acceptor.matcher](value, expected)

    def _jsonata_error_condition(self, acceptor: Acceptor, var: str) -> str:
        if _always(acceptor, self.spec):
            return "true"
        if acceptor.matcher == "status":
            return f"$contains({var}.Error.Cause, {json.dumps(f'Status Code: {acceptor.expected},')})"
        return f"{var}.Error.Error = {json.dumps(self.error_name(acceptor))}"

    # -- shared -----------------------------------------------------------------------------

    def _unnamed(self, acceptor: Acceptor) -> bool:
        """True for an ``error`` acceptor whose code the service does not model."""
        code = acceptor.expected
        return isinstance(code, str) and acceptor.matcher == "error" and modelled_error(self.api.service, code) is None

    def error_name(self, acceptor: Acceptor) -> str:
        code = str(acceptor.expected)
        if self._unnamed(acceptor):
            raise self.error(
                acceptor,
                f"{self.api.service} does not model the error {code!r}, and Step Functions names every such "
                f"error alike ({error_name(self.api.service, code)}), so it cannot be told from the others",
            )
        return error_name(self.api.service, code)

    def error(self, acceptor: Acceptor, why: str) -> PatternError:
        return PatternError(f"{acceptor.describe()}: {why}", spec=self.spec.name, key=f"acceptors/{acceptor.index}")


_OPERATORS: Final[dict[type, str]] = {
    str: "StringEquals",
    bool: "BooleanEquals",
    int: "NumericEquals",
    float: "NumericEquals",
}

_JSONATA_TESTS: Final[dict[str, Callable[[str, str], str]]] = {
    "path": lambda value, expected: f"{value} = {expected}",
    "pathAll": lambda value, expected: (
        f"($seen := {value}; $type($seen) = 'array' and $count($seen) > 0 and $count($seen[$ != {expected}]) = 0)"
    ),
    "pathAny": lambda value, expected: (
        f"($seen := {value}; $type($seen) = 'array' and $count($seen[$ = {expected}]) > 0)"
    ),
}


def _side(acceptor: Acceptor, spec: WaiterSpec) -> str:
    """What an acceptor can match: a ``response`` or an ``error`` (a 2xx status other than 200 raises, as
    Step Functions shows no success's status)."""
    if acceptor.matcher in ("path", "pathAll", "pathAny"):
        return "response"
    if acceptor.matcher == "status":
        code = acceptor.expected
        if code == 200:
            return "response"
        if code >= 300:
            return "error"
        raise PatternError(
            f"{acceptor.describe()}: Step Functions does not show a success's status, so only 200 (any success) "
            "can be matched",
            spec=spec.name,
            key=f"acceptors/{acceptor.index}",
        )
    return "response" if acceptor.expected is False else "error"


def _always(acceptor: Acceptor, spec: WaiterSpec) -> bool:
    """True for the acceptors that match everything on their side: status 200, ``error: true``/``false``."""
    return (acceptor.matcher == "status" and acceptor.expected == 200) or (
        acceptor.matcher == "error" and isinstance(acceptor.expected, bool)
    )
