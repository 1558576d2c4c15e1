"""wait_loop: generated loops reach the outcome statewise.wait reaches on the same scripted responses."""

from __future__ import annotations

import collections
from typing import Any

import pytest
from waiter_cases import ATTEMPTS, Scripted, run_waiter, waiters
from waiter_synthesis import client_error

import statewise
from statewise import StateMachine
from statewise.base_errors import PatternError
from statewise.patterns import wait_loop
from statewise.patterns.waiting import WAITER_FAILED, WAITER_TIMEOUT
from statewise.testing import FakeClock

LANGUAGES = ("JSONPath", "JSONata")
ACTIVE = {"Table": {"TableStatus": "ACTIVE"}}
MISSING = client_error("ResourceNotFoundException")


def _run(definition: dict[str, Any], script: list[Any], clock: FakeClock | None = None) -> tuple[Any, Scripted]:
    client = Scripted("DescribeTable", script)
    execution = StateMachine(definition).run({"table": "t"}, clock=clock or FakeClock(), aws={"dynamodb": client})
    return execution, client


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_table_exists_retries_on_not_found_then_succeeds_with_the_last_response(query_language: str) -> None:
    table = {"TableName.$": "$.table"} if query_language == "JSONPath" else {"TableName": "{% $states.input.table %}"}
    definition = wait_loop("dynamodb", "table_exists", parameters=table, query_language=query_language)  # type: ignore[arg-type]
    clock = FakeClock()
    execution, client = _run(definition, [MISSING, {"Table": {"TableStatus": "CREATING"}}, ACTIVE], clock)
    assert execution.status == "SUCCEEDED"
    assert client.calls == 3
    output = execution.output
    assert output["Attempt"] == 3
    assert output["Response"]["Table"] == ACTIVE["Table"]
    assert clock.monotonic() - FakeClock().monotonic() == 40  # two waits of the spec's 20 s


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_the_loop_gives_up_after_max_attempts_and_fails_on_an_unexpected_error(query_language: str) -> None:
    definition = wait_loop("dynamodb", "TableExists", max_attempts=4, query_language=query_language)  # type: ignore[arg-type]
    execution, client = _run(definition, [MISSING])
    assert (execution.status, execution.error, client.calls) == ("FAILED", WAITER_TIMEOUT, 4)
    assert execution.cause == "dynamodb.TableExists: max attempts (4) reached"
    execution, client = _run(definition, [client_error("AccessDeniedException")])
    assert (execution.status, client.calls) == ("FAILED", 1)
    assert execution.error == "DynamoDb.DynamoDbException"  # the call's own error, as Step Functions names it
    assert "Status Code: 400" in execution.cause


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_a_failure_acceptor_ends_in_a_fail_state_naming_it(query_language: str) -> None:
    # its last acceptor, failure on AccessDeniedException (a code acm-pca does not model), is left to the
    # unexpected-error Fail, which fails the same way
    definition = wait_loop("acm-pca", "AuditReportCreated", query_language=query_language)  # type: ignore[arg-type]
    client = Scripted("DescribeCertificateAuthorityAuditReport", [{"AuditReportStatus": "FAILED"}])
    execution = StateMachine(definition).run({}, clock=FakeClock(), aws={"acm-pca": client})
    assert execution.error == WAITER_FAILED
    assert execution.cause == (
        'acm-pca.AuditReportCreated: acceptor 1 (failure when path AuditReportStatus == "FAILED") matched'
    )
    client = Scripted("DescribeCertificateAuthorityAuditReport", [client_error("AccessDeniedException")])
    execution = StateMachine(definition).run({}, clock=FakeClock(), aws={"acm-pca": client})
    assert execution.error == "AcmPca.AcmPcaException"


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_exponential_backoff_doubles_from_min_delay_up_to_the_spec_delay(query_language: str) -> None:
    definition = wait_loop(
        "dynamodb", "TableExists", backoff="exponential", max_attempts=6, query_language=query_language
    )  # type: ignore[arg-type]
    clock = FakeClock()
    execution, client = _run(definition, [MISSING], clock)
    assert execution.error == WAITER_TIMEOUT
    assert client.calls == 6
    assert clock.monotonic() - FakeClock().monotonic() == 2 + 4 + 8 + 16 + 20


def test_error_acceptors_match_step_functions_error_names_and_status_codes() -> None:
    states = wait_loop("dynamodb", "TableNotExists")["States"]
    assert states["TableNotExistsOnError"]["Choices"] == [
        {
            "Variable": "$.TableNotExists.Error.Error",
            "StringEquals": "DynamoDb.ResourceNotFoundException",
            "Next": "TableNotExistsSucceeded",
        }
    ]
    states = wait_loop("s3", "BucketNotExists", parameters={"Bucket": "b"}, query_language="JSONata")["States"]
    assert states["BucketNotExistsOnError"]["Choices"][0]["Condition"] == (
        '{% $contains($waiter.Error.Cause, "Status Code: 404,") %}'
    )


# -- every botocore waiter (a deterministic sample; benchmarks/bench_patterns.py runs them all) -----------------------


SAMPLE = waiters()[::6]


@pytest.mark.parametrize("query_language", LANGUAGES)
def test_a_sample_of_botocore_waiters_reaches_the_outcome_statewise_wait_reaches(query_language: str) -> None:
    counts: collections.Counter[str] = collections.Counter()
    scripts = 0
    for service, name in SAMPLE:
        result = run_waiter(service, name, query_language)
        if isinstance(result, PatternError):
            counts["inexpressible"] += 1
            continue
        counts["translated"] += 1
        scripts += len(result)
        for comparison in result:
            assert comparison.asl == comparison.python, f"{service}.{name}: {comparison.script}"
    sample = f"{query_language} sample of {len(SAMPLE)}"
    print(f"\n{len(waiters())} botocore waiters; {sample}: {dict(counts)}, {scripts} scripts")
    assert counts["translated"] >= len(SAMPLE) * (0.8 if query_language == "JSONata" else 0.5)


def test_exponential_backoff_reaches_the_same_outcomes() -> None:
    for service, name in SAMPLE[::4]:
        result = run_waiter(service, name, "JSONata", backoff="exponential")
        if isinstance(result, list):
            assert all(c.asl == c.python for c in result), f"{service}.{name}"


# -- what cannot be expressed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "waiter", "query_language", "key", "message"),
    [
        (
            "ec2",
            "InstanceRunning",
            "JSONPath",
            "acceptors/0",
            "compare one value, not each element (pathAll); use JSONata",
        ),
        (
            "ec2",
            "InstanceExists",
            "JSONata",
            "acceptors/1",
            "ec2 does not model the error 'InvalidInstanceID.NotFound', and Step Functions names every such error "
            "alike (Ec2.Ec2Exception)",
        ),
        ("ses", "IdentityExists", "JSONata", "acceptors/0/argument", "JMESPath's value projection"),
    ],
)
def test_acceptors_a_language_cannot_express_are_pattern_errors(
    service: str, waiter: str, query_language: str, key: str, message: str
) -> None:
    with pytest.raises(PatternError) as caught:
        wait_loop(service, waiter, query_language=query_language)  # type: ignore[arg-type]
    assert caught.value.key == key
    assert caught.value.spec == f"{service}.{waiter}"
    assert message in str(caught.value)


def test_unknown_waiters_and_bad_options_are_pattern_errors() -> None:
    with pytest.raises(PatternError, match="dynamodb has no waiter 'TableExist'; did you mean 'TableExists'"):
        wait_loop("dynamodb", "TableExist")
    with pytest.raises(PatternError, match="max_attempts must be >= 1"):
        wait_loop("dynamodb", "TableExists", max_attempts=0)
    with pytest.raises(PatternError, match="takes no parameter 'tableName'; did you mean 'TableName'"):
        wait_loop("dynamodb", "TableExists", parameters={"tableName": "t"})


def test_generated_wait_loops_are_valid_definitions() -> None:
    for language in LANGUAGES:
        for backoff in ("fixed", "exponential"):
            definition = wait_loop("dynamodb", "TableExists", query_language=language, backoff=backoff)  # type: ignore[arg-type]
            assert statewise.validate(definition) == []
    assert ATTEMPTS == 3


def test_how_many_botocore_waiters_translate() -> None:
    """Generation only, over every waiter (the sample above and benchmarks/bench_patterns.py run them)."""
    counts = {}
    for language in LANGUAGES:
        translated = 0
        for service, name in waiters():
            try:
                wait_loop(service, name, query_language=language)  # type: ignore[arg-type]
            except PatternError:
                continue
            translated += 1
        counts[language] = translated
    print(f"\n{len(waiters())} botocore waiters translate: {counts}")
    assert counts["JSONata"] >= 0.9 * len(waiters())
    assert counts["JSONPath"] >= 0.6 * len(waiters())
