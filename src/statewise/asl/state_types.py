"""The ``Type`` of a state, as one enum.

Theory of operation: :class:`StateType` keys every per-type table (the
fields each type accepts in :mod:`statewise.asl.fields`, the builders of the
parser, the engine's handlers and history event names) and is the ``type`` of
every :class:`~statewise.asl.model.State`. It lives apart from the model so
the tables can import it without importing the model.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["StateType"]


class StateType(StrEnum):
    """The ``Type`` of a state."""

    PASS = "Pass"
    TASK = "Task"
    CHOICE = "Choice"
    WAIT = "Wait"
    SUCCEED = "Succeed"
    FAIL = "Fail"
    PARALLEL = "Parallel"
    MAP = "Map"
