"""The execution store's errors: each names the database file and says what to do."""

from __future__ import annotations

from statewise.base_errors import StatewiseError, UnknownNameError, with_suggestions

__all__ = ["AmbiguousExecutionIdError", "ExecutionNotFoundError", "StoreError", "StoreVersionError"]


class StoreError(StatewiseError):
    """The execution store cannot be opened or read; ``path`` is the database file."""

    def __init__(self, message: str, *, path: str):
        super().__init__(f"{path}: {message}")
        self.message = message
        self.path = path


class StoreVersionError(StoreError):
    """The database was written by a newer statewise (``version`` > ``supported``)."""

    def __init__(self, *, path: str, version: int, supported: int):
        super().__init__(
            f"the execution store has schema version {version}, newer than the {supported} this statewise reads; "
            "upgrade statewise or pass another --store",
            path=path,
        )
        self.version = version
        self.supported = supported


class ExecutionNotFoundError(StoreError, UnknownNameError):
    """No stored execution has that id, id prefix or name; ``suggestions`` are ids and names close to it."""

    def __init__(self, *, path: str, name: str, suggestions: tuple[str, ...] = ()):
        message = f"no stored execution has the id or name {name!r}; see `statewise executions list`"
        super().__init__(with_suggestions(message, suggestions), path=path)
        self.name = name
        self.suggestions = suggestions


class AmbiguousExecutionIdError(StoreError, LookupError):
    """An id prefix matches more than one stored execution; ``matches`` lists their ids."""

    def __init__(self, *, path: str, prefix: str, matches: tuple[str, ...]):
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        message = f"{prefix!r} is the start of {len(matches)} execution ids ({shown}); type more of it"
        super().__init__(message, path=path)
        self.prefix = prefix
        self.matches = matches
