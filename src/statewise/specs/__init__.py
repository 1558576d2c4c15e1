"""Specs in botocore's formats: loading, validating, compiling, registering."""

from statewise.specs.paginator import PaginatorSpec
from statewise.specs.registry import find_paginator, load_document, register_paginators

__all__ = ["PaginatorSpec", "find_paginator", "load_document", "register_paginators"]
