"""The resolver chain: the first source that serves a Task wins; what nothing serves is listed once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from statewise.integrations.resolver import Bindings, Chain, unserved
from statewise.integrations.resources import Resource, bind
from statewise.integrations.targets import Target, parse_target


class _Only:
    """A source that serves one service, whatever the action."""

    def __init__(self, service: str, resource: Resource) -> None:
        self.service, self.resource = service, resource

    def resolve(self, target: Target) -> Resource | None:
        return self.resource if target.service == self.service else None


async def _call(resource: Resource | None, payload: Any) -> Any:
    assert resource is not None
    context: Mapping[str, Any] = {}
    return await resource.invoke(payload, context)


def test_bindings_serve_exact_resource_texts() -> None:
    fn = bind(lambda payload: payload)
    bindings = Bindings({"rebuild": fn})
    assert bindings.resolve(parse_target("rebuild")) is fn
    assert bindings.resolve(parse_target("rebuild2")) is None


def test_the_first_link_that_answers_wins() -> None:
    explicit, fallback = bind(lambda payload: "explicit"), bind(lambda payload: "fallback")
    invoke = "arn:aws:states:::lambda:invoke"
    chain = Chain((Bindings({invoke: explicit}), _Only("lambda", fallback)))
    assert chain.resolve(parse_target(invoke)) is explicit
    assert chain.resolve(parse_target("arn:aws:states:::lambda:invoke.waitForTaskToken")) is fallback
    assert chain.resolve(parse_target("arn:aws:states:::sns:publish")) is None


def test_unserved_lists_each_target_once_in_order() -> None:
    chain = Chain((Bindings({"a": bind(lambda payload: 1)}),))
    targets = [parse_target(arn) for arn in ("b", "a", "c", "b")]
    assert [target.arn for target in unserved(chain, targets)] == ["b", "c"]
