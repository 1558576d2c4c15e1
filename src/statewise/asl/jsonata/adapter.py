"""Compile and evaluate JSONata expressions over jsonata2py, the chosen implementation.

Theory of operation: :func:`compile_jsonata` turns expression text into a
:class:`JsonataExpression` once (cached, so each distinct text in a definition
is compiled once per process); :meth:`JsonataExpression.evaluate` runs it
against Python JSON values. Everything library-specific stays in this module,
so another implementation can replace jsonata2py here alone:

- jsonata2py is imported on the first compile, never at ``import statewise``.
- *undefined* is the library's ``MISSING`` inside and :data:`UNDEFINED` outside;
  the two are swapped for the input, the result and the arguments and result
  of every Step Functions function.
- The Step Functions functions (:mod:`.functions`) are registered on every
  compiled program. ``$random`` is a built-in the library resolves when it
  compiles, so an expression that mentions it is compiled inside
  ``($random := $__sfn_random; ...)``, which shadows the built-in lexically;
  positions in syntax errors are reported against the text as written.
- A binding named like a built-in (``count``, ``keys``, ...) shadows it, as in
  jsonata-js, where bindings sit in a frame below the built-ins. The library
  resolves those names when it compiles, so :func:`bind` also binds such a
  value as ``__sfn_bound_<name>``, and an expression that mentions ``$<name>``
  gets a program compiled inside ``($<name> := $__sfn_bound_<name>; ...)``,
  once per set of names both bound and mentioned. Other evaluations, and every
  expression that mentions no built-in name, use the plain program.
- The random generator for ``$random``/``$uuid`` is passed per evaluation
  through a context variable, so one compiled program serves every thread.
- A time limit is a property of a library program, not of one call, so a
  :class:`JsonataExpression` keeps one program per limit in use (usually one).
  Exceeding it, or nesting user-defined function calls past the library's
  fixed bound of 100, raises ``U1001``.
- :func:`bind` prebuilds the library's bindings object once, so a state that
  evaluates several expressions binds ``$states`` and the variables once.
- Syntax errors raise :class:`JsonataSyntaxError` with the code and position;
  runtime errors raise :class:`JsonataEvaluationError`, which is the ASL error
  ``States.QueryEvaluationError`` and carries the JSONata code in ``code``.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import ModuleType
from typing import Any, Final

from statewise.asl.jsonata._undefined import UNDEFINED
from statewise.asl.jsonata.functions import FUNCTIONS, RNG, FunctionArgumentError
from statewise.base_errors import StatesError, StatewiseError

QUERY_EVALUATION_ERROR: Final = "States.QueryEvaluationError"
_BOUND_PREFIX: Final = "__sfn_bound_"
_VARIABLE: Final = re.compile(r"\$(\w+)")
_BUILT_INS: Final = frozenset(
    {
        # jsonata-js's built-in functions
        "sum", "count", "max", "min", "average", "string", "substring", "substringBefore",
        "substringAfter", "lowercase", "uppercase", "length", "trim", "pad", "match", "contains",
        "replace", "split", "join", "formatNumber", "formatBase", "formatInteger", "parseInteger",
        "number", "floor", "ceil", "round", "abs", "sqrt", "power", "random", "boolean", "not",
        "map", "zip", "filter", "single", "reduce", "sift", "keys", "lookup", "append", "exists",
        "spread", "merge", "reverse", "each", "error", "assert", "type", "sort", "shuffle",
        "distinct", "base64encode", "base64decode", "encodeUrlComponent", "encodeUrl",
        "decodeUrlComponent", "decodeUrl", "eval", "toMillis", "fromMillis", "clone", "now",
        "millis",
        # jsonata2py's own
        "values", "flatten",
    }
)  # fmt: skip
"""Names the library may resolve to its own function when it compiles, whatever is bound."""
_NOTHING: Final[frozenset[str]] = frozenset()
_CODE_PREFIX: Final = re.compile(r"^[A-Z]\d{4}: ")
_POSITION_SUFFIX: Final = re.compile(r"\s*\(position -?\d+\)$")


class JsonataSyntaxError(StatewiseError, ValueError):
    """A JSONata expression does not parse.

    ``code`` is the JSONata code (``S0201`` ...; ``None`` when the library gives
    none), ``position`` the 0-based offset in ``expression`` (``None`` when not
    known) and ``detail`` the library's message without position.
    """

    def __init__(self, expression: str, detail: str, *, code: str | None, position: int | None):
        where = "" if position is None else f" at position {position}"
        label = f" [{code}]" if code else ""
        text = f"invalid JSONata expression{where}: {detail}{label}\n    {expression}"
        if position is not None:
            text += "\n    " + " " * position + "^"
        super().__init__(text)
        self.expression = expression
        self.detail = detail
        self.code = code
        self.position = position

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_syntax_error, (self.expression, self.detail, self.code, self.position))


def _rebuild_syntax_error(expression: str, detail: str, code: str | None, position: int | None) -> JsonataSyntaxError:
    return JsonataSyntaxError(expression, detail, code=code, position=position)


class JsonataEvaluationError(StatesError):
    """Evaluating a JSONata expression failed: the ASL error ``States.QueryEvaluationError``.

    ``code`` is the JSONata error code (``T2001``, ``D3001``, ``U1001`` for a
    time limit or runaway recursion, ``T0410``/``SF000x`` from a Step Functions
    function; ``None`` when the library gives none), ``detail`` its message
    and ``expression`` the text evaluated. The engine prefixes ``cause`` with
    the state and field, as AWS does.
    """

    def __init__(self, expression: str, detail: str, *, code: str | None):
        label = f"{code}: " if code else ""
        super().__init__(
            QUERY_EVALUATION_ERROR,
            f"The JSONata expression '{expression}' failed to evaluate: {label}{detail}",
        )
        self.expression = expression
        self.detail = detail
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_evaluation_error, (self.expression, self.detail, self.code))


def _rebuild_evaluation_error(expression: str, detail: str, code: str | None) -> JsonataEvaluationError:
    return JsonataEvaluationError(expression, detail, code=code)


@lru_cache(maxsize=1)
def _library() -> ModuleType:
    import jsonata2py  # noqa: PLC0415 - on the first compile, never at import statewise (see above)

    return jsonata2py


def _host(function: Callable[..., Any], missing: object) -> Callable[..., Any]:
    """``function`` with the library's *undefined* swapped for :data:`UNDEFINED` both ways."""

    def call(*args: Any) -> Any:
        result = function(*(UNDEFINED if a is missing else a for a in args))
        return missing if result is UNDEFINED else result

    return call


class Bindings:
    """Variables bound once for several evaluations; build with :func:`bind`."""

    __slots__ = ("_bound", "_shadows")

    def __init__(self, bound: Any, shadows: frozenset[str]):
        self._bound = bound
        self._shadows = shadows


_UNBOUND: Final = Bindings(None, _NOTHING)


def bind(values: Mapping[str, Any]) -> Bindings:
    """Prebuilt bindings of ``values`` (names without ``$``), for :meth:`JsonataExpression.evaluate`."""
    bound = _library().JsonataBindings()
    for name, value in values.items():
        bound.bind_value(name, value)
    shadows = _NOTHING if _BUILT_INS.isdisjoint(values) else _BUILT_INS.intersection(values)
    for name in shadows:
        bound.bind_value(_BOUND_PREFIX + name, values[name])
    return Bindings(bound, shadows)


class JsonataExpression:
    """A compiled JSONata expression; get one from :func:`compile_jsonata`. Thread-safe."""

    __slots__ = ("_built_ins", "_lock", "_programs", "source")

    def __init__(self, source: str):
        self.source = source
        self._built_ins = _BUILT_INS.intersection(_VARIABLE.findall(source))
        self._lock = threading.Lock()
        self._programs: dict[int | tuple[int, frozenset[str]], Any] = {0: self._program(0, _NOTHING)}

    def __repr__(self) -> str:
        return f"JsonataExpression({self.source!r})"

    def _program(self, time_limit_ms: int, shadowed: frozenset[str]) -> Any:
        """A library program with ``time_limit_ms``, the names in ``shadowed`` read from their bindings."""
        lib = _library()
        prelude = "".join(f"${name} := ${_BOUND_PREFIX}{name}; " for name in sorted(shadowed))
        if "random" not in shadowed and "$random" in self.source:
            prelude += "$random := $__sfn_random; "
        text = f"({prelude}{self.source}\n)" if prelude else self.source
        try:
            program = lib.compile(text)
        except lib.JsonataError as exc:
            raise _syntax_error(self.source, len(prelude) + 1 if prelude else 0, exc) from None
        for name, function in FUNCTIONS.items():
            alias = "__sfn_random" if name == "random" else name
            program.register_function(alias, _host(function, lib.MISSING))
        program.set_timeout(time_limit_ms)
        return program

    def evaluate(
        self,
        data: Any = UNDEFINED,
        *,
        bindings: Mapping[str, Any] | Bindings | None = None,
        rng: random.Random | None = None,
        time_limit_ms: int | None = None,
    ) -> Any:
        """The value of the expression for input ``data`` (``$``), or :data:`UNDEFINED`.

        ``bindings`` binds variables by name without ``$`` (the engine passes
        ``{"states": {...}, **variables}``), or is prebuilt :class:`Bindings`
        (:func:`bind`); a binding named like a built-in function shadows it.
        ``rng`` drives ``$random()`` and ``$uuid()`` (default: the system's
        generator). ``time_limit_ms`` bounds the evaluation (``U1001`` when
        exceeded). Raises :class:`JsonataEvaluationError` when evaluation fails.
        """
        lib = _library()
        bound = bindings if isinstance(bindings, Bindings) else bind(bindings) if bindings else _UNBOUND
        limit = time_limit_ms or 0
        shadowed = self._built_ins & bound._shadows if self._built_ins and bound._shadows else _NOTHING
        program = self._programs.get((limit, shadowed) if shadowed else limit)
        if program is None:
            program = self._add_program(limit, shadowed)
        token = RNG.set(rng) if rng is not None else None
        try:
            result = program.evaluate(lib.MISSING if data is UNDEFINED else data, bound._bound)
        except lib.JsonataError as exc:
            raise _evaluation_error(self.source, exc) from None
        finally:
            if token is not None:
                RNG.reset(token)
        return UNDEFINED if result is lib.MISSING else result

    def _add_program(self, limit: int, shadowed: frozenset[str]) -> Any:
        key = (limit, shadowed) if shadowed else limit
        with self._lock:
            program = self._programs.get(key)
            if program is None:
                program = self._programs[key] = self._program(limit, shadowed)
        return program


def _syntax_error(source: str, offset: int, exc: Exception) -> JsonataSyntaxError:
    parse_error = exc.__cause__ if hasattr(exc.__cause__, "position") else exc
    position: int | None = getattr(parse_error, "position", None)
    if position is not None:
        position = min(max(position - offset, 0), len(source)) if position >= 0 else None
    detail = _POSITION_SUFFIX.sub("", str(getattr(parse_error, "message", exc)))
    detail = _CODE_PREFIX.sub("", detail)
    return JsonataSyntaxError(source, detail, code=getattr(exc, "error_code", None), position=position)


def _evaluation_error(source: str, exc: Exception) -> JsonataEvaluationError:
    cause = exc.__cause__
    if isinstance(cause, FunctionArgumentError):
        return JsonataEvaluationError(source, cause.message, code=cause.code)
    detail = str(getattr(exc, "message", exc))
    return JsonataEvaluationError(source, detail, code=getattr(exc, "error_code", None))


@lru_cache(maxsize=1024)
def compile_jsonata(expression: str) -> JsonataExpression:
    """Compile ``expression`` once (cached); raises :class:`JsonataSyntaxError`."""
    return JsonataExpression(expression)


def is_jsonata_template(value: object) -> bool:
    """Whether ``value`` is an ASL JSONata template: a string that starts with ``{%`` and ends with ``%}``.

    As on AWS, the delimiters must be the very first and last characters:
    ``" {% 1 %}"`` is a plain string.
    """
    return isinstance(value, str) and len(value) >= 4 and value[:2] == "{%" and value[-2:] == "%}"


def template_expression(value: str) -> str:
    """The expression inside an ASL template, stripped of surrounding whitespace."""
    if not is_jsonata_template(value):
        raise ValueError(f"{value!r} is not a JSONata template; expected '{{% expression %}}'")
    return value[2:-2].strip()


def evaluate_template(
    value: str,
    *,
    bindings: Mapping[str, Any] | None = None,
    rng: random.Random | None = None,
    time_limit_ms: int | None = None,
) -> Any:
    """Evaluate the ASL template ``value`` (``"{% expr %}"``) with no input document."""
    return compile_jsonata(template_expression(value)).evaluate(bindings=bindings, rng=rng, time_limit_ms=time_limit_ms)
