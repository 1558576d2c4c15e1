"""``statewise serve``: the Step Functions API on localhost, a drop-in for Step Functions Local.

Theory of operation: a protocol core without I/O (:mod:`~statewise.server.protocol`:
``awsJson1_0`` requests, responses and errors), a table of operations
(:mod:`~statewise.server.operations`, one module per area) over the server's
registry (:mod:`~statewise.server.state`), executions on statewise's engine
recorded in the execution store (:mod:`~statewise.server.recorder`), and a
thin threading HTTP driver (:mod:`~statewise.server.http`), which
:class:`LocalStepFunctions` starts in-process for tests.
"""

from __future__ import annotations

from statewise.server.http import LocalStepFunctions

__all__ = ["LocalStepFunctions"]
