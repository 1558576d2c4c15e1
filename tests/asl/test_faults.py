"""path_fault's wording, as AWS words a path that selects nothing."""

from __future__ import annotations

from typing import Any

import pytest

from statewise.asl.faults import path_fault
from statewise.asl.paths import PathNotFoundError, compile_path


def _missing(text: str, data: Any) -> PathNotFoundError:
    with pytest.raises(PathNotFoundError) as info:
        compile_path(text).evaluate(data, context={"State": {}}, variables={"v": {}})
    return info.value


def test_path_fault_words_a_field_path_as_aws_does() -> None:
    fault = path_fault(_missing("$.a.b", {"a": {}}), "x.$")
    assert (fault.error, fault.cause) == (
        "States.Runtime",
        "The JSONPath '$.a.b' specified for the field 'x.$' could not be found in the input '{\"a\":{}}'",
    )
    context = path_fault(_missing("$$.Task.Token", {}), "token.$")
    assert context.cause == (
        "The JSONPath '$$.Task.Token' specified for the field 'token.$' could not be found in the input "
        "'{\"State\":{}}'"
    )


def test_path_fault_words_a_bare_path_or_a_variable_with_jayways_reason() -> None:
    assert path_fault(_missing("$.a", {})).cause == "Invalid path '$.a' : No results for path: $['a']"
    assert path_fault(_missing("$v.x", {}), "x.$").cause == "Invalid path '$v.x' : No results for path: $v['x']"
