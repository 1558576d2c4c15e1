"""SimulatedService: real botocore list operations paged by their specs, checked tokens and limits, handlers."""

from __future__ import annotations

import pickle
import re
import threading
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.paginate import Paginator

import statewise
from statewise import PaginatorSpec, SpecError, StateMachine, UnknownOperationError
from statewise.clients import is_client
from statewise.integrations.sdk_names import error_name
from statewise.testing import FakeClock
from statewise.testing.simulated import (
    DEFAULT_MAX_RESULTS,
    Request,
    SimulatedService,
    SimulatedServiceError,
    token_error_code,
    validation_error_code,
)


def _workspaces(count: int) -> list[dict[str, Any]]:
    return [{"WorkspaceId": f"ws-{i:05d}", "State": "AVAILABLE"} for i in range(count)]


def _objects(count: int) -> list[dict[str, Any]]:
    return [{"Key": f"photos/{i:04d}.jpg", "Size": i} for i in range(count)]


def _code(caught: pytest.ExceptionInfo[SimulatedServiceError]) -> str:
    return caught.value.response["Error"]["Code"]


# -- paging as the spec says --------------------------------------------------------------------------------------


def test_workspaces_describe_workspaces_pages_by_limit_and_next_token() -> None:
    service = SimulatedService("workspaces", {"DescribeWorkspaces": _workspaces(60)})
    sizes, token, params = [], None, {"Limit": 25}
    while True:
        page = service.describe_workspaces(**params)
        sizes.append(len(page["Workspaces"]))
        token = page.get("NextToken")
        if token is None:
            break
        params = {"Limit": 25, "NextToken": token}
    assert sizes == [25, 25, 10]
    assert len(service.describe_workspaces()["Workspaces"]) == 25  # the model's max is the default
    assert page["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_s3_list_objects_v2_shares_max_keys_between_its_result_keys_and_says_is_truncated() -> None:
    dataset = {"Contents": _objects(5), "CommonPrefixes": [{"Prefix": "a/"}, {"Prefix": "b/"}]}
    service = SimulatedService("s3", {"ListObjectsV2": dataset})
    first = service.list_objects_v2(Bucket="photos", MaxKeys=4)
    assert (len(first["Contents"]), first["CommonPrefixes"], first["IsTruncated"]) == (4, [], True)
    second = service.list_objects_v2(Bucket="photos", MaxKeys=4, ContinuationToken=first["NextContinuationToken"])
    assert second["Contents"] == _objects(5)[4:]
    assert second["CommonPrefixes"] == dataset["CommonPrefixes"]
    assert second["IsTruncated"] is False
    assert "NextContinuationToken" not in second


def test_without_a_max_trait_pages_hold_at_most_the_default() -> None:
    service = SimulatedService("s3", {"ListObjectsV2": _objects(DEFAULT_MAX_RESULTS + 1)})
    first = service.list_objects_v2(Bucket="photos")
    assert (len(first["Contents"]), first["IsTruncated"]) == (DEFAULT_MAX_RESULTS, True)


def test_dynamodb_list_tables_token_fits_a_table_name() -> None:
    names = [f"table-{i:03d}" for i in range(150)]
    service = SimulatedService("dynamodb", {"ListTables": names})
    first = service.list_tables()
    assert first["TableNames"] == names[:100]  # Limit's max in the model
    token = first["LastEvaluatedTableName"]
    assert re.fullmatch(r"[a-zA-Z0-9_.-]{3,255}", token)  # TableName's length and pattern in the model
    assert service.list_tables(ExclusiveStartTableName=token)["TableNames"] == names[100:]


def test_ec2_describe_instances_serves_reservations_with_their_instances() -> None:
    reservations = [{"ReservationId": f"r-{i}", "Instances": [{"InstanceId": f"i-{i}a"}]} for i in range(7)]
    service = SimulatedService("ec2", {"DescribeInstances": reservations})
    page = service.describe_instances(MaxResults=5)
    assert page["Reservations"] == reservations[:5]
    assert "NextToken" in page


def test_cloudfront_nested_result_token_and_flag_and_a_limit_typed_as_text() -> None:
    items = [{"Id": f"E{i}"} for i in range(3)]
    service = SimulatedService("cloudfront", {"ListDistributions": {"DistributionList.Items": items}})
    page = service.list_distributions(MaxItems="2")
    listing = page["DistributionList"]
    assert (listing["Items"], listing["IsTruncated"]) == (items[:2], True)
    rest = service.list_distributions(MaxItems="2", Marker=listing["NextMarker"])["DistributionList"]
    assert (rest["Items"], rest["IsTruncated"]) == (items[2:], False)


def test_an_empty_dataset_is_one_empty_page() -> None:
    page = SimulatedService("s3", {"ListObjectsV2": []}).list_objects_v2(Bucket="photos")
    assert (page["Contents"], page["CommonPrefixes"], page["IsTruncated"]) == ([], [], False)


def test_items_are_copies_and_the_dataset_stays_the_callers() -> None:
    dataset = _workspaces(2)
    service = SimulatedService("workspaces", {"DescribeWorkspaces": dataset})
    service.describe_workspaces()["Workspaces"][0]["State"] = "ERROR"
    assert dataset[0]["State"] == "AVAILABLE"
    dataset.append({"WorkspaceId": "ws-new"})
    assert len(service.describe_workspaces()["Workspaces"]) == 3


# -- differential: statewise.paginate (and botocore's Paginator) get exactly the dataset ----------------------------

CASES = [
    ("workspaces", "DescribeWorkspaces", {"Workspaces": _workspaces(53)}, {}, 7),
    ("s3", "ListObjectsV2", {"Contents": _objects(23), "CommonPrefixes": [{"Prefix": "x/"}]}, {"Bucket": "b"}, 5),
    ("dynamodb", "ListTables", {"TableNames": [f"t{i:03d}" for i in range(41)]}, {}, 10),
    ("ec2", "DescribeInstances", {"Reservations": [{"ReservationId": f"r-{i}"} for i in range(12)]}, {}, 5),
    ("cloudfront", "ListDistributions", {"DistributionList.Items": [{"Id": f"E{i}"} for i in range(9)]}, {}, "4"),
    (
        "stepfunctions",
        "ListExecutions",
        {"executions": [{"name": f"x{i}"} for i in range(11)]},
        {"statusFilter": "FAILED"},
        3,
    ),
]


@pytest.mark.parametrize(("service_name", "operation", "dataset", "params", "page_size"), CASES)
def test_paginate_yields_exactly_the_dataset(
    service_name: str, operation: str, dataset: dict[str, list[Any]], params: dict[str, Any], page_size: Any
) -> None:
    service = SimulatedService(service_name, {operation: dataset})
    method = getattr(service, botocore.xform_name(operation))
    spec = service.paginator_spec(operation)
    items = [item for items in dataset.values() for item in items]
    full = statewise.paginate(method, spec=spec, page_size=page_size, **params).build_full_result()
    assert _result_keys(spec, full) == dataset
    assert len(service.calls) == -(-len(items) // int(page_size))
    first = statewise.paginate(method, spec=spec, page_size=page_size, max_items=len(items) // 2, **params)
    head = list(first.items())
    rest = statewise.paginate(method, spec=spec, page_size=page_size, starting_token=first.resume_token, **params)
    if len(dataset) == 1:  # resuming mid-page is botocore's rule for the primary result key
        assert head + list(rest.items()) == items
    model = botocore.session.get_session().get_service_model(service_name).operation_model(operation)
    reference = Paginator(method, spec.to_dict(), model).paginate(PaginationConfig={"PageSize": page_size}, **params)
    assert _result_keys(spec, reference.build_full_result()) == dataset


def _result_keys(spec: PaginatorSpec, result: dict[str, Any]) -> dict[str, Any]:
    return {expr.source: expr.search(result) for expr in spec.result_key if expr.search(result)}


def test_paginate_pages_a_simulated_service_as_it_pages_a_client() -> None:
    service = SimulatedService("route53", {"ListHealthChecks": _health_checks(7)})
    assert not is_client(service)
    assert not hasattr(service, "meta")
    pages = statewise.paginate(service, "list_health_checks", page_size=3)  # Route 53 types MaxItems as a string
    assert [len(page["HealthChecks"]) for page in pages] == [3, 3, 1]
    assert [call.params.get("MaxItems") for call in service.calls] == ["3", "3", "3"]
    by_api_name = statewise.paginate(service, "ListHealthChecks", max_items=4)
    assert [check["Id"] for check in by_api_name.items()] == [f"hc-{i}" for i in range(4)]
    resumed = statewise.paginate(service, "list_health_checks", starting_token=by_api_name.resume_token)
    assert [check["Id"] for check in resumed.items()] == [f"hc-{i}" for i in range(4, 7)]
    spec = service.paginator_spec("list_health_checks")
    assert spec is service.paginator_spec("ListHealthChecks")
    with_spec = statewise.paginate(service.list_health_checks, spec=spec, page_size="7")
    assert len(list(with_spec)) == 1
    with pytest.raises(UnknownOperationError, match=r"simulates no list operation 'list_health_check'"):
        statewise.paginate(service, "list_health_check")
    with pytest.raises(SpecError, match="cannot paginate a SimulatedService"):
        statewise.paginate(service)
    with pytest.raises(AttributeError, match="no method 'create_health_check'"):
        service.create_health_check  # noqa: B018 - the look-up is the test
    assert "list_health_checks" in dir(service)


def _health_checks(count: int) -> list[dict[str, Any]]:
    return [{"Id": f"hc-{i}", "CallerReference": f"ref-{i}"} for i in range(count)]


# -- limits -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service_name", "operation", "call", "params", "code"),
    [
        ("workspaces", "DescribeWorkspaces", "describe_workspaces", {"Limit": 26}, "InvalidParameterValuesException"),
        ("workspaces", "DescribeWorkspaces", "describe_workspaces", {"Limit": 0}, "InvalidParameterValuesException"),
        ("workspaces", "DescribeWorkspaces", "describe_workspaces", {"Limit": True}, "InvalidParameterValuesException"),
        ("dynamodb", "ListTables", "list_tables", {"Limit": 101}, "ValidationException"),
        ("s3", "ListObjectsV2", "list_objects_v2", {"Bucket": "b", "MaxKeys": 1001}, "InvalidArgument"),
        ("cloudfront", "ListDistributions", "list_distributions", {"MaxItems": "ten"}, "InvalidArgument"),
        ("cloudfront", "ListDistributions", "list_distributions", {"MaxItems": 2}, "InvalidArgument"),
        ("logs", "DescribeLogGroups", "describe_log_groups", {"limit": 51}, "InvalidParameterException"),
    ],
)
def test_limits_outside_the_documented_range_are_rejected(
    service_name: str, operation: str, call: str, params: dict[str, Any], code: str
) -> None:
    service = SimulatedService(service_name, {operation: []})
    with pytest.raises(SimulatedServiceError, match="from 1 to") as caught:
        getattr(service, call)(**params)
    assert _code(caught) == code


def test_zero_asks_for_the_default_where_the_model_allows_it() -> None:
    service = SimulatedService("stepfunctions", {"ListExecutions": [{"name": str(i)} for i in range(5)]})
    assert len(service.list_executions(stateMachineArn="arn", maxResults=0)["executions"]) == 5


# -- tokens -------------------------------------------------------------------------------------------------------


def _first_token(service: SimulatedService, **params: Any) -> str:
    token: str = service.list_objects_v2(MaxKeys=2, **params)["NextContinuationToken"]
    return token


@pytest.mark.parametrize(
    "other",
    [
        {"Bucket": "other"},  # another request
        {"Bucket": "photos", "Prefix": "a/"},  # another filter
        {"Bucket": "photos", "StartAfter": None},  # a parameter more, even a null one
    ],
)
def test_a_token_is_valid_only_for_the_request_that_got_it(other: dict[str, Any]) -> None:
    service = SimulatedService("s3", {"ListObjectsV2": _objects(5)})
    token = _first_token(service, Bucket="photos")
    with pytest.raises(SimulatedServiceError, match="did not issue it for these parameters") as caught:
        service.list_objects_v2(ContinuationToken=token, **other)
    assert _code(caught) == "InvalidArgument"
    assert service.list_objects_v2(Bucket="photos", MaxKeys=3, ContinuationToken=token)["Contents"] == _objects(5)[2:]


@pytest.mark.parametrize("alter", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" + t, str.upper])
def test_an_altered_token_is_rejected(alter: Any) -> None:
    service = SimulatedService("s3", {"ListObjectsV2": _objects(5)})
    token = _first_token(service, Bucket="photos")
    with pytest.raises(SimulatedServiceError) as caught:
        service.list_objects_v2(Bucket="photos", ContinuationToken=alter(token))
    assert _code(caught) == "InvalidArgument"


@pytest.mark.parametrize("token", ["garbage", "", "!!!", 7, "MTAuMA"])  # the last is base64 of "10.0"
def test_tokens_never_issued_are_rejected_with_the_services_code(token: Any) -> None:
    service = SimulatedService("workspaces", {"DescribeWorkspaces": _workspaces(3)})
    with pytest.raises(SimulatedServiceError) as caught:
        service.describe_workspaces(NextToken=token)
    assert _code(caught) == "InvalidParameterValuesException"


def test_a_token_from_another_operation_is_rejected() -> None:
    service = SimulatedService(
        "workspaces", {"DescribeWorkspaces": _workspaces(5), "DescribeWorkspaceBundles": [{"BundleId": "b"}]}
    )
    token = service.describe_workspaces(Limit=2)["NextToken"]
    with pytest.raises(SimulatedServiceError) as caught:
        service.describe_workspace_bundles(NextToken=token)
    assert _code(caught) == "InvalidParameterValuesException"


@pytest.mark.parametrize(
    ("service_name", "operation", "token_code", "validation_code"),
    [
        ("workspaces", "DescribeWorkspaces", "InvalidParameterValuesException", "InvalidParameterValuesException"),
        ("stepfunctions", "ListExecutions", "InvalidToken", "ValidationException"),
        ("autoscaling", "DescribeAutoScalingGroups", "InvalidNextToken", "ValidationException"),
        ("logs", "DescribeLogGroups", "InvalidParameterException", "InvalidParameterException"),
        ("route53", "ListResourceRecordSets", "InvalidInput", "InvalidInput"),
        ("s3", "ListObjectsV2", "InvalidArgument", "InvalidArgument"),
        ("ec2", "DescribeInstances", "InvalidParameterValue", "InvalidParameterValue"),
        ("dynamodb", "ListTables", "ValidationException", "ValidationException"),
    ],
)
def test_error_codes_come_from_the_model(
    service_name: str, operation: str, token_code: str, validation_code: str
) -> None:
    assert token_error_code(service_name, operation) == token_code
    assert validation_error_code(service_name, operation) == validation_code


def test_errors_look_like_a_clients_and_survive_pickling() -> None:
    service = SimulatedService("workspaces", {"DescribeWorkspaces": []})
    with pytest.raises(ClientError) as caught:
        service.describe_workspaces(NextToken="garbage")
    error = caught.value
    assert isinstance(error, SimulatedServiceError)
    assert error.response == {
        "Error": {"Code": "InvalidParameterValuesException", "Message": error.message},
        "ResponseMetadata": {
            "RequestId": "00000000-0000-4000-8000-000000000001",
            "HostId": "",
            "HTTPStatusCode": 400,
            "HTTPHeaders": {"x-amzn-requestid": "00000000-0000-4000-8000-000000000001"},
            "RetryAttempts": 0,
        },
    }
    assert str(error).startswith(
        "An error occurred (InvalidParameterValuesException) when calling the DescribeWorkspaces"
    )
    assert error_name("workspaces", error.code) == "WorkSpaces.InvalidParameterValuesException"
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.response, copy.operation_name) == (
        SimulatedServiceError,
        error.response,
        "DescribeWorkspaces",
    )
    conflict = SimulatedServiceError("ConflictException", "busy", operation="RebootWorkspaces", status=409)
    assert pickle.loads(pickle.dumps(conflict)).response == conflict.response


# -- handlers and the record of calls -----------------------------------------------------------------------------


def test_handlers_get_the_requests_keyword_arguments_and_every_call_is_recorded() -> None:
    seen: list[dict[str, Any]] = []

    def rebuild(**params: Any) -> dict[str, Any]:
        seen.append(params)
        return {"FailedRequests": []}

    def terminate(**params: Any) -> None:
        raise SimulatedServiceError("ResourceLimitExceededException", "too many", operation="TerminateWorkspaces")

    service = SimulatedService(
        "workspaces",
        {"DescribeWorkspaces": _workspaces(1)},
        handlers={"RebuildWorkspaces": rebuild, "StartWorkspaces": lambda **_: None, "TerminateWorkspaces": terminate},
    )
    requests = [{"WorkspaceId": "ws-00000"}]
    response = service.rebuild_workspaces(RebuildWorkspaceRequests=requests)
    assert seen == [{"RebuildWorkspaceRequests": requests}]
    assert response["FailedRequests"] == []
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(service.start_workspaces(StartWorkspaceRequests=[])) == {"ResponseMetadata"}
    with pytest.raises(SimulatedServiceError, match="too many"):
        service.terminate_workspaces(TerminateWorkspaceRequests=[])
    with pytest.raises(SimulatedServiceError):
        service.describe_workspaces(Limit=99)
    requests[0]["WorkspaceId"] = "changed later"
    assert service.calls == [
        Request("RebuildWorkspaces", {"RebuildWorkspaceRequests": [{"WorkspaceId": "ws-00000"}]}),
        Request("StartWorkspaces", {"StartWorkspaceRequests": []}),
        Request("TerminateWorkspaces", {"TerminateWorkspaceRequests": []}),
        Request("DescribeWorkspaces", {"Limit": 99}),
    ]


def test_calls_from_many_threads_are_all_recorded_with_distinct_request_ids() -> None:
    service = SimulatedService("workspaces", {"DescribeWorkspaces": _workspaces(3)})
    ids: list[str] = []

    def work() -> None:
        for _ in range(50):
            ids.append(service.describe_workspaces()["ResponseMetadata"]["RequestId"])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(service.calls) == len(set(ids)) == 200


# -- what cannot be simulated is refused up front -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("service_name", "datasets", "handlers", "message"),
    [
        ("nope", {}, {}, "'nope' is not a botocore service name"),
        ("s3", {"ListObjectV2": []}, {}, "s3 has no operation 'ListObjectV2'.*did you mean 'ListObjectsV2'"),
        ("s3", {}, {"put_object": print}, "no operation 'put_object'.*take API names.*'PutObject'"),
        ("s3", {"PutObject": []}, {}, "s3.PutObject has no paginator spec"),
        ("s3", {"ListObjectsV2": []}, {"ListObjectsV2": print}, "both a dataset and a handler"),
        ("dynamodb", {"Scan": []}, {}, "pages with a map ExclusiveStartKey, not a string token"),
        ("s3", {"ListObjects": []}, {}, "reads 'NextMarker || Contents\\[-1\\].Key', an expression"),
        ("apigateway", {"GetUsage": []}, {}, "result key 'items' is a map, not a list"),
        ("s3", {"ListObjectsV2": {"Keys": []}}, {}, "names 'Keys', not a result key.*'Contents', 'CommonPrefixes'"),
        ("s3", {"ListObjectsV2": {"Contents": "abc"}}, {}, "must be a sequence of items, got str"),
    ],
)
def test_configurations_that_cannot_be_simulated_are_refused(
    service_name: str, datasets: dict[str, Any], handlers: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        SimulatedService(service_name, datasets, handlers=handlers)


# -- end to end: aws-sdk Tasks loop on the token against the simulated service ------------------------------------


def test_a_state_machine_loops_on_list_objects_v2_tokens_and_catches_an_altered_one() -> None:
    service = SimulatedService("s3", {"ListObjectsV2": _objects(23)})
    machine = StateMachine(
        {
            "QueryLanguage": "JSONata",
            "StartAt": "Start",
            "States": {
                "Start": {
                    "Type": "Pass",
                    "Assign": {"keys": [], "args": {"Bucket": "photos", "MaxKeys": 5}},
                    "Next": "List",
                },
                "List": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                    "Arguments": "{% $args %}",
                    "Assign": {
                        "keys": "{% $append($keys, $states.result.Contents.Key) %}",
                        "args": "{% $merge([$args, {'ContinuationToken': $states.result.NextContinuationToken}]) %}",
                        "more": "{% $states.result.IsTruncated %}",
                    },
                    "Next": "More?",
                },
                "More?": {
                    "Type": "Choice",
                    "Default": "Done",
                    "Choices": [{"Condition": "{% $more %}", "Next": "List"}],
                },
                "Done": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                    "Arguments": {"Bucket": "photos", "ContinuationToken": "altered"},
                    "Catch": [
                        {
                            "ErrorEquals": ["States.ALL"],
                            "Output": {"keys": "{% $keys %}", "error": "{% $states.errorOutput %}"},
                            "Next": "Caught",
                        }
                    ],
                    "End": True,
                },
                "Caught": {"Type": "Succeed"},
            },
        }
    )
    execution = machine.run({}, clock=FakeClock(), aws={"s3": service})
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output["keys"] == [item["Key"] for item in _objects(23)]
    assert [call.params.get("ContinuationToken") is None for call in service.calls[:5]] == [True] + [False] * 4
    error = execution.output["error"]
    assert error["Error"] == "S3.S3Exception"  # InvalidArgument is not modelled, so the Java SDK's generic name
    assert error["Cause"].endswith("(Service: S3, Status Code: 400, Request ID: 00000000-0000-4000-8000-000000000006)")


def test_a_jsonpath_loop_on_list_tables_with_a_map_per_page() -> None:
    names = [f"table-{i:03d}" for i in range(45)]
    described: list[str] = []

    def describe(*, TableName: str) -> dict[str, Any]:
        described.append(TableName)
        return {"Table": {"TableName": TableName, "TableStatus": "ACTIVE"}}

    service = SimulatedService("dynamodb", {"ListTables": names}, handlers={"DescribeTable": describe})
    list_tables = "arn:aws:states:::aws-sdk:dynamodb:listTables"
    machine = StateMachine(
        {
            "StartAt": "List",
            "States": {
                "List": {
                    "Type": "Task",
                    "Resource": list_tables,
                    "Parameters": {"Limit": 20},
                    "ResultPath": "$.page",
                    "Next": "Each",
                },
                "Each": {
                    "Type": "Map",
                    "ItemsPath": "$.page.TableNames",
                    "ItemProcessor": {
                        "StartAt": "Describe",
                        "States": {
                            "Describe": {
                                "Type": "Task",
                                "Resource": "arn:aws:states:::aws-sdk:dynamodb:describeTable",
                                "Parameters": {"TableName.$": "$"},
                                "End": True,
                            }
                        },
                    },
                    "ResultPath": None,
                    "Next": "More?",
                },
                "More?": {
                    "Type": "Choice",
                    "Default": "Done",
                    "Choices": [{"Variable": "$.page.LastEvaluatedTableName", "IsPresent": True, "Next": "Next"}],
                },
                "Next": {
                    "Type": "Task",
                    "Resource": list_tables,
                    "ResultPath": "$.page",
                    "Next": "Each",
                    "Parameters": {"Limit": 20, "ExclusiveStartTableName.$": "$.page.LastEvaluatedTableName"},
                },
                "Done": {"Type": "Succeed"},
            },
        }
    )
    execution = machine.run({}, clock=FakeClock(), aws={"dynamodb": service})
    assert execution.status == "SUCCEEDED", execution.cause
    assert sorted(described) == names
    assert [call.operation for call in service.calls].count("ListTables") == 3
