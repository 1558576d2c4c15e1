"""The resolver chain: the first source that serves a Task wins; what nothing serves is listed once."""

from __future__ import annotations

from statewise.integrations.resolver import Bindings, Chain, TaskRef, unserved
from statewise.integrations.resources import Resource, bind
from statewise.integrations.targets import parse_target


class _Only:
    """A source that serves one service, whatever the action."""

    def __init__(self, service: str, resource: Resource) -> None:
        self.service, self.resource = service, resource

    def resolve(self, task: TaskRef) -> Resource | None:
        return self.resource if task.target.service == self.service else None


def _ref(arn: str) -> TaskRef:
    return TaskRef("State", parse_target(arn))


def test_bindings_serve_exact_resource_texts() -> None:
    fn = bind(lambda payload: payload)
    bindings = Bindings({"rebuild": fn})
    assert bindings.resolve(_ref("rebuild")) is fn
    assert bindings.resolve(_ref("rebuild2")) is None


def test_the_first_link_that_answers_wins() -> None:
    explicit, fallback = bind(lambda payload: "explicit"), bind(lambda payload: "fallback")
    invoke = "arn:aws:states:::lambda:invoke"
    chain = Chain((Bindings({invoke: explicit}), _Only("lambda", fallback)))
    assert chain.resolve(_ref(invoke)) is explicit
    assert chain.resolve(_ref("arn:aws:states:::lambda:invoke.waitForTaskToken")) is fallback
    assert chain.resolve(_ref("arn:aws:states:::sns:publish")) is None


def test_unserved_lists_each_target_once_in_order() -> None:
    chain = Chain((Bindings({"a": bind(lambda payload: 1)}),))
    tasks = [_ref(arn) for arn in ("b", "a", "c", "b")]
    assert [task.target.arn for task in unserved(chain, tasks)] == ["b", "c"]
