"""Evaluation and ResultPath assignment of statewise.asl.paths."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from statewise.asl.paths import PathAssignError, PathNotFoundError, compile_path

STORE: dict[str, Any] = {
    "store": {
        "book": [
            {"title": "A", "price": 8.95, "isbn": "1"},
            {"title": "B", "price": 12.99},
            {"title": "C", "price": 8, "category": "x"},
            {"title": "D", "price": 22.99, "isbn": "2", "category": "x"},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    },
    "a-b": {"c d": [10, 20, 30]},
    "nothing": None,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$", STORE),
        ("$.store.bicycle.color", "red"),
        ("$['store']['bicycle']['price']", 19.95),
        ("$.store.book[0].title", "A"),
        ("$.store.book[-1].title", "D"),
        ("$.a-b['c d'][1]", 20),
        ("$.nothing", None),
        ("$.store.book[*].title", ["A", "B", "C", "D"]),
        ("$.store.book[1:3].title", ["B", "C"]),
        ("$.store.book[:2].title", ["A", "B"]),
        ("$.store.book[1:3:2].title", ["B", "C"]),  # Jayway has no slice step: it is ignored
        ("$.store.book[-2:].title", ["C", "D"]),
        ("$.store.book[0,3,9].title", ["A", "D"]),
        ("$.store.bicycle.*", ["red", 19.95]),
        ("$.store.bicycle['color','price']", {"color": "red", "price": 19.95}),
        ("$.store.bicycle['color','size']", {"color": "red"}),
        ("$.store.book[0,1]['title','isbn']", [{"title": "A", "isbn": "1"}, {"title": "B"}]),
        ("$..isbn", ["1", "2"]),
        ("$..price", [8.95, 12.99, 8, 22.99, 19.95]),
        ("$.store..color", ["red"]),
        ("$.a-b..[0]", [10]),
        ("$.store.book[?(@.price < 10)].title", ["A", "C"]),
        ("$.store.book[?(@.price <= 8)].title", ["C"]),
        ("$.store.book[?(@.price > 20)].title", ["D"]),
        ("$.store.book[?(@.price >= 22.99)].title", ["D"]),
        ("$.store.book[?(@.isbn)].title", ["A", "D"]),
        ("$.store.book[?(!@.isbn)].title", ["B", "C"]),
        ("$.store.book[?(@.category == 'x' && @.price > 10)].title", ["D"]),
        ('$.store.book[?(@.category == "x" || @.price == 12.99)].title', ["B", "C", "D"]),
        ("$.store.book[?(@.category != 'x')].title", ["A", "B"]),
        ("$.store.book[?(@.title > 'B')].title", ["C", "D"]),
        ("$.store.book[?(@.price == '8')].title", []),
        ("$.store.book[?(@.price < 'z')].title", []),
        ("$.store.book[?(@.price == 8.0)].title", ["C"]),
        ("$.store.book[?(@.price > $.store.bicycle.price)].title", ["D"]),
        ("$.store.bicycle[?(@.color == 'red')].price", [19.95]),
        ("$.store[?(@.color == 'red')]", []),
        ("$[?(@.nothing == null)].store.bicycle.color", ["red"]),
        ("$.store.book[?(@.isbn == true)]", []),
        ("$.store.book[?((@.price < 9 || @.price > 20) && @.isbn)].title", ["A", "D"]),
        ("$.store.book[?(@.x[*])].title", []),
        ("$.a-b[?(@['c d'][0] == 10)]['c d'][2]", [30]),
        ("$.missing[*]", []),
        ("$.missing[1:5].x", []),
        ("$.store.bicycle.color[*]", []),
        ("$[*].bicycle.color", ["red"]),
    ],
)
def test_evaluate(text: str, expected: Any) -> None:
    assert compile_path(text).evaluate(STORE) == expected


def test_wildcard_on_empty_input_gives_an_empty_list() -> None:
    """Recorded AWS behaviour: ``$[*]`` and ``$.items[*]`` on ``{}`` give ``[]``."""
    assert compile_path("$[*]").evaluate({}) == []
    assert compile_path("$.item.items[1:5].itemValue").evaluate({}) == []


def test_roots() -> None:
    context = {"Execution": {"Id": "arn:1"}}
    variables = {"x": {"y": [1, 2]}}
    assert compile_path("$$.Execution.Id").evaluate({}, context=context) == "arn:1"
    assert compile_path("$$").evaluate({}, context=context) is context
    assert compile_path("$x.y[1]").evaluate({}, variables=variables) == 2
    assert compile_path("$x").evaluate({}, variables=variables) is variables["x"]


def test_the_root_is_returned_as_is() -> None:
    data: dict[str, Any] = {"a": []}
    assert compile_path("$").evaluate(data) is data
    assert compile_path("$.a").evaluate(data) is data["a"]


@pytest.mark.parametrize(
    ("text", "missing", "reason"),
    [
        ("$.NoSuchInputPath", "$['NoSuchInputPath']", "No results for path: $['NoSuchInputPath']"),
        ("$.no.such.result.path", "$['no']", "Missing property in path $['no']"),
        ("$.store.book[9]", "$['store']['book'][9]", "No results for path: $['store']['book'][9]"),
        ("$.store.book[9].title", "$['store']['book'][9]", "Missing property in path $['store']['book'][9]"),
        (
            "$.store.bicycle.color.x",
            "$['store']['bicycle']['color']['x']",
            "No results for path: $['store']['bicycle']['color']['x']",
        ),
        ("$.store[0]", "$['store'][0]", "No results for path: $['store'][0]"),
        ("$.store.x['a','b']", "$['store']['x']", "Missing property in path $['store']['x']"),
    ],
)
def test_missing_definite_paths(text: str, missing: str, reason: str) -> None:
    with pytest.raises(PathNotFoundError) as info:
        compile_path(text).evaluate(STORE)
    error = info.value
    assert (error.text, error.missing, error.reason, error.data) == (text, missing, reason, STORE)
    assert str(error) == f"JSONPath {text!r} selects nothing: {reason}"
    assert isinstance(error, LookupError)


def test_missing_context_and_variables() -> None:
    with pytest.raises(PathNotFoundError) as info:
        compile_path("$$.Execution.Input.x").evaluate({}, context={"Execution": {"Input": {}}})
    assert info.value.reason == "No results for path: $$['Execution']['Input']['x']"
    with pytest.raises(PathNotFoundError) as info:
        compile_path("$nope.a").evaluate({}, variables={"x": 1})
    assert info.value.reason == "The variable $nope is not defined"
    assert info.value.missing == "$nope"
    with pytest.raises(PathNotFoundError):
        compile_path("$nope").evaluate({})


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        ("$", {"a": 1}, "V"),
        ("$.r", {"a": 1}, {"a": 1, "r": "V"}),
        ("$.a", {"a": 1}, {"a": "V"}),
        ("$.x.y.z", {"a": 1}, {"a": 1, "x": {"y": {"z": "V"}}}),
        ("$.a.b", {"a": {"c": 1}}, {"a": {"c": 1, "b": "V"}}),
        ("$.l[1]", {"l": [1, 2]}, {"l": [1, "V"]}),
        ("$.l[-1].k", {"l": [{}, {"j": 1}]}, {"l": [{}, {"j": 1, "k": "V"}]}),
        ("$[0]", [1, 2], ["V", 2]),
    ],
)
def test_assign(text: str, data: Any, expected: Any) -> None:
    before = copy.deepcopy(data)
    assert compile_path(text).assign(data, "V") == expected
    assert data == before


def test_assign_shares_what_is_off_the_path() -> None:
    data = {"a": {"deep": [1]}, "b": {"c": 1}}
    result = compile_path("$.b.d").assign(data, 2)
    assert result["a"] is data["a"]
    assert result["b"] is not data["b"]


@pytest.mark.parametrize(
    ("text", "data", "message"),
    [
        (
            "$.a.b",
            {"a": "s"},
            "cannot apply ResultPath '$.a.b': step 2 needs an object to hold the field 'b', but found str",
        ),
        ("$.a", [1], "cannot apply ResultPath '$.a': step 1 needs an object to hold the field 'a', but found list"),
        (
            "$.a.b",
            {"a": None},
            "cannot apply ResultPath '$.a.b': step 2 needs an object to hold the field 'b', but found null",
        ),
        (
            "$.l[2]",
            {"l": [1]},
            "cannot apply ResultPath '$.l[2]': step 2 needs an array with an element at index 2, but found list",
        ),
        (
            "$.l[0]",
            {},
            "cannot apply ResultPath '$.l[0]': step 2 needs an array with an element at index 0, but found dict",
        ),
        ("$.a[*]", {}, "cannot write to '$.a[*]': a ResultPath must be a reference path on '$'"),
        ("$$.a", {}, "cannot write to '$$.a': a ResultPath must be a reference path on '$'"),
    ],
)
def test_assign_errors(text: str, data: Any, message: str) -> None:
    with pytest.raises(PathAssignError) as info:
        compile_path(text).assign(data, 1)
    assert str(info.value) == message
    assert info.value.text == text
