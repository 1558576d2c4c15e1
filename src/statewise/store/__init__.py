"""A durable execution store: executions and their history events in SQLite (stdlib ``sqlite3``).

:class:`ExecutionStore` records executions (as they run, or when they are
done) and finds them again by a short id; :mod:`statewise.store.schema` holds
the versioned schema and its migrations.
"""

from __future__ import annotations

from statewise.store.errors import AmbiguousExecutionIdError, ExecutionNotFoundError, StoreError, StoreVersionError
from statewise.store.repository import INTERRUPTED, ExecutionStore, StoredExecution, default_store_path

__all__ = [
    "INTERRUPTED",
    "AmbiguousExecutionIdError",
    "ExecutionNotFoundError",
    "ExecutionStore",
    "StoreError",
    "StoreVersionError",
    "StoredExecution",
    "default_store_path",
]
