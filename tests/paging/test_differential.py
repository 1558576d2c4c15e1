"""Differential tests: statewise.paginate against botocore's Paginator, over every
paginator spec in the installed botocore data.

Theory of operation
-------------------
For each paginator (service, operation, spec) we build a small canned "service"
from the spec alone, seeded by the paginator's name so every run is the same:
a few pages whose result keys hold items (page lengths vary, empty pages are
either ``[]`` or a missing key, secondary result keys are lists or counts),
output tokens on all but the last page (typed like the input token's shape;
JMESPath output tokens such as ``NextMarker || Contents[-1].Key`` are satisfied
by the items themselves), the ``more_results`` flag where the spec has one, and
``non_aggregate_keys`` values that differ from page to page.

The fake service answers like a real one: a request without input tokens gets
page 0, a request carrying the tokens taken from page ``i`` gets page ``i + 1``
(an unknown token raises ``UnknownToken``). It records a deep copy of every
request's parameters and returns a deep copy of the page, since botocore
truncates pages in place.

The very same service and spec drive botocore's ``Paginator`` (with the real
operation model, which botocore needs to coerce PageSize) and
``statewise.paginate(fake, spec=...)``. For each scenario we compare the pages
yielded, the requests sent, ``build_full_result()``, ``search()``, ``items()``,
``result_key_iters()`` (read key by key, and interleaved item by item), the
resume token (decoded) and any error. botocore's ``result_key_iters()`` only
works where every result key holds a list (it raises ``TypeError`` on a count
and yields a string's characters); where a canned page holds anything else,
the reference is botocore's pages read by statewise's documented rule (a
list's items, nothing for a missing key, any other value as it is). Scenarios: no config; MaxItems at 0, 1,
mid-page, at a page boundary, the total and past it; PageSize; StartingToken
from botocore's resume tokens (alone and with MaxItems); tokens crossing from
statewise to botocore; and walks that resume chunk by chunk to the end.

Every paginator runs through the plain sync driver; the services in
``DRIVER_SAMPLE`` also run through prefetching threads and the async driver.
Mismatches are collected per service and reported together, so one failing
service shows every paginator and scenario that differs. (``run_all`` gives
the totals outside pytest.)
"""

from __future__ import annotations

import asyncio
import base64
import json
import marshal
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import botocore.session
import jmespath
import pytest
from botocore.exceptions import PaginationError as BotocorePaginationError
from botocore.loaders import create_loader
from botocore.paginate import Paginator

# --------------------------------------------------------------------------- specs


@cache
def _loader() -> Any:
    return create_loader()


@cache
def _session() -> Any:
    return botocore.session.get_session()


@cache
def services() -> list[str]:
    return list(_loader().list_available_services("paginators-1"))


@cache
def paginators(service: str) -> dict[str, dict[str, Any]]:
    document = _loader().load_service_model(service, "paginators-1")
    return {op: dict(config) for op, config in document["pagination"].items()}


@cache
def service_model(service: str) -> Any:
    return _session().get_service_model(service)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- canned service

_LAST_ITEM_FIELD = re.compile(r"^(?P<list>[A-Za-z0-9_.]+)\[-1\]\.(?P<field>[A-Za-z0-9_]+)$")
_OR_LAST_ITEM_FIELD = re.compile(
    r"^(?P<marker>[A-Za-z0-9_.]+) \|\| (?P<list>[A-Za-z0-9_.]+)\[-1\]\.(?P<field>[A-Za-z0-9_]+)$"
)


def set_path(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value


def canonical(value: dict[str, Any]) -> Any:
    """A hashable, order-independent form of a request's token values."""
    if all(isinstance(v, str) for v in value.values()):
        return tuple(sorted(value.items()))
    return json.dumps(value, sort_keys=True, default=repr)


def clone(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, str, bytes, numbers), much faster
    than copy.deepcopy."""
    return marshal.loads(marshal.dumps(value))


class UnknownTokenError(Exception):
    """The fake service got a token it never handed out."""


@dataclass
class Case:
    """One paginator and the canned service generated for it."""

    service: str
    operation: str
    config: dict[str, Any]
    operation_model: Any
    pages: list[dict[str, Any]]
    # canonical request tokens -> index of the page they fetch
    token_index: dict[Any, int]
    # how many pages are reachable by following tokens from page 0
    reachable: int
    primary_counts: list[int]
    page_size: int | str | None

    @property
    def name(self) -> str:
        return f"{self.service}.{self.operation}"

    @property
    def input_tokens(self) -> list[str]:
        return _as_list(self.config["input_token"])

    @property
    def result_keys(self) -> list[str]:
        return _as_list(self.config["result_key"])


def next_request_tokens(config: dict[str, Any], page: dict[str, Any]) -> dict[str, Any] | None:
    """The token values botocore would send after ``page`` (None: paging stops there)."""
    more = config.get("more_results")
    if more is not None and not jmespath.search(more, page):
        return None
    tokens = {}
    for output, name in zip(_as_list(config["output_token"]), _as_list(config["input_token"]), strict=True):
        value = jmespath.search(output, page)
        if value:
            tokens[name] = value
    return tokens or None


def _token_value(rng: random.Random, shape_type: str, label: str) -> Any:
    if shape_type == "map":
        return {"pk": {"S": label}, "sk": {"N": str(rng.randint(1, 10**6))}}
    if shape_type in ("integer", "long"):
        return rng.randint(1, 10**6)
    return f"tok-{label}-{rng.randint(0, 10**6)}"


def _item(rng: random.Random, kind: str, label: str, field_name: str | None) -> Any:
    if kind == "str" and field_name is None:
        return label
    item: dict[str, Any] = {"Id": label, "Size": rng.randint(0, 999)}
    if field_name is not None:
        item[field_name] = label
    return item


def build_case(service: str, operation: str) -> Case:
    config = paginators(service)[operation]
    op_model = service_model(service).operation_model(operation)
    members = op_model.input_shape.members if op_model.input_shape else {}
    rng = random.Random(f"{service}.{operation}")

    input_tokens = _as_list(config["input_token"])
    output_tokens = _as_list(config["output_token"])
    result_keys = _as_list(config["result_key"])
    more = config.get("more_results")
    non_aggregate = config.get("non_aggregate_keys", [])

    # Output tokens that are JMESPath over the items rather than plain fields.
    last_field: dict[str, str] = {}  # result list path -> field the token reads
    derived = {}
    for output in output_tokens:
        match = _LAST_ITEM_FIELD.match(output) or _OR_LAST_ITEM_FIELD.match(output)
        if match:
            last_field[match["list"]] = match["field"]
            derived[output] = match
    token_types = {name: (members[name].type_name if name in members else "string") for name in input_tokens}

    n_pages = rng.choice([1, 2, 3, 3, 4, 4, 5, 6])
    if len(result_keys) > 1 or non_aggregate or more or len(input_tokens) > 1:
        n_pages = max(n_pages, 3)  # the rarer specs always get several pages
    lengths = [rng.choice([0, 1, 2, 3, 3, 4, 5, 7]) for _ in range(n_pages)]
    if sum(lengths) == 0:
        lengths[0] = 2
    primary_kind = rng.choice(["dict", "str"])
    secondary_kind = {}
    for key in result_keys[1:]:
        if key.rsplit(".", 1)[-1].endswith("Count"):
            secondary_kind[key] = "count"
        else:
            secondary_kind[key] = rng.choice(["list", "list", "list", "list", "str"])

    pages: list[dict[str, Any]] = []
    for p in range(n_pages):
        last = p == n_pages - 1
        page: dict[str, Any] = {}
        explicit_marker = {}
        for output, match in derived.items():
            # "Marker || List[-1].Field": sometimes the page sends the marker itself.
            explicit_marker[output] = match.re is _OR_LAST_ITEM_FIELD and rng.random() < 0.5
        length = lengths[p]
        needs_item = any(m["list"] == result_keys[0] and not explicit_marker[o] for o, m in derived.items())
        if not last and needs_item:
            length = max(length, 1)
        if length or rng.random() < 0.5:
            field_name = last_field.get(result_keys[0])
            items = [_item(rng, primary_kind, f"{operation}-{p}-{i}", field_name) for i in range(length)]
            set_path(page, result_keys[0], items)
        lengths[p] = length
        for key in result_keys[1:]:
            kind = secondary_kind[key]
            if rng.random() < 0.2:
                continue  # absent on this page
            if kind == "count":
                set_path(page, key, rng.randint(0, 9))
            elif kind == "str":
                set_path(page, key, rng.choice(["", "ab", "cde"]))
            else:
                field_name = last_field.get(key)
                items = [
                    _item(rng, "str", f"{operation}-{key}-{p}-{i}", field_name) for i in range(rng.choice([0, 1, 2, 3]))
                ]
                set_path(page, key, items)
        # Tokens: on every page but the last; on the last only where more_results
        # says stop anyway, or as the empty string botocore treats as absent.
        stray_last = last and (more is not None and rng.random() < 0.4)
        for i, (output, name) in enumerate(zip(output_tokens, input_tokens, strict=True)):
            match = derived.get(output)
            if match is not None:
                if explicit_marker[output] and (not last or stray_last):
                    set_path(page, match["marker"], f"marker-{operation}-{p}")
                continue
            if not last or stray_last:
                if i == 0 or rng.random() < 0.6:
                    set_path(page, output, _token_value(rng, token_types[name], f"{p}-{i}"))
            elif more is None and i == 0 and rng.random() < 0.1:
                set_path(page, output, "")
        if more is not None:
            if not last:
                set_path(page, more, True)
            elif rng.random() < 0.7:
                set_path(page, more, False)
        prefixes = {k.split(".")[0] for k in [*result_keys, *output_tokens, *([more] if more else [])]}
        for key in non_aggregate:
            if any(k.startswith(key + ".") for k in [*result_keys, *output_tokens]):
                parent: dict[str, Any] = page
                for part in key.split("."):
                    parent = parent.setdefault(part, {})
                continue
            if p == 0 and rng.random() < 0.15 and key.split(".")[0] not in prefixes:
                continue  # absent on the first page: botocore records None
            set_path(page, key, rng.choice([f"{key}-page{p}", p, {"Nested": f"v{p}"}]))
        pages.append(page)

    token_index: dict[Any, int] = {}
    reachable = 1
    for p, page in enumerate(pages[:-1]):
        tokens = next_request_tokens(config, page)
        if tokens is None:
            break
        token_index[canonical(tokens)] = p + 1
        reachable = p + 2

    page_size: int | str | None = None
    limit_key = config.get("limit_key")
    if limit_key is not None:
        type_name = members[limit_key].type_name
        page_size = "2" if type_name == "string" else 2

    primary_counts = []
    for page in pages:
        value = jmespath.search(result_keys[0], page)
        primary_counts.append(len(value) if isinstance(value, list) else 0)
    return Case(
        service=service,
        operation=operation,
        config=config,
        operation_model=op_model,
        pages=pages,
        token_index=token_index,
        reachable=reachable,
        primary_counts=primary_counts,
        page_size=page_size,
    )


class FakeService:
    """A callable API over a case's pages; records every request."""

    def __init__(self, case: Case):
        self.case = case
        self.calls: list[dict[str, Any]] = []
        self._frozen = [marshal.dumps(page) for page in case.pages]

    def reset(self) -> None:
        self.calls = []

    def __call__(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(clone(kwargs))
        present = {k: kwargs[k] for k in self.case.input_tokens if k in kwargs}
        if not present:
            index = 0
        else:
            try:
                index = self.case.token_index[canonical(present)]
            except KeyError:
                raise UnknownTokenError(f"unknown token {present!r}") from None
        return marshal.loads(self._frozen[index])


# --------------------------------------------------------------------------- running both

PARAMS = {"ProbeParam": "unchanged", "ProbeFilters": [{"Name": "a", "Values": ["x"]}]}


@dataclass
class Outcome:
    value: Any
    calls: list[dict[str, Any]]
    resume: Any
    error: str | None

    def differences(self, other: Outcome) -> list[str]:
        diffs = []
        for name in ("value", "calls", "resume", "error"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                diffs.append(f"{name}: botocore={_short(mine)} statewise={_short(theirs)}")
        return diffs


def _short(value: Any, limit: int = 600) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def spec_items(case: Case, page: dict[str, Any]) -> list[Any]:
    """What ``items()`` yields for one page: the items of each list-valued result key,
    in spec order (for one result key, what botocore's ``result_key_iters()`` yields)."""
    items: list[Any] = []
    for key in case.result_keys:
        value = jmespath.search(key, page)
        if isinstance(value, list):
            items.extend(value)
    return items


def lists_only(case: Case) -> bool:
    """True when every result key of every page is a list or missing: botocore's result_key_iters() works."""
    return all(
        isinstance(value, list) or value is None
        for page in case.pages
        for value in (jmespath.search(key, page) for key in case.result_keys)
    )


def documented_key_items(key: str, page: dict[str, Any]) -> list[Any]:
    """statewise's rule for one result key of one page, where botocore's result_key_iters() fails."""
    value = jmespath.search(key, page)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def interleaved(iterables: list[Any]) -> list[list[Any]]:
    """Read the iterators one item each in turn, so they advance the shared pass alternately."""
    iterators = [iter(x) for x in iterables]  # botocore's are iterables: iter() once each
    out: list[list[Any]] = [[] for _ in iterators]
    live = list(range(len(iterators)))
    while live:
        for i in list(live):
            try:
                out[i].append(clone(next(iterators[i])))
            except StopIteration:
                live.remove(i)
    return out


async def ainterleaved(iterables: list[Any]) -> list[list[Any]]:
    iterators = [aiter(x) for x in iterables]
    out: list[list[Any]] = [[] for _ in iterators]
    live = list(range(len(iterators)))
    while live:
        for i in list(live):
            try:
                out[i].append(clone(await anext(iterators[i])))
            except StopAsyncIteration:
                live.remove(i)
    return out


def decode_token(token: str | None) -> Any:
    if token is None:
        return None
    return json.loads(base64.b64decode(token))


def classify(exc: BaseException) -> str:
    if isinstance(exc, BotocorePaginationError):
        return "PaginationError"
    return type(exc).__name__


@dataclass(frozen=True)
class Scenario:
    label: str
    config: dict[str, Any] = field(default_factory=dict)
    mode: str = "pages"  # pages | full | search:<expr> | items
    keywords: bool = False  # statewise gets max_items= ... instead of PaginationConfig


def _consume(pager: Any, mode: str) -> Any:
    if mode == "pages":
        return [clone(page) for page in pager]
    if mode == "full":
        return pager.build_full_result()
    if mode.startswith("search:"):
        return [clone(x) for x in pager.search(mode[len("search:") :])]
    if mode == "items":  # statewise only; botocore has no items()
        return [clone(x) for x in pager.items()]
    if mode == "key_iters":
        return [[clone(x) for x in iterator] for iterator in pager.result_key_iters()]
    if mode == "key_iters_interleaved":
        return interleaved(pager.result_key_iters())
    raise ValueError(mode)


def _async_method(method: Callable[..., Any]) -> Callable[..., Any]:
    async def call(**kwargs: Any) -> Any:
        await asyncio.sleep(0)  # suspend, as a network call would
        return method(**kwargs)

    return call


async def _aconsume(pager: Any, mode: str) -> Any:
    if mode == "pages":
        return [clone(page) async for page in pager]
    if mode == "full":
        return await pager.build_full_result()
    if mode.startswith("search:"):
        return [clone(x) async for x in pager.search(mode[len("search:") :])]
    if mode == "items":
        return [clone(x) async for x in pager.items()]
    if mode == "key_iters":
        return [[clone(x) async for x in iterator] for iterator in pager.result_key_iters()]
    if mode == "key_iters_interleaved":
        return await ainterleaved(pager.result_key_iters())
    raise ValueError(mode)


class Runner:
    """Runs scenarios of one case through botocore and statewise."""

    def __init__(self, case: Case, statewise: Any, *, driver: str = "sync", prefetch: int = 0):
        self.driver = driver  # "sync" (paginate) or "async" (apaginate over an async fake)
        self.prefetch = prefetch
        self.case = case
        self.fake = FakeService(case)
        self.botocore = Paginator(self.fake, case.config, case.operation_model)
        self.sw = statewise
        self.spec = statewise.PaginatorSpec.from_dict(case.config, name=case.name)
        self.compared = 0
        self.mismatches: list[str] = []

    def run_botocore(self, scenario: Scenario) -> tuple[Outcome, Any]:
        self.fake.reset()
        pager = self.botocore.paginate(PaginationConfig=dict(scenario.config), **clone(PARAMS))
        value, error = None, None
        try:
            if scenario.mode == "items":
                value = [clone(x) for page in pager for x in spec_items(self.case, page)]
            elif scenario.mode.startswith("key_iters") and not lists_only(self.case):
                pages = [clone(page) for page in pager]
                value = [[x for page in pages for x in documented_key_items(k, page)] for k in self.case.result_keys]
            else:
                value = _consume(pager, scenario.mode)
        except Exception as exc:
            error = classify(exc)
        return Outcome(value, self.fake.calls, decode_token(pager.resume_token), error), pager

    def run_statewise(self, scenario: Scenario, *, raw_spec: bool = False) -> tuple[Outcome, Any]:
        self.fake.reset()
        spec = self.case.config if raw_spec else self.spec
        if scenario.keywords:
            options: dict[str, Any] = {
                "max_items": scenario.config.get("MaxItems"),
                "page_size": scenario.config.get("PageSize"),
                "starting_token": scenario.config.get("StartingToken"),
            }
        else:
            options = {"PaginationConfig": dict(scenario.config)}
        if self.prefetch:
            options["prefetch"] = self.prefetch
        value, error, pager = None, None, None
        try:
            if self.driver == "async":
                pager = self.sw.apaginate(_async_method(self.fake), spec=spec, **options, **clone(PARAMS))
                value = asyncio.run(_aconsume(pager, scenario.mode))
            else:
                pager = self.sw.paginate(self.fake, spec=spec, **options, **clone(PARAMS))
                value = _consume(pager, scenario.mode)
        except Exception as exc:
            error = classify(exc)
        resume = decode_token(getattr(pager, "resume_token", None))
        return Outcome(value, self.fake.calls, resume, error), pager

    def compare(self, scenario: Scenario, *, raw_spec: bool = False) -> tuple[Any, Any]:
        """Run ``scenario`` in both; record differences; return both resume tokens."""
        expected, bc_pager = self.run_botocore(scenario)
        actual, sw_pager = self.run_statewise(scenario, raw_spec=raw_spec)
        self.compared += 1
        for diff in expected.differences(actual):
            self.mismatches.append(f"{self.case.name} [{scenario.label}] {diff}")
        return bc_pager.resume_token, getattr(sw_pager, "resume_token", None)


# --------------------------------------------------------------------------- scenarios


def max_items_values(case: Case) -> list[tuple[str, int]]:
    counts = case.primary_counts[: case.reachable]
    total = sum(counts)
    values: dict[int, str] = {1: "1"}
    cumulative = 0
    for i, count in enumerate(counts[:-1]):
        if count >= 2:
            values.setdefault(cumulative + 1, f"mid-page{i}")
        cumulative += count
        if cumulative > 0:
            values.setdefault(cumulative, f"boundary-after-page{i}")
    values.setdefault(total, "total")
    values.setdefault(total + 3, "past-total")
    chosen = sorted(values.items())
    return [("MaxItems=0(zero)", 0)] + [(f"MaxItems={v}({label})", v) for v, label in chosen]


def run_case(runner: Runner) -> None:
    case = runner.case
    cmp = runner.compare
    cmp(Scenario("no-config"), raw_spec=True)
    cmp(Scenario("no-config full", mode="full"))
    cmp(Scenario("no-config full keywords", mode="full", keywords=True))
    primary = case.result_keys[0]
    cmp(Scenario("search primary", mode=f"search:{primary}"))
    cmp(Scenario("search last item", mode=f"search:{primary}[-1]"))
    cmp(Scenario("items", mode="items"))
    cmp(Scenario("items after MaxItems=1", {"MaxItems": 1}, mode="items"))
    cmp(Scenario("result_key_iters", mode="key_iters"))
    cmp(Scenario("result_key_iters interleaved", mode="key_iters_interleaved"))
    cmp(Scenario("result_key_iters after MaxItems=1", {"MaxItems": 1}, mode="key_iters_interleaved"))

    tokens: list[tuple[str, str, str | None]] = []
    for label, value in max_items_values(case):
        bc_token, sw_token = cmp(Scenario(label, {"MaxItems": value}))
        cmp(Scenario(f"{label} full keywords", {"MaxItems": value}, "full", keywords=True))
        if bc_token is not None:
            tokens.append((label, bc_token, sw_token))

    if case.page_size is not None:
        cmp(Scenario("PageSize", {"PageSize": case.page_size}))
        cmp(Scenario("PageSize keywords", {"PageSize": case.page_size}, keywords=True))
        cmp(Scenario("PageSize+MaxItems=1 full", {"PageSize": case.page_size, "MaxItems": 1}, "full"))

    for label, bc_token, sw_token in tokens[:4]:
        start = {"StartingToken": bc_token}
        cmp(Scenario(f"resume after {label}", start))
        cmp(Scenario(f"resume after {label} keywords full", start, "full", keywords=True))
        cmp(Scenario(f"resume after {label} +MaxItems=1", {**start, "MaxItems": 1}))
        cmp(Scenario(f"resume after {label} result_key_iters", start, "key_iters"))
        if case.page_size is not None:
            cmp(Scenario(f"resume after {label} +PageSize", {**start, "PageSize": case.page_size}))
        if sw_token is not None and sw_token != bc_token:
            # statewise's own token must resume botocore where botocore's does
            expected, _ = runner.run_botocore(Scenario("", start))
            crossed, _ = runner.run_botocore(Scenario("", {"StartingToken": sw_token}))
            runner.compared += 1
            for diff in expected.differences(crossed):
                runner.mismatches.append(f"{case.name} [botocore resumed from statewise token after {label}] {diff}")

    total = sum(case.primary_counts[: case.reachable])
    for chunk in sorted({2, max(1, total // 3)}):
        walk(runner, chunk, total)


def walk(runner: Runner, chunk: int, total: int) -> None:
    """Resume chunk by chunk with MaxItems=chunk, comparing every step."""
    token = None
    collected: list[Any] = []
    for step in range(total + len(runner.case.pages) + 2):
        config = {"MaxItems": chunk} if token is None else {"MaxItems": chunk, "StartingToken": token}
        label = f"walk chunk={chunk} step={step}"
        expected, bc_pager = runner.run_botocore(Scenario(label, config))
        actual, _ = runner.run_statewise(Scenario(label, config))
        runner.compared += 1
        for diff in expected.differences(actual):
            runner.mismatches.append(f"{runner.case.name} [{label}] {diff}")
        for page in actual.value or []:
            collected.extend(jmespath.search(runner.case.result_keys[0], page) or [])
        token = bc_pager.resume_token
        if token is None:
            break
    everything = [
        x
        for page in runner.case.pages[: runner.case.reachable]
        for x in (jmespath.search(runner.case.result_keys[0], page) or [])
    ]
    if collected != everything:
        runner.mismatches.append(
            f"{runner.case.name} [walk chunk={chunk}] statewise walk items differ from all items: "
            f"{_short(collected)} != {_short(everything)}"
        )


def check_service(
    service: str, statewise: Any, *, driver: str = "sync", prefetch: int = 0
) -> tuple[int, int, list[str]]:
    """Compare every paginator of ``service``; returns (paginators, scenarios, mismatches)."""
    compared, mismatches = 0, []
    ops = paginators(service)
    for operation in ops:
        runner = Runner(build_case(service, operation), statewise, driver=driver, prefetch=prefetch)
        run_case(runner)
        compared += runner.compared
        mismatches.extend(runner.mismatches)
    return len(ops), compared, mismatches


# --------------------------------------------------------------------------- tests


def _statewise() -> Any:
    import statewise

    return statewise


@pytest.mark.parametrize("service", services())
def test_paginators_match_botocore(service: str) -> None:
    count, compared, mismatches = check_service(service, _statewise())
    assert compared >= 10 * count  # some services ship an empty paginators-1.json
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:40])


# The drivers other than the plain sync one share the core; run them over the
# services whose specs have the rarer features (JMESPath and map tokens,
# more_results, several tokens or result keys, nested keys, non-aggregate keys).
DRIVER_SAMPLE = ["athena", "cloudfront", "dynamodb", "iam", "importexport", "kinesis", "route53", "s3"]


@pytest.mark.parametrize(("driver", "prefetch"), [("sync", 1), ("sync", 3), ("async", 0), ("async", 2)], ids=str)
@pytest.mark.parametrize("service", DRIVER_SAMPLE)
def test_other_drivers_match_botocore(service: str, driver: str, prefetch: int) -> None:
    count, compared, mismatches = check_service(service, _statewise(), driver=driver, prefetch=prefetch)
    assert compared >= 10 * count
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:40])


def test_every_paginator_is_covered() -> None:
    count = sum(len(paginators(s)) for s in services())
    assert len(services()) > 400
    assert count > 3000


def test_canned_cases_have_several_pages_and_tokens() -> None:
    """The generator is not vacuous: most cases page, some end on empty pages, etc."""
    cases = [build_case(s, op) for s in services()[:60] for op in paginators(s)]
    multi = [c for c in cases if c.reachable > 1]
    assert len(multi) > len(cases) // 2
    assert any(0 in c.primary_counts for c in cases)
    for case in multi:
        fake = FakeService(case)
        page = fake()
        tokens = next_request_tokens(case.config, page)
        assert tokens is not None
        assert fake(**tokens) == case.pages[1]


def test_result_key_iters_scenarios_reach_botocore_itself() -> None:
    """Most paginators' canned pages hold only lists, so botocore's own result_key_iters() is the reference;
    the ones holding counts or strings (botocore fails there) are a minority but present."""
    cases = [build_case(s, op) for s in services()[:80] for op in paginators(s)]
    multi_key = [c for c in cases if len(c.result_keys) > 1]
    assert sum(lists_only(c) for c in cases) > 0.9 * len(cases)
    assert any(lists_only(c) for c in multi_key)
    assert any(not lists_only(c) for c in multi_key)


def test_fake_rejects_unknown_tokens() -> None:
    case = build_case("ec2", "DescribeSnapshots")
    with pytest.raises(UnknownTokenError):
        FakeService(case)(NextToken="never-issued")


@pytest.mark.parametrize(
    ("service", "operation"),
    [
        ("s3", "ListObjects"),
        ("kinesis", "DescribeStream"),
        ("importexport", "ListJobs"),
        ("dynamodb", "Query"),
        ("route53", "ListResourceRecordSets"),
        ("s3", "ListObjectVersions"),
    ],
)
def test_special_specs_page_through_tokens(service: str, operation: str) -> None:
    """JMESPath output tokens, map tokens and multi-token specs reach their last page."""
    case = build_case(service, operation)
    assert case.reachable == len(case.pages)


def iter_all_cases() -> Iterator[Case]:
    for service in services():
        for operation in paginators(service):
            yield build_case(service, operation)


def run_all(statewise: Any, progress: Callable[[str], None] | None = None) -> tuple[int, int, list[str]]:
    """Every service; for reporting counts outside pytest."""
    total_ops, total_scenarios, all_mismatches = 0, 0, []
    for service in services():
        ops, compared, mismatches = check_service(service, statewise)
        total_ops += ops
        total_scenarios += compared
        all_mismatches.extend(mismatches)
        if progress and mismatches:
            progress(f"{service}: {len(mismatches)} mismatches")
    return total_ops, total_scenarios, all_mismatches
