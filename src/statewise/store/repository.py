"""The execution store's API: record executions and their events, find them again by a short id.

Theory of operation: an execution is one row of ``executions`` and its
history one row per event in ``events``. A run the CLI watches is recorded as
it goes: :meth:`ExecutionStore.begin` writes a RUNNING row holding the
recording process's id, :meth:`ExecutionStore.append` commits each batch of
new events, and :meth:`ExecutionStore.finish` writes the outcome.
:meth:`ExecutionStore.save` does all three at once for a finished
:class:`~statewise.Execution`. A redrive continues a recorded execution in
its own row: :meth:`ExecutionStore.reopen` makes it RUNNING again for the
redriving process, and its new events are appended after the old ones. Every write is its own committed transaction,
so a killed process loses nothing already appended; a RUNNING row whose
process is gone reads back as ``INTERRUPTED``.

Ids are ten random Crockford base32 characters (50 bits): short enough to
type, and any few leading characters usually pick one execution, since
:meth:`ExecutionStore.get` takes an id, a unique id prefix, or an execution
name. Values are stored as compact JSON; event timestamps as ISO 8601 text,
read back as aware datetimes, as boto3 returns them.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from statewise.asl.encoding import compact_json
from statewise.clients import close_matches
from statewise.store.errors import AmbiguousExecutionIdError, ExecutionNotFoundError, StoreError
from statewise.store.schema import connect

if TYPE_CHECKING:
    from statewise.asl.machine import Execution

__all__ = ["INTERRUPTED", "ExecutionStore", "StoredExecution", "default_store_path"]

INTERRUPTED: Final = "INTERRUPTED"  # a RUNNING execution whose recording process is gone
_ID_ALPHABET: Final = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_ID_LENGTH: Final = 10
_COLUMNS: Final = (
    "id, name, arn, machine_name, definition, status, input, output, error, cause, start_date, stop_date, pid"
)


def default_store_path() -> Path:
    """``$STATEWISE_STORE``, else ``$STATEWISE_HOME/store.sqlite3``, else ``~/.statewise/store.sqlite3``."""
    if store := os.environ.get("STATEWISE_STORE"):
        return Path(store)
    home = os.environ.get("STATEWISE_HOME")
    return (Path(home) if home else Path.home() / ".statewise") / "store.sqlite3"


@dataclass(frozen=True, slots=True)
class StoredExecution:
    """One recorded execution; ``status`` is AWS's, or ``INTERRUPTED``; ``events`` counts its history;
    ``redrive_count`` and ``redrive_date`` are DescribeExecution's ``redriveCount`` and ``redriveDate`` (the
    number of ``ExecutionRedriven`` events, and the time of the last)."""

    id: str
    name: str
    arn: str
    machine_name: str
    definition: dict[str, Any]
    status: str
    input: Any
    output: Any
    error: str | None
    cause: str | None
    start_date: datetime
    stop_date: datetime | None
    events: int
    redrive_count: int = 0
    redrive_date: datetime | None = None

    def summary(self) -> dict[str, Any]:
        """The execution as JSON-ready values (no definition, no history)."""
        return {
            "id": self.id,
            "name": self.name,
            "arn": self.arn,
            "stateMachine": self.machine_name,
            "status": self.status,
            "startDate": self.start_date.isoformat(),
            "stopDate": None if self.stop_date is None else self.stop_date.isoformat(),
            "input": self.input,
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
            "events": self.events,
            "redriveCount": self.redrive_count,
            "redriveDate": None if self.redrive_date is None else self.redrive_date.isoformat(),
        }


class ExecutionStore:
    """Executions recorded in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = str(default_store_path() if path is None else os.fspath(path))
        self._db = connect(self.path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ExecutionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ExecutionStore({self.path!r})"

    # -- writing ----------------------------------------------------------

    def begin(
        self, *, machine_name: str, definition: Mapping[str, Any], name: str, arn: str, input: Any, start_date: datetime
    ) -> str:
        """Record a RUNNING execution for this process; returns its new id."""
        with self._write():
            execution_id = self._new_id()
            self._db.execute(
                f"INSERT INTO executions ({_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, 'RUNNING', ?, NULL, NULL, NULL, ?, NULL, ?)",
                (execution_id, name, arn, machine_name, compact_json(definition), compact_json(input),
                 start_date.isoformat(), os.getpid()),
            )  # fmt: skip
        return execution_id

    def append(self, execution_id: str, events: Iterable[Mapping[str, Any]]) -> None:
        """Record ``events`` (history events as the engine writes them) of a begun execution."""
        rows = [(execution_id, e["id"], e["type"], e["timestamp"].isoformat(), _event_body(e)) for e in events]
        if rows:
            with self._write():
                self._db.executemany("INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?)", rows)

    def finish(self, execution_id: str, execution: Execution) -> None:
        """Record how a begun execution ended (its name, ARN, input and start as the engine settled them,
        too), and any of its events not appended yet."""
        recorded = self._event_count(execution_id)
        self.append(execution_id, execution.history[recorded:])
        output = compact_json(execution.output) if execution.status == "SUCCEEDED" else None
        with self._write():
            self._db.execute(
                "UPDATE executions SET name = ?, arn = ?, input = ?, start_date = ?, status = ?, output = ?, "
                "error = ?, cause = ?, stop_date = ?, pid = NULL WHERE id = ?",
                (execution.name, execution.arn, compact_json(execution.input), execution.start_date.isoformat(),
                 str(execution.status), output, execution.error, execution.cause, execution.stop_date.isoformat(),
                 execution_id),
            )  # fmt: skip

    def reopen(self, execution_id: str) -> None:
        """Make a recorded execution RUNNING again for this process, its outcome cleared: a redrive continues it,
        appending its events after the old ones, and :meth:`finish` records the new outcome."""
        with self._write():
            self._db.execute(
                "UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, "
                "stop_date = NULL, pid = ? WHERE id = ?",
                (os.getpid(), execution_id),
            )

    def save(self, execution: Execution, definition: Mapping[str, Any], machine_name: str) -> str:
        """Record a finished execution with its whole history; returns its new id."""
        execution_id = self.begin(
            machine_name=machine_name,
            definition=definition,
            name=execution.name,
            arn=execution.arn,
            input=execution.input,
            start_date=execution.start_date,
        )
        self.finish(execution_id, execution)
        return execution_id

    # -- reading ----------------------------------------------------------

    def get(self, id_or_prefix: str) -> StoredExecution:
        """The execution with this id, else the one whose name this is, else the one whose id starts so."""
        for where, value in (("id = ?", id_or_prefix), ("name = ?", id_or_prefix)):
            rows = self._select(f"WHERE {where} ORDER BY start_date DESC, rowid DESC", (value,))
            if rows:
                return rows[0]  # a name used twice: the newest run of it
        matches = self._select("WHERE id LIKE ? ESCAPE '\\' ORDER BY id", (_like_prefix(id_or_prefix),))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousExecutionIdError(path=self.path, prefix=id_or_prefix, matches=tuple(m.id for m in matches))
        known = [value for row in self._query("SELECT id, name FROM executions", ()) for value in row]
        raise ExecutionNotFoundError(path=self.path, name=id_or_prefix, suggestions=close_matches(id_or_prefix, known))

    def list(self, *, status: str | None = None, limit: int | None = None) -> builtins.list[StoredExecution]:
        """Recorded executions, newest first; ``status`` filters (``INTERRUPTED`` included)."""
        order = "ORDER BY start_date DESC, rowid DESC"
        if status in ("RUNNING", INTERRUPTED):  # which of the two a RUNNING row is depends on its process
            running = self._select(f"WHERE status = 'RUNNING' {order}", ())
            chosen = [e for e in running if e.status == status]
            return chosen if limit is None else chosen[:limit]
        where, params = ("", ()) if status is None else ("WHERE status = ?", (status,))
        bound = "" if limit is None else f" LIMIT {int(limit)}"
        return self._select(f"{where} {order}{bound}", params)

    def history(self, execution_id: str) -> builtins.list[dict[str, Any]]:
        """The history of the execution with this id (or unique prefix, or name), oldest event first."""
        found = self.get(execution_id).id
        rows = self._query("SELECT timestamp, body FROM events WHERE execution_id = ? ORDER BY event_id", (found,))
        return [{"timestamp": datetime.fromisoformat(stamp), **json.loads(body)} for stamp, body in rows]

    # -- internals --------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the execution store: {exc}", path=self.path) from None
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _query(self, sql: str, params: tuple[Any, ...]) -> builtins.list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the execution store: {exc}", path=self.path) from None

    def _new_id(self) -> str:
        while True:  # 50 random bits: a clash is rare, and then another id is drawn
            candidate = "".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH))
            if not self._query("SELECT 1 FROM executions WHERE id = ?", (candidate,)):
                return candidate

    def _event_count(self, execution_id: str) -> int:
        count: int = self._query("SELECT count(*) FROM events WHERE execution_id = ?", (execution_id,))[0][0]
        return count

    def _select(self, clause: str, params: tuple[Any, ...]) -> builtins.list[StoredExecution]:
        sql = (
            f"SELECT {_COLUMNS}, (SELECT count(*) FROM events WHERE execution_id = executions.id), "
            "(SELECT count(*) FROM events WHERE execution_id = executions.id AND type = 'ExecutionRedriven'), "
            "(SELECT max(timestamp) FROM events WHERE execution_id = executions.id AND type = 'ExecutionRedriven') "
            f"FROM executions {clause}"
        )
        return [_stored(row) for row in self._query(sql, params)]


def _stored(row: tuple[Any, ...]) -> StoredExecution:
    (id_, name, arn, machine, definition, status, input_, output, error, cause, start, stop, pid, events, redrives,
     redriven) = row  # fmt: skip
    if status == "RUNNING" and not _alive(pid):
        status = INTERRUPTED
    return StoredExecution(
        id=id_,
        name=name,
        arn=arn,
        machine_name=machine,
        definition=json.loads(definition),
        status=status,
        input=json.loads(input_),
        output=None if output is None else json.loads(output),
        error=error,
        cause=cause,
        start_date=datetime.fromisoformat(start),
        stop_date=None if stop is None else datetime.fromisoformat(stop),
        events=events,
        redrive_count=redrives,
        redrive_date=None if redriven is None else datetime.fromisoformat(redriven),
    )


def _alive(pid: int | None) -> bool:
    """Whether the process that is recording an execution still runs (on this machine)."""
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        pass
    return True


def _event_body(event: Mapping[str, Any]) -> str:
    return compact_json({key: value for key, value in event.items() if key != "timestamp"})


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
