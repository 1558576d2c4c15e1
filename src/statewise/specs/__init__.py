"""Specs in botocore's formats: loading, validating, compiling, registering."""

from statewise.specs.paginator import PaginatorSpec
from statewise.specs.registry import (
    find_paginator,
    find_waiter,
    load_document,
    register_paginators,
    register_waiters,
)
from statewise.specs.waiter import WaiterSpec

__all__ = [
    "PaginatorSpec",
    "WaiterSpec",
    "find_paginator",
    "find_waiter",
    "load_document",
    "register_paginators",
    "register_waiters",
]
