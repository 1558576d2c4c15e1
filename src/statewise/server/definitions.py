"""Definitions as the API judges them: ValidateStateMachineDefinition, TestState, InvalidDefinition.

Theory of operation: statewise's validator (:func:`statewise.validate`) finds
every problem of a definition, each with a JSON pointer and a code;
:func:`invalid_definition` gives them as the ``InvalidDefinition`` error
CreateStateMachine and UpdateStateMachine raise. ValidateStateMachineDefinition
answers with statewise's linter (:func:`statewise.lint`), which reports those
problems first and then what its data-flow rules find: each finding in AWS's
diagnostic shape (``severity`` ERROR or WARNING, ``code`` in AWS's upper snake
case, ``message`` with the fix where there is one, ``location`` the pointer).
:func:`parse_machine` builds the engine's
:class:`~statewise.StateMachine` or raises that error. TestState runs one
state through :meth:`~statewise.StateMachine.test_state`, which checks the
request (mock, context, variables, stateConfiguration) itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from statewise.base_errors import DefinitionError, Problem, StatewiseError
from statewise.server.params import optional, required
from statewise.server.protocol import ApiError

if TYPE_CHECKING:
    from statewise.asl.machine import StateMachine
    from statewise.integrations.identity import AwsIdentity
    from statewise.server.state import ServerState

__all__ = ["HANDLERS", "invalid_definition", "parse_machine"]

_SEVERITIES: Final = ("ERROR", "WARNING")


def invalid_definition(problems: Sequence[Problem]) -> ApiError:
    """The ``InvalidDefinition`` error for ``problems``, each with its code and pointer."""
    listed = ", ".join(f"{_code(p.code)}: {p.message} at {p.pointer or '/'}" for p in problems)
    return ApiError("InvalidDefinition", f"Invalid State Machine Definition: '{listed}'")


def _code(code: str) -> str:
    """statewise's kebab-case code in AWS's upper snake case."""
    return code.replace("-", "_").upper()


def parse_machine(
    definition: str, *, name: str, type: str, arn: str, role_arn: str, identity: AwsIdentity
) -> StateMachine:
    """The engine's state machine for ``definition`` (JSON text); InvalidDefinition when it is not valid."""
    from statewise.asl.machine import StateMachine  # noqa: PLC0415 - the engine loads with the first definition

    try:
        return StateMachine(definition, name=name, type=type, arn=arn, role_arn=role_arn, identity=identity)
    except DefinitionError as exc:
        raise invalid_definition(exc.problems) from None
    except (StatewiseError, ValueError) as exc:  # not JSON, or not an object
        raise ApiError("InvalidDefinition", f"Invalid State Machine Definition: '{exc}'") from None


def validate_definition(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    """statewise's linter in AWS's shape: its errors (validation's first) and, with ``severity: WARNING``,
    its warnings; the result FAILs on errors only, as AWS's does."""
    from statewise.lint.linter import lint  # noqa: PLC0415 - see parse_machine

    definition = required(params, "definition", str)
    severity = optional(params, "severity", str, "ERROR")
    if severity not in _SEVERITIES:
        raise ApiError("ValidationException", f"severity must be one of {', '.join(_SEVERITIES)}, got {severity!r}")
    shown = ("error", "warning") if severity == "WARNING" else ("error",)
    found = [
        {
            "severity": finding.severity.upper(),
            "code": _code(finding.code),
            "message": finding.message if finding.fix is None else f"{finding.message}; fix: {finding.fix}",
            "location": finding.pointer or "/",
        }
        for finding in lint(definition)
        if finding.severity in shown
    ]
    limit = optional(params, "maxResults", int, 0) or 100
    failed = any(finding["severity"] == "ERROR" for finding in found)
    return {"result": "FAIL" if failed else "OK", "diagnostics": found[:limit], "truncated": len(found) > limit}


def test_state(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    from statewise.asl.machine import StateMachine  # noqa: PLC0415 - see parse_machine

    definition = _json(required(params, "definition", str), "definition")
    name = optional(params, "stateName", str, "")
    try:
        if name:
            machine = StateMachine(definition, name="TestState", identity=state.identity)
        else:
            name = "State"
            machine = StateMachine.from_state(definition, name=name)
        result = machine.test_state(
            name,
            _json(optional(params, "input", str, "{}"), "input"),
            inspection_level=optional(params, "inspectionLevel", str, "INFO"),
            mock=optional(params, "mock", dict, None),
            context=_json(params["context"], "context") if "context" in params else None,
            variables=_json(params["variables"], "variables") if "variables" in params else None,
            state_configuration=optional(params, "stateConfiguration", dict, None),
            aws=state.aws,
        )
    except ApiError:
        raise
    except DefinitionError as exc:
        raise invalid_definition(exc.problems) from None
    except (StatewiseError, ValueError) as exc:
        raise ApiError("ValidationException", str(exc)) from None
    response: dict[str, Any] = {"status": result.status}
    if result.status in ("SUCCEEDED", "CAUGHT_ERROR") and result.output is not None:
        response["output"] = json.dumps(result.output, separators=(",", ":"))
    for key, value in (("error", result.error), ("cause", result.cause), ("nextState", result.next_state)):
        if value is not None:
            response[key] = value
    if result.inspection_data:
        response["inspectionData"] = result.inspection_data
    return response


def _json(text: Any, member: str) -> Any:
    if not isinstance(text, str):
        raise ApiError("ValidationException", f"{member} must be JSON text, got {type(text).__name__}")
    try:
        return json.loads(text)
    except ValueError as exc:
        code = "InvalidExecutionInput" if member == "input" else "ValidationException"
        raise ApiError(code, f"Invalid {member}: {member} is not valid JSON: {exc}") from None


HANDLERS: Final = {"ValidateStateMachineDefinition": validate_definition, "TestState": test_state}
