"""`followup caldav sync` reads the store file and the archive's index, never an archived application,
against a real Radicale (tests/radicale_server.py): an application whose to-dos the phone still has
open when it is archived gets them completed, and what the phone changed on them since is said, exactly
as when nothing is archived.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from followup.app.archive import Archiving
from followup.store import Store, moves
from tests.conftest import Invoke
from tests.radicale_server import Server, by_summary, configure, new_task_list, phone, running_radicale, sync


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


def _scenario(
    invoke: Invoke, server: Server, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Oldco interviewed and synced in January, rejected, then archived by the write of June 2 that adds
    Acme (unless archiving is off); meanwhile the phone ticked one of Oldco's to-dos and moved another.
    The June sync's output, the phone's to-dos and the data after it."""
    folder.mkdir()
    count = itertools.count(1)  # the records' random ids (models.new_record_id), the same in each run
    monkeypatch.setattr("secrets.token_hex", lambda n: f"{next(count):0{2 * n}x}")
    store_file, config_file = folder / "followup.json", folder / "config.toml"
    monkeypatch.setenv("FOLLOWUP_STORE", str(store_file))
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(config_file))
    tasks = new_task_list(server, uuid.uuid4().hex)
    configure(config_file, tasks.url)
    invoke(
        "add", "--company", "Oldco", "--role", "Dev", "--interview-at", "2025-01-06T10:00",
        "--interviewer", "Kim Park <kim@oldco.example>", today="2025-01-06",
    )  # fmt: skip
    first = sync(invoke, today="2025-01-06").stdout
    invoke("status", "oldco", "rejected", today="2025-01-10")
    by_summary(tasks, "Thank Kim Park").complete(completion_timestamp=datetime(2025, 1, 7, 9, tzinfo=UTC))
    review = by_summary(tasks, "Review")
    with review.edit_icalendar_component() as todo:
        todo.pop("due")
        todo.add("due", date(2025, 1, 20))
    review.save()
    invoke(
        "add", "--company", "Acme", "--role", "Dev", "--interview-at", "2025-06-02T10:00",
        "--interviewer", "Jane Doe <jane@acme.example>", today="2025-06-02",
    )  # fmt: skip
    with monkeypatch.context() as m:
        m.setattr(moves, "join", _refused)  # the sync reads no archived application
        m.setattr(moves, "each_archived", _refused)
        second = sync(invoke, today="2025-06-02")
    todos = {
        uid: (str(c["summary"]), str(c["status"]), c["due"].dt)
        for uid, c in ((uid, t.icalendar_component) for uid, t in phone(tasks).items())
    }
    archived = "archive" in json.loads(store_file.read_bytes())
    return {
        "first": first,
        "out": second.stdout,
        "err": second.stderr,
        "todos": todos,
        "data": Store(store_file).read_logical(),
        "archived": archived,
    }


def _refused(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("an archived application was read")


def test_a_sync_after_an_application_was_archived_is_the_sync_of_all_the_data(
    invoke: Invoke, server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archived = _scenario(invoke, server, tmp_path / "archived", monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(Archiving, "settled", lambda self, data: set())  # nothing is ever moved
        whole = _scenario(invoke, server, tmp_path / "whole", monkeypatch)
    assert archived.pop("archived") and not whole.pop("archived")
    assert archived == whole
    lines = archived["out"].strip().splitlines()
    assert lines[0] == "Review the interview (Oldco): changed on the phone, but it ended here: completed."
    assert "completed: no longer open here" in lines[-1]
    oldco = [todo for todo in archived["todos"].values() if "(Oldco)" in todo[0]]
    assert oldco and all(status == "COMPLETED" for _, status, _ in oldco)
    assert any(
        "(Acme)" in summary and status == "NEEDS-ACTION" for summary, status, _ in archived["todos"].values()
    )
