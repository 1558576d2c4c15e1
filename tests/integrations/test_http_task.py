"""The HTTP Task (arn:aws:states:::http:invoke) through a transport given as http=."""

from __future__ import annotations

import json
from typing import Any

import pytest

from statewise import HttpRequest, HttpResponse, ResourceBindingError, StateMachine, urllib_transport
from statewise.asl.options import UnservedTasksError
from statewise.integrations.http_task import build_request
from statewise.testing import FakeClock

RESOURCE = "arn:aws:states:::http:invoke"
CONNECTION = {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/api/1"}


def _machine(parameters: dict[str, Any]) -> StateMachine:
    call = {"Type": "Task", "Resource": RESOURCE, "Parameters": parameters, "End": True}
    call["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}]
    return StateMachine({"StartAt": "Call", "States": {"Call": call, "Caught": {"Type": "Succeed"}}})


class _Api:
    """A transport answering every request with ``response``, keeping what it was asked."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response
        self.requests: list[HttpRequest] = []

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        return self.response


JSON_OK = HttpResponse(200, {"Content-Type": "application/json", "X-Id": ["1", "2"]}, b'{"customers": [1, 2]}')


def test_a_get_with_query_parameters_returns_the_shaped_response() -> None:
    api = _Api(JSON_OK)
    parameters = {
        "ApiEndpoint": "https://api.example.com/v1/customers",
        "Method": "GET",
        "Authentication": CONNECTION,  # accepted; the transport authenticates
        "QueryParameters": {"limit": 10, "tag": ["a", "b"], "q": "x y"},
        "Headers": {"Accept": "application/json"},
    }
    execution = _machine(parameters).run({}, http=api, clock=FakeClock())
    assert execution.output == {
        "Headers": {"Content-Type": ["application/json"], "X-Id": ["1", "2"]},
        "ResponseBody": {"customers": [1, 2]},
        "StatusCode": 200,
        "StatusText": "OK",
    }
    (request,) = api.requests
    assert request.full_url == "https://api.example.com/v1/customers?limit=10&tag=a&tag=b&q=x%20y"
    assert (request.method, request.body) == ("GET", None)
    assert request.headers == {
        "Accept": "application/json",
        "User-Agent": "Amazon|StepFunctions|HttpInvoke|us-east-1",
        "Range": "bytes=0-262144",
    }
    types = [event["type"] for event in execution.history]
    assert types[2:5] == ["TaskScheduled", "TaskStarted", "TaskSucceeded"]
    assert execution.history[2]["taskScheduledEventDetails"]["resourceType"] == "http"


def test_a_json_body_is_sent_as_json_text_and_a_text_response_stays_text() -> None:
    api = _Api(HttpResponse(201, {"content-type": "text/plain"}, "created"))
    parameters = {"ApiEndpoint": "https://api.example.com/items", "Method": "POST", "RequestBody": {"name": "n"}}
    execution = _machine(parameters).run({}, http=api)
    assert (execution.output["ResponseBody"], execution.output["StatusText"]) == ("created", "Created")
    assert api.requests[0].body == '{"name":"n"}'
    assert api.requests[0].headers["Content-Type"] == "application/json; charset=UTF-8"


@pytest.mark.parametrize(
    ("array_format", "body"),
    [
        ("INDICES", "ids%5B0%5D=1&ids%5B1%5D=2&who%5Bname%5D=a+b"),
        ("BRACKETS", "ids%5B%5D=1&ids%5B%5D=2&who%5Bname%5D=a+b"),
        ("REPEAT", "ids=1&ids=2&who%5Bname%5D=a+b"),
        ("COMMAS", "ids=1%2C2&who%5Bname%5D=a+b"),
        (None, "ids%5B0%5D=1&ids%5B1%5D=2&who%5Bname%5D=a+b"),  # INDICES by default
    ],
)
def test_url_encoded_bodies_follow_the_array_format(array_format: str | None, body: str) -> None:
    transform: dict[str, Any] = {"RequestBodyEncoding": "URL_ENCODED"}
    if array_format is not None:
        transform["RequestEncodingOptions"] = {"ArrayFormat": array_format}
    request = build_request(
        {
            "ApiEndpoint": "https://api.example.com/form",
            "Method": "POST",
            "RequestBody": {"ids": [1, 2], "who": {"name": "a b"}},
            "Transform": transform,
        },
        "eu-west-1",
    )
    assert request.body == body
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("parameters", "where"),
    [
        ({"ApiEndpoint": "ftp://x", "Method": "GET"}, "ApiEndpoint"),
        ({"ApiEndpoint": "https://x", "Method": "FETCH"}, "Method"),
        ({"ApiEndpoint": "https://x", "Method": "GET", "Headers": {"Host": "y"}}, "Headers/Host"),
        ({"ApiEndpoint": "https://x", "Method": "GET", "Headers": {"X-Amz-Date": "y"}}, "Headers/X-Amz-Date"),
        (
            {
                "ApiEndpoint": "https://x",
                "Method": "POST",
                "RequestBody": "a=b",
                "Transform": {"RequestBodyEncoding": "URL_ENCODED"},
            },
            "RequestBody",
        ),
        (
            {
                "ApiEndpoint": "https://x",
                "Method": "GET",
                "Transform": {"RequestEncodingOptions": {"ArrayFormat": "X"}},
            },
            "Transform/RequestEncodingOptions/ArrayFormat",
        ),
    ],
)
def test_parameters_that_make_no_request_fail_with_states_runtime_naming_them(
    parameters: dict[str, Any], where: str
) -> None:
    api = _Api(JSON_OK)
    execution = _machine(parameters).run({}, http=api)
    assert execution.error == "States.Runtime"  # not caught by States.ALL, as on AWS
    assert f"HTTP Task's {where} " in (execution.cause or "")
    assert api.requests == []


def test_a_status_outside_2xx_is_states_http_status_code() -> None:
    api = _Api(HttpResponse(404, {"Content-Type": "application/json"}, '{"message": "no such customer"}'))
    execution = _machine({"ApiEndpoint": "https://api.example.com/c/9", "Method": "GET"}).run({}, http=api)
    error = execution.output["error"]
    assert error["Error"] == "States.Http.StatusCode.404"
    assert json.loads(error["Cause"])["ResponseBody"] == {"message": "no such customer"}


def test_an_async_transport_and_a_socket_failure() -> None:
    async def answer(request: HttpRequest) -> HttpResponse:
        return HttpResponse(204, {}, "")

    execution = _machine({"ApiEndpoint": "https://api.example.com/ping", "Method": "HEAD"}).run({}, http=answer)
    assert execution.output["StatusCode"] == 204

    def refused(request: HttpRequest) -> HttpResponse:
        raise ConnectionRefusedError("connection refused")

    execution = _machine({"ApiEndpoint": "https://api.example.com/ping", "Method": "GET"}).run({}, http=refused)
    assert execution.output["error"]["Error"] == "States.Http.Socket"


def test_http_tasks_without_a_transport_are_unserved_before_anything_runs() -> None:
    with pytest.raises(UnservedTasksError, match="http="):
        _machine({"ApiEndpoint": "https://x", "Method": "GET"}).run({})


def test_test_state_at_trace_shows_the_request_and_the_response() -> None:
    api = _Api(JSON_OK)
    machine = _machine({"ApiEndpoint": "https://api.example.com/c", "Method": "POST", "RequestBody": {"a": 1}})
    result = machine.test_state("Call", {}, inspection_level="TRACE", http=api)
    assert result.status == "SUCCEEDED"
    request, response = result.inspection_data["request"], result.inspection_data["response"]
    assert request == {
        "protocol": "https",
        "method": "POST",
        "url": "https://api.example.com/c",
        "headers": "Content-Type: application/json; charset=UTF-8\n"
        "User-Agent: Amazon|StepFunctions|HttpInvoke|us-east-1\nRange: bytes=0-262144",
        "body": '{"a":1}',
    }
    assert response == {
        "protocol": "https",
        "statusCode": "200",
        "statusMessage": "OK",
        "headers": "Content-Type: application/json\nX-Id: 1\nX-Id: 2",
        "body": '{"customers": [1, 2]}',
    }
    debug = machine.test_state("Call", {}, inspection_level="DEBUG", http=api)
    assert "request" not in debug.inspection_data


def test_the_urllib_transport_reaches_a_server_on_loopback(endpoint: str) -> None:
    machine = _machine({"ApiEndpoint": f"{endpoint}/moto-api/data.json", "Method": "GET"})
    execution = machine.run({}, http=urllib_transport)
    assert execution.output["StatusCode"] == 200, execution.output
    # moto serves its backends' state as JSON labelled text/html: passed on as text
    assert isinstance(json.loads(execution.output["ResponseBody"]), dict)
    missing = _machine({"ApiEndpoint": f"{endpoint}/moto-api/nothing-here", "Method": "GET"}).run(
        {}, http=urllib_transport
    )
    assert missing.output["error"]["Error"].startswith("States.Http.StatusCode.4")


def test_a_transport_that_is_no_callable_is_refused_before_anything_runs() -> None:
    with pytest.raises(ResourceBindingError, match="http= takes a callable"):
        _machine({"ApiEndpoint": "https://x", "Method": "GET"}).run({}, http="https://x")  # type: ignore[arg-type]
