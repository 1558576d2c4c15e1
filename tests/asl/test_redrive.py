"""Redrive: an unsuccessful execution continues from where it stopped, as AWS's RedriveExecution does."""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

import pytest

from statewise import CALLBACK, ExecutionHandle, ExecutionNotRedrivable, ExecutionStatus, StateMachine, TaskFailed
from statewise.testing import FakeClock


class Flaky:
    """A Task resource that fails for the inputs in ``failing`` until ``healed`` is set; counts calls per input."""

    def __init__(self, *failing: Any) -> None:
        self.failing = {json.dumps(payload, sort_keys=True) for payload in failing}
        self.healed = False
        self.calls: Counter[str] = Counter()

    def __call__(self, payload: Any) -> Any:
        key = json.dumps(payload, sort_keys=True)
        self.calls[key] += 1
        if not self.healed and key in self.failing:
            raise TaskFailed("Flaky", f"failed on {key}")
        return {"done": payload}


def _types(history: list[dict[str, Any]]) -> list[str]:
    return [event["type"] for event in history]


def _ids_follow_on(history: list[dict[str, Any]]) -> None:
    assert [event["id"] for event in history] == list(range(1, len(history) + 1))


TOP = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Assign": {"greeting": "hello"}, "Result": {"n": 1}, "Next": "Call"},
        "Call": {"Type": "Task", "Resource": "fn", "Next": "Finish"},
        "Finish": {"Type": "Pass", "Parameters": {"result.$": "$", "greeting.$": "$greeting"}, "End": True},
    },
}


def test_a_failed_task_is_redriven_to_success_without_rerunning_what_succeeded() -> None:
    machine = StateMachine(TOP)
    flaky = Flaky({"n": 1})
    failed = machine.run({"x": 1}, resources={"fn": flaky}, clock=FakeClock(), name="first")
    assert (failed.status, failed.error) == ("FAILED", "Flaky")
    flaky.healed = True
    redriven = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=failed)
    assert redriven.status == "SUCCEEDED"
    # the variable assigned before the failure is seen after the redrive
    assert redriven.output == {"result": {"done": {"n": 1}}, "greeting": "hello"}
    assert flaky.calls == {'{"n": 1}': 2}
    assert (redriven.name, redriven.arn, redriven.input) == (failed.name, failed.arn, failed.input)
    assert redriven.start_date == failed.start_date
    old = len(failed.history)
    assert redriven.history[:old] == failed.history
    _ids_follow_on(redriven.history)
    assert _types(redriven.history)[old:] == [
        "ExecutionRedriven",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    redrive_event = redriven.history[old]
    assert redrive_event["executionRedrivenEventDetails"] == {"redriveCount": 1}
    assert redrive_event["previousEventId"] == old
    entered = redriven.history[old + 1]
    assert entered["previousEventId"] == old + 1
    assert json.loads(entered["stateEnteredEventDetails"]["input"]) == {"n": 1}
    assert _types(redriven.history).count("PassStateEntered") == 2  # Prepare ran once, Finish once


def test_redrive_count_and_time_in_the_context_object() -> None:
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {"Type": "Task", "Resource": "fn", "Next": "Context"},
            "Context": {"Type": "Pass", "Parameters": {"execution.$": "$$.Execution"}, "End": True},
        },
    }
    machine = StateMachine(definition)
    flaky = Flaky({})
    clock = FakeClock()
    first = machine.run(resources={"fn": flaky}, clock=clock)
    assert first.status == "FAILED"
    second = machine.run(resources={"fn": flaky}, clock=clock, redrive=first)
    assert second.status == "FAILED"
    flaky.healed = True
    clock.advance(60)
    third = machine.run(resources={"fn": flaky}, clock=clock, redrive=second)
    assert third.status == "SUCCEEDED"
    execution = third.output["execution"]
    assert execution["RedriveCount"] == 2
    assert execution["Name"] == first.name
    assert execution["StartTime"] == first.history[0]["timestamp"].isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )
    assert execution["RedriveTime"] > execution["StartTime"]
    redriven = [e["executionRedrivenEventDetails"] for e in third.history if e["type"] == "ExecutionRedriven"]
    assert redriven == [{"redriveCount": 1}, {"redriveCount": 2}]
    assert flaky.calls == {"{}": 3}
    _ids_follow_on(third.history)


def test_a_succeeded_execution_is_not_redrivable() -> None:
    machine = StateMachine(TOP)
    done = machine.run(resources={"fn": lambda p: p})
    with pytest.raises(ExecutionNotRedrivable, match="SUCCEEDED"):
        machine.run(resources={"fn": lambda p: p}, redrive=done)
    with pytest.raises(ExecutionNotRedrivable, match="SUCCEEDED"):
        machine.start(resources={"fn": lambda p: p}, redrive=done)


def test_an_express_execution_is_not_redrivable() -> None:
    machine = StateMachine(TOP, type="EXPRESS")
    failed = machine.run(resources={"fn": Flaky({"n": 1})})
    assert failed.status == "FAILED"
    with pytest.raises(ExecutionNotRedrivable, match="EXPRESS"):
        machine.run(resources={"fn": lambda p: p}, redrive=failed)


def test_a_redrive_takes_no_input_or_name() -> None:
    machine = StateMachine(TOP)
    failed = machine.run(resources={"fn": Flaky({"n": 1})})
    with pytest.raises(ValueError, match="no input or name"):
        machine.run({"other": 1}, resources={"fn": lambda p: p}, redrive=failed)


INLINE_MAP = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 1,
            "ItemProcessor": {
                "StartAt": "Work",
                "States": {
                    "Work": {"Type": "Task", "Resource": "fn", "Next": "Shape"},
                    "Shape": {"Type": "Pass", "Parameters": {"v.$": "$.done"}, "End": True},
                },
            },
            "ToleratedFailureCount": 0,
            "End": True,
        }
    },
}


@pytest.mark.parametrize("concurrency", [1, 0])
def test_an_inline_map_reruns_only_the_iterations_that_did_not_succeed(concurrency: int) -> None:
    definition = json.loads(json.dumps(INLINE_MAP))
    definition["States"]["Each"]["MaxConcurrency"] = concurrency
    machine = StateMachine(definition)
    flaky = Flaky(2, 5, 8)
    items = list(range(10))
    failed = machine.run({"items": items}, resources={"fn": flaky}, clock=FakeClock())
    assert failed.status == "FAILED"
    before = Counter(flaky.calls)
    succeeded_before = {
        e["mapIterationSucceededEventDetails"]["index"] for e in failed.history if e["type"] == "MapIterationSucceeded"
    }
    flaky.healed = True
    redriven = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=failed)
    assert redriven.status == "SUCCEEDED"
    assert redriven.output == [{"v": i} for i in items]
    rerun = {int(key) for key in flaky.calls if flaky.calls[key] > before[key]}
    assert rerun == set(items) - succeeded_before
    assert {2, 5, 8} <= rerun
    assert all(flaky.calls[str(i)] == before[str(i)] + 1 for i in rerun)
    new = redriven.history[len(failed.history) :]
    started = [e["mapIterationStartedEventDetails"]["index"] for e in new if e["type"] == "MapIterationStarted"]
    assert sorted(started) == sorted(rerun)
    assert _types(new)[:4] == ["ExecutionRedriven", "MapStateEntered", "MapStateStarted", "MapIterationStarted"]
    assert new[2]["mapStateStartedEventDetails"] == {"length": 10}
    _ids_follow_on(redriven.history)


def test_a_map_redriven_twice_keeps_what_each_attempt_finished() -> None:
    machine = StateMachine(INLINE_MAP)
    flaky = Flaky(3, 7)
    first = machine.run({"items": list(range(10))}, resources={"fn": flaky}, clock=FakeClock())
    assert first.status == "FAILED"  # stops at 3 (MaxConcurrency 1): 4..9 never ran
    flaky.failing = {"7"}
    second = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=first)
    assert second.status == "FAILED"
    flaky.healed = True
    third = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=second)
    assert third.status == "SUCCEEDED"
    assert third.output == [{"v": i} for i in range(10)]
    assert flaky.calls == Counter({**{str(i): 1 for i in range(10)}, "3": 2, "7": 2})


def test_a_parallel_reruns_only_the_failed_branch() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Left", "States": {"Left": {"Type": "Task", "Resource": "left", "End": True}}},
                    {
                        "StartAt": "Right",
                        "States": {
                            "Right": {"Type": "Task", "Resource": "right", "Next": "RightDone"},
                            "RightDone": {"Type": "Succeed"},
                        },
                    },
                    {"StartAt": "Broken", "States": {"Broken": {"Type": "Task", "Resource": "broken", "End": True}}},
                ],
                "Next": "After",
            },
            "After": {"Type": "Pass", "End": True},
        },
    }
    machine = StateMachine(definition)
    left, right, broken = Flaky(), Flaky(), Flaky({"k": 1})
    resources = {"left": left, "right": right, "broken": broken}
    failed = machine.run({"k": 1}, resources=resources, clock=FakeClock())
    assert (failed.status, failed.error) == ("FAILED", "Flaky")
    assert (left.calls, right.calls) == ({'{"k": 1}': 1}, {'{"k": 1}': 1})
    broken.healed = True
    redriven = machine.run(resources=resources, clock=FakeClock(), redrive=failed)
    assert redriven.status == "SUCCEEDED"
    assert redriven.output == [{"done": {"k": 1}}] * 3
    assert (left.calls, right.calls, broken.calls) == ({'{"k": 1}': 1}, {'{"k": 1}': 1}, {'{"k": 1}': 2})
    new = _types(redriven.history[len(failed.history) :])
    assert new[:3] == ["ExecutionRedriven", "ParallelStateEntered", "ParallelStateStarted"]
    assert new.count("TaskStateEntered") == 1


def test_a_distributed_map_reruns_only_the_failed_children() -> None:
    definition = json.loads(json.dumps(INLINE_MAP))
    each = definition["States"]["Each"]
    each["ItemProcessor"]["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    each["ToleratedFailureCount"] = 0
    del each["MaxConcurrency"]
    machine = StateMachine(definition, name="Dist")
    flaky = Flaky(1, 4)
    failed = machine.run({"items": list(range(6))}, resources={"fn": flaky}, clock=FakeClock(), seed=1)
    assert (failed.status, failed.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    statuses = ["SUCCEEDED", "FAILED", "SUCCEEDED", "SUCCEEDED", "FAILED", "SUCCEEDED"]
    assert [c.status for c in failed.children] == statuses
    map_run = next(e for e in failed.history if e["type"] == "MapRunStarted")["mapRunStartedEventDetails"]
    flaky.healed = True
    redriven = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=failed, seed=2)
    assert redriven.status == "SUCCEEDED"
    assert redriven.output == [{"v": i} for i in range(6)]
    assert flaky.calls == Counter({**{str(i): 1 for i in range(6)}, "1": 2, "4": 2})
    new = redriven.history[len(failed.history) :]
    assert _types(new)[:4] == ["ExecutionRedriven", "MapStateEntered", "MapStateStarted", "MapRunRedriven"]
    assert new[3]["mapRunRedrivenEventDetails"] == {"mapRunArn": map_run["mapRunArn"], "redriveCount": 1}
    assert [c.status for c in redriven.children] == ["SUCCEEDED"] * 6
    # the Map Run's children keep their ARNs: the succeeded ones as they were, the failed ones redriven
    assert [c.arn for c in redriven.children] == [c.arn for c in failed.children]
    for old, new_child in zip(failed.children, redriven.children, strict=True):
        if old.status == "SUCCEEDED":
            assert new_child is old
        else:
            assert new_child.history[: len(old.history)] == old.history
            assert _types(new_child.history)[len(old.history) : len(old.history) + 2] == [
                "ExecutionRedriven",
                "TaskStateEntered",
            ]


def test_a_distributed_map_starts_its_failed_express_children_again() -> None:
    definition = json.loads(json.dumps(INLINE_MAP))
    each = definition["States"]["Each"]
    each["ItemProcessor"]["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}
    machine = StateMachine(definition, name="Dist")
    flaky = Flaky(2)
    failed = machine.run({"items": list(range(4))}, resources={"fn": flaky}, clock=FakeClock(), seed=1)
    assert failed.status == "FAILED"
    flaky.healed = True
    redriven = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=failed, seed=2)
    assert redriven.output == [{"v": i} for i in range(4)]
    assert flaky.calls == Counter({"0": 1, "1": 1, "2": 2, "3": 1})
    assert redriven.children[2].arn != failed.children[2].arn  # a new child execution, as StartExecution makes
    assert _types(redriven.children[2].history)[0] == "ExecutionStarted"
    assert [c.arn for i, c in enumerate(redriven.children) if i != 2] == [
        c.arn for i, c in enumerate(failed.children) if i != 2
    ]


def test_variables_assigned_before_the_failure_are_seen_inside_a_redriven_map() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"factor": 10}, "Next": "Each"},
            "Each": {
                "Type": "Map",
                "Items": "{% $states.input.items %}",
                "ItemProcessor": {
                    "StartAt": "Work",
                    "States": {
                        "Work": {
                            "Type": "Task",
                            "Resource": "fn",
                            "Arguments": "{% $states.input * $factor %}",
                            "Output": "{% $states.result.done %}",
                            "End": True,
                        }
                    },
                },
                "End": True,
            },
        },
    }
    machine = StateMachine(definition)
    flaky = Flaky(20)
    failed = machine.run({"items": [1, 2, 3]}, resources={"fn": flaky}, clock=FakeClock())
    assert failed.status == "FAILED"
    flaky.healed = True
    redriven = machine.run(resources={"fn": flaky}, clock=FakeClock(), redrive=failed)
    assert redriven.status == "SUCCEEDED"
    assert redriven.output == [10, 20, 30]
    assert flaky.calls["20"] == 2


def test_a_timed_out_execution_is_redriven_with_its_time_limit_reset() -> None:
    definition = {
        "TimeoutSeconds": 10,
        "StartAt": "First",
        "States": {
            "First": {"Type": "Task", "Resource": "fn", "Next": "Nap"},
            "Nap": {"Type": "Wait", "SecondsPath": "$.done.nap", "End": True},
        },
    }
    machine = StateMachine(definition)
    flaky = Flaky()
    assert machine.run({"nap": 8}, resources={"fn": flaky}, clock=FakeClock()).status == "SUCCEEDED"
    slow = machine.run({"nap": 30}, resources={"fn": flaky}, clock=FakeClock())
    assert slow.status == "TIMED_OUT"
    faster = StateMachine({**definition, "TimeoutSeconds": 40})  # a definition changed since: the one given runs
    redriven = faster.run(resources={"fn": flaky}, clock=FakeClock(), redrive=slow)
    assert redriven.status == "SUCCEEDED"
    assert flaky.calls == {'{"nap": 8}': 1, '{"nap": 30}': 1}
    assert _types(redriven.history[len(slow.history) :])[:2] == ["ExecutionRedriven", "WaitStateEntered"]


def _waiting(handle: ExecutionHandle) -> str:
    """The token ``handle``'s execution waits on, once it waits."""
    for _ in range(2000):
        if handle.task_tokens:
            break
        threading.Event().wait(0.005)  # the test's own thread waits for the execution's thread, not the clock
    (token,) = handle.task_tokens
    return token


def test_an_aborted_execution_started_in_the_background_is_redriven() -> None:
    ask = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {"Type": "Task", "Resource": "fn", "Next": "Ask"},
            "Ask": {"Type": "Task", "Resource": ask, "Parameters": {"token.$": "$$.Task.Token"}, "End": True},
        },
    }
    machine = StateMachine(definition)
    flaky = Flaky()
    resources = {"fn": flaky, ask: lambda params: CALLBACK}
    handle = machine.start({"a": 1}, resources=resources, clock=FakeClock())
    _waiting(handle)
    handle.abort("Stop", "by the test")
    aborted = handle.result(timeout=10)
    assert aborted.status == "ABORTED"
    again = machine.start(resources=resources, clock=FakeClock(), redrive=aborted)
    again.send_task_success(_waiting(again), {"ok": True})
    redriven = again.result(timeout=10)
    assert redriven.status == "SUCCEEDED"
    assert redriven.output == {"ok": True}
    assert flaky.calls == {'{"a": 1}': 1}
    assert again.history[: len(aborted.history)] == aborted.history
    assert _types(again.history)[len(aborted.history) : len(aborted.history) + 2] == [
        "ExecutionRedriven",
        "TaskStateEntered",
    ]


def test_an_execution_that_entered_no_state_starts_over() -> None:
    machine = StateMachine(TOP)
    failed = machine.run({"x": 1}, resources={"fn": Flaky({"n": 1})})
    started_only = type(failed)(**{**_fields(failed), "history": failed.history[:1]})
    redriven = machine.run(resources={"fn": lambda p: p}, redrive=started_only)
    assert redriven.status == "SUCCEEDED"
    assert _types(redriven.history)[:3] == ["ExecutionStarted", "ExecutionRedriven", "PassStateEntered"]


def test_an_execution_stopped_between_two_states_goes_on_with_the_next() -> None:
    machine = StateMachine(TOP)
    flaky = Flaky({"n": 1})
    failed = machine.run({"x": 1}, resources={"fn": flaky})
    prepared = next(i for i, e in enumerate(failed.history) if e["type"] == "PassStateExited")
    stopped = type(failed)(**{**_fields(failed), "history": failed.history[: prepared + 1]})
    flaky.healed = True
    redriven = machine.run(resources={"fn": flaky}, redrive=stopped)
    assert redriven.output == {"result": {"done": {"n": 1}}, "greeting": "hello"}
    assert _types(redriven.history)[prepared + 1 : prepared + 3] == ["ExecutionRedriven", "TaskStateEntered"]


def _fields(execution: Any) -> dict[str, Any]:
    return {name: getattr(execution, name) for name in execution.__dataclass_fields__}


CAUGHT = {
    "StartAt": "Call",
    "States": {
        "Call": {
            "Type": "Task",
            "Resource": "fn",
            "Catch": [{"ErrorEquals": ["Other"], "Next": "Wrong"}, {"ErrorEquals": ["Flaky"], "Next": "Recover"}],
            "Next": "Wrong",
        },
        "Recover": {"Type": "Pass", "Result": "recovered", "End": True},
        "Wrong": {"Type": "Fail", "Error": "Wrong"},
    },
}


def _cut_after_exit(execution: Any, name: str) -> Any:
    """``execution`` as a run killed right after the top-level state ``name`` exited leaves it (the store reads
    it back INTERRUPTED, which `statewise redrive` redrives as ABORTED)."""
    history = execution.history
    exited = next(i for i, e in enumerate(history) if e.get("stateExitedEventDetails", {}).get("name") == name)
    cut = {"history": history[: exited + 1], "status": ExecutionStatus.ABORTED, "output": None}
    return type(execution)(**{**_fields(execution), **cut})


def test_stopped_right_after_a_catch_it_goes_on_with_the_catchers_next() -> None:
    machine = StateMachine(CAUGHT)
    flaky = Flaky({})
    caught = machine.run(resources={"fn": flaky})
    assert caught.output == "recovered"
    redriven = machine.run(resources={"fn": flaky}, redrive=_cut_after_exit(caught, "Call"))
    assert (redriven.status, redriven.output) == ("SUCCEEDED", "recovered")
    assert flaky.calls == {"{}": 1}


def test_stopped_after_the_last_state_it_only_ends() -> None:
    machine = StateMachine(CAUGHT)
    done = _cut_after_exit(machine.run(resources={"fn": Flaky({})}), "Recover")
    redriven = machine.run(resources={"fn": Flaky()}, redrive=done)
    assert (redriven.status, redriven.output) == ("SUCCEEDED", "recovered")
    assert _types(redriven.history)[len(done.history) :] == ["ExecutionRedriven", "ExecutionSucceeded"]


def test_stopped_right_after_a_caught_parallel_is_not_redrivable() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "fn", "End": True}}}],
                "Catch": [{"ErrorEquals": ["Flaky"], "Next": "After"}],
                "End": True,
            },
            "After": {"Type": "Pass", "End": True},
        },
    }
    machine = StateMachine(definition)
    stopped = _cut_after_exit(machine.run(resources={"fn": Flaky({})}), "Both")
    with pytest.raises(ExecutionNotRedrivable, match="does not say which Catch"):
        machine.run(resources={"fn": Flaky()}, redrive=stopped)
