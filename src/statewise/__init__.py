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
    "AsyncPages": "statewise.paging",
    "Pages": "statewise.paging",
    "apaginate": "statewise.paging",
    "paginate": "statewise.paging",
    "SYSTEM_CLOCK": "statewise.clock",
    "Clock": "statewise.clock",
    "SystemClock": "statewise.clock",
    "DefinitionError": "statewise.errors",
    "InvalidTokenError": "statewise.errors",
    "OperationNotPageableError": "statewise.errors",
    "PaginationError": "statewise.errors",
    "Problem": "statewise.errors",
    "RepeatedTokenError": "statewise.errors",
    "SpecError": "statewise.errors",
    "StatesError": "statewise.errors",
    "StatewiseError": "statewise.errors",
    "UnknownOperationError": "statewise.errors",
    "PaginatorSpec": "statewise.specs",
    "register_paginators": "statewise.specs",
}

__all__ = [
    "SYSTEM_CLOCK",
    "AsyncPages",
    "Clock",
    "DefinitionError",
    "InvalidTokenError",
    "OperationNotPageableError",
    "Pages",
    "PaginationError",
    "PaginatorSpec",
    "Problem",
    "RepeatedTokenError",
    "SpecError",
    "StatesError",
    "StatewiseError",
    "SystemClock",
    "UnknownOperationError",
    "__version__",
    "apaginate",
    "paginate",
    "register_paginators",
]

if TYPE_CHECKING:
    from statewise.clock import SYSTEM_CLOCK, Clock, SystemClock
    from statewise.errors import (
        DefinitionError,
        InvalidTokenError,
        OperationNotPageableError,
        PaginationError,
        Problem,
        RepeatedTokenError,
        SpecError,
        StatesError,
        StatewiseError,
        UnknownOperationError,
    )
    from statewise.paging import AsyncPages, Pages, apaginate, paginate
    from statewise.specs import PaginatorSpec, register_paginators


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'statewise' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
