"""statewise.lint.rules_quotas and rules_document: quotas, and placeholders left unsubstituted."""

from __future__ import annotations

from statewise import lint
from tests.lint.definitions import machine


def test_a_literal_result_over_the_payload_quota():
    (item,) = lint(machine({"Big": {"Type": "Pass", "Result": {"blob": "x" * 300_000}, "End": True}}))
    assert (item.code, item.severity, item.pointer) == ("payload-over-quota", "warning", "/States/Big/Result")
    assert item.message.startswith(
        "'Result' is 300,011 bytes as written; a state's input or output may be at most 262,144"
    )


def test_a_literal_under_the_quota_is_fine():
    assert lint(machine({"Small": {"Type": "Pass", "Result": {"blob": "x" * 200_000}, "End": True}})) == []


def test_a_definition_over_one_megabyte():
    states = {f"S{i}": {"Type": "Pass", "Result": "x" * 200_000, "Next": f"S{i + 1}"} for i in range(6)}
    states["S6"] = {"Type": "Succeed"}
    assert [d.code for d in lint(machine(states))] == ["definition-over-quota"]


def test_distributed_map_concurrency_over_the_quota():
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "W",
        "States": {"W": {"Type": "Task", "Resource": "arn:aws:lambda:::function:f", "End": True}},
    }
    definition = machine({"Each": {"Type": "Map", "ItemProcessor": processor, "MaxConcurrency": 20_000, "End": True}})
    (item,) = lint(definition)
    assert (item.code, item.pointer) == ("map-concurrency-over-quota", "/States/Each/MaxConcurrency")
    definition["States"]["Each"]["MaxConcurrency"] = 10_000
    assert lint(definition) == []


def test_placeholders_without_substitutions_are_one_note():
    definition = machine(
        {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "${Fn}", "Payload": {"table": "${Table}-${Fn}"}},
                "End": True,
            }
        }
    )
    (item,) = lint(definition)
    assert (item.code, item.severity, item.pointer) == (
        "unsubstituted-placeholder",
        "info",
        "/States/Call/Parameters/FunctionName",
    )
    assert item.message.startswith("2 placeholders (${Fn}, ${Table}) are read as written")
    both = lint(definition, substitutions={"Fn": "f", "Table": "t"})
    assert both == []
    (missing,) = lint(definition, substitutions={"Fn": "f"})
    assert (missing.code, missing.severity, missing.pointer) == (
        "unsubstituted-placeholder",
        "warning",
        "/States/Call/Parameters/Payload/table",
    )
    assert missing.fix == "add 'Table' to substitutions"
