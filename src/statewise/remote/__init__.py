"""Deploy to AWS Step Functions, run there, and compare the cloud with the laptop.

:func:`deploy` creates or updates a state machine from a definition
(validated, linted and bound first); :func:`run` starts an execution on AWS and
returns the same :class:`~statewise.Execution` a local run does;
:func:`compare` runs one input both ways and reports the differences. boto3 is
imported only when a function needs a client it was not given.
"""

from __future__ import annotations

from statewise.remote.compare import Comparison, Difference, compare
from statewise.remote.deploy import DeployResult, deploy
from statewise.remote.errors import DeployError, DeployRefused, LocalBindingsRefused, StateMachineNotFound
from statewise.remote.executions import describe_execution, execution_history, list_executions
from statewise.remote.plan import Request
from statewise.remote.run import follow, redrive, run, start

__all__ = [
    "Comparison",
    "DeployError",
    "DeployRefused",
    "DeployResult",
    "Difference",
    "LocalBindingsRefused",
    "Request",
    "StateMachineNotFound",
    "compare",
    "deploy",
    "describe_execution",
    "execution_history",
    "follow",
    "list_executions",
    "redrive",
    "run",
    "start",
]
