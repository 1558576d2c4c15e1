"""Executions the server runs, recorded in the execution store from one thread.

Theory of operation: SQLite connections belong to the thread that opened
them, and the server answers requests on many threads, so the
:class:`~statewise.store.ExecutionStore` is opened, written and closed on
one worker thread (a single-thread executor); every write is a job queued
to it. :meth:`Recorder.started` begins an execution's row (RUNNING) when it
starts; a watcher thread appends its new events every half second while it
runs (so a killed server leaves them behind, and the row reads back
INTERRUPTED) and, as soon as it ends, queues
:meth:`~statewise.store.ExecutionStore.finish`, which writes the rest of its
history and its outcome. :meth:`Recorder.close` waits for the watchers (the
server aborts what still runs first), then closes the store. So
``statewise executions`` and the HTML report see the server's executions,
from ``--store PATH`` (in memory by default, gone with the server).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final

from statewise.store import ExecutionStore

if TYPE_CHECKING:
    from datetime import datetime

    from statewise.asl.machine import ExecutionHandle, StateMachine

__all__ = ["Recorder"]

_POLL: Final = 0.5  # seconds between looks at a running execution's history (an ended one is seen at once)


class Recorder:
    """Records executions in the store at ``path`` (``":memory:"`` by default)."""

    def __init__(self, path: str = ":memory:") -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="statewise-store")
        self._store: ExecutionStore = self._worker.submit(ExecutionStore, path).result()
        self.path = self._store.path
        self._watchers: list[threading.Thread] = []
        self._rows: dict[str, Any] = {}  # execution ARN -> its row's id (a future of the store's worker)

    def started(
        self, machine: StateMachine, handle: ExecutionHandle, *, name: str, arn: str, data: Any, start: datetime
    ) -> None:
        """Record ``handle``'s execution now (RUNNING) and again when it ends."""
        row = self._worker.submit(
            self._store.begin,
            machine_name=machine.name,
            definition=machine.definition,
            name=name,
            arn=arn,
            input=data,
            start_date=start,
        )
        self._rows[arn] = row
        self._watch(row, handle, 0)

    def redriven(self, handle: ExecutionHandle, *, arn: str, seen: int) -> None:
        """Record the redrive of the execution at ``arn`` in its row: RUNNING again, the events after the first
        ``seen`` appended as they come, then the new outcome."""
        row = self._rows[arn]
        self._worker.submit(self._store.reopen, row.result())
        self._watch(row, handle, seen)

    def _watch(self, row: Any, handle: ExecutionHandle, seen: int) -> None:
        watcher = threading.Thread(
            target=self._finish, args=(row, handle, seen), name="statewise-recorder", daemon=True
        )
        watcher.start()
        self._watchers = [*(w for w in self._watchers if w.is_alive()), watcher]

    def _finish(self, row: Any, handle: ExecutionHandle, seen: int) -> None:
        while True:
            try:
                execution = handle.result(timeout=_POLL)
            except TimeoutError:  # still running: record what happened so far
                events = handle.history[seen:]
                if events:
                    self._worker.submit(self._store.append, row.result(), events)
                    seen += len(events)
                continue
            except Exception:  # an engine fault: the execution has no outcome to record
                return
            self._worker.submit(self._store.finish, row.result(), execution).result()
            return

    def close(self, timeout: float = 10.0) -> None:
        """Wait for the executions' outcomes to be written, then close the store."""
        for watcher in self._watchers:
            watcher.join(timeout)
        self._worker.submit(self._store.close).result()
        self._worker.shutdown(wait=True)
