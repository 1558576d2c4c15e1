"""PaginatorSpec.from_dict: validation with spec names and JSON pointers."""

from __future__ import annotations

import pytest

from statewise.errors import SpecError
from statewise.specs import PaginatorSpec

GOOD = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Items", "limit_key": "MaxResults"}


def test_round_trip_to_dict():
    spec = PaginatorSpec.from_dict(GOOD, name="svc.Op")
    assert spec.to_dict() == {
        "input_token": ["NextToken"],
        "output_token": ["NextToken"],
        "result_key": ["Items"],
        "limit_key": "MaxResults",
    }
    assert PaginatorSpec.from_dict(spec.to_dict(), name="svc.Op") == spec


def test_expressions_are_compiled_once():
    spec = PaginatorSpec.from_dict({**GOOD, "output_token": "NextMarker || Contents[-1].Key"})
    assert spec.output_token[0].search({"Contents": [{"Key": "a"}, {"Key": "b"}]}) == "b"
    assert spec.output_token[0].search({"NextMarker": "m"}) == "m"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"input_tokens": "x"}, "/input_tokens", "unknown key 'input_tokens'"),
        ({"input_token": None}, "/input_token", "expected a parameter name"),
        ({"output_token": ["A", "B"]}, "/output_token", "output_token has 2 entries but input_token has 1"),
        ({"output_token": "Foo[?"}, "/output_token", "invalid JMESPath expression"),
        ({"result_key": "Items[0]"}, "/result_key", "must be a dotted field path"),
        ({"result_key": []}, "/result_key", "must not be empty"),
        ({"limit_key": 5}, "/limit_key", "limit_key must be a parameter name"),
        ({"input_token": ["A", "A"], "output_token": ["A", "B"]}, "/input_token", "must be unique"),
    ],
)
def test_bad_specs_name_spec_and_key(change, where, message):
    with pytest.raises(SpecError, match=message) as info:
        PaginatorSpec.from_dict({**GOOD, **change}, name="svc.Op")
    assert info.value.spec == "svc.Op"
    assert info.value.where == where
    assert str(info.value).startswith(f"svc.Op{where}: ")


def test_missing_key_and_wrong_type():
    with pytest.raises(SpecError, match="missing required key 'result_key'"):
        PaginatorSpec.from_dict({"input_token": "A", "output_token": "A"})
    with pytest.raises(SpecError, match="must be an object"):
        PaginatorSpec.from_dict(["nope"])  # type: ignore[arg-type]
