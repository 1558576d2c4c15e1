"""Callbacks by task token: ``.waitForTaskToken`` Tasks wait for SendTaskSuccess/Failure/Heartbeat.

Theory of operation: a Task whose resource ARN ends in ``.waitForTaskToken``
hands ``$$.Task.Token`` to someone (a queue message, a Lambda payload) and
waits until that someone answers by token. The resource that serves the Task
makes the hand-over and returns :data:`CALLBACK` (or an :class:`AwaitCallback`
holding what the hand-over returned, which the history records as
``TaskSubmitted``); any other return value is the result at once, which keeps
a plain callable usable as a stand-in for the whole round trip.

:class:`TaskTokens` is the registry a run's Tasks wait on. The engine calls
:meth:`TaskTokens.expect` before the hand-over, so an answer given during it is
not lost, and awaits the :class:`Waiting` it returns. ``send_task_success``,
``send_task_failure`` and ``send_task_heartbeat`` may be called from any
thread or task, while the execution runs (``ExecutionHandle`` offers them
too); an unknown or already-answered token raises :class:`TaskTokenError`, as
AWS answers ``TaskDoesNotExist``. The time limits (``TimeoutSeconds``,
``HeartbeatSeconds``, reset by each heartbeat) are the engine's, on its clock;
on a ``FakeClock`` time jumps to the next limit as soon as nothing on the
event loop can run, so with such limits answer from the loop (a task, or the
resource itself) or run on the system clock.

Activities (``arn:aws:states:<region>:<account>:activity:<name>``) are the
same wait with a queue in front: a :class:`TaskTokens` passed as
``callbacks=`` also serves them (it is a resolver link), queueing each
activity Task for a worker, which takes it with :meth:`TaskTokens.get_activity_task`
(as GetActivityTask) and answers by its token.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from statewise.base_errors import StatesError, StatewiseError
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource
from statewise.integrations.targets import Pattern, TargetKind

__all__ = ["CALLBACK", "ActivityTask", "AwaitCallback", "TaskTokenError", "TaskTokens", "Waiting", "handed_over"]


@dataclass(frozen=True, slots=True)
class AwaitCallback:
    """Returned by a resource for a ``.waitForTaskToken`` Task: the result comes by token.

    ``output`` is what the hand-over itself returned (recorded as ``TaskSubmitted``).
    """

    output: Any = None


CALLBACK: Final = AwaitCallback()
"""Return this from a ``.waitForTaskToken`` Task's callable to wait for ``send_task_success``."""


def handed_over(pattern: Pattern, response: Any) -> Any:
    """What a call of ``pattern`` gives the Task: a ``.waitForTaskToken`` call handed the token over,
    so its response is the hand-over's and the result comes by token; otherwise the response."""
    return AwaitCallback(response) if pattern is Pattern.WAIT_FOR_TASK_TOKEN else response


class TaskTokenError(StatewiseError, LookupError):
    """No Task waits on this token (never issued, or already answered); AWS says TaskDoesNotExist."""


@dataclass(frozen=True, slots=True)
class ActivityTask:
    """A task an activity worker took: answer it with ``send_task_success(task.token, ...)``."""

    token: str
    input: Any


@dataclass(frozen=True, slots=True)
class _Activity:
    """An activity Task: queued for a worker, then answered by token."""

    tasks: queue.Queue[ActivityTask]
    blocking = False

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        self.tasks.put(ActivityTask(context["Task"]["Token"], payload))
        return CALLBACK


@dataclass(slots=True)
class Waiting:
    """One Task waiting on its token: the engine awaits :meth:`outcome`, racing :meth:`heartbeat`."""

    token: str
    loop: asyncio.AbstractEventLoop
    answer: asyncio.Future[Any]
    heartbeats: asyncio.Queue[None]

    async def outcome(self) -> Any:
        """The output sent for the token; raises the failure sent for it."""
        return await self.answer

    async def heartbeat(self) -> None:
        """Returns at the next heartbeat sent for the token."""
        await self.heartbeats.get()

    def close(self) -> None:
        """The Task is over: an answer nobody awaited is read (no "never retrieved" log), a late one dropped."""
        if self.answer.done():
            if not self.answer.cancelled():
                self.answer.exception()
        else:
            self.answer.cancel()


class TaskTokens:
    """The task tokens a run's ``.waitForTaskToken`` Tasks wait on, answered from any thread or task."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, Waiting] = {}
        self._activities: dict[str, queue.Queue[ActivityTask]] = {}

    def resolve(self, task: TaskRef) -> Resource | None:
        """Serves activity Tasks: each waits, under its token, until a worker takes and answers it."""
        if task.target.kind is not TargetKind.ACTIVITY:
            return None
        return _Activity(self._queue(task.target.arn))

    def get_activity_task(self, activity_arn: str, timeout: float | None = None) -> ActivityTask | None:
        """The next task scheduled on ``activity_arn`` (as GetActivityTask): waits up to ``timeout``
        seconds of real time (None: until one comes); None when none came. Answer it by its token."""
        try:
            return self._queue(activity_arn).get(timeout=timeout)
        except queue.Empty:
            return None

    def _queue(self, activity_arn: str) -> queue.Queue[ActivityTask]:
        with self._lock:
            return self._activities.setdefault(activity_arn, queue.Queue())

    @property
    def pending(self) -> tuple[str, ...]:
        """The tokens of the Tasks waiting now, oldest first."""
        with self._lock:
            return tuple(self._waiting)

    def expect(self, token: str) -> Waiting:
        """Register ``token`` (on the running loop) before the Task hands it over."""
        loop = asyncio.get_running_loop()
        waiting = Waiting(token, loop, loop.create_future(), asyncio.Queue())
        with self._lock:
            if token in self._waiting:
                raise TaskTokenError(
                    "two waiting Tasks drew the same task token: runs sharing one TaskTokens need different seeds"
                )
            self._waiting[token] = waiting
        return waiting

    def forget(self, token: str) -> bool:
        """The Task is over (answered, failed or timed out): later answers are refused.

        False when an answer claimed the token first (it is on its way to the Task).
        """
        with self._lock:
            return self._waiting.pop(token, None) is not None

    def send_task_success(self, token: str, output: Any) -> None:
        """Answer ``token``: its Task succeeds with ``output`` (a JSON value; anything else is refused here,
        as SendTaskSuccess refuses it with InvalidOutput)."""
        try:
            json.dumps(output, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"the output sent for a task token must be JSON: {exc}") from None
        self._settle(token, lambda answer: None if answer.done() else answer.set_result(output))

    def send_task_failure(self, token: str, error: str | None = None, cause: str | None = None) -> None:
        """Answer ``token``: its Task fails with ``error`` and ``cause`` (Retry and Catch apply)."""
        failure = StatesError(error or "", cause)
        self._settle(token, lambda answer: None if answer.done() else answer.set_exception(failure))

    def send_task_heartbeat(self, token: str) -> None:
        """Tell ``token``'s Task its worker is alive: its ``HeartbeatSeconds`` start again."""
        waiter = self._find(token)
        waiter.loop.call_soon_threadsafe(waiter.heartbeats.put_nowait, None)

    def _settle(self, token: str, settle: Callable[[asyncio.Future[Any]], None]) -> None:
        waiter = self._find(token, pop=True)
        try:
            waiter.loop.call_soon_threadsafe(settle, waiter.answer)
        except RuntimeError:  # the execution's loop is gone: its Task is over
            raise TaskTokenError(f"the Task waiting on {token[:32]}... is over") from None

    def _find(self, token: str, *, pop: bool = False) -> Waiting:
        with self._lock:
            waiter = self._waiting.pop(token, None) if pop else self._waiting.get(token)
        if waiter is None:
            raise TaskTokenError(f"Task Token does not exist or has already been answered: {token[:32]}...")
        return waiter
