"""WaiterSpec and Acceptor: loading, validation errors, matchers, registry, shipped specs."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from statewise.errors import SpecError
from statewise.specs import find_waiter, register_waiters
from statewise.specs.botocore_data import available_services, service_document
from statewise.specs.registry import waiter_names
from statewise.specs.waiter import Acceptor, AcceptorState, WaiterSpec, is_error_response

TABLE_EXISTS: dict[str, Any] = {
    "delay": 20,
    "operation": "DescribeTable",
    "maxAttempts": 25,
    "acceptors": [
        {"expected": "ACTIVE", "matcher": "path", "state": "success", "argument": "Table.TableStatus"},
        {"expected": "ResourceNotFoundException", "matcher": "error", "state": "retry"},
    ],
}
ERROR = {"Error": {"Code": "Boom", "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": 404}}


def acceptor(**data: Any) -> Acceptor:
    return Acceptor.from_dict({"state": "success", **data})


def test_from_dict_round_trips() -> None:
    spec = WaiterSpec.from_dict(TABLE_EXISTS, name="dynamodb.TableExists")
    assert spec.operation == "DescribeTable"
    assert (spec.delay, spec.max_attempts) == (20, 25)
    assert [a.state for a in spec.acceptors] == [AcceptorState.SUCCESS, AcceptorState.RETRY]
    assert spec.to_dict() == {k: TABLE_EXISTS[k] for k in ("delay", "maxAttempts", "operation")} | {
        "acceptors": [
            {"state": "success", "matcher": "path", "expected": "ACTIVE", "argument": "Table.TableStatus"},
            {"state": "retry", "matcher": "error", "expected": "ResourceNotFoundException"},
        ]
    }


def test_every_botocore_waiter_loads() -> None:
    count = 0
    for service in available_services("waiters-2"):
        for name, entry in (service_document(service, "waiters-2") or {}).get("waiters", {}).items():
            WaiterSpec.from_dict(entry, name=f"{service}.{name}")
            count += 1
    assert count > 300


@pytest.mark.parametrize(
    ("change", "message", "where"),
    [
        ({"acceptors": []}, "acceptors must be a non-empty list", "/acceptors"),
        ({"delay": -1}, "delay must be a number of seconds >= 0, got -1", "/delay"),
        ({"delay": True}, "delay must be a number of seconds >= 0, got True", "/delay"),
        ({"maxAttempts": 0}, "maxAttempts must be an integer >= 1, got 0", "/maxAttempts"),
        ({"operation": ""}, "operation must be an API operation name, got ''", "/operation"),
        (
            {"delays": 1},
            "unknown key 'delays'; expected one of acceptors, delay, description, maxAttempts, operation",
            "/delays",
        ),
        ({"description": 3}, "description must be a string, got 3", "/description"),
    ],
)
def test_bad_spec_says_where(change: dict[str, Any], message: str, where: str) -> None:
    with pytest.raises(SpecError) as info:
        WaiterSpec.from_dict({**TABLE_EXISTS, **change}, name="dynamodb.TableExists")
    assert info.value.where == where
    assert info.value.spec == "dynamodb.TableExists"
    assert str(info.value) == f"dynamodb.TableExists{where}: {message}"


def test_missing_key() -> None:
    data = {k: v for k, v in TABLE_EXISTS.items() if k != "maxAttempts"}
    with pytest.raises(SpecError, match=r"^x/maxAttempts: missing required key 'maxAttempts'$"):
        WaiterSpec.from_dict(data, name="x")


@pytest.mark.parametrize(
    ("data", "message", "where"),
    [
        ({"state": "success", "matcher": "paths", "expected": 1, "argument": "a"},
         "unknown matcher 'paths'; expected one of path, pathAll, pathAny, status, error", "/acceptors/1/matcher"),
        ({"state": "done", "matcher": "path", "expected": 1, "argument": "a"},
         "unknown state 'done'; expected one of failure, retry, success", "/acceptors/1/state"),
        ({"state": "success", "matcher": "path", "expected": 1},
         "matcher 'path' needs an 'argument' (a JMESPath expression)", "/acceptors/1/argument"),
        ({"state": "success", "matcher": "path", "expected": 1, "argument": "a[?"},
         None, "/acceptors/1/argument"),
        ({"state": "success", "matcher": "status", "expected": "200"},
         "status expects int, got '200'", "/acceptors/1/expected"),
        ({"state": "success", "matcher": "status", "expected": True},
         "status expects int, got True", "/acceptors/1/expected"),
        ({"state": "success", "matcher": "error", "expected": 3},
         "error expects str or bool, got 3", "/acceptors/1/expected"),
        ({"state": "success", "matcher": "error"}, "missing required key 'expected'", "/acceptors/1/expected"),
        ({"state": "success", "matcher": "error", "expected": "X", "extra": 1},
         "unknown key 'extra'; expected one of argument, expected, matcher, state", "/acceptors/1/extra"),
        ("nope", "an acceptor must be an object, got str", "/acceptors/1"),
    ],
)  # fmt: skip
def test_bad_acceptor_says_where(data: Any, message: str | None, where: str) -> None:
    spec = {**TABLE_EXISTS, "acceptors": [TABLE_EXISTS["acceptors"][0], data]}
    with pytest.raises(SpecError) as info:
        WaiterSpec.from_dict(spec, name="dynamodb.TableExists")
    assert info.value.where == where
    if message is not None:
        assert str(info.value) == f"dynamodb.TableExists{where}: {message}"


def test_path_matcher() -> None:
    a = acceptor(matcher="path", argument="Table.TableStatus", expected="ACTIVE")
    assert a.matches({"Table": {"TableStatus": "ACTIVE"}})
    assert not a.matches({"Table": {"TableStatus": "CREATING"}})
    assert not a.matches({})
    assert not a.matches({**ERROR, "Table": {"TableStatus": "ACTIVE"}})  # never on an error response


def test_path_matcher_with_functions() -> None:
    a = acceptor(matcher="path", argument="length(Items[?Status == 'OK']) > `1`", expected=True)
    assert a.matches({"Items": [{"Status": "OK"}, {"Status": "OK"}]})
    assert not a.matches({"Items": [{"Status": "OK"}, {"Status": "BAD"}]})


def test_path_all_matcher() -> None:
    a = acceptor(matcher="pathAll", argument="Items[].S", expected="A")
    assert a.matches({"Items": [{"S": "A"}, {"S": "A"}]})
    assert not a.matches({"Items": [{"S": "A"}, {"S": "B"}]})
    assert not a.matches({"Items": []})  # an empty list never matches
    assert not a.matches({"Items": "A"})  # nor does a non-list


def test_path_any_matcher() -> None:
    a = acceptor(matcher="pathAny", argument="Items[].S", expected="B")
    assert a.matches({"Items": [{"S": "A"}, {"S": "B"}]})
    assert not a.matches({"Items": [{"S": "A"}]})
    assert not a.matches({"Items": []})
    assert not a.matches(ERROR)


def test_status_matcher_reads_response_metadata() -> None:
    a = acceptor(matcher="status", expected=404)
    assert a.matches(ERROR)  # error responses carry the status too
    assert a.matches({"ResponseMetadata": {"HTTPStatusCode": 404}})
    assert not a.matches({"ResponseMetadata": {"HTTPStatusCode": 200}})
    assert not a.matches({})
    assert not a.matches(["not", "a", "dict"])


@pytest.mark.parametrize(
    ("expected", "error", "ok", "codeless"),
    [
        ("Boom", True, False, False),
        ("Other", False, False, False),
        (True, True, False, False),
        (False, False, True, False),
    ],
)
def test_error_matcher(expected: Any, error: bool, ok: bool, codeless: bool) -> None:
    a = acceptor(matcher="error", expected=expected)
    assert a.matches(ERROR) is error
    assert a.matches({"ResponseMetadata": {"HTTPStatusCode": 200}}) is ok
    assert a.matches({"Error": {"Message": "no code"}}) is codeless


def test_is_error_response() -> None:
    assert is_error_response(ERROR)
    assert not is_error_response({"Error": "text"})
    assert not is_error_response({"Error": {"Message": "no code"}})
    assert not is_error_response([1])


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"matcher": "path", "argument": "a.b", "expected": "X"}, 'acceptor 0 (success when path a.b == "X")'),
        ({"matcher": "pathAll", "argument": "a[]", "expected": 1}, "acceptor 0 (success when pathAll a[] (every element) == 1)"),  # noqa: E501
        ({"matcher": "pathAny", "argument": "a[]", "expected": True}, "acceptor 0 (success when pathAny a[] (some element) == true)"),  # noqa: E501
        ({"matcher": "status", "expected": 404}, "acceptor 0 (success when status HTTPStatusCode == 404)"),
        ({"matcher": "error", "expected": "Boom"}, 'acceptor 0 (success when error Code == "Boom")'),
        ({"matcher": "error", "expected": True}, "acceptor 0 (success when error: any error)"),
        ({"matcher": "error", "expected": False}, "acceptor 0 (success when error: no error)"),
    ],
)  # fmt: skip
def test_describe(data: dict[str, Any], text: str) -> None:
    assert acceptor(**data).describe() == text


def test_describe_seen() -> None:
    path = acceptor(matcher="path", argument="a", expected=1)
    assert path.describe_seen({"a": [1, 2]}) == "saw [1, 2]"
    assert path.describe_seen(ERROR) == "saw an error response"
    assert path.describe_seen({"a": "x" * 500}).endswith("xxx...")
    error = acceptor(matcher="error", expected=False)
    assert error.describe_seen(ERROR) == "saw error Boom"
    assert error.describe_seen({}) == "saw no error"
    assert acceptor(matcher="status", expected=200).describe_seen(ERROR) == "saw 404"


def test_acceptor_pickles() -> None:
    a = Acceptor.from_dict({"state": "failure", "matcher": "path", "argument": "a.b", "expected": 1}, index=3)
    b = pickle.loads(pickle.dumps(a))
    assert b == a
    assert b.matches({"a": {"b": 1}})


# registry ------------------------------------------------------------------


def test_find_botocore_waiter() -> None:
    spec = find_waiter("dynamodb", "TableExists")
    assert spec is not None
    assert spec.name == "dynamodb.TableExists"
    assert spec.operation == "DescribeTable"
    assert find_waiter("dynamodb", "NoSuchWaiter") is None
    assert find_waiter("nosuchservice", "TableExists") is None


def test_registered_waiters_win(tmp_path: Path) -> None:
    mine = {**TABLE_EXISTS, "delay": 1}
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"version": 2, "waiters": {"TableExists": mine, "MyWaiter": mine}}))
    assert register_waiters(path, service="statewise-test-svc") == ("TableExists", "MyWaiter")
    assert register_waiters({"waiters": {"TableExists": mine}}, service="dynamodb") == ("TableExists",)
    try:
        found = find_waiter("dynamodb", "TableExists")
        assert found is not None
        assert found.delay == 1
        assert waiter_names("statewise-test-svc") == ["MyWaiter", "TableExists"]
    finally:
        from statewise.specs import registry

        registry._user_waiters.pop("dynamodb")
    found = find_waiter("dynamodb", "TableExists")
    assert found is not None
    assert found.delay == 20


def test_register_waiters_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "version: 2\nwaiters:\n  Ready:\n    operation: GetThing\n    delay: 1\n    maxAttempts: 3\n"
        "    acceptors:\n      - {state: success, matcher: path, argument: Status, expected: READY}\n"
    )
    assert register_waiters(path, service="statewise-yaml-svc") == ("Ready",)
    found = find_waiter("statewise-yaml-svc", "Ready")
    assert found is not None
    assert found.acceptors[0].matches({"Status": "READY"})


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": 1, "waiters": {}}, "<dict>/version: unsupported waiters version 1; expected 2"),
        ({"waiter": {}}, "<dict>/waiters: expected a 'waiters' object mapping waiter names to specs"),
        ({"waiters": {"W": {**TABLE_EXISTS, "delay": "x"}}}, "svc.W/delay: delay must be a number of seconds >= 0, got 'x'"),  # noqa: E501
    ],
)  # fmt: skip
def test_register_waiters_rejects_bad_documents(document: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as info:
        register_waiters(document, service="svc")
    assert str(info.value) == message
    assert find_waiter("svc", "W") is None  # nothing registered


@pytest.mark.parametrize(
    ("service", "names"),
    [
        ("dynamodbstreams", ["StreamEnabled"]),
        ("dynamodb", ["ContinuousBackupsEnabled", "PointInTimeRecoveryEnabled", "ReplicasActive"]),
        ("stepfunctions", ["ExecutionFinished", "ExecutionSucceeded"]),
    ],
)
def test_shipped_waiters_load(service: str, names: list[str]) -> None:
    for name in names:
        spec = find_waiter(service, name)
        assert spec is not None
        assert spec.name == f"{service}.{name}"
        assert name in waiter_names(service)
        assert name not in (service_document(service, "waiters-2") or {"waiters": {}})["waiters"]


def test_shipped_operations_exist_in_botocore() -> None:
    for service, names in {
        "dynamodbstreams": ["StreamEnabled"],
        "dynamodb": ["ReplicasActive"],
        "stepfunctions": ["ExecutionFinished"],
    }.items():
        operations = service_document(service, "service-2")["operations"]  # type: ignore[index]
        for name in names:
            spec = find_waiter(service, name)
            assert spec is not None
            assert spec.operation in operations


def test_replicas_active_acceptors() -> None:
    spec = find_waiter("dynamodb", "ReplicasActive")
    assert spec is not None

    def state(response: dict[str, Any]) -> str | None:
        return next((a.state.value for a in spec.acceptors if a.matches(response)), None)

    assert state({"Table": {}}) == "failure"  # not a global table
    assert state({"Table": {"Replicas": [{"ReplicaStatus": "ACTIVE"}, {"ReplicaStatus": "CREATING"}]}}) is None
    assert state({"Table": {"Replicas": [{"ReplicaStatus": "ACTIVE"}, {"ReplicaStatus": "ACTIVE"}]}}) == "success"
    assert state({"Table": {"Replicas": [{"ReplicaStatus": "CREATION_FAILED"}]}}) == "failure"


def test_execution_finished_acceptors() -> None:
    spec = find_waiter("stepfunctions", "ExecutionFinished")
    assert spec is not None
    for status, done in [("RUNNING", False), ("PENDING_REDRIVE", False), ("SUCCEEDED", True), ("FAILED", True),
                         ("TIMED_OUT", True), ("ABORTED", True)]:  # fmt: skip
        assert spec.acceptors[0].matches({"status": status}) is done
