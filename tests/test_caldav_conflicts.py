"""`followup caldav sync` when both sides changed a to-do, when the phone did what followup cannot
record, and when a sync is killed half-way; against a real Radicale (tests/radicale_server.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.radicale_server import (
    TUE,
    Radicale,
    Server,
    add_acme,
    app_record,
    by_summary,
    configure,
    new_task_list,
    open_actions,
    phone,
    running_radicale,
    sync,
    sync_json,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


@pytest.fixture
def radicale(server: Server, request: pytest.FixtureRequest) -> Radicale:
    """A task list of its own for each test, on the module's one server."""
    return new_task_list(server, uuid.uuid4().hex)


@pytest.fixture
def synced(invoke: Invoke, config_file: Path, radicale: Radicale) -> Radicale:
    """Acme (two interviewers) and Globex, synced once."""
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    return radicale


def move_due(todo: Any, day: date) -> None:
    with todo.edit_icalendar_component() as component:
        component.pop("due")
        component.add("due", day)
    todo.save()


def status(server: Radicale, summary: str) -> str:
    return str(by_summary(server, summary).icalendar_component["status"])


# Changed on both sides --------------------------------------------------------------------------------


def test_a_due_date_moved_on_both_sides_takes_the_phones(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    invoke("snooze", "acme", "thank-you", "--with", "Jane", "--until", "2026-03-05", today=TUE)
    move_due(by_summary(synced, "Thank Jane Doe"), date(2026, 3, 10))
    lines = sync(invoke).stdout.strip().splitlines()
    assert lines[0] == "Thank Jane Doe (Acme): due date changed on both sides; the phone's (2026-03-10) wins."
    assert "1 put off from the phone: Thank Jane Doe (Acme) until 2026-03-10" in lines[-1]
    snoozes = app_record(store_file, "acme")["snoozes"]
    assert [(s["person"], s["until"]) for s in snoozes] == [("Jane Doe", "2026-03-10")]


def test_the_phones_completion_wins_over_a_snooze_here(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    invoke("snooze", "acme", "thank-you", "--with", "Bob", "--until", "2026-03-05", today=TUE)
    by_summary(synced, "Thank Bob Lee").complete(completion_timestamp=datetime(2026, 3, 3, 18, tzinfo=UTC))
    lines = sync(invoke).stdout.strip().splitlines()
    assert lines[0] == "Thank Bob Lee (Acme): changed on both sides; the phone's completion wins."
    acme = app_record(store_file, "acme")
    assert [(d["person"], d["on"]) for d in acme["done"]] == [("Bob Lee", "2026-03-03")]
    assert acme["snoozes"] == []
    assert ("acme", "thank-you", "Bob Lee") not in open_actions(invoke, "2026-03-05")
    assert status(synced, "Thank Bob Lee") == "COMPLETED"


def test_the_phones_deletion_wins_over_a_snooze_here(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    invoke("snooze", "acme", "thank-you", "--with", "Bob", "--until", "2026-03-05", today=TUE)
    by_summary(synced, "Thank Bob Lee").delete()
    lines = sync(invoke).stdout.strip().splitlines()
    assert lines[0] == "Thank Bob Lee (Acme): changed on both sides; the phone's deletion wins."
    assert [(d["action"], d["person"]) for d in app_record(store_file, "acme")["dismissals"]] == [
        ("thank-you", "Bob Lee")
    ]
    assert not [t for t in phone(synced).values() if "Bob" in str(t.icalendar_component["summary"])]


def test_an_action_ended_here_stays_completed_on_the_phone(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    invoke("done", "acme", "thank-you", "--with", "Bob", today=TUE)
    sync(invoke)
    bob = by_summary(synced, "Thank Bob Lee")
    with bob.edit_icalendar_component() as component:  # ticked off again on the phone
        component.pop("status")
        component.pop("completed")
        component.add("status", "NEEDS-ACTION")
    bob.save()
    lines = sync(invoke).stdout.strip().splitlines()
    assert lines == [
        "Thank Bob Lee (Acme): changed on the phone, but it ended here: completed.",
        "1 to-do written (1 completed: no longer open here).",
    ]
    assert status(synced, "Thank Bob Lee") == "COMPLETED"
    assert len(app_record(store_file, "acme")["done"]) == 1


# What followup cannot record is put back -----------------------------------------------------------------


def test_what_followup_cannot_record_is_put_back_and_said(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    before = store_file.read_bytes()
    wait = next(t for t in phone(synced).values() if "Globex" in str(t.icalendar_component["summary"]))
    wait.complete()
    by_summary(synced, "Keep applying").delete()
    move_due(by_summary(synced, "Thank Jane Doe"), date(2026, 3, 3))  # earlier: not a snooze
    bob = by_summary(synced, "Thank Bob Lee")
    with bob.edit_icalendar_component() as component:
        component["summary"] = "Bob: send it tonight"
    bob.save()
    notes = sync(invoke).stdout.strip().splitlines()[:-1]
    assert sorted(notes) == sorted(
        [
            "Keep applying elsewhere: deleted on the phone, not recorded (keep-applying belongs to your"
            " whole search, not to one application); written again.",
            "Thank Jane Doe (Acme): due date moved earlier on the phone (2026-03-03); followup does not"
            " bring an action forward, so it is due again on 2026-03-04.",
            "Check for an answer (Globex): ticked on the phone, not recorded (waiting ends when they"
            " answer: `followup log-contact ID --inbound --kind reply`); open again there.",
        ]
    )
    assert store_file.read_bytes() == before  # nothing recorded
    assert status(synced, "Check for an answer (Globex)") == "NEEDS-ACTION"
    assert by_summary(synced, "Thank Jane Doe").icalendar_component["due"].dt == date(2026, 3, 4)
    assert by_summary(synced, "Thank Bob Lee").icalendar_component["summary"] == "Thank Bob Lee (Acme)"
    assert by_summary(synced, "Keep applying") is not None
    assert sync_json(invoke)["written"] == 0  # settled: nothing goes back and forth


def test_a_todo_followup_did_not_write_is_left_alone(invoke: Invoke, synced: Radicale) -> None:
    calendar = synced.client().calendar(url=synced.url)  # type: ignore[attr-defined]
    calendar.save_todo(summary="Buy milk", uid="milk-1@phone.example")
    before = phone(synced)["milk-1@phone.example"].data
    assert sync_json(invoke)["written"] == 0
    assert phone(synced)["milk-1@phone.example"].data == before


# A sync killed half-way -----------------------------------------------------------------------------------


def test_a_sync_killed_half_way_is_completed_by_the_next(
    invoke: Invoke, config_file: Path, radicale: Radicale, store_file: Path
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    by_summary(radicale, "Thank Bob Lee").complete(completion_timestamp=datetime(2026, 3, 3, 18, tzinfo=UTC))
    rows = "".join(f"Company {n:02d},QA\n" for n in range(24))  # enough that the kill lands among them
    (config_file.parent / "more.csv").write_text("company,role\n" + rows, encoding="utf-8")
    invoke("import", str(config_file.parent / "more.csv"), today=TUE)
    puts = radicale.puts()
    command = [sys.executable, "-m", "followup", "--today", TUE, "caldav", "sync"]
    process = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while process.poll() is None and radicale.puts() < puts + 4 and time.monotonic() < deadline:
        time.sleep(0.002)
    process.kill()
    process.communicate()
    assert process.returncode == -signal.SIGKILL, "the sync ended before it could be killed half-way"
    half = len(phone(radicale))
    assert 6 < half < 30

    report = sync_json(invoke)
    assert report["completed"] == []  # recorded by the killed run already, not twice
    todos = phone(radicale)
    uids = [str(t.icalendar_component["uid"]) for t in todos.values()]
    assert len(uids) == len(set(uids)) == 30  # nothing lost, nothing duplicated
    assert len(app_record(store_file, "acme")["done"]) == 1
    assert status(radicale, "Thank Bob Lee") == "COMPLETED"
    assert sync_json(invoke)["written"] == 0


# The server failing half-way ----------------------------------------------------------------------------


def _failing_after(monkeypatch: pytest.MonkeyPatch, puts: int) -> None:
    """The server goes away after `puts` writes (the connection refused from then on)."""
    from followup.app import caldav_server

    real = caldav_server.TaskList.put
    calls = []

    def put(self: caldav_server.TaskList, href: str, text: str, etag: str | None) -> str | None:
        calls.append(href)
        if len(calls) > puts:
            raise caldav_server.ServerError(f"cannot reach {self.url} (ConnectionError)")
        return real(self, href, text, etag)

    monkeypatch.setattr(caldav_server.TaskList, "put", put)


def test_the_server_failing_after_the_store_was_written_exits_0_with_a_warning(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    by_summary(synced, "Thank Bob Lee").complete()
    invoke("add", "--company", "Initech", "--role", "QA", "--applied", today=TUE)
    invoke("add", "--company", "Hooli", "--role", "QA", "--applied", today=TUE)
    with pytest.MonkeyPatch.context() as patch:
        _failing_after(patch, 1)
        result = sync(invoke)  # exit 0: the done mark is saved
    assert "1 completed from the phone: Thank Bob Lee (Acme)" in result.stdout
    assert result.stderr.strip().startswith("Warning: cannot reach")
    assert result.stderr.strip().endswith("what the phone did is recorded, the next sync writes the rest")
    assert len(app_record(store_file, "acme")["done"]) == 1
    assert sync_json(invoke)["written"] == 2  # the rest: a new to-do, and keep-applying's new count
    assert len(phone(synced)) == 8
    assert sync_json(invoke)["written"] == 0


def test_the_server_failing_with_nothing_recorded_is_an_error(
    invoke: Invoke, synced: Radicale, monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    invoke("add", "--company", "Initech", "--role", "QA", "--applied", today=TUE)
    before = store_file.read_bytes()
    _failing_after(monkeypatch, 0)
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("; the next sync writes the rest")
    assert store_file.read_bytes() == before


def test_stopped_after_recording_the_phone_and_before_saving_the_state_records_nothing_twice(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    from followup.app import caldav

    by_summary(synced, "Thank Bob Lee").complete(completion_timestamp=datetime(2026, 3, 3, 18, tzinfo=UTC))
    move_due(by_summary(synced, "Thank Jane Doe"), date(2026, 3, 10))
    by_summary(synced, "Review").delete()

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt  # Ctrl+C, or a kill, right after the store was written

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(caldav, "save_state", stopped)
        result = sync(invoke, ok=False)
    assert result.exit_code == 130 and "interrupted after the change was saved" in result.stderr
    recorded = app_record(store_file, "acme")
    report = sync_json(invoke)
    assert report["completed"] == report["snoozed"] == report["dismissed"] == report["notes"] == []
    again = app_record(store_file, "acme")
    assert again["done"] == recorded["done"] and len(again["done"]) == 1
    assert again["dismissals"] == recorded["dismissals"] and len(again["dismissals"]) == 1
    assert [(s["person"], s["until"]) for s in again["snoozes"]] == [("Jane Doe", "2026-03-10")]
    assert sync_json(invoke)["written"] == 0


def test_a_task_list_emptied_on_the_server_dismisses_nothing(
    invoke: Invoke, synced: Radicale, store_file: Path
) -> None:
    for todo in phone(synced).values():
        todo.delete()
    before = store_file.read_bytes()
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    assert "none of the 6 to-dos this machine wrote is on" in result.stderr
    assert "Nothing was changed; to write them all again, remove" in result.stderr
    assert store_file.read_bytes() == before
    store_file.with_name("followup.json.caldav.json").unlink()
    assert sync_json(invoke)["written"] == 6
