"""statewise: paginate, wait, and run Amazon States Language workflows locally.

Public names are loaded on first use (PEP 562), so ``import statewise`` stays
light: botocore, boto3 and the engines are imported only when needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AcceptorEvaluationError": "statewise.errors",
    "DefinitionError": "statewise.base_errors",
    "ExecutionInputTooLarge": "statewise.base_errors",
    "ExecutionNotRedrivable": "statewise.base_errors",
    "InvalidExecutionInput": "statewise.base_errors",
    "InvalidTokenError": "statewise.errors",
    "MockConfigError": "statewise.base_errors",
    "StateTestRequestError": "statewise.base_errors",
    "OperationNotPageableError": "statewise.errors",
    "PaginationError": "statewise.errors",
    "PatternError": "statewise.base_errors",
    "Problem": "statewise.base_errors",
    "RepeatedTokenError": "statewise.errors",
    "ResourceBindingError": "statewise.base_errors",
    "SpecError": "statewise.errors",
    "StatesError": "statewise.base_errors",
    "StatewiseError": "statewise.base_errors",
    "TaskFailed": "statewise.base_errors",
    "UnknownOperationError": "statewise.errors",
    "UnknownStateError": "statewise.base_errors",
    "UnknownTestCaseError": "statewise.base_errors",
    "UnknownWaiterError": "statewise.errors",
    "WaiterError": "statewise.errors",
    "WaiterFailed": "statewise.errors",
    "WaiterOptionsError": "statewise.errors",
    "WaiterTimeout": "statewise.errors",
    "Clock": "statewise.clock",
    "SYSTEM_CLOCK": "statewise.clock",
    "SystemClock": "statewise.clock",
    "find_waiter": "statewise.specs",
    "PaginatorSpec": "statewise.specs",
    "register_paginators": "statewise.specs",
    "register_waiters": "statewise.specs",
    "WaiterSpec": "statewise.specs",
    "apaginate": "statewise.paging",
    "AsyncPages": "statewise.paging.apages",
    "Pages": "statewise.paging",
    "paginate": "statewise.paging",
    "async_wait": "statewise.waiting",
    "Attempt": "statewise.waiting",
    "wait": "statewise.waiting",
    "Execution": "statewise.asl.machine",
    "ExecutionHandle": "statewise.asl.machine",
    "ExecutionStatus": "statewise.asl.machine",
    "StateMachine": "statewise.asl.machine",
    "validate": "statewise.asl.parse",
    "StateTestResult": "statewise.asl.test_state",
    "CALLBACK": "statewise.integrations.callbacks",
    "ActivityTask": "statewise.integrations.callbacks",
    "AwaitCallback": "statewise.integrations.callbacks",
    "AwsClients": "statewise.integrations.aws_sdk",
    "AwsIdentity": "statewise.integrations.identity",
    "TaskTokenError": "statewise.integrations.callbacks",
    "TaskTokens": "statewise.integrations.callbacks",
    "UnservedTasksError": "statewise.asl.options",
    "MockConfig": "statewise.integrations.mock_config",
    "Diagnostic": "statewise.lint.diagnostics",
    "lint": "statewise.lint.linter",
    "HttpRequest": "statewise.integrations.http_task",
    "HttpResponse": "statewise.integrations.http_task",
    "urllib_transport": "statewise.integrations.http_task",
    "deploy": "statewise.remote.deploy",
}
# subpackages reached as attributes (statewise.remote.run) without importing them first
_SUBPACKAGES = frozenset({"remote"})

__all__ = [
    "CALLBACK",
    "SYSTEM_CLOCK",
    "AcceptorEvaluationError",
    "ActivityTask",
    "AsyncPages",
    "Attempt",
    "AwaitCallback",
    "AwsClients",
    "AwsIdentity",
    "Clock",
    "DefinitionError",
    "Diagnostic",
    "Execution",
    "ExecutionHandle",
    "ExecutionInputTooLarge",
    "ExecutionNotRedrivable",
    "ExecutionStatus",
    "HttpRequest",
    "HttpResponse",
    "InvalidExecutionInput",
    "InvalidTokenError",
    "MockConfig",
    "MockConfigError",
    "OperationNotPageableError",
    "Pages",
    "PaginationError",
    "PaginatorSpec",
    "PatternError",
    "Problem",
    "RepeatedTokenError",
    "ResourceBindingError",
    "SpecError",
    "StateMachine",
    "StateTestRequestError",
    "StateTestResult",
    "StatesError",
    "StatewiseError",
    "SystemClock",
    "TaskFailed",
    "TaskTokenError",
    "TaskTokens",
    "UnknownOperationError",
    "UnknownStateError",
    "UnknownTestCaseError",
    "UnknownWaiterError",
    "UnservedTasksError",
    "WaiterError",
    "WaiterFailed",
    "WaiterOptionsError",
    "WaiterSpec",
    "WaiterTimeout",
    "__version__",
    "apaginate",
    "async_wait",
    "deploy",
    "find_waiter",
    "lint",
    "paginate",
    "register_paginators",
    "register_waiters",
    "urllib_transport",
    "validate",
    "wait",
]

if TYPE_CHECKING:
    from statewise.asl.machine import Execution, ExecutionHandle, ExecutionStatus, StateMachine
    from statewise.asl.options import UnservedTasksError
    from statewise.asl.parse import validate
    from statewise.asl.test_state import StateTestResult
    from statewise.base_errors import (
        DefinitionError,
        ExecutionInputTooLarge,
        ExecutionNotRedrivable,
        InvalidExecutionInput,
        MockConfigError,
        PatternError,
        Problem,
        ResourceBindingError,
        StatesError,
        StateTestRequestError,
        StatewiseError,
        TaskFailed,
        UnknownStateError,
        UnknownTestCaseError,
    )
    from statewise.clock import SYSTEM_CLOCK, Clock, SystemClock
    from statewise.errors import (
        AcceptorEvaluationError,
        InvalidTokenError,
        OperationNotPageableError,
        PaginationError,
        RepeatedTokenError,
        SpecError,
        UnknownOperationError,
        UnknownWaiterError,
        WaiterError,
        WaiterFailed,
        WaiterOptionsError,
        WaiterTimeout,
    )
    from statewise.integrations.aws_sdk import AwsClients
    from statewise.integrations.callbacks import CALLBACK, ActivityTask, AwaitCallback, TaskTokenError, TaskTokens
    from statewise.integrations.http_task import HttpRequest, HttpResponse, urllib_transport
    from statewise.integrations.identity import AwsIdentity
    from statewise.integrations.mock_config import MockConfig
    from statewise.lint.diagnostics import Diagnostic
    from statewise.lint.linter import lint
    from statewise.paging import Pages, apaginate, paginate
    from statewise.paging.apages import AsyncPages
    from statewise.remote.deploy import deploy
    from statewise.specs import (
        PaginatorSpec,
        WaiterSpec,
        find_waiter,
        register_paginators,
        register_waiters,
    )
    from statewise.waiting import Attempt, async_wait, wait


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"statewise.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'statewise' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
