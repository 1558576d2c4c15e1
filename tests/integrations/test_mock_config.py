"""Step Functions Local's MockConfigFile: the documented format run end to end, consumption rules, and every check."""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import statewise
from statewise import (
    MockConfig,
    MockConfigError,
    StateMachine,
    UnknownTestCaseError,
    UnservedTasksError,
)
from statewise.integrations import mock_config
from statewise.integrations.mock_config import MockReturn, MockThrow, mock_link
from statewise.integrations.resolver import TaskRef
from statewise.integrations.targets import parse_target
from statewise.testing import FakeClock

LAMBDA = "arn:aws:states:::lambda:invoke"
SQS = "arn:aws:states:::sqs:sendMessage"
LAMBDA_OK = {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}
SQS_OK = {
    "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
    "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51",
}

# AWS's example of the format ("Configuration file for mocked service integrations"), with its machine
DOCS_CONFIG: dict[str, Any] = {
    "StateMachines": {
        "LambdaSQSIntegration": {
            "TestCases": {
                "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
                "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
                "HybridPath": {"LambdaState": "MockedLambdaSuccess"},
            }
        }
    },
    "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": LAMBDA_OK}},
        "LambdaMockedResourceNotReady": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}}
        },
        "MockedSQSSuccess": {"0": {"Return": SQS_OK}},
        "MockedLambdaRetry": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
            "3": {"Return": LAMBDA_OK},
        },
    },
}
DOCS_MACHINE: dict[str, Any] = {
    "StartAt": "LambdaState",
    "States": {
        "LambdaState": {
            "Type": "Task",
            "Resource": LAMBDA,
            "Parameters": {"Payload.$": "$", "FunctionName": "HelloWorldFunction"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
            "Next": "SQSState",
        },
        "SQSState": {
            "Type": "Task",
            "Resource": SQS,
            "Parameters": {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
                "MessageBody.$": "$",
            },
            "End": True,
        },
    },
}


def _docs_machine() -> StateMachine:
    return StateMachine(DOCS_MACHINE, name="LambdaSQSIntegration")


def _task(name: str, resource: str = LAMBDA, **fields: Any) -> dict[str, Any]:
    """A one-Task machine; ``fields`` add Retry, Catch, ResultSelector..."""
    state = {"Type": "Task", "Resource": resource, "End": True, **fields}
    return {"StartAt": name, "States": {name: state}}


def _config(responses: dict[str, Any], states: dict[str, str] | None = None, *, case: str = "Case") -> dict[str, Any]:
    """A MockConfigFile for the default machine name: ``states`` maps state names to response names."""
    states = states if states is not None else {name: name for name in responses}
    return {"StateMachines": {"StateMachine": {"TestCases": {case: states}}}, "MockedResponses": responses}


def _throw(error: str, cause: str | None = None) -> dict[str, Any]:
    return {"Throw": {"Error": error} if cause is None else {"Error": error, "Cause": cause}}


def _events(execution: statewise.Execution, kind: str) -> list[dict[str, Any]]:
    return [event for event in execution.history if event["type"] == kind]


def test_the_public_names() -> None:
    assert mock_config.__all__ == sorted(mock_config.__all__)
    for name in mock_config.__all__:
        assert getattr(mock_config, name) is not None
    assert {"MockConfig", "MockConfigError", "UnknownTestCaseError"} <= set(statewise.__all__)


# -- the documented format ---------------------------------------------------------------


def test_the_happy_path_returns_each_mocked_result_as_the_task_result() -> None:
    execution = _docs_machine().run({"n": 1}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HappyPath")
    assert execution.status == "SUCCEEDED"
    assert execution.output == SQS_OK
    entered = _events(execution, "TaskStateEntered")
    assert json.loads(entered[1]["stateEnteredEventDetails"]["input"]) == LAMBDA_OK  # Lambda's result flows on
    assert [e["taskSucceededEventDetails"]["resource"] for e in _events(execution, "TaskSucceeded")] == [
        "invoke",
        "sendMessage",
    ]


def test_the_retry_path_consumes_one_response_per_attempt_on_the_fake_clock() -> None:
    clock = FakeClock()
    execution = _docs_machine().run({}, clock=clock, mock_config=DOCS_CONFIG, test_case="RetryPath")
    assert execution.status == "SUCCEEDED"
    assert execution.output == SQS_OK
    failures = [e["taskFailedEventDetails"]["error"] for e in _events(execution, "TaskFailed")]
    assert failures == ["Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException"]
    assert clock.sleeps == [2, 4, 8]  # the Retry's backoff, slept on the fake clock


def test_the_hybrid_path_leaves_an_unmocked_state_to_resources() -> None:
    sent: list[Any] = []

    def send(params: Any) -> Any:
        sent.append(params)
        return {"MessageId": "real"}

    execution = _docs_machine().run(
        {}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HybridPath", resources={SQS: send}
    )
    assert execution.output == {"MessageId": "real"}
    assert sent[0]["MessageBody"] == LAMBDA_OK


def test_an_unmocked_task_nothing_serves_is_refused_before_the_run() -> None:
    with pytest.raises(UnservedTasksError, match=r"'SQSState' \(arn:aws:states:::sqs:sendMessage\)"):
        _docs_machine().run({}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HybridPath")


def test_a_json_file_path_and_json_text_load_like_the_dict(tmp_path: Path) -> None:
    path = tmp_path / "MockConfigFile.json"
    path.write_text(json.dumps(DOCS_CONFIG))
    for source in (path, json.dumps(DOCS_CONFIG), json.dumps(DOCS_CONFIG).encode()):
        execution = _docs_machine().run({}, clock=FakeClock(), mock_config=source, test_case="HappyPath")
        assert execution.output == SQS_OK


def test_a_loaded_config_serves_many_runs_each_counting_from_zero() -> None:
    config = MockConfig.load(DOCS_CONFIG)
    assert MockConfig.load(config) is config
    machine = _docs_machine()
    for _ in range(2):
        execution = machine.run({}, clock=FakeClock(), mock_config=config, test_case="RetryPath")
        assert execution.status == "SUCCEEDED"
        assert len(_events(execution, "TaskFailed")) == 3


def test_arun_start_and_test_state_take_the_mocks() -> None:
    machine = _docs_machine()
    execution = asyncio.run(machine.arun({}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HappyPath"))
    assert execution.output == SQS_OK
    handle = machine.start({}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HappyPath")
    assert handle.result(timeout=30).output == SQS_OK
    result = machine.test_state("SQSState", {}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HappyPath")
    assert result.output == SQS_OK
    retried = machine.test_state("LambdaState", {}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="RetryPath")
    assert retried.error == "Lambda.ResourceNotReadyException"  # TestState runs one attempt, without retries


# -- consumption -------------------------------------------------------------------------

RETRY_RESPONSES = {"R": {"0-1": _throw("Flaky", "not yet"), "2": {"Return": {"ok": True}}}}


def test_a_ranged_throw_then_a_return_succeed_within_the_retries() -> None:
    retry = [{"ErrorEquals": ["Flaky"], "MaxAttempts": 2, "IntervalSeconds": 1}]
    clock = FakeClock()
    execution = StateMachine(_task("R", Retry=retry)).run(
        {}, clock=clock, mock_config=_config(RETRY_RESPONSES), test_case="Case"
    )
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"ok": True}
    assert clock.sleeps == [1, 2]


def test_too_few_retries_fail_with_the_thrown_error_and_cause() -> None:
    retry = [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}]
    execution = StateMachine(_task("R", Retry=retry)).run(
        {}, clock=FakeClock(), mock_config=_config(RETRY_RESPONSES), test_case="Case"
    )
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Flaky", "not yet")


def test_a_catch_handles_a_thrown_error_by_name() -> None:
    catch = [{"ErrorEquals": ["Other"], "Next": "No"}, {"ErrorEquals": ["Flaky"], "ResultPath": "$.err", "Next": "Yes"}]
    definition = _task("R", Catch=catch)
    definition["States"]["R"].pop("End")
    definition["States"]["R"]["Next"] = "No"
    definition["States"] |= {"Yes": {"Type": "Pass", "End": True}, "No": {"Type": "Fail", "Error": "Wrong"}}
    execution = StateMachine(definition).run(
        {"in": 1}, clock=FakeClock(), mock_config=_config(RETRY_RESPONSES), test_case="Case"
    )
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"in": 1, "err": {"Error": "Flaky", "Cause": "not yet"}}


def test_a_throw_without_cause_fails_with_no_cause() -> None:
    execution = StateMachine(_task("T")).run(
        {}, clock=FakeClock(), mock_config=_config({"T": {"0": _throw("States.Timeout")}}), test_case="Case"
    )
    assert (execution.error, execution.cause) == ("States.Timeout", None)
    assert _events(execution, "TaskTimedOut")  # recorded as a timeout, as AWS records States.Timeout


def test_return_is_the_raw_result_before_result_selector_and_result_path() -> None:
    definition = _task("T", ResultSelector={"code.$": "$.StatusCode"}, ResultPath="$.r")
    execution = StateMachine(definition).run(
        {"a": 1}, clock=FakeClock(), mock_config=_config({"T": {"0": {"Return": LAMBDA_OK}}}), test_case="Case"
    )
    assert execution.output == {"a": 1, "r": {"code": 200}}


def test_an_invocation_past_the_last_response_fails_the_execution_past_any_catch() -> None:
    catch = [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]
    retry = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]
    definition = _task("T", Retry=retry, Catch=catch)
    definition["States"]["Caught"] = {"Type": "Succeed"}
    config = _config({"T": {"0": _throw("Flaky")}})
    execution = StateMachine(definition).run({}, clock=FakeClock(), mock_config=config, test_case="Case")
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert "'T' has no answer for invocation 1 (it numbers 0 to 0); add one" in (execution.cause or "")


def _map(max_concurrency: int, *, wait: bool = False, distributed: bool = False) -> dict[str, Any]:
    states: dict[str, Any] = {"Call": {"Type": "Task", "Resource": LAMBDA, "ResultPath": "$.got", "End": True}}
    start = "Call"
    if wait:  # each iteration waits its own time first, so the calls start in that order, not item order
        states["Pause"] = {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Call"}
        start = "Pause"
    processor: dict[str, Any] = {"StartAt": start, "States": states}
    if distributed:
        processor["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    state = {"Type": "Map", "MaxConcurrency": max_concurrency, "ItemProcessor": processor, "End": True}
    return {"StartAt": "Each", "States": {"Each": state}}


MAP_RESPONSES = {"Call": {str(n): {"Return": n} for n in range(4)}}


def _got(execution: statewise.Execution) -> list[tuple[str, int]]:
    """Each item's id and the response its iteration got, in item order."""
    return [(result["id"], result["got"]) for result in execution.output]


def test_map_iterations_one_at_a_time_take_the_responses_in_item_order() -> None:
    items = [{"id": x} for x in "abcd"]
    execution = StateMachine(_map(1)).run(
        items, clock=FakeClock(), mock_config=_config(MAP_RESPONSES), test_case="Case"
    )
    assert _got(execution) == [("a", 0), ("b", 1), ("c", 2), ("d", 3)]


def test_concurrent_map_iterations_take_the_responses_in_the_order_they_call() -> None:
    items = [{"id": "a", "wait": 3}, {"id": "b", "wait": 1}, {"id": "c", "wait": 4}, {"id": "d", "wait": 2}]
    execution = StateMachine(_map(0, wait=True)).run(
        items, clock=FakeClock(), mock_config=_config(MAP_RESPONSES), test_case="Case"
    )
    assert _got(execution) == [("a", 2), ("b", 0), ("c", 3), ("d", 1)]
    unordered = StateMachine(_map(0)).run(
        [{"id": x} for x in "abcd"], clock=FakeClock(), mock_config=_config(MAP_RESPONSES), test_case="Case"
    )
    assert Counter(got for _, got in _got(unordered)) == Counter(range(4))


def test_distributed_map_child_executions_count_like_iterations() -> None:
    items = [{"id": x} for x in "abc"]
    execution = StateMachine(_map(1, distributed=True)).run(
        items, clock=FakeClock(), mock_config=_config(MAP_RESPONSES), test_case="Case"
    )
    assert _got(execution) == [("a", 0), ("b", 1), ("c", 2)]


def test_a_distributed_maps_item_reader_is_mocked_under_the_maps_name() -> None:
    definition = _map(1, distributed=True)
    reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}}
    definition["States"]["Each"]["ItemReader"] = reader | {"Parameters": {"Bucket": "b", "Key": "k"}}
    config = _config(
        {"Items": {"0": {"Return": {"Body": '[{"id": "a"}, {"id": "b"}]'}}}, **MAP_RESPONSES},
        {"Each": "Items", "Call": "Call"},
    )
    execution = StateMachine(definition).run({}, clock=FakeClock(), mock_config=config, test_case="Case")
    assert _got(execution) == [("a", 0), ("b", 1)]


def test_parallel_branches_count_their_own_states_even_when_they_share_a_response() -> None:
    branches = [{"StartAt": name, "States": {name: {"Type": "Task", "Resource": LAMBDA, "End": True}}} for name in "AB"]
    definition = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "Branches": branches, "End": True}}}
    config = _config({"Shared": {"0": {"Return": "first"}, "1": {"Return": "second"}}}, {"A": "Shared", "B": "Shared"})
    execution = StateMachine(definition).run({}, clock=FakeClock(), mock_config=config, test_case="Case")
    assert execution.output == ["first", "first"]


def test_explicit_resources_win_over_a_mock_of_the_same_state() -> None:
    execution = StateMachine(_task("T")).run(
        {},
        clock=FakeClock(),
        mock_config=_config({"T": {"0": {"Return": 1}}}),
        test_case="Case",
        resources={LAMBDA: lambda _: 2},
    )
    assert execution.output == 2


def test_each_invocation_gets_its_own_copy_of_the_result() -> None:
    link = MockConfig.load(_config({"T": {"0-1": {"Return": {"list": [1]}}}})).link("StateMachine", "Case")
    resource = link.resolve(TaskRef("T", parse_target(SQS)))
    assert resource is not None
    assert resource.blocking is False
    first = asyncio.run(resource.invoke({}, {}))
    first["list"].append(2)
    assert asyncio.run(resource.invoke({}, {})) == {"list": [1]}
    assert link.resolve(TaskRef("Other", parse_target(SQS))) is None


def test_the_model_reads_the_numbering() -> None:
    config = MockConfig.load(DOCS_CONFIG)
    response = config.test_cases["LambdaSQSIntegration"]["RetryPath"]["LambdaState"]
    assert response.name == "MockedLambdaRetry"
    assert response.invocations == 4
    assert response.at(0) == MockThrow("Lambda.ResourceNotReadyException", "Lambda resource is not ready.")
    assert response.at(2) == MockThrow("Lambda.TimeoutException", "Lambda timed out.")
    assert isinstance(response.at(3), MockReturn)
    assert response.at(4) is None


# -- what is refused, and where ---------------------------------------------------------


def _bad(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """DOCS_CONFIG with the value at ``path`` replaced (deleted when ``value`` is ...)."""
    doc = copy.deepcopy(DOCS_CONFIG)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if value is ...:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


RETRY = ("MockedResponses", "MockedLambdaRetry")
HAPPY = ("StateMachines", "LambdaSQSIntegration", "TestCases", "HappyPath")

BAD_CONFIGS = [
    pytest.param([1], "", "expected a JSON object, got list", id="not-an-object"),
    pytest.param(
        {**DOCS_CONFIG, "MockedResponse": {}},
        "/MockedResponse",
        "the mock config has an unknown key 'MockedResponse'; expected only 'StateMachines' and 'MockedResponses'; "
        "did you mean 'MockedResponses'?",
        id="unknown-top-level-key",
    ),
    pytest.param(
        _bad(("StateMachines",), ...), "", "the mock config has no 'StateMachines' object; add one", id="no-machines"
    ),
    pytest.param(
        _bad(("MockedResponses",), []), "/MockedResponses", "expected a JSON object, got list", id="responses-list"
    ),
    pytest.param(
        _bad(("StateMachines", "LambdaSQSIntegration", "TestCase"), {}),
        "/StateMachines/LambdaSQSIntegration/TestCase",
        "state machine 'LambdaSQSIntegration' has an unknown key 'TestCase'; expected only 'TestCases'; "
        "did you mean 'TestCases'?",
        id="unknown-machine-key",
    ),
    pytest.param(
        _bad(("StateMachines", "LambdaSQSIntegration"), {}),
        "/StateMachines/LambdaSQSIntegration",
        "state machine 'LambdaSQSIntegration' has no 'TestCases' object; add its test cases there",
        id="no-test-cases",
    ),
    pytest.param(
        _bad((*HAPPY, "SQSState"), {"0": {}}),
        "/StateMachines/LambdaSQSIntegration/TestCases/HappyPath/SQSState",
        "test case 'HappyPath' maps state 'SQSState' to dict {'0': {}}; map it to the name of a mocked response",
        id="state-not-a-name",
    ),
    pytest.param(
        _bad((*HAPPY, "SQSState"), "MockedSQSSucess"),
        "/StateMachines/LambdaSQSIntegration/TestCases/HappyPath/SQSState",
        "test case 'HappyPath' mocks state 'SQSState' with 'MockedSQSSucess', which MockedResponses does not "
        "define; define it or fix the name; did you mean 'MockedSQSSuccess' or 'MockedLambdaSuccess'?",
        id="unknown-response",
    ),
    pytest.param(
        _bad(RETRY, {}),
        "/MockedResponses/MockedLambdaRetry",
        'mocked response \'MockedLambdaRetry\' answers no invocation; add "0": {"Return": ...}',
        id="empty-response",
    ),
    pytest.param(
        _bad((*RETRY, "a"), {"Return": 1}),
        "/MockedResponses/MockedLambdaRetry/a",
        '\'a\' is not an invocation number ("0") nor an inclusive range of them ("1-3")',
        id="key-not-a-number",
    ),
    pytest.param(
        _bad((*RETRY, "-1"), {"Return": 1}),
        "/MockedResponses/MockedLambdaRetry/-1",
        "'-1' is not an invocation number",
        id="key-negative",
    ),
    pytest.param(
        _bad((*RETRY, "5-4"), {"Return": 1}),
        "/MockedResponses/MockedLambdaRetry/5-4",
        "the range '5-4' runs backwards; write it as '4-5'",
        id="range-backwards",
    ),
    pytest.param(
        _bad((*RETRY, "2-5"), {"Return": 1}),
        "/MockedResponses/MockedLambdaRetry/2-5",
        "invocations '2-5' overlap '1-2' in mocked response 'MockedLambdaRetry'; each invocation takes one answer, "
        "so make the keys disjoint",
        id="overlap",
    ),
    pytest.param(
        _bad((*RETRY, "5"), {"Return": 1}),
        "/MockedResponses/MockedLambdaRetry/5",
        "mocked response 'MockedLambdaRetry' answers no invocation 4, before '5'; invocations are numbered from 0",
        id="gap",
    ),
    pytest.param(
        _bad((*RETRY, "0"), ...),
        "/MockedResponses/MockedLambdaRetry/1-2",
        "mocked response 'MockedLambdaRetry' answers no invocation 0, before '1-2'",
        id="not-from-zero",
    ),
    pytest.param(
        _bad((*RETRY, "3"), {"Return": 1, "Throw": {"Error": "E"}}),
        "/MockedResponses/MockedLambdaRetry/3",
        "the answer to invocations '3' has both 'Return' and 'Throw'; keep one",
        id="both",
    ),
    pytest.param(
        _bad((*RETRY, "3"), {}),
        "/MockedResponses/MockedLambdaRetry/3",
        "the answer to invocations '3' has neither 'Return' nor 'Throw'; add one",
        id="neither",
    ),
    pytest.param(
        _bad((*RETRY, "3"), {"Returns": 1}),
        "/MockedResponses/MockedLambdaRetry/3/Returns",
        "the answer to invocations '3' has an unknown key 'Returns'; expected only 'Return' and 'Throw'; "
        "did you mean 'Return'?",
        id="unknown-entry-key",
    ),
    pytest.param(
        _bad((*RETRY, "0", "Throw"), {"Cause": "c"}),
        "/MockedResponses/MockedLambdaRetry/0/Throw",
        "Throw needs an 'Error': the error name, as Retry and Catch match it",
        id="throw-without-error",
    ),
    pytest.param(
        _bad((*RETRY, "0", "Throw", "Error"), ""),
        "/MockedResponses/MockedLambdaRetry/0/Throw",
        "Throw needs an 'Error'",
        id="throw-empty-error",
    ),
    pytest.param(
        _bad((*RETRY, "0", "Throw", "Cause"), {"m": 1}),
        "/MockedResponses/MockedLambdaRetry/0/Throw/Cause",
        "Throw's 'Cause' must be a string, got dict",
        id="throw-cause-not-text",
    ),
    pytest.param(
        _bad((*RETRY, "0", "Throw", "Message"), "m"),
        "/MockedResponses/MockedLambdaRetry/0/Throw/Message",
        "Throw has an unknown key 'Message'; expected only 'Error' and 'Cause'",
        id="throw-unknown-key",
    ),
    pytest.param(
        _bad((*RETRY, "0"), {"Throw": "Lambda.TimeoutException"}),
        "/MockedResponses/MockedLambdaRetry/0/Throw",
        "expected a JSON object, got str",
        id="throw-not-an-object",
    ),
    pytest.param(
        _bad((*RETRY, "3", "Return"), {"x": float("nan")}),
        "/MockedResponses/MockedLambdaRetry/3/Return",
        "Return is not a JSON value (Out of range float values are not JSON compliant",
        id="return-nan",
    ),
    pytest.param(
        _bad((*RETRY, "3", "Return"), {1, 2}),
        "/MockedResponses/MockedLambdaRetry/3/Return",
        "Return is not a JSON value (Object of type set is not JSON serializable); give the result as JSON",
        id="return-not-json",
    ),
    pytest.param(
        _bad(("MockedResponses", "Int"), {0: {"Return": 1}}),
        "/MockedResponses/Int",
        "keys must be strings, got int 0; quote it",
        id="key-not-a-string",
    ),
    pytest.param(
        _bad(("MockedResponses", "a/b~c"), {"x": {"Return": 1}}),
        "/MockedResponses/a~1b~0c/x",
        "'x' is not an invocation number",
        id="pointer-escapes",
    ),
]


@pytest.mark.parametrize(("doc", "where", "message"), BAD_CONFIGS)
def test_a_malformed_config_is_refused_with_where_and_what(doc: Any, where: str, message: str) -> None:
    with pytest.raises(MockConfigError) as caught:
        MockConfig.load(doc)
    assert caught.value.where == where
    assert caught.value.message.startswith(message)
    assert str(caught.value).startswith(f"{where or '/'}: {message}")
    with pytest.raises(MockConfigError):  # the same check before a run, and nothing runs
        _docs_machine().run({}, clock=FakeClock(), mock_config=doc, test_case="HappyPath")


def test_text_that_is_not_json_is_refused_with_its_line() -> None:
    with pytest.raises(
        MockConfigError, match=r"^/: the mock config is not valid JSON: .* at line 2, column 1$"
    ) as caught:
        MockConfig.load('{"StateMachines": {},\n}')
    assert caught.value.where == ""
    with pytest.raises(MockConfigError, match=r"a str is JSON text: to read a file, pass a pathlib\.Path"):
        MockConfig.load("MockConfigFile.json")


def test_a_file_names_itself_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "MockConfigFile.json"
    path.write_text(json.dumps(_bad(RETRY, {})))
    with pytest.raises(MockConfigError) as caught:
        MockConfig.load(path)
    assert (caught.value.source, caught.value.where) == (str(path), "/MockedResponses/MockedLambdaRetry")
    assert str(caught.value).startswith(f"{path}: /MockedResponses/MockedLambdaRetry: ")
    with pytest.raises(MockConfigError, match="cannot read the file") as missing:
        MockConfig.load(tmp_path / "missing.json")
    assert missing.value.source == str(tmp_path / "missing.json")


def test_an_unknown_machine_or_test_case_lists_the_known_ones() -> None:
    with pytest.raises(UnknownTestCaseError) as machine:
        StateMachine(DOCS_MACHINE).run({}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HappyPath")
    assert str(machine.value) == (
        "/StateMachines: the mock config has no state machine named 'StateMachine' (it has 'LambdaSQSIntegration')"
    )
    with pytest.raises(UnknownTestCaseError) as case:
        _docs_machine().run({}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HappyPat")
    assert case.value.where == "/StateMachines/LambdaSQSIntegration/TestCases"
    assert case.value.suggestions == ("HappyPath",)
    assert case.value.name == "HappyPat"
    assert str(case.value).endswith(
        "no test case of 'LambdaSQSIntegration' named 'HappyPat' (it has 'HappyPath', 'RetryPath', 'HybridPath'); "
        "did you mean 'HappyPath'?"
    )
    assert isinstance(case.value, LookupError)
    assert isinstance(case.value, ValueError)


def test_a_test_case_may_mock_only_the_machines_tasks() -> None:
    config = _bad((*HAPPY, "SQSStat"), "MockedSQSSuccess")
    with pytest.raises(MockConfigError) as caught:
        _docs_machine().run({}, clock=FakeClock(), mock_config=config, test_case="HappyPath")
    assert caught.value.where == "/StateMachines/LambdaSQSIntegration/TestCases/HappyPath/SQSStat"
    assert caught.value.message == (
        "test case 'HappyPath' mocks 'SQSStat', which is not a Task state of 'LambdaSQSIntegration' "
        "(its Task states: 'LambdaState', 'SQSState'); name the state as the definition does; did you mean 'SQSState'?"
    )
    # test_state checks against the whole machine, not just the state it runs
    result = _docs_machine().test_state(
        "SQSState", {}, clock=FakeClock(), mock_config=DOCS_CONFIG, test_case="HybridPath", resources={SQS: lambda _: 1}
    )
    assert result.output == 1


def test_mock_config_and_test_case_go_together() -> None:
    machine = _docs_machine()
    with pytest.raises(MockConfigError, match=r"^mock_config= was given without test_case=; pass both") as caught:
        machine.run({}, clock=FakeClock(), mock_config=DOCS_CONFIG)
    assert caught.value.where is None
    with pytest.raises(MockConfigError, match=r"^test_case= was given without mock_config=; pass both"):
        machine.test_state("SQSState", {}, test_case="HappyPath")
    assert mock_link(None, None, machine="M") is None


def test_errors_survive_pickling() -> None:
    with pytest.raises(UnknownTestCaseError) as caught:
        MockConfig.load(DOCS_CONFIG).link("LambdaSQSIntegration", "Happy")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (type(again), str(again), again.where, again.suggestions) == (
        UnknownTestCaseError,
        str(caught.value),
        caught.value.where,
        caught.value.suggestions,
    )
    plain = MockConfigError("m", where="/x", source="f.json")
    assert str(pickle.loads(pickle.dumps(plain))) == "f.json: /x: m"
