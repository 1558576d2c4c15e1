"""Reading what the command line gives: definition files, ``--input``, ``Key=Value`` parameters, the store.

``Key=Value`` values are JSON when they parse as JSON (``Limit=5`` is a
number, ``Ids=["a","b"]`` a list, ``Flag=true`` a boolean) and strings
otherwise (``Name=web`` is ``"web"``); write ``Name='"5"'`` for the string "5".
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statewise.cli.failures import UsageError
from statewise.documents import load_file, load_text

if TYPE_CHECKING:
    from statewise.store import ExecutionStore

__all__ = [
    "add_store_option",
    "key_values",
    "load_definition",
    "open_store",
    "positive_int",
    "read_input",
    "substitutions",
]


def load_definition(path: str) -> dict[str, Any]:
    """The definition in the JSON or YAML file at ``path``."""
    document = load_file(path)
    if not isinstance(document, dict):
        raise UsageError(f"{path}: a state machine definition is a JSON object with StartAt and States")
    return document


def read_input(text: str | None) -> Any:
    """``--input``: JSON text, or ``@FILE`` for a JSON or YAML file; ``{}`` when absent."""
    if text is None:
        return {}
    if text.startswith("@"):
        return load_file(text[1:])
    return load_text(text, source="--input")


def key_values(pairs: Iterable[str], option: str) -> dict[str, Any]:
    """``["Limit=5", "Name=web"]`` as ``{"Limit": 5, "Name": "web"}`` (see the module docstring)."""
    found: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"{option}: {pair!r} is not KEY=VALUE; write it as e.g. TableName=orders")
        try:
            found[key] = json.loads(value)
        except ValueError:
            found[key] = value
    return found


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def substitutions(args: argparse.Namespace) -> dict[str, Any] | None:
    """``--substitute K=V ...`` or ``--substitutions FILE`` (a JSON or YAML mapping), or None."""
    if args.substitutions_file is not None:
        mapping = load_file(args.substitutions_file)
        if not isinstance(mapping, dict):
            raise UsageError(f"{args.substitutions_file}: --substitutions takes a file holding one mapping")
        return mapping
    return key_values(args.substitute, "--substitute") if args.substitute else None


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="the execution store (default: $STATEWISE_STORE, else $STATEWISE_HOME/store.sqlite3, "
        "else ~/.statewise/store.sqlite3)",
    )


def open_store(args: argparse.Namespace) -> ExecutionStore:
    from statewise.store import ExecutionStore  # noqa: PLC0415 - only commands that keep executions open it

    return ExecutionStore(Path(args.store) if args.store else None)
