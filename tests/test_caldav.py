"""`followup caldav sync` against a real Radicale server: the to-dos it writes, what a phone app does to
them (through the `caldav` library, as DAVx5 would) coming back as done marks, snoozes and dismissals,
only changed to-dos sent, and a sync killed half-way completed by the next.
"""

from __future__ import annotations

import json
import shlex
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Alarm

from tests.conftest import Invoke
from tests.radicale_server import (
    TUE,
    Radicale,
    Server,
    add_acme,
    app_record,
    by_summary,
    configure,
    free_port,
    new_task_list,
    open_actions,
    password_command,
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


# One way: followup to the phone ----------------------------------------------------------------------


def test_every_open_action_becomes_a_todo_and_a_repeat_sends_nothing(
    invoke: Invoke, config_file: Path, radicale: Radicale
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url, alarm_hour=7, categories=["job search"])
    wanted = open_actions(invoke)
    out = sync(invoke).stdout
    assert out.strip() == f"{len(wanted)} to-dos written."
    todos = phone(radicale)
    assert len(todos) == len(wanted) == 6
    jane = by_summary(radicale, "Thank Jane Doe").icalendar_component
    assert str(jane["summary"]) == "Thank Jane Doe (Acme)"
    assert jane["due"].dt == date(2026, 3, 4)
    assert "“" in str(jane["description"])  # the reason and the advice it quotes
    assert [str(c) for c in jane["categories"].cats] == ["followup", "thank-you", "job search"]
    assert str(jane["status"]) == "NEEDS-ACTION"
    [alarm] = [c for c in jane.subcomponents if c.name == "VALARM"]
    assert alarm["trigger"].dt == timedelta(hours=7) and alarm["trigger"].params["RELATED"] == "END"

    puts = radicale.puts()
    assert puts == 6
    again = sync(invoke).stdout
    assert again.strip() == "0 to-dos written."
    assert radicale.puts() == puts  # nothing sent
    assert set(phone(radicale)) == set(todos)  # the same UIDs


def test_a_due_date_moved_in_followup_updates_the_same_todo(
    invoke: Invoke, config_file: Path, radicale: Radicale
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    uid = str(by_summary(radicale, "Thank Jane Doe").icalendar_component["uid"])
    invoke("snooze", "acme", "thank-you", "--with", "Jane", "--until", "2026-03-05", today=TUE)
    # Put off, it stays open on the phone, due when it comes back: the same to-do, moved.
    assert sync_json(invoke)["written"] == 1
    todo = phone(radicale)[uid].icalendar_component
    assert str(todo["status"]) == "NEEDS-ACTION" and todo["due"].dt == date(2026, 3, 6)
    assert sync_json(invoke, "2026-03-05")["written"] <= 1  # the search's own to-do moves with the day
    assert phone(radicale)[uid].icalendar_component["due"].dt == date(2026, 3, 6)
    assert len(phone(radicale)) == 6


def test_an_action_ended_in_followup_is_completed_on_the_phone(
    invoke: Invoke, config_file: Path, radicale: Radicale, store_file: Path
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    invoke("done", "acme", "thank-you", "--with", "Bob", today=TUE)
    assert sync(invoke).stdout.strip() == "1 to-do written (1 completed: no longer open here)."
    bob = by_summary(radicale, "Thank Bob Lee").icalendar_component
    assert str(bob["status"]) == "COMPLETED" and bob["completed"].dt.tzinfo is not None
    done = app_record(store_file, "acme")["done"]
    assert len(done) == 1  # the sync added no second mark


# Failures: one line, nothing changed -------------------------------------------------------------------


def test_an_unreachable_server_changes_nothing(invoke: Invoke, config_file: Path, store_file: Path) -> None:
    add_acme(invoke)
    url = f"http://127.0.0.1:{free_port()}/tasks/"  # nobody listens there
    configure(config_file, url)
    before = store_file.read_bytes()
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot reach {url}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert store_file.read_bytes() == before
    assert not store_file.with_name("followup.json.caldav.json").exists()


def test_a_refused_login_is_one_line(invoke: Invoke, config_file: Path, radicale: Radicale) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url, password_command=password_command("wrong"))
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    assert "refused the login" in result.stderr and "wrong" not in result.stderr
    assert phone(radicale) == {}


def test_a_failing_password_command_shows_its_status_never_its_output(
    invoke: Invoke, config_file: Path
) -> None:
    add_acme(invoke)
    failing = shlex.join([sys.executable, "-c", "print('hunter2'); raise SystemExit(3)"])
    configure(config_file, "http://127.0.0.1:9/tasks/", password_command=failing)
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    program = Path(sys.executable).name
    assert result.stderr.strip() == f"Error: caldav.password_command: {program} failed (exit status 3)"
    assert "hunter2" not in result.output + result.stderr


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("import time; time.sleep(5)", "gave no password within"),
        ("pass", "printed no password"),
    ],
)
def test_a_password_command_that_hangs_or_prints_nothing(
    invoke: Invoke, config_file: Path, monkeypatch: pytest.MonkeyPatch, script: str, message: str
) -> None:
    from followup.app import caldav_config

    monkeypatch.setattr(caldav_config, "PASSWORD_TIMEOUT", 0.5)
    command = shlex.join([sys.executable, "-c", script])
    configure(config_file, url="http://127.0.0.1:9/tasks/", password_command=command)
    result = sync(invoke, ok=False)
    program = Path(sys.executable).name
    assert result.exit_code == 1 and result.stderr.startswith(
        f"Error: caldav.password_command: {program} {message}"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"alarm_hour": 24}, "caldav.alarm_hour"),
        ({"colour": "red"}, "unknown key caldav.colour"),
        ({"url": "ftp://example.com/tasks/"}, "caldav.url"),
        ({"password_command": "pass 'unclosed"}, "cannot be split"),
        ({"url": "https://me:pw@example.com/tasks/"}, "must not hold a user or password"),
    ],
)
def test_bad_config_is_one_line(
    invoke: Invoke, config_file: Path, extra: dict[str, Any], message: str
) -> None:
    configure(config_file, **{"url": "http://127.0.0.1:9/tasks/", **extra})
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_no_caldav_table_says_what_to_add(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("agenda_days = 7\n", encoding="utf-8")
    result = sync(invoke, ok=False)
    assert result.exit_code == 1 and "no [caldav] table" in result.stderr


# The way back: the phone to followup --------------------------------------------------------------------


def test_what_the_phone_did_comes_back(
    invoke: Invoke, config_file: Path, radicale: Radicale, store_file: Path
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    bob = by_summary(radicale, "Thank Bob Lee")
    bob.complete(completion_timestamp=datetime(2026, 3, 3, 16, 30, tzinfo=UTC))
    jane = by_summary(radicale, "Thank Jane Doe")
    with jane.edit_icalendar_component() as todo:
        todo.pop("due")
        todo.add("due", date(2026, 3, 6))
    jane.save()
    by_summary(radicale, "Review").delete()
    globex = next(t for t in phone(radicale).values() if "Globex" in str(t.icalendar_component["summary"]))
    with globex.edit_icalendar_component() as todo:
        todo.add("x-phone-colour", "teal")
        todo.add("priority", 1)
    globex.save()

    out = sync(invoke, "2026-03-04").stdout
    # Jane's to-do now says when it comes back due; the search's own moved to today.
    assert out.strip().splitlines() == [
        "2 to-dos written, 1 completed from the phone: Thank Bob Lee (Acme), 1 put off from the phone:"
        " Thank Jane Doe (Acme) until 2026-03-06, 1 deleted from the phone: Review the interview (Acme)."
    ]
    acme = app_record(store_file, "acme")
    assert [(d["action"], d["person"], d["on"]) for d in acme["done"]] == [
        ("thank-you", "Bob Lee", "2026-03-03")
    ]
    assert [(s["action"], s["person"], s["until"]) for s in acme["snoozes"]] == [
        ("thank-you", "Jane Doe", "2026-03-06")
    ]
    assert [d["action"] for d in acme["dismissals"]] == ["review"]
    # The phone's own properties are kept when followup writes the to-do again.
    kept = phone(radicale)[str(globex.icalendar_component["uid"])].icalendar_component
    assert str(kept["x-phone-colour"]) == "teal" and int(kept["priority"]) == 1
    back = by_summary(radicale, "Thank Jane Doe").icalendar_component
    assert str(back["status"]) == "NEEDS-ACTION" and back["due"].dt == date(2026, 3, 7)  # its window: a day
    # And everything is recorded once: a further sync records nothing again.
    again = sync_json(invoke, "2026-03-04")
    assert again["completed"] == again["snoozed"] == again["dismissed"] == [] and again["written"] == 0
    assert len(app_record(store_file, "acme")["done"]) == 1


def test_a_cancelled_todo_is_a_dismissal_and_the_phones_alarms_are_its_own(
    invoke: Invoke, config_file: Path, radicale: Radicale, store_file: Path
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    review = by_summary(radicale, "Review")
    with review.edit_icalendar_component() as todo:
        todo["status"] = "CANCELLED"
    review.save()
    jane = by_summary(radicale, "Thank Jane Doe")
    with jane.edit_icalendar_component() as todo:  # a tasks app writing the reminder its own way
        todo.subcomponents = []
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(hours=-1), parameters={"RELATED": "END"})
        todo.add_component(alarm)
    jane.save()
    report = sync_json(invoke)
    assert report["dismissed"] == ["Review the interview (Acme)"] and report["written"] == 0
    assert [d["action"] for d in app_record(store_file, "acme")["dismissals"]] == ["review"]
    [kept] = by_summary(radicale, "Thank Jane Doe").icalendar_component.subcomponents
    assert kept["trigger"].dt == timedelta(hours=-1)  # not replaced, and no second alarm added
    assert str(by_summary(radicale, "Review").icalendar_component["status"]) == "CANCELLED"
    assert sync_json(invoke)["written"] == 0


def test_the_state_is_private_and_a_bad_one_is_refused(
    invoke: Invoke, config_file: Path, radicale: Radicale, store_file: Path
) -> None:
    add_acme(invoke)
    configure(config_file, radicale.url)
    sync(invoke)
    state = store_file.with_name("followup.json.caldav.json")
    assert state.stat().st_mode & 0o777 == 0o600
    assert radicale.url in json.loads(state.read_text(encoding="utf-8"))["lists"]
    state.write_text("{not json", encoding="utf-8")
    before = store_file.read_bytes()
    result = sync(invoke, ok=False)
    assert result.exit_code == 1
    assert "is not a caldav sync state this followup reads" in result.stderr
    assert store_file.read_bytes() == before


def test_a_second_sync_at_once_is_refused(invoke: Invoke, config_file: Path, store_file: Path) -> None:
    import fcntl
    import os

    add_acme(invoke)
    configure(config_file, "http://127.0.0.1:9/tasks/")
    lock = store_file.with_name("followup.json.caldav.json.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = sync(invoke, ok=False)
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert "another `followup caldav sync` is running" in result.stderr


def test_a_url_that_is_not_a_task_list_is_refused_before_anything_is_written(
    invoke: Invoke, config_file: Path, radicale: Radicale, store_file: Path
) -> None:
    add_acme(invoke)
    account = radicale.url.rstrip("/").rsplit("/", 1)[0] + "/"  # the user's home, not a list in it
    puts = radicale.log.read_text(encoding="utf-8").count("PUT request for")  # to any path
    for url, message in (
        (account, "is not a calendar collection; give the task list's own URL"),
        (account + "no-such-list/", "is not a task list on that server (404)"),
    ):
        configure(config_file, url)
        result = sync(invoke, ok=False)
        assert result.exit_code == 1
        assert message in result.stderr and result.stderr.strip().endswith("nothing was changed")
    assert radicale.log.read_text(encoding="utf-8").count("PUT request for") == puts


def test_today_does_not_load_the_caldav_client(invoke: Invoke, tmp_path: Path) -> None:
    import os
    import subprocess

    add_acme(invoke)
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['followup', '--today', '2026-03-03', 'today']\n"
        "try:\n"
        "    runpy.run_module('followup', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('caldav', 'niquests', 'lxml', 'followup.app.caldav')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=os.environ.copy(), capture_output=True, text=True
    )
    assert "Thank Jane Doe" in result.stdout
    assert "LOADED []" in result.stderr
