"""paginate_loop: generated loops run in the local engine against simulated services, every item exactly once."""

from __future__ import annotations

import collections
from typing import Any

import pytest
from paginator_cases import COLLECT, cases, processor, run_case

import statewise
from statewise import StateMachine
from statewise.base_errors import PatternError
from statewise.builder import CallAwsService
from statewise.patterns import paginate_loop, s3_item_reader_map
from statewise.testing import FakeClock
from statewise.testing.simulated import SimulatedService
from statewise.testing.workspaces import SimulatedWorkspaces

REBUILD = "arn:aws:states:::aws-sdk:workspaces:rebuildWorkspaces"
LANGUAGES = ("JSONPath", "JSONata")


def _rebuild(query_language: str) -> dict[str, Any]:
    if query_language == "JSONata":
        request: dict[str, Any] = {
            "Arguments": {"RebuildWorkspaceRequests": [{"WorkspaceId": "{% $states.input.WorkspaceId %}"}]}
        }
    else:
        request = {"Parameters": {"RebuildWorkspaceRequests": [{"WorkspaceId.$": "$.WorkspaceId"}]}}
    return {"StartAt": "Rebuild", "States": {"Rebuild": {"Type": "Task", "Resource": REBUILD, **request, "End": True}}}


# -- the seed ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_the_generated_workspaces_loop_rebuilds_all_300_workspaces_exactly_once(query_language: str) -> None:
    definition = paginate_loop(
        "workspaces",
        "describeWorkspaces",
        item_processor=_rebuild(query_language),
        page_size=25,
        max_concurrency=5,
        query_language=query_language,  # type: ignore[arg-type]
    )
    service = SimulatedWorkspaces(300)
    execution = StateMachine(definition).run({}, clock=FakeClock(), aws={"workspaces": service.service})
    assert execution.status == "SUCCEEDED"
    assert sorted(service.rebuilt) == [w["WorkspaceId"] for w in service.workspaces]  # all 300, each once
    describes = [call.params for call in service.service.calls if call.operation == "DescribeWorkspaces"]
    assert len(describes) == 12
    assert all(params["Limit"] == 25 for params in describes)
    assert statewise.lint(definition) == []  # the linter finds nothing to say about it


def test_the_generated_workspaces_loop_keeps_the_token_where_the_seed_lost_it() -> None:
    states = paginate_loop("workspaces", "DescribeWorkspaces", item_processor=_rebuild("JSONPath"), page_size=25)[
        "States"
    ]
    assert list(states) == [
        "DescribeWorkspaces",
        "HasWorkspaces",
        "ProcessWorkspaces",
        "DescribeWorkspacesNextPage",
        "MorePages",
        "Done",
    ]
    assert states["ProcessWorkspaces"]["ResultPath"] is None
    assert "OutputPath" not in states["ProcessWorkspaces"]
    assert states["MorePages"]["Choices"] == [
        {"Variable": "$.DescribeWorkspacesResult.NextToken", "IsPresent": True, "Next": "DescribeWorkspacesNextPage"}
    ]
    assert states["DescribeWorkspacesNextPage"]["Parameters"] == {
        "Limit": 25,
        "NextToken.$": "$.DescribeWorkspacesResult.NextToken",
    }


# -- every botocore paginator (a deterministic sample; benchmarks/bench_patterns.py runs them all) --------------------


SAMPLE = cases()[::150]


def test_a_deterministic_sample_of_botocore_paginators_processes_every_item_exactly_once() -> None:
    counts: collections.Counter[str] = collections.Counter()
    for i, (service, operation) in enumerate(SAMPLE):
        language = LANGUAGES[i % 2]
        outcome = run_case(service, operation, language)
        assert outcome.kind in ("ok", "skipped"), f"{service}.{operation} ({language}): {outcome.detail}"
        if outcome.kind == "ok":
            assert sorted(outcome.processed) == sorted(outcome.served), f"{service}.{operation} ({language})"
            assert len(outcome.served) >= 3
        counts[outcome.kind] += 1
    print(f"\n{len(cases())} botocore paginators; sample of {len(SAMPLE)}: {dict(counts)}")
    assert counts["ok"] >= len(SAMPLE) * 0.9


@pytest.mark.parametrize("query_language", LANGUAGES)
@pytest.mark.parametrize(
    ("service", "operation"),
    [
        ("s3", "ListObjectsV2"),  # more_results (IsTruncated), two result keys sharing MaxKeys
        ("s3", "ListObjectVersions"),  # two input tokens, three result keys
        ("route53", "ListResourceRecordSets"),  # three input tokens, MaxItems as text
        ("cloudfront", "ListDistributions"),  # a nested result key and token (DistributionList.NextMarker)
        ("iam", "ListMFADevices"),  # a result key the Java SDK spells MfaDevices
        ("apigateway", "GetRestApis"),  # camelCase members: position, limit, items
        ("devops-guru", "ListOrganizationInsights"),  # two result keys, so two Maps over renamed processors
    ],
)
def test_every_token_form_processes_every_item_exactly_once(service: str, operation: str, query_language: str) -> None:
    outcome = run_case(service, operation, query_language)
    assert outcome.kind == "ok", outcome.detail
    assert sorted(outcome.processed) == sorted(outcome.served)
    assert len(outcome.served) >= 3


def test_several_tokens_in_jsonpath_build_the_next_request_token_by_token() -> None:
    states = paginate_loop("route53", "ListResourceRecordSets", parameters={"HostedZoneId": "Z1"})["States"]
    root = "$.ListResourceRecordSetsResult"
    assert states["NextPageRequest"]["Parameters"] == {
        "HostedZoneId": "Z1",
        "StartRecordName.$": f"{root}.NextRecordName",
    }
    assert states["HasStartRecordIdentifier"]["Choices"][0]["Variable"] == f"{root}.NextRecordIdentifier"
    assert states["SetStartRecordIdentifier"] == {
        "Type": "Pass",
        "InputPath": f"{root}.NextRecordIdentifier",
        "ResultPath": f"{root}.NextPageRequest.StartRecordIdentifier",
        "Next": "ListResourceRecordSetsNextPage",
    }
    assert states["ListResourceRecordSetsNextPage"]["InputPath"] == f"{root}.NextPageRequest"
    more = states["MorePages"]["Choices"][0]["And"]
    assert {"Variable": f"{root}.IsTruncated", "BooleanEquals": True} in more


def test_several_tokens_in_jsonata_merge_only_the_tokens_the_page_has() -> None:
    definition = paginate_loop(
        "route53", "ListResourceRecordSets", parameters={"HostedZoneId": "Z1"}, query_language="JSONata"
    )
    arguments = definition["States"]["ListResourceRecordSetsNextPage"]["Arguments"]
    assert arguments == (
        '{% $merge([{"HostedZoneId": "Z1"}, {"StartRecordName": ($page.NextRecordName), '
        '"StartRecordType": ($page.NextRecordType), "StartRecordIdentifier": ($page.NextRecordIdentifier)}]) %}'
    )


# -- output tokens that are JMESPath expressions ---------------------------------------------------------------------


class _S3V1:
    """S3 ListObjects (v1): no NextMarker without a Delimiter, so the next Marker is the last Key."""

    def __init__(self, keys: list[str], page: int) -> None:
        self.keys, self.page, self.requests = keys, page, []  # type: list[str], int, list[dict[str, Any]]

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.requests.append(params)
        after = [k for k in self.keys if k > params.get("Marker", "")]
        return {"Contents": [{"Key": k} for k in after[: self.page]], "IsTruncated": len(after) > self.page}


def test_s3_list_objects_v1_runs_in_jsonata_where_its_token_is_next_marker_or_the_last_key() -> None:
    keys = [f"photos/{i:03d}.jpg" for i in range(11)]
    lister = _S3V1(keys, 4)
    service = SimulatedService("s3", handlers={"ListObjects": lister})
    definition = paginate_loop(
        "s3", "ListObjects", parameters={"Bucket": "b"}, item_processor=processor("JSONata"), query_language="JSONata"
    )
    assert definition["States"]["ListObjectsNextPage"]["Arguments"]["Marker"] == (
        "{% (($page.NextMarker) ? ($page.NextMarker) : ($page.Contents[-1].Key)) %}"
    )
    seen: list[str] = []
    execution = StateMachine(definition).run(
        {}, clock=FakeClock(), aws={"s3": service}, resources={COLLECT: lambda item: seen.append(item["Key"])}
    )
    assert execution.status == "SUCCEEDED"
    assert seen == keys
    assert [r.get("Marker") for r in lister.requests] == [None, keys[3], keys[7]]


def test_s3_list_objects_v1_in_jsonpath_is_refused_with_the_way_out() -> None:
    with pytest.raises(PatternError) as caught:
        paginate_loop("s3", "ListObjects", parameters={"Bucket": "b"})
    error = caught.value
    assert error.spec == "s3.ListObjects"
    assert error.key == "output_token/0"
    assert "'NextMarker || Contents[-1].Key' is not a path of fields and indexes" in str(error)
    assert "query_language='JSONata'" in str(error)
    assert "s3_item_reader_map()" in str(error)


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_kinesis_describe_stream_pages_by_the_last_shard_id(query_language: str) -> None:
    shards = [f"shardId-{i:012d}" for i in range(7)]

    def describe_stream(**params: Any) -> dict[str, Any]:
        start = params.get("ExclusiveStartShardId")
        after = shards[shards.index(start) + 1 :] if start else shards
        page = after[:3]
        return {"StreamDescription": {"Shards": [{"ShardId": s} for s in page], "HasMoreShards": len(after) > 3}}

    service = SimulatedService("kinesis", handlers={"DescribeStream": describe_stream})
    definition = paginate_loop(
        "kinesis",
        "DescribeStream",
        parameters={"StreamName": "s"},
        item_processor=processor(query_language),
        query_language=query_language,  # type: ignore[arg-type]
    )
    if query_language == "JSONPath":
        token = definition["States"]["DescribeStreamNextPage"]["Parameters"]["ExclusiveStartShardId.$"]
        assert token == "$.DescribeStreamResult.StreamDescription.Shards[-1].ShardId"
    seen: list[str] = []
    execution = StateMachine(definition).run(
        {}, clock=FakeClock(), aws={"kinesis": service}, resources={COLLECT: lambda item: seen.append(item["ShardId"])}
    )
    assert execution.status == "SUCCEEDED"
    assert seen == shards


# -- composing --------------------------------------------------------------------------------------------------------


def test_a_builder_chain_is_an_item_processor_and_next_embeds_the_loop() -> None:
    rebuild = CallAwsService(
        "Rebuild",
        service="workspaces",
        action="rebuildWorkspaces",
        parameters={"RebuildWorkspaceRequests": [{"WorkspaceId.$": "$.WorkspaceId"}]},
    )
    loop = paginate_loop("workspaces", "DescribeWorkspaces", item_processor=rebuild, prefix="Ws", next="Report")
    assert "WsDone" not in loop["States"]
    assert loop["States"]["WsMorePages"]["Default"] == "Report"
    definition = {"StartAt": loop["StartAt"], "States": {**loop["States"], "Report": {"Type": "Succeed"}}}
    service = SimulatedWorkspaces(30)
    execution = StateMachine(definition).run({"keep": 1}, clock=FakeClock(), aws={"workspaces": service.service})
    assert execution.status == "SUCCEEDED"
    assert len(set(service.rebuilt)) == 30
    assert execution.output["keep"] == 1  # the loop adds its page and keeps the rest of the input


def test_s3_item_reader_map_lists_the_bucket_with_a_distributed_map() -> None:
    for language in LANGUAGES:
        definition = s3_item_reader_map("photos", prefix="2024/", max_concurrency=10, query_language=language)  # type: ignore[arg-type]
        assert statewise.validate(definition) == []
        state = definition["States"]["ProcessObjects"]
        field = "Arguments" if language == "JSONata" else "Parameters"
        assert state["ItemReader"] == {
            "Resource": "arn:aws:states:::s3:listObjectsV2",
            field: {"Bucket": "photos", "Prefix": "2024/"},
        }
        assert state["ItemProcessor"]["ProcessorConfig"] == {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}


def test_parameters_are_spelt_as_step_functions_takes_them() -> None:
    loop = paginate_loop("apigateway", "get_rest_apis", page_size=5)  # the API's members are camelCase
    assert loop["States"]["GetRestApis"]["Resource"] == "arn:aws:states:::aws-sdk:apigateway:getRestApis"
    assert loop["States"]["GetRestApisNextPage"]["Parameters"] == {
        "Limit": 5,
        "Position.$": "$.GetRestApisResult.Position",
    }
    loop = paginate_loop("logs", "DescribeLogGroups", parameters={"logGroupNamePrefix": "/aws"}, page_size=5)
    assert loop["States"]["DescribeLogGroups"]["Parameters"] == {"LogGroupNamePrefix": "/aws", "Limit": 5}
    assert (
        loop["States"]["DescribeLogGroups"]["Resource"] == "arn:aws:states:::aws-sdk:cloudwatchlogs:describeLogGroups"
    )
    loop = paginate_loop("rds", "DescribeDBInstances", parameters={"DBInstanceIdentifier.$": "$.db"})
    assert loop["States"]["DescribeDBInstances"]["Parameters"] == {"DbInstanceIdentifier.$": "$.db"}
    assert loop["States"]["HasDbInstances"]["Choices"][0]["Variable"] == "$.DescribeDBInstancesResult.DbInstances"


# -- errors -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "spec", "key", "message"),
    [
        (
            lambda: paginate_loop("workspaces", "DescribeWorkspace"),
            "workspaces.DescribeWorkspace",
            None,
            "workspaces has no operation 'DescribeWorkspace'; did you mean 'DescribeWorkspaces'",
        ),
        (
            lambda: paginate_loop("s3", "ListObjectsV2", parameters={"bucket": "b"}),
            "s3.ListObjectsV2",
            "parameters/bucket",
            "ListObjectsV2 takes no parameter 'bucket'; did you mean 'Bucket'",
        ),
        (
            lambda: paginate_loop("s3", "GetObject"),
            "s3.GetObject",
            None,
            "has no paginator spec, so there is no token to loop on",
        ),
        (
            lambda: paginate_loop("workspaces", "DescribeWorkspaces", parameters={"NextToken": "x"}),
            "workspaces.DescribeWorkspaces",
            "parameters",
            "NextToken is the page token; the loop sets it",
        ),
        (
            lambda: paginate_loop("workspaces", "DescribeWorkspaces", result_path="$.a[0]"),
            "workspaces.DescribeWorkspaces",
            None,
            "result_path must be a path of fields ($.a.b), got '$.a[0]'",
        ),
        (
            lambda: paginate_loop("workspaces", "DescribeWorkspaces", query_language="JSONata", result_path="$.a"),
            "workspaces.DescribeWorkspaces",
            None,
            "result_path is for JSONPath",
        ),
        (
            lambda: paginate_loop("nope-service", "List"),
            "nope-service",
            None,
            "no botocore service model has this name",
        ),
    ],
)
def test_what_cannot_be_built_is_a_pattern_error_saying_why(
    call: Any, spec: str, key: str | None, message: str
) -> None:
    with pytest.raises(PatternError) as caught:
        call()
    assert caught.value.spec == spec
    assert caught.value.key == key
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, statewise.StatewiseError)
