"""The pagination protocol, without I/O.

Theory of operation: a :class:`PageCore` is one pass over an operation's
pages. The driver asks :meth:`PageCore.first_call` for the request
parameters, makes the call, and hands the response to
:meth:`PageCore.receive`, which returns the parameters of the next call, or
``None`` when the pass is over. All decisions live here, so the sync and async
drivers (and the prefetching ones) behave the same; a fresh core per pass
means iterating twice starts twice from the beginning.

The rules are botocore's ``PageIterator`` rules, pinned by differential tests:

* a starting token (botocore's base64 JSON, or a legacy ``a___b___3`` token, or
  a raw service token) is decoded up front; its ``boto_truncate_amount`` cuts
  that many items off the front of the first page's primary result key, and the
  first page's secondary result keys are emptied (they were already returned);
* with ``max_items``, the page that crosses the limit is cut in place and the
  resume token is the token that fetched it plus how many items were kept; a
  pass that ends exactly on a page boundary resumes with the page's next token;
* next tokens are the output token values, a falsy value meaning "none"; the
  pass ends when all are none or ``more_results`` is false; a next token equal
  to the previous one raises :class:`RepeatedTokenError` (the loop never spins).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from statewise.errors import InvalidTokenError, RepeatedTokenError
from statewise.specs.expressions import Expr, set_dotted
from statewise.specs.paginator import PaginatorSpec
from statewise.specs.tokens import MalformedTokenError, decode_token, encode_token

__all__ = ["PageCore", "parse_starting_token", "result_items", "search_page"]

Token = dict[str, Any]
_TRUNCATE = "boto_truncate_amount"


def parse_starting_token(spec: PaginatorSpec, text: str) -> tuple[Token, int]:
    """Split a starting token into the service tokens and the items to skip.

    Raises :class:`InvalidTokenError` when the token cannot belong to ``spec``.
    """
    if not isinstance(text, str) or not text:
        raise InvalidTokenError(f"a starting token must be a non-empty string, got {text!r}", token=str(text))
    try:
        token = decode_token(text)
    except MalformedTokenError as exc:
        raise InvalidTokenError(f"starting token {text!r} is damaged: {exc}", token=text) from None
    except ValueError:
        return _legacy_token(spec, text)
    skip = token.pop(_TRUNCATE, 0)
    if type(skip) is not int or skip < 0:
        raise InvalidTokenError(
            f"starting token {text!r} has a bad {_TRUNCATE} {skip!r}; expected a whole number >= 0",
            token=text,
        )
    if set(token) != set(spec.input_token):
        raise InvalidTokenError(
            f"starting token {text!r} holds {sorted(token)} but {spec.name} pages with "
            f"{list(spec.input_token)}; was it made for another operation?",
            token=text,
        )
    return token, skip


def _legacy_token(spec: PaginatorSpec, text: str) -> tuple[Token, int]:
    # botocore's pre-1.0 form "tok1___tok2___index"; anything else that does
    # not decode is taken as the service's own token for the first input token.
    parts = text.split("___")
    skip = 0
    if len(parts) == len(spec.input_token) + 1:
        try:
            skip = int(parts[-1])
            parts.pop()
        except ValueError:
            parts = [text]
    if len(parts) > len(spec.input_token):
        raise InvalidTokenError(
            f"starting token {text!r} has {len(parts)} parts but {spec.name} pages with "
            f"{len(spec.input_token)} token(s) {list(spec.input_token)}",
            token=text,
        )
    values = [None if part == "None" else part for part in parts]
    values += [None] * (len(spec.input_token) - len(values))
    return dict(zip(spec.input_token, values, strict=True)), skip


class PageCore:
    """One pass of pagination: decides each request from the last response."""

    __slots__ = (
        "_first",
        "_kwargs",
        "_max_items",
        "_previous",
        "_primary",
        "_read_token",
        "_skip",
        "_token",
        "_total",
        "non_aggregate_part",
        "resume_token",
        "spec",
    )

    def __init__(
        self,
        spec: PaginatorSpec,
        params: Mapping[str, Any],
        *,
        max_items: int | None = None,
        page_size: Any = None,
        starting_token: str | None = None,
    ) -> None:
        self.spec = spec
        self.resume_token: str | None = None
        self.non_aggregate_part: dict[str, Any] = {}
        self._kwargs = dict(params)
        self._max_items = max_items
        self._total = 0
        self._first = True
        self._previous: Token | None = None
        if starting_token is None:
            self._token: Token = dict.fromkeys(spec.input_token)
            self._skip: int | None = None
        else:
            self._token, self._skip = parse_starting_token(spec, starting_token)
            self._inject(self._token)
        if page_size is not None and spec.limit_key is not None:
            self._kwargs[spec.limit_key] = page_size
        self._primary = spec.result_key[0].search
        # The common spec (one token, no more_results) reads its token with one look-up.
        simple = len(spec.input_token) == 1 and spec.more_results is None
        self._read_token = _single_token(spec.input_token[0], spec.output_token[0].search) if simple else self._tokens

    def first_call(self) -> dict[str, Any]:
        """Parameters of the first request."""
        return self._kwargs

    def current_token(self) -> str | None:
        """A token that resumes at the request about to be made (None: from the start)."""
        token = dict(self._token)
        if self._first and self._skip:
            token[_TRUNCATE] = self._skip
        elif all(value is None for value in token.values()):
            return None
        return encode_token(token)

    def receive(self, page: dict[str, Any]) -> dict[str, Any] | None:
        """Take one response (cut in place if needed); return the next request's parameters or None."""
        skip = self._begin(page) if self._first else 0
        limit = self._max_items
        if limit is not None:
            items = self._primary(page)
            count = len(items) if items is not None else 0
            if self._total + count > limit:
                self._cut_back(page, items, limit - self._total, skip)
                return None
            self._total += count
        token = self._read_token(page)
        if token is None:
            return None
        if limit is not None and self._total == limit:
            self.resume_token = encode_token(token)
            return None
        if token == self._previous:
            raise self._repeated(token)
        self._previous = self._token = token
        self._inject(token)
        return self._kwargs

    def _begin(self, page: dict[str, Any]) -> int:
        self._first = False
        skip = 0
        if self._skip is not None:
            skip = self._skip
            self._cut_front(page, skip)
        if self.spec.non_aggregate_keys:
            self._record_non_aggregate(page)
        return skip

    def _cut_back(self, page: dict[str, Any], items: Any, keep: int, skip: int) -> None:
        set_dotted(page, self.spec.result_key[0].source, (items or [])[:keep])
        self._token[_TRUNCATE] = keep + skip
        self.resume_token = encode_token(self._token)

    def _repeated(self, token: Token) -> RepeatedTokenError:
        return RepeatedTokenError(
            f"{self.spec.name}: the service returned the same next token twice in a row: {token}",
            resume_token=encode_token(token),
        )

    def _tokens(self, page: dict[str, Any]) -> Token | None:
        spec = self.spec
        if spec.more_results is not None and not spec.more_results.search(page):
            return None
        token: Token = {}
        found = False
        for name, expr in zip(spec.input_token, spec.output_token, strict=True):
            value = expr.search(page)
            if value:
                found = True
                token[name] = value
            else:
                token[name] = None
        return token if found else None

    def _inject(self, token: Token) -> None:
        kwargs = self._kwargs
        for name, value in token.items():
            if value is not None and value != "None":
                kwargs[name] = value
            else:
                kwargs.pop(name, None)

    def _cut_front(self, page: dict[str, Any], skip: int) -> None:
        primary, *secondary = self.spec.result_key
        data = primary.search(page)
        set_dotted(page, primary.source, data[skip:] if isinstance(data, list | str) else None)
        for expr in secondary:
            set_dotted(page, expr.source, _emptied(expr.search(page)))

    def _record_non_aggregate(self, page: dict[str, Any]) -> None:
        part: dict[str, Any] = {}
        for expr in self.spec.non_aggregate_keys:
            set_dotted(part, expr.source, expr.search(page))
        self.non_aggregate_part = part


def _single_token(name: str, search: Callable[[Any], Any]) -> Callable[[Any], Token | None]:
    def read(page: Any) -> Token | None:
        value = search(page)
        return {name: value} if value else None

    return read


def _emptied(sample: Any) -> Any:
    # What a secondary result key shows on a resumed first page: its items were
    # already returned, but counts (DynamoDB Count/ScannedCount) stay as sent.
    if isinstance(sample, list):
        return []
    if isinstance(sample, str):
        return ""
    if isinstance(sample, int | float):
        return sample
    return None


def result_items(result_key: tuple[Expr, ...], page: Mapping[str, Any]) -> list[Any]:
    """The items of every list-valued result key of ``page``, in spec order."""
    items: list[Any] = []
    for expr in result_key:
        value = expr.search(page)
        if isinstance(value, list):
            items.extend(value)
    return items


def search_page(expr: Expr, page: Mapping[str, Any]) -> list[Any]:
    """What ``Pages.search`` yields for one page: a list result's items, else the result itself."""
    found = expr.search(page)
    return found if isinstance(found, list) else [found]
