"""``paginate_loop``: a paginator spec compiled into the Step Functions loop that pages through the API.

Theory of operation: the loop is the one people write by hand (the seed's
WorkSpaces loop), with the names botocore's paginator spec gives and the data
kept where the next state needs it::

    <Operation> -> [Has<Key>] -> Process<Key> (Map) ... -> MorePages (Choice)
        MorePages: token present [and more_results true] -> <Operation>NextPage -> back to the first Map
                   otherwise -> Done (Succeed), or the caller's ``next`` state

* JSONPath: each page goes to ``result_path`` (``$.<Operation>Result``) of the
  state's data; every Map keeps its input with ``ResultPath: null`` (never
  ``OutputPath: null``, the seed's bug, which drops the token), and a
  ``Has<Key>`` Choice skips a Map when the page lacks the list (S3 omits an
  empty ``Contents``; ``ItemsPath`` on a missing field fails the execution).
  One output token goes straight into the next Task's ``Parameters``; with
  several (Route 53, S3 versions), a Pass builds the next request inside the
  page and one Choice + Pass per later token adds it only when the page has
  it, as botocore leaves out a missing token; the Task takes that request as
  its ``InputPath``.
* JSONata: each page is assigned to the variable ``variable`` (``$page``);
  every state passes its input on (``Output``), Map ``Items`` are
  ``$append([], ...)`` so a missing list is empty, and the next request is one
  ``$merge`` whose missing tokens drop out of the object.

The first output token decides whether another page follows (with
``more_results``, only while that is also true): in every botocore spec with
several tokens the first is present whenever any is. Output tokens that are
JMESPath expressions translate (:mod:`statewise.patterns.translate`):
``Jobs[-1].JobId`` reads in either language, ``NextMarker || Contents[-1].Key``
(S3 ``ListObjects``) only in JSONata; JSONPath raises :class:`PatternError`,
saying so, and for S3 pointing at :func:`s3_item_reader_map`, a Distributed Map
whose ``ItemReader`` lists the bucket itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from statewise.base_errors import PatternError
from statewise.patterns.naming import (
    Api,
    QueryLanguage,
    data_path,
    field_path,
    member,
    resolve_api,
    state_name,
    task_parameters,
    variable_name,
)
from statewise.patterns.programs import ProgramLike, jsonata_value, program, renamed
from statewise.patterns.translate import jsonata, reference_path
from statewise.specs.paginator import PaginatorSpec
from statewise.specs.registry import find_paginator

__all__ = ["paginate_loop", "s3_item_reader_map"]

_REQUEST = "NextPageRequest"  # where a multi-token loop builds the next request: inside the page it replaces


def paginate_loop(
    service: str,
    operation: str,
    *,
    item_processor: Mapping[str, Any] | ProgramLike | None = None,
    parameters: Mapping[str, Any] | None = None,
    query_language: QueryLanguage = "JSONPath",
    result_path: str | None = None,
    variable: str = "page",
    prefix: str = "",
    max_concurrency: int | None = None,
    page_size: int | None = None,
    next: str | None = None,
    comment: str | None = None,
) -> dict[str, Any]:
    """An ASL definition that calls ``operation`` of ``service`` page by page and maps ``item_processor``
    over every item of every page.

    ``service`` is botocore's name or Step Functions' (``logs``/``cloudwatchlogs``),
    ``operation`` the API's name in any spelling (``ListObjectsV2``, ``listObjectsV2``,
    ``list_objects_v2``). ``item_processor`` is the Map's ``ItemProcessor`` (``{"StartAt", "States"}``
    or a ``statewise.builder`` chain; a Pass by default). ``parameters`` are the call's, checked
    against the API's input shape and spelt as Step Functions takes them (``.$`` references in
    JSONPath, ``{% %}`` templates in JSONata); ``page_size`` sets the spec's limit member.
    JSONPath keeps each page at ``result_path`` (default ``$.<Operation>Result``); JSONata in the
    variable ``variable``. State names start with ``prefix``.

    The definition is complete (``StartAt``, ``States``; ``QueryLanguage`` in JSONata), ending in a
    ``Done`` Succeed state. With ``next``, there is no Done: the loop goes on to the state ``next``,
    so its ``States`` are meant to be merged into a definition that has it. Raises
    :class:`PatternError` for an operation without a paginator spec and for token forms the chosen
    query language cannot express. To process every object of an S3 bucket, a Distributed Map whose
    ``ItemReader`` lists it needs no loop at all: :func:`s3_item_reader_map`.
    """
    api = resolve_api(service, operation)
    spec = find_paginator(api.service, api.operation)
    if spec is None:
        raise PatternError(
            "has no paginator spec, so there is no token to loop on; register one with statewise.register_paginators()",
            spec=api.label,
        )
    args = task_parameters(api, parameters)
    for token in spec.input_token:
        if member(token) in args or f"{member(token)}.$" in args:
            raise PatternError(f"{member(token)} is the page token; the loop sets it", spec=api.label, key="parameters")
    if page_size is not None:
        if spec.limit_key is None:
            raise PatternError(
                "the API takes no page size (its spec has no limit_key)", spec=api.label, key="page_size"
            )
        args[member(spec.limit_key)] = page_size
    loop = _Loop(api, spec, args, prefix, next)
    processor = program(item_processor, "Item")
    if query_language == "JSONata":
        if result_path is not None:
            raise PatternError("result_path is for JSONPath; JSONata keeps the page in `variable`", spec=api.label)
        states = loop.jsonata(processor, variable_name(variable, spec=api.label), max_concurrency)
    elif query_language == "JSONPath":
        path = data_path(result_path or f"$.{api.operation}Result", spec=api.label)
        states = loop.jsonpath(processor, path, max_concurrency)
    else:
        raise PatternError(f"query_language is JSONPath or JSONata, got {query_language!r}", spec=api.label)
    definition: dict[str, Any] = {
        "Comment": comment or f"Every page of {api.label}, paged by its {', '.join(spec.input_token)}",
        "StartAt": loop.fetch,
        "States": states,
    }
    if query_language == "JSONata":
        definition["QueryLanguage"] = "JSONata"
    return definition


class _Loop:
    """The names and parts of one loop; ``jsonpath``/``jsonata`` assemble its states."""

    def __init__(self, api: Api, spec: PaginatorSpec, args: dict[str, Any], prefix: str, next: str | None) -> None:
        self.api, self.spec, self.args = api, spec, args
        self.keys = [expr.source for expr in spec.result_key]
        self.fetch = state_name(prefix, api.operation)
        self.fetch_next = state_name(prefix, f"{api.operation}NextPage")
        self.more = state_name(prefix, "MorePages")
        self.done = next or state_name(prefix, "Done")
        self.ends = next is None  # the loop ends in its own Succeed state
        self.prefix = prefix
        self.output = api.model.output_shape

    def each(self, key: str) -> str:
        return state_name(self.prefix, "Process" + _joined(key))

    def has(self, key: str) -> str:
        return state_name(self.prefix, "Has" + _joined(key))

    def processor(self, processor: dict[str, Any], index: int) -> dict[str, Any]:
        """The item processor of the Map over result key ``index``: the second and later ones renamed."""
        return processor if index == 0 else renamed(processor, _joined(self.keys[index]))

    def _jsonpath_token(self, index: int, root: str) -> str:
        return reference_path(
            self.spec.output_token[index], root, self.output, spec=self.api.label, key=f"output_token/{index}"
        )

    def _suggestion(self) -> str:
        if self.api.service == "s3":
            return "; or list the bucket with a Distributed Map's ItemReader: statewise.patterns.s3_item_reader_map()"
        return ""

    def jsonpath(self, processor: dict[str, Any], root: str, max_concurrency: int | None) -> dict[str, Any]:
        try:
            tokens = [self._jsonpath_token(i, root) for i in range(len(self.spec.input_token))]
            more = (
                None
                if self.spec.more_results is None
                else reference_path(self.spec.more_results, root, self.output, spec=self.api.label, key="more_results")
            )
        except PatternError as exc:
            raise PatternError(exc.message + self._suggestion(), spec=exc.spec, key=exc.key) from None
        states: dict[str, Any] = {}
        first = self.has(self.keys[0])
        states[self.fetch] = _task(self.api, Parameters=self.args, ResultPath=root, Next=first)
        for i, key in enumerate(self.keys):
            after = self.more if i + 1 == len(self.keys) else self.has(self.keys[i + 1])
            items = f"{root}.{field_path(key)}"
            states[self.has(key)] = {
                "Type": "Choice",
                "Choices": [{"Variable": items, "IsPresent": True, "Next": self.each(key)}],
                "Default": after,
            }
            states[self.each(key)] = _map(
                self.processor(processor, i), max_concurrency, ItemsPath=items, ResultPath=None, Next=after
            )
        condition: dict[str, Any] = {"Variable": tokens[0], "IsPresent": True}
        if more is not None:
            condition = {
                "And": [
                    condition,
                    {"Variable": more, "IsPresent": True},
                    {"Variable": more, "BooleanEquals": True},
                ]
            }
        names = [member(name) for name in self.spec.input_token]
        if len(tokens) == 1:
            request_start = self.fetch_next
            parameters = {**self.args, f"{names[0]}.$": tokens[0]}
            states[self.fetch_next] = _task(self.api, Parameters=parameters, ResultPath=root, Next=first)
        else:
            request_start = self._jsonpath_request(states, names, tokens, root)
        states[self.more] = {
            "Type": "Choice",
            "Choices": [{**condition, "Next": request_start}],
            "Default": self.done,
        }
        return self._finish(states)

    def _jsonpath_request(self, states: dict[str, Any], names: list[str], tokens: list[str], root: str) -> str:
        """Add the states that build a request of several tokens inside the page, leaving out the ones it
        lacks, and the Task that sends it; return the first of them."""
        start = state_name(self.prefix, _REQUEST)
        request = f"{root}.{_REQUEST}"
        states[start] = {
            "Type": "Pass",
            "Parameters": {**self.args, f"{names[0]}.$": tokens[0]},
            "ResultPath": request,
            "Next": self.has(names[1]),
        }
        for j in range(1, len(tokens)):
            after = self.fetch_next if j + 1 == len(tokens) else self.has(names[j + 1])
            setter = state_name(self.prefix, "Set" + names[j])
            states[self.has(names[j])] = {
                "Type": "Choice",
                "Choices": [{"Variable": tokens[j], "IsPresent": True, "Next": setter}],
                "Default": after,
            }
            states[setter] = {
                "Type": "Pass",
                "InputPath": tokens[j],
                "ResultPath": f"{request}.{names[j]}",
                "Next": after,
            }
        states[self.fetch_next] = _task(self.api, InputPath=request, ResultPath=root, Next=self.has(self.keys[0]))
        return start

    def jsonata(self, processor: dict[str, Any], variable: str, max_concurrency: int | None) -> dict[str, Any]:
        root = f"${variable}"
        tokens = [
            jsonata(expr, root, self.output, spec=self.api.label, key=f"output_token/{i}")
            for i, expr in enumerate(self.spec.output_token)
        ]
        condition = f"$exists({tokens[0]})"
        if self.spec.more_results is not None:
            more = jsonata(self.spec.more_results, root, self.output, spec=self.api.label, key="more_results")
            condition = f"{more} = true and {condition}"
        keep = {"Assign": {variable: "{% $states.result %}"}, "Output": "{% $states.input %}"}
        states: dict[str, Any] = {
            self.fetch: _task(self.api, Arguments=self.args, **keep, Next=self.each(self.keys[0]))
        }
        for i, key in enumerate(self.keys):
            after = self.more if i + 1 == len(self.keys) else self.each(self.keys[i + 1])
            items = f"{{% $append([], {root}.{field_path(key)}) %}}"
            states[self.each(key)] = _map(
                self.processor(processor, i), max_concurrency, Items=items, Output="{% $states.input %}", Next=after
            )
        names = [member(name) for name in self.spec.input_token]
        if len(tokens) == 1:
            arguments: Any = {**self.args, names[0]: f"{{% {tokens[0]} %}}"}
        else:  # a token the page lacks is undefined, and drops out of the object
            given = jsonata_value(self.args)
            added = "{" + ", ".join(f'"{name}": {token}' for name, token in zip(names, tokens, strict=True)) + "}"
            arguments = f"{{% $merge([{given}, {added}]) %}}"
        states[self.more] = {
            "Type": "Choice",
            "Choices": [{"Condition": f"{{% {condition} %}}", "Next": self.fetch_next}],
            "Default": self.done,
        }
        states[self.fetch_next] = _task(self.api, Arguments=arguments, **keep, Next=self.each(self.keys[0]))
        return self._finish(states)

    def _finish(self, states: dict[str, Any]) -> dict[str, Any]:
        if self.ends:
            states[self.done] = {"Type": "Succeed"}
        return states


def _joined(key: str) -> str:
    """A result key or token as part of a state name: ``DistributionList.Items`` -> ``DistributionListItems``."""
    return field_path(key).replace(".", "")


def _task(api: Api, **fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": api.resource, **fields}


def _map(processor: dict[str, Any], max_concurrency: int | None, **fields: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, **processor}}
    if max_concurrency is not None:
        state["MaxConcurrency"] = max_concurrency
    return {**state, **fields}


def s3_item_reader_map(
    bucket: str,
    *,
    prefix: str | None = None,
    item_processor: Mapping[str, Any] | ProgramLike | None = None,
    max_concurrency: int | None = None,
    name: str = "ProcessObjects",
    query_language: QueryLanguage = "JSONPath",
) -> dict[str, Any]:
    """A definition whose Distributed Map lists ``bucket`` (under ``prefix``) with an ``ItemReader``
    (``arn:aws:states:::s3:listObjectsV2``): Step Functions pages the bucket itself, so no token loop
    is needed, and each object (``Key``, ``Size``, ``ETag``, ...) goes to ``item_processor``."""
    reader_args = {"Bucket": bucket, **({"Prefix": prefix} if prefix is not None else {})}
    field = "Arguments" if query_language == "JSONata" else "Parameters"
    processor = program(item_processor, "Object")
    state: dict[str, Any] = {
        "Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", field: reader_args},
        "ItemProcessor": {**processor, "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
        "End": True,
    }
    if max_concurrency is not None:
        state["MaxConcurrency"] = max_concurrency
    definition: dict[str, Any] = {"StartAt": name, "States": {name: state}}
    if query_language == "JSONata":
        definition["QueryLanguage"] = "JSONata"
    return definition
