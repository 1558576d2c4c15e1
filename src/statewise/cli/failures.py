"""How the CLI ends: exit codes, and errors as one clear line.

Theory of operation: commands raise; :func:`exit_code` decides the code
from the exception's type with tables: :data:`_EXIT_CODES` for the errors of
light modules, and one table per heavier module (the store, the paging and
waiting errors, botocore's), read only when that module is already loaded --
an exception cannot come from a module nobody imported -- so a command that
never reached AWS never imports botocore, and ``--help`` never loads the
store. Bad input -- a file, a definition, an option, an unknown name -- is
2, as argparse and click use it; the thing checked or run failing is 1.
An exception outside the tables is a bug: it still prints one line (and
the traceback with ``--debug``), asking for a report.
"""

from __future__ import annotations

import sys
from typing import Final, TextIO

from statewise.base_errors import (
    DefinitionError,
    InvalidExecutionInput,
    MockConfigError,
    ResourceBindingError,
    StatewiseError,
    UnknownNameError,
)
from statewise.documents import DocumentError

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "UsageError", "exit_code", "report_error"]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130  # 128 + SIGINT, as shells report Ctrl-C


class UsageError(StatewiseError, ValueError):
    """A command-line argument is wrong; the message says which and how to fix it."""


# statewise's errors that mean bad input (checked in order, first match wins)
_EXIT_CODES: Final[tuple[tuple[type[BaseException], int], ...]] = (
    (UsageError, EXIT_USAGE),
    (DocumentError, EXIT_USAGE),
    (DefinitionError, EXIT_USAGE),
    (MockConfigError, EXIT_USAGE),
    (InvalidExecutionInput, EXIT_USAGE),
    (ResourceBindingError, EXIT_USAGE),
    (UnknownNameError, EXIT_USAGE),
)
# module -> its errors and their codes, read only when the module is loaded (so exc may be one of them)
_STORE_EXIT_CODES: Final = (("StoreError", EXIT_USAGE),)  # the store's file (--store, $STATEWISE_STORE) is unusable
_LATE_EXIT_CODES: Final = (  # statewise.errors, loaded with botocore: bad input, and failures of the thing run
    ("SpecError", EXIT_USAGE),
    ("InvalidTokenError", EXIT_USAGE),
    ("OperationNotPageableError", EXIT_USAGE),
    ("WaiterOptionsError", EXIT_USAGE),
    ("WaiterError", EXIT_FAILED),
    ("PaginationError", EXIT_FAILED),
)
_BOTOCORE_EXIT_CODES: Final = (
    ("ProfileNotFound", EXIT_USAGE),
    ("NoRegionError", EXIT_USAGE),
    ("NoCredentialsError", EXIT_USAGE),
    ("PartialCredentialsError", EXIT_USAGE),
    ("ParamValidationError", EXIT_USAGE),
    ("UnknownServiceError", EXIT_USAGE),
    ("BotoCoreError", EXIT_FAILED),  # endpoint unreachable, and the rest
    ("ClientError", EXIT_FAILED),  # the service said no
)


def exit_code(exc: BaseException) -> int | None:
    """The documented exit code for ``exc``; None when it is a bug, not an error of the input or the run."""
    for kind, code in _EXIT_CODES:
        if isinstance(exc, kind):
            return code
    for module, table in (
        ("statewise.store.errors", _STORE_EXIT_CODES),
        ("statewise.errors", _LATE_EXIT_CODES),
        ("botocore.exceptions", _BOTOCORE_EXIT_CODES),
    ):
        loaded = sys.modules.get(module)
        if loaded is None:
            continue  # not imported, so exc cannot be one of its errors
        for name, code in table:
            if isinstance(exc, getattr(loaded, name)):
                return code
    if isinstance(exc, StatewiseError):
        return EXIT_FAILED
    return None


def report_error(exc: BaseException, *, debug: bool, stream: TextIO | None = None) -> int:
    """Print ``exc`` as one line (and its traceback when ``debug``); return the exit code."""
    out = stream or sys.stderr
    code = exit_code(exc)
    if debug:
        import traceback  # noqa: PLC0415 - only --debug prints one

        traceback.print_exception(exc, file=out)
    message = " ".join(str(exc).split()) or type(exc).__name__  # one line, however the error wrapped it
    if code is None:
        print(f"statewise: internal error: {type(exc).__name__}: {message}", file=out)
        if not debug:
            print("statewise: rerun with --debug for the traceback, and please report it", file=out)
        return EXIT_FAILED
    print(f"statewise: error: {message}", file=out)
    return code
