"""No write makes a store that followup would then refuse to read, and no import reads without bound.

A store over the 50 MB cap is refused by every command; a write that would make one (an import, a very
long note) used to succeed, and every command after it failed. An import of /dev/zero read until
memory ran out.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from followup.store import MAX_BYTES
from tests.conftest import Invoke
from tests.reliability.conftest import (
    assert_one_line_error,
    followup_command,
    followup_env,
    record,
    run_followup,
    temp_files,
)

MB = 1024 * 1024


def _backup_with_note(tmp_path: Path, app_id: str, note_bytes: int) -> Path:
    """A `followup export --format json` file holding one application whose note is that long."""
    app = {
        "id": app_id,
        "company": app_id.title(),
        "role": "Developer",
        "status": "applied",
        "created_on": "2026-03-01",
        "applied_on": "2026-03-01",
        "events": [{"kind": "other", "on": "2026-03-02", "note": "n" * note_bytes}],
        "status_history": [{"status": "applied", "on": "2026-03-01"}],
    }
    path = tmp_path / f"{app_id}.json"
    path.write_text(json.dumps({"format": "followup-export", "version": 2, "applications": [app]}))
    return path


def _files(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in store.parent.iterdir() if p.is_file()}


def test_a_write_over_the_cap_is_refused_and_the_store_stays_usable(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = len(store_with_app.read_bytes()) + 1000
    monkeypatch.setattr("followup.store.MAX_BYTES", limit)  # the cap read and write agree on
    before = _files(store_with_app)

    result = invoke("log-contact", "acme", "--note", "x" * 2000, ok=False)

    assert result.exit_code == 1
    assert_one_line_error(result.stderr.encode())
    assert f"over the {limit // MB} MB limit" in result.stderr
    assert "left as it was" in result.stderr
    assert _files(store_with_app) == before
    assert temp_files(store_with_app) == []
    invoke("today")  # still readable
    invoke("log-contact", "acme", "--note", "short")  # and writable within the cap


def test_an_import_that_would_pass_the_cap_is_refused(store_file: Path, tmp_path: Path) -> None:
    """Each file is under the cap; the store they would make together is not."""
    first = _backup_with_note(tmp_path, "acme", 30 * MB)
    second = _backup_with_note(tmp_path, "globex", 25 * MB)
    assert run_followup(store_file, "import", str(first)).returncode == 0
    before = _files(store_file)

    started = time.monotonic()
    proc = run_followup(store_file, "import", str(second))
    seconds = time.monotonic() - started

    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert b"over the 50 MB limit; it was left as it was" in proc.stderr
    assert _files(store_file) == before
    assert run_followup(store_file, "list", "--json").returncode == 0
    record(
        "size cap on write",
        f"a 30 MB store plus a 25 MB import: refused in {seconds:.1f} s, every file unchanged,"
        " the store still read",
    )


def test_an_import_file_over_the_cap_is_refused_before_it_is_read(
    store_with_app: Path, tmp_path: Path
) -> None:
    big = _backup_with_note(tmp_path, "globex", MAX_BYTES)  # the note alone is the whole cap
    sparse = tmp_path / "sparse.csv"
    sparse.touch()
    os.truncate(sparse, MAX_BYTES + 1)  # 50 MB on paper, nothing on disk: refused by its size alone
    before = _files(store_with_app)

    for path in (big, sparse):
        proc = run_followup(store_with_app, "import", str(path))
        assert proc.returncode == 1
        assert_one_line_error(proc.stderr)
        assert b"over the 50 MB limit of a store; nothing was imported" in proc.stderr
    assert _files(store_with_app) == before
    assert run_followup(store_with_app, "today").returncode == 0


def test_an_endless_input_ends_in_one_line(store_with_app: Path) -> None:
    before = _files(store_with_app)
    for args in (["--format", "csv", "/dev/zero"], ["--format", "json", "/dev/urandom"]):
        proc = run_followup(store_with_app, "import", *args, timeout=30)
        assert proc.returncode == 1
        assert_one_line_error(proc.stderr)
        assert b"is not a regular file or a pipe; nothing was imported" in proc.stderr

    with open("/dev/zero", "rb") as zeros:  # standard input that is a device, not a pipe
        proc = run_followup(store_with_app, "import", "--format", "json", "-", stdin=zeros)
    assert proc.returncode == 1
    assert b"standard input is not a regular file or a pipe" in proc.stderr

    endless = subprocess.Popen(["cat", "/dev/zero"], stdout=subprocess.PIPE)  # a pipe that never ends
    try:
        proc = subprocess.run(
            [*followup_command(), "import", "--format", "csv", "-"],
            env=followup_env(store_with_app),
            stdin=endless.stdout,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert b"standard input is over the 50 MB limit of a store" in proc.stderr
    assert _files(store_with_app) == before


def test_a_fifo_without_a_writer_does_not_hang(store_with_app: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "import.csv"
    os.mkfifo(fifo)
    proc = run_followup(store_with_app, "import", str(fifo), timeout=30)
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert b"nothing was imported" in proc.stderr
