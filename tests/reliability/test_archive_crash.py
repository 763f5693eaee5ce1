"""A write that moves an application to the archive, killed (SIGKILL) at every step of the move: the
store is the one before the write or the one after it, whole, and the next write goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup.store import Store, archive, history
from tests.conftest import Invoke
from tests.test_archive import LATER, _old_and_new

# Run in a process of its own: `followup ARGS...` with a SIGKILL at STEP.
DRIVER = """
import os, signal, sys
from followup.store import archive, history
import followup.store as store_module

step, args = sys.argv[1], sys.argv[2:]

def kill():
    os.kill(os.getpid(), signal.SIGKILL)

real_append, real_journal, real_replace = (
    archive._append_bytes, history._write, store_module.replace_keeping_backup
)

def append(path, payload):
    if step == "archive-half":
        with open(path, "ab") as handle:
            handle.write(payload[: len(payload) // 2])
            handle.flush()
            os.fsync(handle.fileno())
        kill()
    real_append(path, payload)
    if step == "archive-synced":
        kill()

def journal(*a, **k):
    real_journal(*a, **k)
    if step == "journalled":
        kill()

def replace(*a, **k):
    real_replace(*a, **k)
    if step == "replaced":
        kill()

archive._append_bytes, history._write, store_module.replace_keeping_backup = append, journal, replace
from followup.cli import main
sys.argv = ["followup", *args]
main()
"""
STEPS = ("archive-half", "archive-synced", "journalled", "replaced")


@pytest.mark.parametrize("step", STEPS)
def test_a_move_killed_at_each_step_leaves_the_store_before_or_after(
    step: str, invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    before = Store(store_file).read_logical()
    args = ["--today", LATER, "log-contact", "newco", "--note", "killed"]
    done = subprocess.run([sys.executable, "-c", DRIVER, step, *args], capture_output=True, check=False)
    assert done.returncode == -9, done.stderr
    after = Store(store_file).load()
    notes = [e.note for a in after.applications for e in a.events]
    if step == "replaced":  # the store file was replaced: the write, the move with it, is saved
        assert notes.count("killed") == 1
        assert "oldco" in json.loads(store_file.read_bytes())["archive"]["apps"]
    else:
        assert Store(store_file).read_logical() == before
        assert "archive" not in json.loads(store_file.read_bytes())
        assert history.current_entries(store_file)[-1].command != " ".join(args[2:])
    lines = archive.read(archive.archive_path(store_file), 1 << 30)
    assert lines is not None  # the append began, and left at most lines nobody lists
    # The next write moves Oldco (once) and records its own change; nothing is doubled or lost.
    invoke("log-contact", "newco", "--note", "next", today=LATER)
    everything = Store(store_file).load()
    assert [a.id for a in everything.applications] == ["oldco", "newco"]
    notes = [e.note for a in everything.applications for e in a.events]
    assert notes.count("next") == 1 and notes.count("killed") == (1 if step == "replaced" else 0)
    assert list(json.loads(store_file.read_bytes())["archive"]["apps"]) == ["oldco"]
    invoke("undo", today=LATER)
    assert [e.note for a in Store(store_file).load().applications for e in a.events].count("next") == 0
