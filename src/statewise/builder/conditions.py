"""Choice conditions, as CDK's ``Condition`` writes them: one row of ``_COMPARISONS`` per operator.

``Condition.string_equals("$.status", "OK")`` renders
``{"Variable": "$.status", "StringEquals": "OK"}``; the ``*_json_path`` forms
compare with another path (``StringEqualsPath``); ``and_``/``or_``/``not_``
combine; ``Condition.jsonata("{% ... %}")`` is a JSONata state's ``Condition``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

__all__ = ["Condition"]


class Condition:
    """One Choice rule without its ``Next``; build them with the static methods."""

    def __init__(self, rendered: dict[str, Any]) -> None:
        self._rendered = rendered

    def to_dict(self) -> dict[str, Any]:
        return dict(self._rendered)

    def __repr__(self) -> str:
        return f"Condition({self._rendered!r})"

    @staticmethod
    def and_(*conditions: Condition) -> Condition:
        return Condition({"And": [c.to_dict() for c in conditions]})

    @staticmethod
    def or_(*conditions: Condition) -> Condition:
        return Condition({"Or": [c.to_dict() for c in conditions]})

    @staticmethod
    def not_(condition: Condition) -> Condition:
        return Condition({"Not": condition.to_dict()})

    @staticmethod
    def jsonata(condition: str) -> Condition:
        """A JSONata Choice rule: ``{% $states.input.count > 3 %}``."""
        return Condition({"Condition": condition})

    # comparisons: (variable, value) -> {"Variable": variable, Operator: value}; filled from _COMPARISONS below
    string_equals: Callable[[str, Any], Condition]
    string_equals_json_path: Callable[[str, Any], Condition]
    string_less_than: Callable[[str, Any], Condition]
    string_less_than_json_path: Callable[[str, Any], Condition]
    string_less_than_equals: Callable[[str, Any], Condition]
    string_less_than_equals_json_path: Callable[[str, Any], Condition]
    string_greater_than: Callable[[str, Any], Condition]
    string_greater_than_json_path: Callable[[str, Any], Condition]
    string_greater_than_equals: Callable[[str, Any], Condition]
    string_greater_than_equals_json_path: Callable[[str, Any], Condition]
    string_matches: Callable[[str, Any], Condition]
    number_equals: Callable[[str, Any], Condition]
    number_equals_json_path: Callable[[str, Any], Condition]
    number_less_than: Callable[[str, Any], Condition]
    number_less_than_json_path: Callable[[str, Any], Condition]
    number_less_than_equals: Callable[[str, Any], Condition]
    number_less_than_equals_json_path: Callable[[str, Any], Condition]
    number_greater_than: Callable[[str, Any], Condition]
    number_greater_than_json_path: Callable[[str, Any], Condition]
    number_greater_than_equals: Callable[[str, Any], Condition]
    number_greater_than_equals_json_path: Callable[[str, Any], Condition]
    boolean_equals: Callable[[str, Any], Condition]
    boolean_equals_json_path: Callable[[str, Any], Condition]
    timestamp_equals: Callable[[str, Any], Condition]
    timestamp_equals_json_path: Callable[[str, Any], Condition]
    timestamp_less_than: Callable[[str, Any], Condition]
    timestamp_less_than_json_path: Callable[[str, Any], Condition]
    timestamp_less_than_equals: Callable[[str, Any], Condition]
    timestamp_less_than_equals_json_path: Callable[[str, Any], Condition]
    timestamp_greater_than: Callable[[str, Any], Condition]
    timestamp_greater_than_json_path: Callable[[str, Any], Condition]
    timestamp_greater_than_equals: Callable[[str, Any], Condition]
    timestamp_greater_than_equals_json_path: Callable[[str, Any], Condition]

    # type tests: (variable) -> {"Variable": variable, Test: true/false}
    is_present: Callable[[str], Condition]
    is_not_present: Callable[[str], Condition]
    is_null: Callable[[str], Condition]
    is_not_null: Callable[[str], Condition]
    is_string: Callable[[str], Condition]
    is_not_string: Callable[[str], Condition]
    is_numeric: Callable[[str], Condition]
    is_not_numeric: Callable[[str], Condition]
    is_boolean: Callable[[str], Condition]
    is_not_boolean: Callable[[str], Condition]
    is_timestamp: Callable[[str], Condition]
    is_not_timestamp: Callable[[str], Condition]


_OPERATORS: Final = {
    "equals": "Equals",
    "less_than": "LessThan",
    "less_than_equals": "LessThanEquals",
    "greater_than": "GreaterThan",
    "greater_than_equals": "GreaterThanEquals",
}
_TYPES: Final = {
    "string": ("String", tuple(_OPERATORS)),
    "number": ("Numeric", tuple(_OPERATORS)),
    "boolean": ("Boolean", ("equals",)),
    "timestamp": ("Timestamp", tuple(_OPERATORS)),
}
"""CDK's method prefix -> ASL's operator prefix and the comparisons it has (each also ``..._json_path``)."""
_TESTS: Final = {
    "present": "IsPresent",
    "null": "IsNull",
    "string": "IsString",
    "numeric": "IsNumeric",
    "boolean": "IsBoolean",
    "timestamp": "IsTimestamp",
}


def _comparison(operator: str) -> Any:
    return staticmethod(lambda variable, value: Condition({"Variable": variable, operator: value}))


def _test(operator: str, expected: bool) -> Any:
    return staticmethod(lambda variable: Condition({"Variable": variable, operator: expected}))


for _prefix, (_asl, _names) in _TYPES.items():
    for _name in _names:
        setattr(Condition, f"{_prefix}_{_name}", _comparison(_asl + _OPERATORS[_name]))
        setattr(Condition, f"{_prefix}_{_name}_json_path", _comparison(f"{_asl}{_OPERATORS[_name]}Path"))
setattr(Condition, "string_matches", _comparison("StringMatches"))  # noqa: B010 - filled like the rows above
for _name, _operator in _TESTS.items():
    setattr(Condition, f"is_{_name}", _test(_operator, True))
    setattr(Condition, f"is_not_{_name}", _test(_operator, False))
