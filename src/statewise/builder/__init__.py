"""A chainable Python builder for ASL definitions, in the spirit of CDK's ``aws_stepfunctions`` and
``aws_stepfunctions_tasks`` (their Python names, no scope argument, no Node). See docs/builder.md.

    describe = CallAwsService("Describe", service="workspaces", action="describeWorkspaces", result_path="$.Page")
    definition = StateMachineDefinition(describe.next(Succeed("Done"))).to_dict()
"""

from statewise.builder.conditions import Condition
from statewise.builder.definition import StateMachineDefinition
from statewise.builder.states import Chain, Choice, Fail, Map, Parallel, Pass, State, Succeed, Task, Wait
from statewise.builder.tasks import CallAwsService, LambdaInvoke
from statewise.builder.values import DISCARD, Duration, Errors, JsonPath, Result, TaskInput, WaitTime

__all__ = [
    "DISCARD",
    "CallAwsService",
    "Chain",
    "Choice",
    "Condition",
    "Duration",
    "Errors",
    "Fail",
    "JsonPath",
    "LambdaInvoke",
    "Map",
    "Parallel",
    "Pass",
    "Result",
    "State",
    "StateMachineDefinition",
    "Succeed",
    "Task",
    "TaskInput",
    "Wait",
    "WaitTime",
]
