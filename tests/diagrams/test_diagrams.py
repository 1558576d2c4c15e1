"""statewise.diagrams: the diagram model read from the graph, Mermaid, DOT, SVG, and the overlay."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import statewise
from statewise.diagrams import (
    EdgeKind,
    Outcome,
    describe_rule,
    diagram,
    draw_svg,
    html_page,
    overlay,
    to_dot,
    to_mermaid,
    to_svg,
)
from statewise.testing import FakeClock

DEFINITION = {
    "StartAt": "Get",
    "States": {
        "Get": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}],
            "Next": "Both",
        },
        "Both": {
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
                {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}},
            ],
            "ResultPath": "$.both",
            "Next": "Each",
        },
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "One", "States": {"One": {"Type": "Pass", "End": True}}},
            "ResultPath": "$.each",
            "Next": "More?",
        },
        "More?": {
            "Type": "Choice",
            "Choices": [
                {"And": [{"Variable": "$.n", "NumericLessThan": 3}, {"Not": {"Variable": "$.stop", "IsPresent": True}}],
                 "Next": "Get"},
                {"Variable": "$.name", "StringEquals": "a\"b", "Next": "Oops"},
            ],
            "Default": "Done",
        },
        "Done": {"Type": "Succeed"},
        "Oops": {"Type": "Fail", "Error": "Bad"},
    },
}  # fmt: skip
NAMES = {"Get", "Both", "Left", "Right", "Each", "One", "More?", "Done", "Oops"}


@pytest.fixture
def drawn():
    return diagram(statewise.StateMachine(DEFINITION).program)


def test_model_reads_the_graph(drawn):
    assert {node.name for node in drawn.walk()} == NAMES
    ids = {node.name: node.id for node in drawn.walk()}
    edges = {(e.source, e.target): (e.kind, e.label) for e in drawn.edges}
    assert edges[ids["Get"], ids["Oops"]] == (EdgeKind.CATCH, "States.ALL")
    assert edges[ids["Get"], ids["Both"]] == (EdgeKind.NEXT, None)
    assert edges[ids["More?"], ids["Get"]] == (EdgeKind.CHOICE, "($.n < 3) and (not ($.stop IsPresent true))")
    assert edges[ids["More?"], ids["Oops"]] == (EdgeKind.CHOICE, "$.name == 'a\"b'")
    assert edges[ids["More?"], ids["Done"]] == (EdgeKind.DEFAULT, "default")
    get = next(n for n in drawn.nodes if n.name == "Get")
    assert get.notes == ("Retry States.Timeout x2",)
    both = next(n for n in drawn.nodes if n.name == "Both")
    assert [[n.name for n in g.nodes] for g in both.groups] == [["Left"], ["Right"]]
    assert {n.name for n in drawn.walk() if n.terminal} == {"Left", "Right", "One", "Done", "Oops"}


def test_a_jsonata_condition_labels_its_edge():
    program = statewise.StateMachine({"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "D"}], "Default": "D"},
        "D": {"Type": "Succeed"}}}).program  # fmt: skip
    assert describe_rule(program.states["C"].choices[0].rule) == "$states.input.n > 1"


def test_mermaid(drawn):
    text = to_mermaid(drawn)
    ids = {node.name: node.id for node in drawn.walk()}
    assert text.startswith("flowchart TD\n")
    assert f"start --> {ids['Get']}" in text
    assert f'{ids["Get"]} -.->|"States.ALL"| {ids["Oops"]}' in text  # Catch dotted
    assert f'subgraph g_{ids["Each"]}["Map: Each"]' in text
    assert f'subgraph g_{ids["Both"]}_1["branch 2"]' in text
    assert f'{ids["More?"]}{{"More?<br/>Choice"}}' in text
    assert "a#quot;b" in text  # quotes escaped
    assert "Retry States.Timeout x2" in text
    assert text.count("subgraph") == text.count("end\n")


def test_dot(drawn):
    text = to_dot(drawn)
    ids = {node.name: node.id for node in drawn.walk()}
    assert text.startswith("digraph statewise {")
    assert f'{ids["Get"]} -> {ids["Oops"]} [label="States.ALL", style=dashed];' in text
    assert f"subgraph cluster_{ids['Each']} {{" in text
    assert f"subgraph cluster_{ids['Both']}_0 {{" in text
    assert '\\"b' in text
    assert text.count("{") == text.count("}")


def test_svg_draws_every_state_and_loops(drawn):
    root = ET.fromstring(draw_svg(drawn))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    states = {g.get("data-state") for g in root.iterfind(".//svg:g[@data-state]", ns)}
    assert states == NAMES
    paths = [p.get("d") for p in root.iterfind(".//svg:path[@class]", ns)]
    assert any(" C" in d for d in paths)  # the loop back from More? to Get curves round
    assert any("dashed" in (p.get("class") or "") for p in root.iterfind(".//svg:path", ns))


def test_svg_without_graphviz_says_so(drawn, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    svg = to_svg(drawn)
    assert (svg.engine, svg.note) == ("statewise", "Graphviz's `dot` is not on PATH")
    assert svg.text.startswith("<svg")
    assert to_svg(drawn, use_graphviz=False).note is None


def test_overlay_from_a_failed_run(drawn):
    machine = statewise.StateMachine(DEFINITION)
    execution = machine.run(
        {"items": [1, 2, 3], "n": 5, "name": 'a"b'}, clock=FakeClock(),
        resources={"arn:aws:states:::lambda:invoke": lambda payload: payload},
    )  # fmt: skip
    assert execution.status == "FAILED"
    painted = overlay(execution.history)
    assert painted.outcomes["Oops"] is Outcome.FAILED
    assert painted.outcomes["One"] is Outcome.SUCCEEDED
    assert "Done" not in painted.outcomes
    assert painted.map_note("Each") == "3 iterations"
    assert painted.map_note("Get") is None
    ids = {node.name: node.id for node in drawn.walk()}
    mermaid = to_mermaid(drawn, painted)
    assert f"class {ids['Oops']} failed" in mermaid
    assert "Each<br/>Map<br/>3 iterations" in mermaid
    assert 'fillcolor="#fbd6d6"' in to_dot(drawn, painted)
    root = ET.fromstring(draw_svg(drawn, painted))
    outcomes = {g.get("data-state"): g.get("data-outcome") for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert outcomes["Oops"] == "failed"
    assert outcomes["Done"] is None


def test_overlay_of_a_running_history():
    history = [
        {"type": "ExecutionStarted"},
        {"type": "PassStateEntered", "stateEnteredEventDetails": {"name": "A"}},
        {"type": "PassStateExited", "stateExitedEventDetails": {"name": "A"}},
        {"type": "MapStateEntered", "stateEnteredEventDetails": {"name": "M"}},
        {"type": "MapIterationStarted", "mapIterationStartedEventDetails": {"name": "M", "index": 0}},
        {"type": "MapIterationFailed", "mapIterationFailedEventDetails": {"name": "M", "index": 0}},
    ]
    painted = overlay(history)
    assert painted.outcomes == {"A": Outcome.SUCCEEDED, "M": Outcome.RUNNING}
    assert painted.map_note("M") == "1 iterations, 1 failed"


def test_html_page_is_self_contained():
    page = html_page("a <b>", "<p>x</p>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>a &lt;b&gt;</title>" in page
    assert "http" not in page
    assert "<script" not in page
