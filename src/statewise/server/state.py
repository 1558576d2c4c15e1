"""What the server holds: state machines (with their versions), executions, activities, tags.

Theory of operation: :class:`ServerState` is the registry every handler
reads and changes, under one lock (requests arrive on many threads). A state
machine is a :class:`MachineRecord` whose current :class:`Revision` (the
definition, parsed once into a :class:`~statewise.StateMachine`, and the
role) changes with UpdateStateMachine; publishing freezes a revision as a
numbered version, addressed as ``<machine ARN>:<n>``; an alias
(``<machine ARN>:<name>``) routes executions to one or two versions. An execution is an
:class:`ExecutionRecord` around the engine's
:class:`~statewise.ExecutionHandle`: it runs on its own thread from
StartExecution on, so a request never waits for one (StartSyncExecution
waits for its result). All executions share one
:class:`~statewise.integrations.callbacks.TaskTokens`, so SendTask* find any
execution's waiting Task by token and activity workers take any execution's
activity tasks. Nothing here speaks HTTP or JSON: handlers turn records into
responses.
"""

from __future__ import annotations

import itertools
import random
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from statewise.integrations.callbacks import TaskTokens
from statewise.integrations.mock_config import MockConfig
from statewise.server.arns import Arn, parse_arn
from statewise.server.config import ServerConfig
from statewise.server.params import Pager
from statewise.server.protocol import ApiError
from statewise.server.recorder import Recorder

if TYPE_CHECKING:
    from statewise.asl.machine import Execution, ExecutionHandle, StateMachine

__all__ = ["ActivityRecord", "AliasRecord", "ExecutionRecord", "MachineRecord", "Revision", "ServerState"]


@dataclass(frozen=True, slots=True)
class Revision:
    """One definition of a state machine, as created, updated or published."""

    machine: StateMachine
    definition: str  # as the request gave it: DescribeStateMachine returns it unchanged
    role_arn: str
    revision_id: str
    date: datetime
    settings: Mapping[str, Any]  # loggingConfiguration, tracingConfiguration, as given or defaulted
    description: str | None = None  # a published version's


@dataclass(slots=True)
class AliasRecord:
    """An alias: a name routing executions to one or two versions by weight."""

    arn: str
    name: str
    routing: tuple[tuple[str, int], ...]  # (version ARN, weight in percent)
    description: str
    created: datetime
    updated: datetime


@dataclass(slots=True)
class MachineRecord:
    """A state machine: its current revision, its published versions and its aliases."""

    arn: str
    name: str
    type: str
    created: datetime
    current: Revision
    versions: dict[int, Revision] = field(default_factory=dict)
    next_version: int = 1
    aliases: dict[str, AliasRecord] = field(default_factory=dict)

    def revision(self, arn: Arn) -> Revision:
        """The revision ``arn`` names: the current one, or a version ``<arn>:<n>``."""
        if arn.qualifier is None:
            return self.current
        version = self.versions.get(int(arn.qualifier)) if arn.qualifier.isdigit() else None
        if version is None:
            raise ApiError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn.text}'")
        return version

    def target(self, arn: Arn) -> tuple[Revision, str | None, str | None]:
        """What an execution of ``arn`` runs: the revision, and the version and alias ARNs it came through
        (an alias picks one of its versions at random, by their weights, as AWS routes)."""
        alias = self.aliases.get(arn.qualifier) if arn.qualifier is not None else None
        if alias is None:
            return self.revision(arn), (arn.text if arn.qualifier else None), None
        versions, weights = zip(*alias.routing, strict=True)
        chosen: str = random.choices(versions, weights)[0]
        return self.versions[int(chosen.rsplit(":", 1)[1])], chosen, alias.arn


@dataclass(slots=True)
class ExecutionRecord:
    """An execution the server started."""

    arn: str
    name: str
    machine_arn: str
    version_arn: str | None
    revision: Revision
    input: str
    start: datetime
    handle: ExecutionHandle
    alias_arn: str | None = None
    serving: dict[str, Any] = field(default_factory=dict)  # the test case it ran, for a redrive to run again

    @property
    def finished(self) -> Execution | None:
        """The finished execution, or None while it runs."""
        return self.handle.result() if self.handle.done() else None

    @property
    def status(self) -> str:
        finished = self.finished
        return "RUNNING" if finished is None else str(finished.status)

    @property
    def history(self) -> list[dict[str, Any]]:
        finished = self.finished
        return self.handle.history if finished is None else finished.history


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    arn: str
    name: str
    created: datetime


class ServerState:
    """The registry of one server."""

    def __init__(self, config: ServerConfig, store: str = ":memory:") -> None:
        self.mocks = None if config.mock_config is None else MockConfig.load(config.mock_config)  # checked first
        self.config = config
        self.identity = config.identity
        self.lock = threading.RLock()
        self.machines: dict[str, MachineRecord] = {}
        self.executions: dict[str, ExecutionRecord] = {}
        self.activities: dict[str, ActivityRecord] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.tokens = TaskTokens()
        self.pager = Pager()
        self.recorder = Recorder(store)
        self._revisions = itertools.count(1)
        self._aws: Any = None

    def now(self) -> datetime:
        return datetime.now(UTC)

    def new_revision_id(self) -> str:
        return str(uuid.UUID(int=next(self._revisions)))

    @property
    def aws(self) -> Any:
        """Where executions' unmocked AWS Tasks call (made once, on first use)."""
        with self.lock:
            if self._aws is None:
                self._aws = self.config.aws()
            return self._aws

    # -- lookups: each raises the API's error for an unknown or malformed ARN --

    def machine(self, text: object, member: str = "stateMachineArn") -> tuple[MachineRecord, Arn]:
        arn = parse_arn(text, "stateMachine", member=member)
        with self.lock:
            record = self.machines.get(arn.base)
        if record is None:
            raise ApiError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn.text}'")
        return record, arn

    def execution(self, text: object, member: str = "executionArn") -> ExecutionRecord:
        arn = parse_arn(text, "execution", "express", member=member)
        with self.lock:
            record = self.executions.get(arn.text)
        if record is None:
            raise ApiError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn.text}'")
        return record

    def activity(self, text: object, member: str = "activityArn") -> ActivityRecord:
        arn = parse_arn(text, "activity", member=member)
        with self.lock:
            record = self.activities.get(arn.text)
        if record is None:
            raise ApiError("ActivityDoesNotExist", f"Activity Does Not Exist: '{arn.text}'")
        return record

    def close(self) -> None:
        """Abort what still runs (as a stopped Step Functions Local loses it) and close the store."""
        with self.lock:
            running = [record.handle for record in self.executions.values() if not record.handle.done()]
        for handle in running:
            handle.abort("States.Aborted", "the server stopped")
        self.recorder.close()
