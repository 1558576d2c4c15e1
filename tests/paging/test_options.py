"""paginate()'s keyword options and the PaginationConfig alias."""

from __future__ import annotations

import pytest

import statewise
from statewise.errors import InvalidTokenError, PaginationError

SPEC = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Items", "limit_key": "Limit"}
PAGES = {None: {"Items": [1, 2], "NextToken": "a"}, "a": {"Items": [3]}}


def fetch(**kw):
    fetch.calls.append(kw)
    return dict(PAGES[kw.get("NextToken")])


@pytest.fixture(autouse=True)
def _reset():
    fetch.calls = []


def test_pagination_config_alias_equals_keywords():
    a = statewise.paginate(fetch, spec=SPEC, PaginationConfig={"MaxItems": 1, "PageSize": 2})
    b = statewise.paginate(fetch, spec=SPEC, max_items=1, page_size=2)
    assert list(a) == list(b)
    assert a.resume_token == b.resume_token
    assert fetch.calls == [{"Limit": 2}, {"Limit": 2}]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_items": 1, "PaginationConfig": {"MaxItems": 2}}, "max_items= and PaginationConfig"),
        ({"PaginationConfig": {"MaxItem": 2}}, "unknown PaginationConfig key 'MaxItem'"),
        ({"PaginationConfig": [1]}, "PaginationConfig must be a dict"),
        ({"max_items": "many"}, "max_items must be a whole number"),
        ({"max_items": -1}, "max_items must be >= 0"),
        ({"prefetch": -1}, "prefetch must be a whole number >= 0"),
    ],
)
def test_bad_options(kwargs, message):
    with pytest.raises(PaginationError, match=message):
        statewise.paginate(fetch, spec=SPEC, **kwargs)


def test_page_size_without_limit_key():
    spec = {k: v for k, v in SPEC.items() if k != "limit_key"}
    with pytest.raises(PaginationError, match="takes no page size"):
        statewise.paginate(fetch, spec=spec, page_size=5)


def test_bad_starting_token_fails_before_any_call():
    with pytest.raises(InvalidTokenError):
        statewise.paginate(fetch, spec=SPEC, starting_token="a___b___c")
    assert fetch.calls == []


def test_params_pass_through_unchanged():
    list(statewise.paginate(fetch, spec=SPEC, Filter={"Name": "x"}))
    assert fetch.calls == [{"Filter": {"Name": "x"}}, {"Filter": {"Name": "x"}, "NextToken": "a"}]
