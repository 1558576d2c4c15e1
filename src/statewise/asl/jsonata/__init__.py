"""JSONata for the ASL engine: compile once, evaluate with ``$states`` bound.

Theory of operation: :mod:`.adapter` wraps the chosen JSONata library
(jsonata2py, picked by ``benchmarks/bench_jsonata.py``) behind
:func:`compile_jsonata` and :class:`JsonataExpression`; :mod:`.functions`
holds the functions Step Functions adds to JSONata, library-agnostic; and
:data:`UNDEFINED` is JSONata's *undefined*, distinct from ``None`` (null).
The library is imported on the first compile, not with this package.
"""

from statewise.asl.jsonata._undefined import UNDEFINED
from statewise.asl.jsonata.adapter import (
    QUERY_EVALUATION_ERROR,
    Bindings,
    JsonataEvaluationError,
    JsonataExpression,
    JsonataSyntaxError,
    bind,
    compile_jsonata,
    evaluate_template,
    is_jsonata_template,
    template_expression,
)
from statewise.asl.jsonata.functions import FUNCTIONS

__all__ = [
    "FUNCTIONS",
    "QUERY_EVALUATION_ERROR",
    "UNDEFINED",
    "Bindings",
    "JsonataEvaluationError",
    "JsonataExpression",
    "JsonataSyntaxError",
    "bind",
    "compile_jsonata",
    "evaluate_template",
    "is_jsonata_template",
    "template_expression",
]
