"""The execution store's SQLite schema and its migrations.

Theory of operation: the schema's version is SQLite's ``PRAGMA user_version``.
:data:`MIGRATIONS` is a table: entry ``i`` takes a database from version ``i``
to ``i + 1``, so a new database runs them all and an old one runs the rest,
each in its own transaction with the version bump. A database newer than
the last migration is refused (:class:`StoreVersionError`) rather than
misread; a file that is not SQLite is refused with its path
(:class:`StoreError`). Connections use write-ahead logging with
``synchronous=NORMAL``: a committed event survives the process being killed
(``kill -9``), and readers never block the writer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from statewise.store.errors import StoreError, StoreVersionError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "connect"]

MIGRATIONS: Final[tuple[str, ...]] = (
    # 0 -> 1: executions (one row each; pid is the process recording a RUNNING one) and their events
    """
    CREATE TABLE executions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        arn TEXT NOT NULL,
        machine_name TEXT NOT NULL,
        definition TEXT NOT NULL,
        status TEXT NOT NULL,
        input TEXT NOT NULL,
        output TEXT,
        error TEXT,
        cause TEXT,
        start_date TEXT NOT NULL,
        stop_date TEXT,
        pid INTEGER
    );
    CREATE INDEX executions_by_start ON executions (start_date);
    CREATE INDEX executions_by_name ON executions (name);
    CREATE TABLE events (
        execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
        event_id INTEGER NOT NULL,
        type TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (execution_id, event_id)
    ) WITHOUT ROWID;
    """,
)

SCHEMA_VERSION: Final = len(MIGRATIONS)


def connect(path: str | Path) -> sqlite3.Connection:
    """An open, migrated connection to the store at ``path`` (``":memory:"`` for a private one)."""
    where = str(path)
    if where != ":memory:":
        try:
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store's folder: {exc.strerror or exc}", path=where) from None
    try:
        connection = sqlite3.connect(where, isolation_level=None)  # transactions are explicit (BEGIN ... COMMIT)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the execution store: {exc}; pass another --store", path=where) from None
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        _migrate(connection, where)
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise StoreError(
            f"not a readable execution store ({exc}); move it away or pass another --store", path=where
        ) from None
    except BaseException:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection, path: str) -> None:
    """Run the migrations the database lacks; each checks the version inside its own write transaction,
    so two processes opening a new store at once migrate it once."""
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version: int = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreVersionError(path=path, version=version, supported=SCHEMA_VERSION)
            if version == SCHEMA_VERSION:
                connection.execute("COMMIT")
                return
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
