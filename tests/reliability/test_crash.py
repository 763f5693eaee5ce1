"""A followup killed at any step of a write leaves a store that parses and holds the old or the new data.

Taskwarrior lost half its file on Ctrl+C (issue 152). Here the process is SIGKILLed (no clean-up of
any kind runs) right after each step of each file write, by the fault wrapper of tests/reliability/faults.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import events_of, record, run_followup, temp_files

STEPS = [f"{target}.{phase}" for target in ("backup", "main") for phase in ("write", "fsync", "replace")]
# The backup is the old file itself under a second name (a hard link). Where a link would not do, here
# a store whose mode was widened by hand (a link keeps the mode), the old bytes are copied instead:
# both ways are killed at each step.
CASES = [*STEPS, *(f"{step}/copy" for step in STEPS if step.startswith("backup"))]


def force_copy(store: Path, case: str) -> str:
    step, _, how = case.partition("/")
    if how == "copy":
        os.chmod(store, 0o640)
    return step


def _log(store: Path, fault: str | None = None, note: str = "after") -> int:
    return run_followup(
        store, "log-contact", "acme", "--kind", "other", "--note", note, fault=fault
    ).returncode


@pytest.mark.parametrize("case", CASES)
def test_sigkill_at_each_write_step_leaves_old_or_new_data(store_with_app: Path, case: str) -> None:
    step = force_copy(store_with_app, case)
    old = store_with_app.read_bytes()
    old_events = len(events_of(store_with_app))
    backup = store_with_app.with_name(store_with_app.name + ".bak")
    old_backup = backup.read_bytes()

    assert _log(store_with_app, f"{step}:kill", note="killed") == -signal.SIGKILL

    json.loads(store_with_app.read_bytes())  # parses
    if step == "main.replace":
        assert len(events_of(store_with_app)) == old_events + 1  # the new data, complete
    else:
        assert store_with_app.read_bytes() == old  # the old data, byte for byte
    json.loads(backup.read_bytes())
    if step in ("backup.replace", "main.replace"):
        assert backup.read_bytes() == old  # the file as it was before this write
    else:
        assert backup.read_bytes() == old_backup  # the version before that, still there
    if step.endswith(("write", "fsync")):
        left = temp_files(store_with_app)
        assert left, "the kill should have left its temp file behind"
        if step.startswith("backup"):  # the way the backup was being kept: a link or a copy
            assert any(temp.samefile(store_with_app) for temp in left) is (case == step)

    # The next write cleans up after the dead one and records its own event.
    assert _log(store_with_app) == 0
    assert temp_files(store_with_app) == []
    notes = [e.get("note") for e in events_of(store_with_app)]
    assert notes[-1] == "after"
    assert notes.count("killed") == (1 if step == "main.replace" else 0)


@pytest.mark.parametrize("case", ["backup.write", "backup.write/copy", "main.fsync"])
def test_ctrl_c_during_a_write_changes_nothing(store_with_app: Path, case: str) -> None:
    step = force_copy(store_with_app, case)
    old = store_with_app.read_bytes()

    assert _log(store_with_app, f"{step}:interrupt") != 0

    assert store_with_app.read_bytes() == old
    assert temp_files(store_with_app) == []


def test_ctrl_c_right_after_the_store_was_replaced_says_the_change_was_saved(store_with_app: Path) -> None:
    before = len(events_of(store_with_app))
    proc = run_followup(
        store_with_app, "log-contact", "acme", "--note", "saved", fault="main.replace:interrupt"
    )

    assert proc.returncode == 130
    assert proc.stderr.decode().strip() == "Error: interrupted after the change was saved"
    assert len(events_of(store_with_app)) == before + 1
    assert temp_files(store_with_app) == []


def test_a_killed_lock_holder_does_not_block_the_next_writer(store_with_app: Path) -> None:
    # Killed inside the transaction, while it holds the lock.
    assert _log(store_with_app, "main.write:kill") == -signal.SIGKILL

    lock_path = store_with_app.with_name(store_with_app.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR)
    try:
        started = time.monotonic()
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
        lock_seconds = time.monotonic() - started
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

    started = time.monotonic()
    assert _log(store_with_app) == 0
    next_write = time.monotonic() - started
    assert events_of(store_with_app)[-1]["note"] == "after"
    record(
        "killed lock holder",
        f"the lock was free at once (non-blocking acquire took {lock_seconds * 1000:.2f} ms);"
        f" the next `followup log-contact` ran start to end in {next_write:.2f} s",
    )


def test_a_write_removes_only_its_own_store_s_temp_files(store_with_app: Path) -> None:
    """`followup.json.old` next to `followup.json` is another store, with its own lock; the temp file
    of a write to it (`.followup.json.old.<random>.tmp`) also fits `.followup.json.*.tmp`, and
    removing it made that write fail if it was under way."""
    other = store_with_app.with_name(store_with_app.name + ".old")
    assert run_followup(other, "add", "--company", "Initech", "--role", "QA", "--applied").returncode == 0
    others_temp = store_with_app.with_name(f".{other.name}.k3j2x9q1.tmp")
    others_temp.write_bytes(b"being written")
    own_temp = store_with_app.with_name(f".{store_with_app.name}.a1b2c3d4.tmp")
    own_temp.write_bytes(b"left by a killed write")

    assert _log(store_with_app) == 0

    assert not own_temp.exists()
    assert others_temp.read_bytes() == b"being written"
    assert run_followup(other, "status", "initech", "withdrawn").returncode == 0
    assert not others_temp.exists()  # its own store's next write removes it
