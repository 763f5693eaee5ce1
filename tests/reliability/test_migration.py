"""An older store is upgraded by the first write, under the lock, after a byte-identical backup.

Format 1 kept each interviewer as the `Name <email>` text typed on the command line; format 2 keeps
`{"name", "email"}`. Reading commands upgrade in memory and never write.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from followup.models import FORMAT_VERSION
from followup.store import Store
from followup.store.codec import MIGRATIONS
from tests.conftest import Invoke, as_json
from tests.reliability import faults
from tests.reliability.conftest import (
    assert_one_line_error,
    events_of,
    followup_command,
    followup_env,
    record,
    run_followup,
    temp_files,
)

V1_INTERVIEWERS: list[Any] = [
    "Jane Doe <jane@acme.example>",
    '"Ng, Bo" <bo@acme.example>',
    "sam@acme.example",
    "Priya",
    "Broken <not an email>",
    {"name": "Ann Lee", "email": "ann@acme.example"},  # what early format-1 files already held
]
V2_INTERVIEWERS = [
    {"name": "Jane Doe", "email": "jane@acme.example"},
    {"name": "Ng, Bo", "email": "bo@acme.example"},
    {"name": "sam@acme.example", "email": "sam@acme.example"},
    {"name": "Priya"},
    {"name": "Broken <not an email>"},
    {"name": "Ann Lee", "email": "ann@acme.example"},
]


def _v1_document() -> dict[str, Any]:
    return {
        "version": 1,
        "applications": [
            {
                "id": "acme",
                "company": "Acme",
                "role": "Developer",
                "status": "interviewing",
                "created_on": "2026-03-02",
                "interviews": [{"round": 1, "at": "2026-03-02T10:00:00", "interviewers": V1_INTERVIEWERS}],
                "events": [{"on": "2026-03-03", "kind": "thank-you", "with": "Jane Doe"}],
                "x_from_v1": "kept",
            }
        ],
        "contacts": [],
    }


@pytest.fixture
def v1_store(store_file: Path) -> bytes:
    store_file.parent.mkdir(parents=True)
    raw = json.dumps(_v1_document(), indent=4).encode()  # not followup's own layout: bytes must survive
    store_file.write_bytes(raw)
    return raw


def _v1_backups(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f"{store.name}.v1*.bak"))


def test_format_4_is_current_and_1_to_3_have_a_step() -> None:
    assert FORMAT_VERSION == 4
    assert sorted(MIGRATIONS) == [1, 2, 3]


def test_the_step_to_4_changes_nothing_but_the_version_it_is_read_as() -> None:
    document = {"version": 3, "applications": [{"id": "a"}], "contacts": [], "x_kept": [1]}
    assert MIGRATIONS[3](json.loads(json.dumps(document))) == document


def test_the_step_turns_each_text_into_a_person() -> None:
    migrated = MIGRATIONS[1](_v1_document())
    assert migrated["applications"][0]["interviews"][0]["interviewers"] == V2_INTERVIEWERS
    assert migrated["applications"][0]["x_from_v1"] == "kept"


@pytest.mark.parametrize(
    "command", [("today", "--json"), ("list", "--json"), ("show", "acme"), ("contact", "list")]
)
def test_reading_commands_upgrade_in_memory_and_write_nothing(
    store_file: Path, v1_store: bytes, invoke: Invoke, command: tuple[str, ...]
) -> None:
    invoke(*command, today="2026-03-10")
    assert sorted(p.name for p in store_file.parent.iterdir()) == [store_file.name]
    assert store_file.read_bytes() == v1_store


def test_show_json_gives_format_2_people_from_a_format_1_file(
    store_file: Path, v1_store: bytes, invoke: Invoke
) -> None:
    app = as_json(invoke("show", "acme", "--json"))
    people = app["interviews"][0]["interviewers"]
    assert [{k: v for k, v in p.items() if v is not None} for p in people] == V2_INTERVIEWERS
    assert store_file.read_bytes() == v1_store


def test_the_first_write_keeps_a_byte_identical_backup_then_upgrades(
    store_file: Path, v1_store: bytes, invoke: Invoke
) -> None:
    invoke("log-contact", "acme", "--note", "first write", today="2026-03-10")

    assert _v1_backups(store_file) == [store_file.with_name("followup.json.v1.bak")]
    assert _v1_backups(store_file)[0].read_bytes() == v1_store
    assert os.stat(_v1_backups(store_file)[0]).st_mode & 0o777 == 0o600
    document = json.loads(store_file.read_bytes())
    assert document["version"] == FORMAT_VERSION
    assert document["applications"][0]["interviews"][0]["interviewers"] == V2_INTERVIEWERS
    assert document["applications"][0]["x_from_v1"] == "kept"
    assert [e.get("note") for e in document["applications"][0]["events"]] == [None, "first write"]

    invoke("log-contact", "acme", "--note", "second write", today="2026-03-10")
    assert _v1_backups(store_file) == [store_file.with_name("followup.json.v1.bak")]
    assert _v1_backups(store_file)[0].read_bytes() == v1_store


def test_an_existing_backup_of_other_bytes_is_never_overwritten(
    store_file: Path, v1_store: bytes, invoke: Invoke
) -> None:
    older = store_file.with_name("followup.json.v1.bak")
    older.write_bytes(b"someone's older copy")

    invoke("log-contact", "acme", today="2026-03-10")

    assert older.read_bytes() == b"someone's older copy"
    assert store_file.with_name("followup.json.v1.2.bak").read_bytes() == v1_store


def test_two_processes_meeting_an_old_file_migrate_it_once(store_file: Path, v1_store: bytes) -> None:
    lock_path = store_file.with_name(store_file.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # hold both back, so that both find the format-1 file waiting
    try:
        env = followup_env(store_file)
        procs = [
            subprocess.Popen(
                [*followup_command(), "log-contact", "acme", "--note", who],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
            )
            for who in ("one", "two")
        ]
        time.sleep(1.0)  # both start and queue on the lock (a shorter wait only weakens the race)
    finally:
        os.close(fd)
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err

    assert _v1_backups(store_file) == [store_file.with_name("followup.json.v1.bak")]
    assert _v1_backups(store_file)[0].read_bytes() == v1_store
    document = json.loads(store_file.read_bytes())
    assert document["version"] == FORMAT_VERSION
    assert sorted(e.get("note") or "" for e in events_of(store_file)) == ["", "one", "two"]
    record(
        "migration",
        "format 1 → 4 by the first write; two processes meeting a format-1 file at once:"
        " 1 backup (byte-identical), 2 events, format 4",
    )


@pytest.mark.parametrize("phase", ["write", "fsync", "replace"])
def test_a_crash_while_keeping_the_backup_leaves_the_old_file(
    store_file: Path, v1_store: bytes, phase: str
) -> None:
    proc = run_followup(store_file, "log-contact", "acme", fault=f"migration.{phase}:kill")
    assert proc.returncode == -signal.SIGKILL
    assert store_file.read_bytes() == v1_store

    assert run_followup(store_file, "log-contact", "acme", "--note", "after").returncode == 0
    assert _v1_backups(store_file) == [store_file.with_name("followup.json.v1.bak")]
    assert _v1_backups(store_file)[0].read_bytes() == v1_store
    assert json.loads(store_file.read_bytes())["version"] == FORMAT_VERSION
    assert temp_files(store_file) == []


@pytest.mark.parametrize("fault", ["migration.write:enospc", "migration.replace:eio", "main.fsync:enospc"])
def test_a_disk_fault_during_migration_leaves_the_old_file(
    store_file: Path, v1_store: bytes, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    faults.install(fault, monkeypatch.setattr)
    result = invoke("log-contact", "acme", ok=False)
    assert result.exit_code == 1
    assert_one_line_error(result.stderr.encode())
    assert store_file.read_bytes() == v1_store
    assert temp_files(store_file) == []


def test_store_load_of_a_format_1_file_gives_format_2_data(store_file: Path, v1_store: bytes) -> None:
    data = Store(store_file).load()
    assert data.version == FORMAT_VERSION
    people = data.applications[0].interviews[0].interviewers
    assert [p.model_dump(exclude_none=True) for p in people] == V2_INTERVIEWERS
