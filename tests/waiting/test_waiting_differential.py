"""Differential tests: statewise.wait against botocore's Waiter, over every waiter in
the installed botocore data.

Theory of operation
-------------------
For each waiter (service, name, spec) we derive scripted observations from its
acceptors (``waiter_synthesis.candidates`` inverts the JMESPath argument; error
acceptors become raised ``ClientError``s; status acceptors become responses or
errors with that HTTP status) and keep, for each acceptor, the first candidate
that botocore's own ``AcceptorConfig`` says really triggers it (it matches,
and no acceptor before it does). A *waiting* observation is one that ends
nothing: a triggering candidate of a retry acceptor, or ``{}``.

Scenarios (each a script; the fake operation returns or raises the items in
order and repeats the last one forever):

- for each acceptor: waiting, then its trigger;
- waiting forever (to max attempts), also under ``WaiterConfig``;
- waiting, then an error no acceptor names (raised), and an error returned
  in the response dict;
- where some observation makes an acceptor's JMESPath raise in botocore
  (``length(Reservations[])`` on ``{}``; botocore's ``wait()`` crashes with
  jmespath's error): that observation forever, and that observation then
  each acceptor's trigger. statewise counts such an acceptor as not
  matching, so here the reference is botocore's own ``Waiter`` with each
  acceptor's matcher made to answer "no match" where it would raise; a
  separate check pins that unpatched botocore does raise on those scripts.

The same script drives botocore's ``Waiter`` (its ``time.sleep`` replaced by a
recorder) and ``statewise.wait(op, spec=...)`` on a FakeClock. We compare the
outcome (success, failure by an acceptor, failure by an unexpected error,
timeout), the number of calls and their parameters, the delays slept, and the
last response. We also check that every acceptor of every waiter agrees with
botocore's matcher on every observation built for that waiter.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from typing import Any
from unittest import mock

import botocore.waiter
import pytest
from botocore.exceptions import ClientError
from botocore.exceptions import WaiterError as BotocoreWaiterError
from jmespath.exceptions import JMESPathError
from waiter_synthesis import candidates, client_error

import statewise
from statewise.specs.botocore_data import available_services, service_document
from statewise.specs.waiter import WaiterSpec
from statewise.testing import FakeClock


def _all_waiters() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for service in available_services("waiters-2"):
        document = service_document(service, "waiters-2") or {"waiters": {}}
        for name, config in sorted(document["waiters"].items()):
            found.append((service, name, copy.deepcopy(config)))
    return found


WAITERS = _all_waiters()


def _observation(item: Any) -> Any:
    return item.response if isinstance(item, ClientError) else item


def _botocore_state(config: botocore.waiter.SingleWaiterConfig, item: Any) -> tuple[int | None, str | None]:
    """(index, state) of the acceptor botocore's waiter would pick for ``item``."""
    observation = _observation(item)
    for index, acceptor in enumerate(config.acceptors):
        try:
            if acceptor.matcher_func(observation):
                return index, acceptor.state
        except JMESPathError:  # e.g. length(null): botocore's wait() raises it too
            return index, "raises"
    return None, None


def _ends_nothing(config: botocore.waiter.SingleWaiterConfig, item: Any) -> bool:
    _, state = _botocore_state(config, item)
    return state in (None, "retry") and not botocore.waiter.is_valid_waiter_error(_observation(item))


def _scripts(config: dict[str, Any]) -> tuple[dict[str, list[Any]], int, list[Any]]:
    """Scenario scripts, the number of acceptors with a triggering observation, all observations."""
    model = botocore.waiter.SingleWaiterConfig(config)
    triggers: dict[int, Any] = {}
    every: list[Any] = []
    for index, acceptor in enumerate(config["acceptors"]):
        built = candidates(acceptor)
        every.extend(built)
        for item in built:
            if _botocore_state(model, item)[0] == index:
                triggers[index] = item
                break
    retry_triggers = [item for i, item in triggers.items() if config["acceptors"][i]["state"] == "retry"]
    waiting = next((item for item in [*retry_triggers, {}] if _ends_nothing(model, item)), None)
    prefix = [] if waiting is None else [waiting]
    scripts: dict[str, list[Any]] = {f"acceptor{i}": [*prefix, item] for i, item in sorted(triggers.items())}
    if waiting is not None:
        scripts["exhaust"] = [waiting]
    scripts["unexpected-raised"] = [*prefix, client_error("StatewiseUnexpectedError")]
    scripts["unexpected-returned"] = [*prefix, {"Error": {"Code": "StatewiseReturned", "Message": "in the body"}}]
    return scripts, len(triggers), every


def _no_match_when_it_raises(matcher: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def tolerant(observation: Any) -> Any:
        try:
            return matcher(observation)
        except JMESPathError:
            return False

    return tolerant


class TolerantWaiterConfig(botocore.waiter.SingleWaiterConfig):
    """botocore's waiter config, with acceptors that do not match where their expression raises."""

    @property
    def acceptors(self) -> list[Any]:
        found = list(super().acceptors)
        for acceptor in found:
            acceptor.matcher_func = _no_match_when_it_raises(acceptor.matcher_func)
        return found


def _unevaluable_scripts(
    config: dict[str, Any], every: list[Any], triggers: dict[str, list[Any]]
) -> dict[str, list[Any]]:
    """Scripts that start with an observation on which some acceptor's expression raises in botocore."""
    model = botocore.waiter.SingleWaiterConfig(config)
    raising = next((item for item in [{}, *every] if _botocore_state(model, item)[1] == "raises"), None)
    if raising is None:
        return {}
    scripts = {"unevaluable": [raising]}
    for label, script in triggers.items():
        if label.startswith("acceptor"):
            scripts[f"unevaluable-then-{label}"] = [raising, script[-1]]
    return scripts


class Service:
    """A fake operation: returns (or raises) the script's items in order, then repeats the last."""

    def __init__(self, script: list[Any]):
        self.script = script
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> Any:
        self.calls.append(params)
        item = self.script[min(len(self.calls), len(self.script)) - 1]
        if isinstance(item, ClientError):
            raise item
        return item


Outcome = tuple[str, int, list[dict[str, Any]], list[float], Any]


def _run_botocore(
    name: str, config: dict[str, Any], script: list[Any], extra: dict[str, Any], *, tolerant: bool = False
) -> Outcome:
    service = Service(script)
    sleeps: list[float] = []
    model = (TolerantWaiterConfig if tolerant else botocore.waiter.SingleWaiterConfig)(config)
    waiter = botocore.waiter.Waiter(
        name,
        model,  # type: ignore[arg-type]  # the stubs are wrong
        botocore.waiter.NormalizedOperationMethod(service),
    )
    try:
        with mock.patch.object(botocore.waiter, "time", types.SimpleNamespace(sleep=sleeps.append)):
            waiter.wait(Key="k", **extra)
        kind, last = "success", None
    except JMESPathError as exc:
        kind, last = f"raised {type(exc).__name__}", None
    except BotocoreWaiterError as exc:
        reason = exc.kwargs["reason"]
        kind = (
            "timeout" if reason.startswith("Max attempts exceeded")
            else "unexpected" if reason.startswith("An error occurred")
            else "failure"
        )  # fmt: skip
        last = exc.last_response
    return kind, len(service.calls), service.calls, [float(s) for s in sleeps], last


def _run_statewise(spec: WaiterSpec, script: list[Any], extra: dict[str, Any]) -> Outcome:
    service = Service(script)
    clock = FakeClock()
    try:
        statewise.wait(service, spec=spec, clock=clock, Key="k", **extra)
        kind, last = "success", None
    except JMESPathError as exc:
        kind, last = f"raised {type(exc).__name__}", None
    except statewise.WaiterTimeout as exc:
        kind, last = "timeout", exc.last_response
    except statewise.WaiterFailed as exc:
        kind, last = ("failure" if exc.acceptor is not None else "unexpected"), exc.last_response
    return kind, len(service.calls), service.calls, clock.sleeps, last


def _compare(label: str, theirs: Outcome, ours: Outcome) -> list[str]:
    fields = ("outcome", "calls", "params", "delays")
    problems = [
        f"{label}: {field} botocore={a!r:.200} statewise={b!r:.200}"
        for field, a, b in zip(fields, theirs[:4], ours[:4], strict=True)
        if a != b
    ]
    if theirs[4] is not ours[4]:
        problems.append(f"{label}: last_response differs: botocore={theirs[4]!r:.200} statewise={ours[4]!r:.200}")
    return problems


def _verdict(matcher: Callable[[Any], Any], observation: Any) -> bool | str:
    try:
        return bool(matcher(observation))
    except JMESPathError as exc:
        return type(exc).__name__


COVERAGE: dict[str, tuple[int, int]] = {}


@pytest.mark.parametrize(
    ("service", "name", "config"), WAITERS, ids=[f"{service}.{name}" for service, name, _ in WAITERS]
)
def test_same_as_botocore(service: str, name: str, config: dict[str, Any]) -> None:
    spec = WaiterSpec.from_dict(config, name=f"{service}.{name}")
    scripts, triggered, every = _scripts(config)
    COVERAGE[f"{service}.{name}"] = (triggered, len(config["acceptors"]))
    problems: list[str] = []
    for label, script in scripts.items():
        problems += _compare(label, _run_botocore(name, config, script, {}), _run_statewise(spec, script, {}))
    small = {"WaiterConfig": {"Delay": 0.5, "MaxAttempts": 4}}
    if "exhaust" in scripts:
        theirs = _run_botocore(name, config, scripts["exhaust"], small)
        problems += _compare("exhaust+WaiterConfig", theirs, _run_statewise(spec, scripts["exhaust"], small))
    for label, script in _unevaluable_scripts(config, every, scripts).items():
        strict = _run_botocore(name, config, script, {})
        if not strict[0].startswith("raised"):
            problems.append(f"{label}: botocore was expected to raise on {script[0]!r:.200}, got {strict[0]}")
        theirs = _run_botocore(name, config, script, {}, tolerant=True)
        problems += _compare(label, theirs, _run_statewise(spec, script, {}))
    model = botocore.waiter.SingleWaiterConfig(config)
    for item in [*every, {}, client_error("Other")]:
        observation = _observation(item)
        for mine, botocores in zip(spec.acceptors, model.acceptors, strict=True):
            if _verdict(mine.matches, observation) != _verdict(botocores.matcher_func, observation):
                problems.append(f"acceptor {mine.index} disagrees with botocore on {observation!r:.200}")
    assert not problems, "\n".join(problems)


def test_unevaluable_acceptors_are_covered() -> None:
    """Enough waiters have an acceptor that botocore cannot evaluate on some observation to pin the rule."""
    found = []
    for service, name, config in WAITERS:
        scripts, _, every = _scripts(config)
        if _unevaluable_scripts(config, every, scripts):
            found.append(f"{service}.{name}")
    assert "ec2.InstanceExists" in found
    assert len(found) >= 5, found


def test_every_waiter_is_covered() -> None:
    """At least 95% of all acceptors get an observation that really triggers them."""
    scripts_total = sum(len(config["acceptors"]) for _, _, config in WAITERS)
    triggered = sum(_scripts(config)[1] for _, _, config in WAITERS)
    assert len(WAITERS) > 300
    assert triggered / scripts_total > 0.95, f"{triggered}/{scripts_total} acceptors triggered"
