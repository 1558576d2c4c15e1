"""statewise.cli.live: events recorded as they come, the live table, Ctrl-C aborts the run."""

from __future__ import annotations

from rich.console import Console

from statewise.cli.live import LiveView, follow


class StubHandle:
    """An ExecutionHandle that finishes after ``polls`` looks, its history growing one event a look."""

    def __init__(self, polls, *, interrupt=False):
        self.polls = polls
        self.looks = 0
        self.interrupt = interrupt
        self.aborted = None
        self.events = []

    @property
    def history(self):
        return list(self.events)

    def result(self, timeout=None):
        if self.aborted is not None:
            return "aborted"
        if self.interrupt:
            raise KeyboardInterrupt
        self.looks += 1
        if self.looks > self.polls:
            return "done"
        self.events.append({"id": self.looks, "type": "PassStateEntered",
                            "stateEnteredEventDetails": {"name": f"S{self.looks}"}})  # fmt: skip
        raise TimeoutError

    def abort(self, error=None, cause=None):
        self.aborted = (error, cause)


class StubView:
    def __init__(self):
        self.seen = []

    def update(self, history):
        self.seen.append(len(history))


def test_follow_records_each_new_batch_once():
    batches, view = [], StubView()
    assert follow(StubHandle(3), batches.append, view) == "done"
    assert [[e["id"] for e in batch] for batch in batches] == [[1], [2], [3]]
    assert view.seen == [1, 2, 3]


def test_ctrl_c_aborts_the_execution():
    handle = StubHandle(3, interrupt=True)
    assert follow(handle, lambda events: None) == "aborted"
    assert handle.aborted == (None, "stopped from the command line (Ctrl-C)")


def test_the_live_table_shows_running_states_and_map_progress():
    history = [
        {"type": "ExecutionStarted"},
        {"type": "MapStateEntered", "stateEnteredEventDetails": {"name": "Rebuild"}},
        *[{"type": "MapIterationStarted", "mapIterationStartedEventDetails": {"name": "Rebuild", "index": i}}
          for i in range(3)],
        {"type": "TaskStateEntered", "stateEnteredEventDetails": {"name": "Call"}},
    ]  # fmt: skip
    console = Console(record=True, width=100)
    console.print(LiveView("wf (abc)").render(history))
    text = console.export_text()
    assert "wf (abc): 6 events" in text
    assert "Rebuild" in text
    assert "0 of 3 iterations done" in text
    assert "Call" in text
    assert "running" in text


def test_the_live_table_counts_the_pages_fetched():
    def answer(resource_type, resource):
        details = {"resourceType": resource_type, "resource": resource, "output": "{}"}
        return {"type": "TaskSucceeded", "taskSucceededEventDetails": details}

    history = [
        {"type": "ExecutionStarted"},
        answer("aws-sdk:workspaces", "describeWorkspaces"),  # pageable: DescribeWorkspaces has a paginator
        answer("aws-sdk:workspaces", "rebuildWorkspaces"),  # not a page
        answer("aws-sdk:s3", "listObjectsV2"),
        answer("lambda", "invoke"),  # an optimized integration: no page
    ]
    console = Console(record=True, width=100)
    console.print(LiveView("wf (abc)").render(history))
    assert "wf (abc): 5 events, 2 pages fetched" in console.export_text()
