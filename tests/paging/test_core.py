"""PageCore driven with canned responses and no client (sans-I/O)."""

from __future__ import annotations

import base64
import json

import pytest

from statewise.errors import InvalidTokenError, RepeatedTokenError
from statewise.paging.core import PageCore, parse_starting_token
from statewise.specs import PaginatorSpec
from statewise.specs.tokens import encode_token

SPEC = PaginatorSpec.from_dict(
    {
        "input_token": "NextToken",
        "output_token": "NextToken",
        "limit_key": "MaxResults",
        "result_key": ["Items", "Count"],
        "non_aggregate_keys": ["Meta.Owner"],
    },
    name="svc.List",
)


def drive(core: PageCore, pages: list[dict]) -> list[dict]:
    """Feed pages in order; return the request parameters the core asked for."""
    calls = [dict(core.first_call())]
    for page in pages:
        nxt = core.receive(page)
        if nxt is None:
            break
        calls.append(dict(nxt))
    return calls


def test_token_flow_and_end():
    core = PageCore(SPEC, {"Filter": "x"})
    calls = drive(core, [{"Items": [1], "NextToken": "a"}, {"Items": [2], "NextToken": "b"}, {"Items": [3]}])
    assert calls == [{"Filter": "x"}, {"Filter": "x", "NextToken": "a"}, {"Filter": "x", "NextToken": "b"}]
    assert core.resume_token is None


def test_falsy_token_ends_and_none_string_is_dropped():
    core = PageCore(SPEC, {})
    assert core.receive({"Items": [1], "NextToken": ""}) is None
    core = PageCore(SPEC, {})
    assert core.receive({"Items": [1], "NextToken": "None"}) == {}


def test_page_size_goes_to_limit_key():
    assert PageCore(SPEC, {}, page_size=10).first_call() == {"MaxResults": 10}


def test_max_items_cuts_page_in_place_and_resume_token_counts_kept_items():
    core = PageCore(SPEC, {}, max_items=3)
    first = {"Items": [1, 2], "NextToken": "a"}
    second = {"Items": [3, 4, 5], "NextToken": "b", "Count": 3}
    assert core.receive(first) == {"NextToken": "a"}
    assert core.receive(second) is None
    assert second["Items"] == [3]
    assert second["Count"] == 3  # secondary keys are not cut
    decoded = json.loads(base64.b64decode(core.resume_token))
    assert decoded == {"NextToken": "a", "boto_truncate_amount": 1}


def test_max_items_on_page_boundary_resumes_with_next_token():
    core = PageCore(SPEC, {}, max_items=2)
    assert core.receive({"Items": [1, 2], "NextToken": "a"}) is None
    assert json.loads(base64.b64decode(core.resume_token)) == {"NextToken": "a"}


def test_starting_token_skips_and_empties_secondary_keys():
    token = encode_token({"NextToken": "a", "boto_truncate_amount": 1})
    core = PageCore(SPEC, {}, starting_token=token)
    assert core.first_call() == {"NextToken": "a"}
    page = {"Items": [3, 4, 5], "Count": 3, "NextToken": "b"}
    assert core.receive(page) == {"NextToken": "b"}
    assert page["Items"] == [4, 5]
    assert page["Count"] == 3  # numbers stay, as botocore keeps DynamoDB counts


def test_repeated_token_raises_with_resume_token():
    core = PageCore(SPEC, {})
    core.receive({"Items": [], "NextToken": "a"})
    with pytest.raises(RepeatedTokenError, match="same next token twice") as info:
        core.receive({"Items": [], "NextToken": "a"})
    assert info.value.resume_token == encode_token({"NextToken": "a"})


def test_more_results_false_ends_even_with_token():
    spec = PaginatorSpec.from_dict(
        {"input_token": "Marker", "output_token": "NextMarker", "result_key": "Things", "more_results": "IsTruncated"}
    )
    core = PageCore(spec, {})
    assert core.receive({"Things": [1], "NextMarker": "m", "IsTruncated": False}) is None
    core = PageCore(spec, {})
    assert core.receive({"Things": [1], "NextMarker": "m", "IsTruncated": True}) == {"Marker": "m"}


def test_expression_output_token_and_multiple_tokens():
    spec = PaginatorSpec.from_dict(
        {
            "input_token": ["Marker", "Other"],
            "output_token": ["NextMarker || Contents[-1].Key", "NextOther"],
            "result_key": "Contents",
        }
    )
    core = PageCore(spec, {})
    nxt = core.receive({"Contents": [{"Key": "k1"}, {"Key": "k2"}], "NextOther": "o"})
    assert nxt == {"Marker": "k2", "Other": "o"}
    assert core.receive({"Contents": [{"Key": "k3"}], "NextMarker": "m"}) == {"Marker": "m"}


def test_non_aggregate_part_from_first_page_only():
    core = PageCore(SPEC, {})
    core.receive({"Items": [], "Meta": {"Owner": "me"}, "NextToken": "a"})
    core.receive({"Items": [], "Meta": {"Owner": "other"}})
    assert core.non_aggregate_part == {"Meta": {"Owner": "me"}}


def test_current_token_for_resuming_after_a_failed_call():
    core = PageCore(SPEC, {})
    assert core.current_token() is None
    core.receive({"Items": [1], "NextToken": "a"})
    assert core.current_token() == encode_token({"NextToken": "a"})


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("raw-service-token", ({"NextToken": "raw-service-token"}, 0)),
        ("tok___4", ({"NextToken": "tok"}, 4)),
        ("None___2", ({"NextToken": None}, 2)),
        (encode_token({"NextToken": "x"}), ({"NextToken": "x"}, 0)),
    ],
)
def test_parse_starting_token_forms(token, expected):
    assert parse_starting_token(SPEC, token) == expected


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("a___b___c", "has 3 parts"),
        (encode_token({"Marker": "x"}), "was it made for another operation"),
        (encode_token({"NextToken": "x", "boto_truncate_amount": "2"}), "bad boto_truncate_amount"),
        (encode_token({"NextToken": "x", "boto_truncate_amount": -1}), "bad boto_truncate_amount"),
        ("", "non-empty string"),
    ],
)
def test_bad_starting_tokens(token, message):
    with pytest.raises(InvalidTokenError, match=message) as info:
        parse_starting_token(SPEC, token)
    assert info.value.token == token
