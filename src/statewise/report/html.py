"""One stored execution as a self-contained HTML page: works offline, no scripts, no fetches.

Theory of operation: the page is built from the stored execution and its
history only. The diagram is the definition's SVG with the execution's
overlay (states coloured by outcome, Map iteration counts); the states table
gives each state's entries and the input and output of its last one, read
from the ``stateEnteredEventDetails``/``stateExitedEventDetails`` of the
history; the timeline lists every event with its time from the start. Every
value is HTML-escaped; styles are inline in the page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from statewise.asl.parse import parse
from statewise.diagrams import diagram, html_page, overlay, to_svg
from statewise.store import StoredExecution

__all__ = ["render_report"]


@dataclass(slots=True)
class _StateRecord:
    entered: int = 0
    exited: int = 0
    input: Any = field(default=None)
    output: Any = field(default=None)


def render_report(execution: StoredExecution, history: Sequence[Mapping[str, Any]]) -> str:
    """The HTML page of ``execution`` (as the store keeps it) and its ``history``."""
    svg = to_svg(diagram(parse(execution.definition)), overlay(history))
    title = f"{execution.machine_name} / {execution.name}"
    body = [
        f"<h1>{escape(title)}</h1>",
        _summary(execution),
        "<h2>Diagram</h2>",
        f'<div class="diagram" id="diagram">{svg.text}</div>',
        "<h2>Input</h2>",
        _json_block(execution.input),
        "<h2>Output</h2>" if execution.status == "SUCCEEDED" else "<h2>Error</h2>",
        _json_block(execution.output) if execution.status == "SUCCEEDED" else _error(execution),
        "<h2>States</h2>",
        _states(history),
        "<h2>Events</h2>",
        _events(execution, history),
    ]
    return html_page(f"statewise: {title}", "\n".join(body))


def _summary(execution: StoredExecution) -> str:
    stop = execution.stop_date
    seconds = "" if stop is None else f"{(stop - execution.start_date).total_seconds():.3f} s"
    rows = [
        ("Status", f'<strong class="{escape(execution.status)}" id="status">{escape(execution.status)}</strong>'),
        ("Execution id", escape(execution.id)),
        ("Execution ARN", escape(execution.arn)),
        ("State machine", escape(execution.machine_name)),
        ("Started", escape(execution.start_date.isoformat())),
        ("Stopped", escape("" if stop is None else stop.isoformat())),
        ("Duration", seconds),
        ("Events", str(execution.events)),
    ]
    cells = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f'<table class="summary">{cells}</table>'


def _error(execution: StoredExecution) -> str:
    if execution.status in ("RUNNING", "INTERRUPTED"):
        return f"<p>No outcome: the execution is {escape(execution.status)}; the events below are those recorded.</p>"
    return (
        f"<p><strong>{escape(execution.error or 'no error name')}</strong></p>"
        f"<pre>{escape(execution.cause or 'no cause')}</pre>"
    )


def _json_block(value: Any) -> str:
    return f"<pre>{escape(json.dumps(value, indent=2, ensure_ascii=False))}</pre>"


def _details_json(text: Any) -> Any:
    """A history payload (JSON text) as a value; text that is not JSON stays as it is."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _states(history: Sequence[Mapping[str, Any]]) -> str:
    records: dict[str, _StateRecord] = {}
    for event in history:
        if entered := event.get("stateEnteredEventDetails"):
            record = records.setdefault(entered["name"], _StateRecord())
            record.entered += 1
            record.input = _details_json(entered.get("input"))
        elif exited := event.get("stateExitedEventDetails"):
            record = records.setdefault(exited["name"], _StateRecord())
            record.exited += 1
            record.output = _details_json(exited.get("output"))
    rows = "".join(
        f'<tr data-state="{escape(name)}"><td>{escape(name)}</td><td>{r.entered}</td><td>{r.exited}</td>'
        f"<td>{_json_block(r.input)}</td><td>{_json_block(r.output) if r.exited else ''}</td></tr>"
        for name, r in records.items()
    )
    head = "<tr><th>State</th><th>Entered</th><th>Exited</th><th>Last input</th><th>Last output</th></tr>"
    return f'<table class="states">{head}{rows}</table>'


def _events(execution: StoredExecution, history: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for event in history:
        offset = (event["timestamp"] - execution.start_date).total_seconds() * 1000
        details = next((value for key, value in event.items() if key.endswith("EventDetails")), None)
        shown = "" if details is None else escape(json.dumps(details, ensure_ascii=False))
        rows.append(
            f"<tr><td>{event['id']}</td><td>{offset:.0f} ms</td><td>{escape(event['type'])}</td>"
            f"<td><code>{shown}</code></td></tr>"
        )
    head = "<tr><th>#</th><th>Time</th><th>Type</th><th>Details</th></tr>"
    return f'<table class="events">{head}{"".join(rows)}</table>'
