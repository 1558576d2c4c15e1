"""The lenient forms Jayway JsonPath (and so AWS) accepts, and the forms it rejects.

Each accepted form is pinned against the canonical spelling of the same path: it must
parse to the same tree and select the same nodes. Each rejected form must raise a
PathSyntaxError at the fault, with the caret under it. The Jayway method each case
rests on is named beside it (json-path/JsonPath, PathCompiler / FilterCompiler).
"""

from __future__ import annotations

from typing import Any

import pytest

from statewise import DefinitionError, StateMachine
from statewise.asl.paths import PathNotFoundError, PathSyntaxError, compile_path, compile_reference_path
from statewise.asl.paths.parser import parse
from statewise.testing import FakeClock

DOC: dict[str, Any] = {
    "a": {"b": 1, "c": [1, 2, 3]},
    "Snapshots": [{"State": "available", "Id": "s1"}, {"State": "creating", "Id": "s2"}],
    "files": [
        {"bucket": "b1", "key": "k1", "size": 3, "tags": ["x", "y"], "name": "report.csv"},
        {"bucket": "b2", "key": "k2", "size": 0, "tags": [], "name": "notes.txt"},
        {"bucket": "b3", "key": "k3", "size": 7, "tags": ["y"], "name": "REPORT.CSV"},
    ],
    "accounts": [{"OU": 1, "id": "A"}, {"OU": 0, "id": "B"}, {"OU": 2, "id": "C"}],
    "list": [10, 20, 30, 40, 50],
    "flag": "x",
}


# -- a dot before a bracket: PathCompiler.readDotToken reads whatever token follows the dot ----------


@pytest.mark.parametrize(
    ("lenient", "canonical"),
    [
        ("$.[0]", "$[0]"),
        ("$.Snapshots.[0].State", "$.Snapshots[0].State"),
        ("$.Snapshots.[-1].Id", "$.Snapshots[-1].Id"),
        ("$.['a']", "$['a']"),
        ('$.["a"].b', '$["a"].b'),
        ("$.a.['b']", "$.a['b']"),
        ("$.[*]", "$[*]"),
        ("$.files.[*].bucket", "$.files[*].bucket"),
        ("$.[*].['bucket', 'key']", "$[*]['bucket', 'key']"),
        ("$.files.[*].['bucket', 'key']", "$.files[*]['bucket', 'key']"),
        ("$.a.['b', 'c']", "$.a['b', 'c']"),
        ("$.list.[1:3]", "$.list[1:3]"),
        ("$.list.[0,2]", "$.list[0,2]"),
        ("$.accounts.[?(@.OU > 0)].id", "$.accounts[?(@.OU > 0)].id"),
        ("$.[?(@.OU > 0)]", "$[?(@.OU > 0)]"),
        ("$.files[?(@.['size'] > 1)].key", "$.files[?(@['size'] > 1)].key"),
        ("$.files[?(@.tags.[0] == 'y')].key", "$.files[?(@.tags[0] == 'y')].key"),
        ("$..[0]", "$..[0]"),
        ("$..['State']", "$..State"),
        ("$$.[0]", "$$[0]"),
        ("$v.[1]", "$v[1]"),
    ],
)
def test_a_dot_before_a_bracket_is_the_same_path(lenient: str, canonical: str) -> None:
    assert parse(lenient) == parse(canonical)
    lenient_path, canonical_path = compile_path(lenient), compile_path(canonical)
    assert lenient_path.is_definite is canonical_path.is_definite
    outcomes = [_outcome(lenient, doc) for doc in (DOC, DOC["files"], DOC["accounts"])]
    assert outcomes == [_outcome(canonical, doc) for doc in (DOC, DOC["files"], DOC["accounts"])]
    assert any(outcome not in ([], "PathNotFoundError") for outcome in outcomes)


def _outcome(text: str, doc: Any) -> Any:
    """What the path selects from ``doc`` (``$$`` and ``$v`` read ``doc`` too), or the error's name."""
    try:
        return compile_path(text).evaluate(doc, context=doc, variables={"v": doc})
    except PathNotFoundError as exc:
        return type(exc).__name__


def test_the_aws_sample_selector_merges_bucket_and_key() -> None:
    """aws-samples s3-glacier-multi-file-restore: ``"result.$": "$.[*].['bucket', 'key']"``."""
    assert compile_path("$.[*].['bucket', 'key']").evaluate(DOC["files"]) == [
        {"bucket": "b1", "key": "k1"},
        {"bucket": "b2", "key": "k2"},
        {"bucket": "b3", "key": "k3"},
    ]
    assert compile_path("$.Snapshots.[0].State").evaluate(DOC) == "available"
    assert compile_path("$.[?(@.OU > 0)]").evaluate(DOC["accounts"]) == [{"OU": 1, "id": "A"}, {"OU": 2, "id": "C"}]


@pytest.mark.parametrize(("lenient", "canonical"), [("$.a.[0]", "$.a[0]"), ("$.['a'].[1].b", "$['a'][1].b")])
def test_reference_paths_take_a_dot_before_a_name_or_an_index(lenient: str, canonical: str) -> None:
    path = compile_reference_path(lenient)
    assert path.plan == compile_reference_path(canonical).plan
    assert path.assign({"a": [{}, {}]}, 5) == compile_reference_path(canonical).assign({"a": [{}, {}]}, 5)


@pytest.mark.parametrize(
    ("text", "position", "what"),
    [
        ("$.[*]", 3, "a wildcard '*'"),
        ("$.a.[?(@.b)]", 5, "a filter '?(...)'"),
        ("$.a.[1:2]", 6, "a slice ':'"),
        ("$.a.[0,1]", 6, "a union ','"),
        ("$.['a','b']", 6, "a union ','"),
    ],
)
def test_reference_paths_still_refuse_indefinite_steps_after_a_dot(text: str, position: int, what: str) -> None:
    with pytest.raises(PathSyntaxError) as info:
        compile_reference_path(text)
    assert (info.value.position, info.value.reason) == (position, f"{what} is not allowed in a reference path")
    assert str(info.value).endswith(f"\n  {text}\n  {' ' * position}^")


# -- other lenient forms Jayway accepts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("lenient", "canonical"),
    [
        # readFilterToken finds '?' and '(' as the next significant characters; FilterCompiler trims.
        ("$.accounts[? (@.OU > 0)].id", "$.accounts[?(@.OU > 0)].id"),
        ("$.accounts[ ? ( @.OU > 0 ) ].id", "$.accounts[?(@.OU > 0)].id"),
        # readBracketPropertyToken / readArrayToken / readWildCardToken skip spaces inside brackets.
        ("$[ 'a' ][ 'c' ][ 0 ]", "$['a']['c'][0]"),
        ("$.files[ * ].key", "$.files[*].key"),
        ("$.list[ 0 , 2 ]", "$.list[0,2]"),
        ("$.files[1][ 'bucket' , 'key' ]", "$.files[1]['bucket','key']"),
        ('$.files[1]["bucket", "key"]', "$.files[1]['bucket','key']"),
        # ArraySliceOperation.parse reads only 'from:to' and ignores the rest.
        ("$.list[1:3:2]", "$.list[1:3]"),
        ("$.list[1:]", "$.list[1:]"),
        ("$.list[1::]", "$.list[1:]"),
        ("$.list[:2:]", "$.list[:2]"),
        # FilterCompiler skips blanks around operators, operands and parentheses.
        ("$.accounts[?(@.OU>0&&@.id!='C')].id", "$.accounts[?(@.OU > 0 && @.id != 'C')].id"),
        ("$.accounts[?(  ( @.OU == 0 )  ||  @.OU == 2  )].id", "$.accounts[?(@.OU == 0 || @.OU == 2)].id"),
        ('$.accounts[?(@.id == "B")].OU', "$.accounts[?(@.id == 'B')].OU"),
        # readLogicalANDOperand: '!' before a path only reaches an existence test; FilterCompiler
        # drops it in a comparison, so '!@.OU == 0' is '@.OU == 0'.
        ("$.accounts[?(!@.OU == 0)].id", "$.accounts[?(@.OU == 0)].id"),
        ("$.accounts[?(! @.missing)].id", "$.accounts[?(!@.missing)].id"),
        # RelationalOperator.fromString upper-cases word operators.
        ("$.accounts[?(@.id IN ['A', 'C'])].OU", "$.accounts[?(@.id in ['A', 'C'])].OU"),
    ],
)
def test_lenient_forms_read_as_their_canonical_spelling(lenient: str, canonical: str) -> None:
    assert parse(lenient) == parse(canonical)
    assert compile_path(lenient).evaluate(DOC) == compile_path(canonical).evaluate(DOC)


# -- filter operators (EvaluatorFactory) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$.files[?(@.name =~ /report\\.csv/)].key", ["k1"]),
        ("$.files[?(@.name =~ /report\\.csv/i)].key", ["k1", "k3"]),
        ("$.files[?(@.name =~ /report/)].key", []),  # Java's Matcher.matches: the whole value
        ("$.files[?(@.size =~ /[37]/)].key", ["k1", "k3"]),  # numbers match as their text
        ("$.files[?(@.tags =~ /x/)].key", ["k1"]),  # an array matches when any element does
        ("$.files[?(@.key in ['k1', 'k3'])].bucket", ["b1", "b3"]),
        ("$.files[?(@.size in [0, 7])].key", ["k2", "k3"]),
        ("$.files[?(@.key nin ['k1', 'k3'])].bucket", ["b2"]),
        ("$.files[?(@.key in $.missing)].bucket", []),
        ("$.files[?(@.tags subsetof ['x', 'y'])].key", ["k1", "k2", "k3"]),
        ("$.files[?(@.tags subsetof ['y'])].key", ["k2", "k3"]),
        ("$.files[?(@.tags anyof ['x', 'z'])].key", ["k1"]),
        ("$.files[?(@.tags noneof ['x'])].key", ["k2", "k3"]),
        ("$.files[?(@.tags size 2)].key", ["k1"]),
        ("$.files[?(@.name size 9)].key", ["k2"]),
        ("$.files[?(@.tags empty true)].key", ["k2"]),
        ("$.files[?(@.tags empty false)].key", ["k1", "k3"]),
        ("$.files[?(@.tags contains 'y')].key", ["k1", "k3"]),
        ("$.files[?(@.name contains 'notes')].key", ["k2"]),
        ("$.files[?(@.size === 3)].key", ["k1"]),
        ("$.files[?(@.size !== 3)].key", ["k2", "k3"]),
        ("$.files[?(@.tags == ['y'])].key", ["k3"]),
        ("$.files[?(@.missing empty true)].key", []),
        ("$.files[?(@.size in $.list)].key", []),
    ],
)
def test_filter_operators(text: str, expected: Any) -> None:
    assert compile_path(text).evaluate(DOC) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ArraySliceToken: a lone negative bound counts from the end ...
        ("$.list[-2:]", [40, 50]),
        ("$.list[:-2]", [10, 20, 30]),
        ("$.list[-9:]", [10, 20, 30, 40, 50]),
        # ... but with both bounds the end is only capped, and each index wraps on its own.
        ("$.list[0:-1]", []),
        ("$.list[-2:2]", [40, 50, 10, 20]),
        ("$.list[3:99]", [40, 50]),
    ],
)
def test_slices_follow_jayway(text: str, expected: Any) -> None:
    assert compile_path(text).evaluate(DOC) == expected


def test_function_calls_stay_field_names() -> None:
    """AWS fails ``$.Jobs.sum()`` at run time as a path that selects nothing (repost.aws), so a
    trailing ``name()`` is read as a field name, as before."""
    path = compile_path("$.list.length()")
    assert path.is_definite
    with pytest.raises(PathNotFoundError):
        path.evaluate(DOC)


# -- forms Jayway rejects: a PathSyntaxError at the fault, with the caret under it ----------------------


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        # FilterCompiler.readLiteral reads an unquoted word as a number and fails (aws-samples textract).
        ("$.Blocks[?(@.Type==Receipt)]", 19, "unquoted word 'Receipt'; quote strings as 'Receipt'"),
        ("$[?(@.TargetLanguageCode==es)].TranslatedText", 26, "unquoted word 'es'; quote strings as 'es'"),
        # PathCompiler.compile: "Path must not end with a '.' or '..'"; readDotToken: '...' is not valid.
        ("$.a.", 4, "expected a field name after '.'"),
        ("$.a..", 5, "expected a field name after '.'"),
        ("$...a", 3, "expected a field name after '.'"),
        ("$.", 2, "expected a field name after '.'"),
        # readPropertyOrFunctionToken: a space ends nothing, it is an error outside brackets.
        ("$. a", 2, "expected a field name after '.'"),
        ("$.a .b", 3, "unexpected whitespace; quote names with spaces as ['a b']"),
        ("$.[0] [1]", 5, "unexpected whitespace; quote names with spaces as ['a b']"),
        # readBracketPropertyToken only closes names with the first name's quote.
        ("$['a', \"b\"]", 7, "a name union must quote every name with ', as the first one is"),
        ("$['a',]", 6, "expected a quoted name"),
        ("$['a' 'b']", 6, "expected ']'"),
        # ArraySliceOperation.parse: no inner spaces, at least one bound.
        ("$.list[1 : 2]", 8, "a slice cannot hold whitespace"),
        ("$[:]", 2, "a slice needs a start or an end, as in [1:] or [:2]"),
        ("$[::2]", 2, "a slice needs a start or an end, as in [1:] or [:2]"),
        # ArrayIndexOperation.parse: integers only.
        ("$[1.5]", 2, "expected an integer"),
        ("$[1e3]", 3, "unexpected character 'e'"),
        # readWildCardToken: "Expected wildcard token to end with ']'".
        ("$[*,0]", 3, "expected ']'"),
        # readPlaceholderToken needs predicates passed in code, which a definition cannot do.
        ("$[?]", 2, "unexpected character '?'"),
        # RelationalOperator.fromString: an unknown run of operator characters.
        ("$[?(@.a = 1)]", 8, "unknown filter operator '='"),
        ("$[?(@.a <> 1)]", 8, "unknown filter operator '<>'"),
        ("$[?(@.a ==== 1)]", 8, "unknown filter operator '===='"),
        # readRelationalOperator reads a word operator up to the next space.
        ("$[?(@.a in['x'])]", 8, "the operator 'in' needs whitespace on both sides"),
        ("$[?(@.a foo 1)]", 8, "unquoted word 'foo'; quote strings as 'foo'"),
        # 'all' (AllEvaluator wants a value list no text literal gives), 'exists' (booleans only),
        # 'type' and 'matches' (class / predicate operands) fail whenever the filter runs.
        ("$[?(@.a all [1])]", 8, "the operator 'all' cannot be used in a filter written as text"),
        ("$[?(@.a exists true)]", 8, "the operator 'exists' cannot be used in a filter written as text"),
        # FilterCompiler.readPattern: an unclosed /regex/.
        ("$[?(@.a =~ /x)]", 11, "unterminated regular expression; expected a closing /"),
        ("$[?(@.a =~ /x/q)]", 11, "unsupported regular expression flag 'q'; use i, m, s or x"),
        # readExpression: a literal alone is no existence test ("Expected path node").
        ("$[?(1)]", 5, "expected a comparison operator after a literal"),
        ("$[?(!'a')]", 8, "expected a comparison operator after a literal"),
        # readNumberLiteral reads digits, '-' and '.': an exponent is left over.
        ("$[?(@.a > 1e3)]", 11, "unquoted word 'e3'; quote strings as 'e3'"),
        ("$[?(@.a == [1, 2)]", 16, "expected ',' or ']'"),
        ("$[?(@.a == {'k' 1})]", 16, "expected ':'"),
    ],
)
def test_jayway_rejects_and_so_do_we(text: str, position: int, reason: str) -> None:
    with pytest.raises(PathSyntaxError) as info:
        compile_path(text)
    error = info.value
    assert (error.position, error.reason) == (position, reason)
    assert str(error) == f"invalid JSONPath {text!r} at offset {position}: {reason}\n  {text}\n  {' ' * position}^"


def test_a_regex_python_cannot_compile_is_a_syntax_error_at_the_pattern() -> None:
    with pytest.raises(PathSyntaxError) as info:
        compile_path("$[?(@.a =~ /(/)]")
    assert info.value.position == 11
    assert info.value.reason.startswith("invalid regular expression /(/: ")


# -- every place a path stands, end to end --------------------------------------------------------------

FN = "arn:aws:lambda:us-east-1:111111111111:function:list-files"


def test_lenient_paths_run_in_every_place_a_path_stands() -> None:
    """``$.[*].['bucket', 'key']`` in a ResultSelector and ``$.Snapshots.[0].State`` in a Choice
    Variable, as two aws-samples use them, plus InputPath, Parameters, an intrinsic argument,
    a ResultPath into an array element and a Map's ItemsPath."""
    definition = {
        "StartAt": "List",
        "States": {
            "List": {
                "Type": "Task",
                "Resource": FN,
                "InputPath": "$.['request']",
                "Parameters": {"prefix.$": "$.['prefix']"},
                "ResultSelector": {"result.$": "$.[*].['bucket', 'key']"},
                "ResultPath": "$.listed",
                "Next": "Ready?",
            },
            "Ready?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.Snapshots.[0].State", "StringEquals": "available", "Next": "Mark"}],
                "Default": "NotReady",
            },
            "NotReady": {"Type": "Fail", "Error": "NotReady"},
            "Mark": {
                "Type": "Pass",
                "Parameters": {
                    "first.$": "States.Format('{}/{}', $.listed.result.[0].bucket, $.listed.result.[0].key)"
                },
                "ResultPath": "$.Snapshots.[1]",
                "Next": "Each",
            },
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.listed.['result']",
                "ItemProcessor": {
                    "StartAt": "Key",
                    "States": {"Key": {"Type": "Pass", "OutputPath": "$.['key']", "End": True}},
                },
                "ResultPath": "$.keys",
                "End": True,
            },
        },
    }
    seen: list[Any] = []

    def list_files(event: Any) -> Any:
        seen.append(event)
        return [{"bucket": "b1", "key": "k1", "size": 1}, {"bucket": "b2", "key": "k2", "size": 2}]

    data = {"request": {"prefix": "logs/"}, "Snapshots": [{"State": "available"}, {"State": "old"}]}
    execution = StateMachine(definition).run(data, clock=FakeClock(), resources={FN: list_files}, seed=0)
    assert execution.status == "SUCCEEDED", execution.cause
    assert seen == [{"prefix": "logs/"}]
    assert execution.output == {
        "request": {"prefix": "logs/"},
        "Snapshots": [{"State": "available"}, {"first": "b1/k1"}],
        "listed": {"result": [{"bucket": "b1", "key": "k1"}, {"bucket": "b2", "key": "k2"}]},
        "keys": ["k1", "k2"],
    }


def test_a_reference_path_with_a_wildcard_after_a_dot_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError) as info:
        StateMachine({"StartAt": "P", "States": {"P": {"Type": "Pass", "ResultPath": "$.a.[*]", "End": True}}})
    (problem,) = info.value.problems
    assert (problem.pointer, problem.code) == ("/States/P/ResultPath", "bad-path")
    assert "a wildcard '*' is not allowed in a reference path" in problem.message
