"""Reading one field of a definition: check it, report what is wrong, and carry on.

Theory of operation: a :class:`FieldReader` reads the fields of one object
(a state, a program, a Catch element ...) in that object's query language.
Each reader method checks its field and, when something is wrong, appends a
:class:`~statewise.errors.Problem` (JSON pointer, stable code, one-sentence
message) to the one list the whole definition shares and returns a
placeholder (:data:`ABSENT`, None, the identity path), so one pass reports
every problem, not just the first.

The reader is a frozen value: the query language is never switched and
restored while nested programs are read. :meth:`FieldReader.within` gives the
reader for a nested object, in its own ``QueryLanguage`` or else the
enclosing one; ``jsonata_machine`` remembers the machine's language, since a
JSONata machine may not hold JSONPath states. In a JSONata object, templates
compile their ``{% ... %}`` strings into expressions, so syntax errors are
problems with pointers too. The values a field accepts are the tables of
:mod:`statewise.asl.limits`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from statewise.asl.encoding import json_type
from statewise.asl.intrinsics import is_intrinsic
from statewise.asl.jsonata import is_jsonata_template
from statewise.asl.limits import MAX_VARIABLE_NAME, QUERY_LANGUAGES, RANGES, VARIABLE_NAME
from statewise.asl.model import Value
from statewise.asl.paths import JsonPath, PathSyntaxError, compile_path, compile_reference_path
from statewise.asl.pointer import join_pointer
from statewise.asl.source import placeholder, type_problem
from statewise.asl.templates import Template, compile_dynamic, compile_jsonata_value, compile_template
from statewise.base_errors import Problem

__all__ = ["ABSENT", "FieldReader", "Outcome"]

ABSENT: Final = object()
"""What a reader returns for a field that is missing or wrong (a problem is already reported)."""


class Outcome(TypedDict):
    """``Assign`` and (JSONata) ``Output`` of a state, Catch element or Choice rule: keyword arguments."""

    assign: Template | None
    output: Template | None


@dataclass(frozen=True, slots=True)
class FieldReader:
    """Reads fields in one query language (``jsonata``); every problem goes to ``problems``."""

    problems: list[Problem]
    jsonata: bool = False
    jsonata_machine: bool = False

    def problem(self, pointer: str, code: str, message: str) -> None:
        self.problems.append(Problem(pointer, code, message))

    def within(self, doc: dict[str, Any], pointer: str) -> FieldReader:
        """The reader for ``doc``'s fields: in its own ``QueryLanguage``, else in this reader's."""
        return FieldReader(self.problems, self.query_language(doc, pointer), self.jsonata_machine)

    def query_language(self, doc: dict[str, Any], pointer: str) -> bool:
        """Whether ``doc`` uses JSONata: its own ``QueryLanguage`` or the one it inherits (``jsonata``)."""
        language = doc.get("QueryLanguage")
        where = join_pointer(pointer, "QueryLanguage")
        if language is None:
            return self.jsonata
        if language not in QUERY_LANGUAGES:
            self.problem(where, "bad-value", f"'QueryLanguage' must be {' or '.join(QUERY_LANGUAGES)}")
            return self.jsonata
        if language == "JSONPath" and self.jsonata_machine:
            self.problem(
                where,
                "jsonpath-in-jsonata",
                "a state machine whose QueryLanguage is JSONata cannot hold JSONPath states; "
                "set the machine's QueryLanguage to JSONPath and JSONata on the states that use it",
            )
        return bool(language == "JSONata")

    def typed(self, doc: dict[str, Any], key: str, pointer: str, test: Callable[[Any], bool], kind: str) -> Any:
        """The value of ``key`` if present and of the right kind, else :data:`ABSENT`."""
        value = doc.get(key, ABSENT)
        if value is ABSENT:
            return ABSENT
        if not test(value):
            self.wrong_type(join_pointer(pointer, key), key, kind, value)
            return ABSENT
        return value

    def wrong_type(self, pointer: str, key: str, kind: str, value: Any) -> None:
        """``key`` holds ``value``, not ``kind``: a type problem, or an unsubstituted placeholder."""
        self.problems.append(type_problem(pointer, key, kind, value))

    def number(self, doc: dict[str, Any], key: str, pointer: str) -> Any:
        """The value of numeric field ``key`` if present and in its range, else :data:`ABSENT`."""
        bounds = RANGES[key]
        value = self.typed(doc, key, pointer, _is_number, str(bounds))
        if value is ABSENT:
            return ABSENT
        if not bounds.holds(value):
            self.problem(join_pointer(pointer, key), "bad-value", f"'{key}' must be {bounds}, got {_show(value)}")
            return ABSENT
        return value

    def one_of(self, doc: dict[str, Any], key: str, pointer: str, allowed: tuple[str, ...]) -> Any:
        """The value of ``key`` if present and one of ``allowed``, else :data:`ABSENT`."""
        value = doc.get(key, ABSENT)
        if value is ABSENT or value in allowed:
            return value
        self.problem(
            join_pointer(pointer, key), "bad-value", f"'{key}' must be {' or '.join(allowed)}, got {_show(value)}"
        )
        return ABSENT

    def string(self, doc: dict[str, Any], key: str, pointer: str) -> str | None:
        value = self.typed(doc, key, pointer, lambda v: isinstance(v, str), "a string")
        return None if value is ABSENT else str(value)

    def path(self, doc: dict[str, Any], key: str, pointer: str, *, reference: bool = False) -> JsonPath | None:
        """A path field: absent is ``$``, ``null`` is None."""
        text = doc.get(key, "$")
        if text is None:
            return None
        where = join_pointer(pointer, key)
        if not isinstance(text, str):
            self.problem(where, "bad-type", f"'{key}' must be a path string or null, got {json_type(text)}")
            return compile_path("$")
        try:
            return compile_reference_path(text) if reference else compile_path(text)
        except PathSyntaxError as exc:
            if placeholder(text) is not None:
                self.wrong_type(where, key, "a path", text)
            else:
                self.problem(where, "bad-path", f"'{key}' is not a valid {'reference ' * reference}path: {exc}")
            return compile_path("$")

    def value(
        self,
        doc: dict[str, Any],
        key: str,
        pointer: str,
        literal: Callable[[dict[str, Any], str, str], Any] | None = None,
    ) -> Value | None:
        """A field given literally (``key``) or through ``key + "Path"``, never both.

        ``literal`` reads the literal (default: :meth:`number`). In a JSONata
        object the field may instead hold a ``{% ... %}`` expression.
        """
        if self.jsonata and is_jsonata_template(doc.get(key)):
            where = join_pointer(pointer, key)
            return Value(key, path=compile_jsonata_value(doc[key], where, key, self.problems))
        path_key = key + "Path"
        if key in doc and path_key in doc:
            self.problem(pointer, "exclusive-fields", f"'{key}' and '{path_key}' cannot both be set")
        if path_key in doc:
            text = doc[path_key]
            where = join_pointer(pointer, path_key)
            if not isinstance(text, str):
                self.problem(where, "bad-type", f"'{path_key}' must be a path string")
                return None
            if is_intrinsic(text) and key not in ("Error", "Cause"):
                self.problem(where, "bad-path", f"'{path_key}' must be a path, not an intrinsic function")
                return None
            return Value(path_key, path=compile_dynamic(path_key, text, where, self.problems))
        given = (literal or self.number)(doc, key, pointer)
        return None if given is ABSENT else Value(key, literal=given)

    def mapping(self, doc: dict[str, Any], key: str, pointer: str) -> dict[str, Any] | None:
        value = self.typed(doc, key, pointer, _dict, "an object")
        return None if value is ABSENT else dict(value)

    def template(self, doc: dict[str, Any], key: str, pointer: str) -> Template | None:
        """A payload template; in a JSONata object every ``{% ... %}`` string in it is an expression."""
        if key not in doc:
            return None
        return compile_template(doc[key], join_pointer(pointer, key), self.problems, jsonata=self.jsonata, field=key)

    def assign(self, doc: dict[str, Any], pointer: str) -> Template | None:
        """``Assign``: an object whose keys (without a JSONPath ``.$``) name variables."""
        if "Assign" not in doc:
            return None
        value = doc["Assign"]
        where = join_pointer(pointer, "Assign")
        if not isinstance(value, dict):
            self.problem(where, "bad-type", f"'Assign' must be an object, got {json_type(value)}")
            return None
        for key in value:
            name = key[:-2] if key.endswith(".$") and not self.jsonata else key
            if name == "states":
                self.problem(join_pointer(where, key), "reserved-variable", "'states' is reserved for $states")
            elif VARIABLE_NAME.fullmatch(name) is None or len(name) > MAX_VARIABLE_NAME:
                self.problem(
                    join_pointer(where, key),
                    "bad-variable-name",
                    f"{name!r} is not a variable name: use up to {MAX_VARIABLE_NAME} letters, digits and "
                    "underscores, not starting with a digit",
                )
        return compile_template(value, where, self.problems, jsonata=self.jsonata, field="Assign")

    def outcome(self, doc: dict[str, Any], pointer: str) -> Outcome:
        """``Assign`` and (JSONata) ``Output`` of a state, Catch element or Choice rule."""
        return {
            "assign": self.assign(doc, pointer),
            "output": self.template(doc, "Output", pointer) if self.jsonata else None,
        }


def _show(value: Any) -> str:
    """``value`` as compact JSON for a message (``repr`` for what JSON cannot hold: a dict given in Python)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=repr)


def _is_number(value: Any) -> bool:
    return json_type(value) == "number"


def _dict(value: Any) -> bool:
    return isinstance(value, dict)
