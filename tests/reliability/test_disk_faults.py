"""A full disk or an I/O error while writing: exit 1, one line, the store byte-identical, no temp file.

Taskwarrior wrote 0-byte data files on a full disk (issues 1420, 2264). The faults are injected at each
step of each file write by tests/reliability/faults.py, which wraps the system calls.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reliability import faults
from tests.reliability.conftest import assert_one_line_error, events_of, record, run_followup, temp_files

ERRORS = {"enospc": "the disk is full", "eio": "Input/output error"}
STEPS = [f"{target}.{phase}" for target in ("backup", "main") for phase in ("write", "fsync", "replace")]
# The backup is kept by a hard link, or by a copy where a link would not do (a store whose mode was
# widened by hand): faults are injected into both ways.
CASES = [*STEPS, *(f"{step}/copy" for step in STEPS if step.startswith("backup"))]


@pytest.mark.parametrize("error", sorted(ERRORS))
@pytest.mark.parametrize("case", CASES)
def test_a_failed_write_leaves_the_store_as_it_was(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, case: str, error: str
) -> None:
    step, _, how = case.partition("/")
    if how == "copy":
        os.chmod(store_with_app, 0o640)
    backup = store_with_app.with_name(store_with_app.name + ".bak")
    old, old_backup = store_with_app.read_bytes(), backup.read_bytes()
    with pytest.MonkeyPatch.context() as patched:
        faults.install(f"{step}:{error}", patched.setattr)
        result = invoke("log-contact", "acme", "--note", "lost?", ok=False)

    assert result.exit_code == 1
    assert_one_line_error(result.stderr.encode())
    assert ERRORS[error] in result.stderr
    assert "left as it was" in result.stderr
    assert result.stdout == ""
    assert store_with_app.read_bytes() == old
    assert backup.read_bytes() == old_backup  # the version before is kept, whichever step failed
    assert temp_files(store_with_app) == []

    invoke("log-contact", "acme", "--note", "later")  # the next write works
    assert [e.get("note") for e in events_of(store_with_app)][-1] == "later"


def test_a_failed_last_rename_leaves_no_backup_where_there_was_none(
    store_with_app: Path, invoke: Invoke
) -> None:
    backup = store_with_app.with_name(store_with_app.name + ".bak")
    backup.unlink()
    old = store_with_app.read_bytes()
    with pytest.MonkeyPatch.context() as patched:
        faults.install("main.replace:eio", patched.setattr)
        invoke("log-contact", "acme", "--note", "lost?", ok=False)
    assert store_with_app.read_bytes() == old
    assert not backup.exists()
    assert temp_files(store_with_app) == []


def test_an_interrupt_just_after_the_last_rename_keeps_the_new_backup(
    store_with_app: Path, invoke: Invoke
) -> None:
    backup = store_with_app.with_name(store_with_app.name + ".bak")
    old = store_with_app.read_bytes()
    with pytest.MonkeyPatch.context() as patched:
        faults.install("main.replace:interrupt", patched.setattr)
        invoke("log-contact", "acme", "--note", "saved", ok=False)
    assert backup.read_bytes() == old  # the store was replaced: its backup is the version it replaced
    assert [e.get("note") for e in events_of(store_with_app)][-1] == "saved"
    assert temp_files(store_with_app) == []


def test_a_full_disk_in_a_real_process(store_with_app: Path) -> None:
    old = store_with_app.read_bytes()
    proc = run_followup(store_with_app, "log-contact", "acme", fault="main.write:enospc")

    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert store_with_app.read_bytes() == old
    assert temp_files(store_with_app) == []
    record(
        "disk faults",
        f"ENOSPC and EIO at {len(STEPS)} write steps, the backup's both linked and copied"
        f" ({2 * len(CASES)} cases): exit 1, one line,"
        " store byte-identical, no temp file left",
    )
