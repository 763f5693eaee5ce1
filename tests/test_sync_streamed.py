"""What `followup sync` sends is written a piece at a time (store/logical.py, `Repo.store_blob`): the
store file and then each archived application as its line is read, never every application at once.
The bytes are those of all the data encoded whole, and a store that cannot be read whole is never
sent."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from followup.models import Settings, StoreData
from followup.store import Store, logical
from followup.store.archive import archive_path
from followup.store.codec import encode_data
from followup.sync.git import Repo
from tests.conftest import Invoke
from tests.test_archive import ADD_NEW, ADD_OLD, LATER
from tests.test_archive_properties import PROPERTY, _written_on, move_days, searches, windows
from tests.test_sync_git import Machine, git_program  # noqa: F401  (git_program: a fixture)


@PROPERTY
@given(data=searches, configured=windows, moved_on=move_days)
def test_the_logical_store_a_piece_at_a_time_is_all_the_data_encoded_whole(
    data: StoreData, configured: Settings, moved_on: date
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = _written_on(Path(folder), data, moved_on, configured)
        whole = encode_data(store.load())  # every application, no index: the file without an archive
        pieces = logical.pieces(store)
        assert pieces is not None
        parts = list(pieces)
        assert b"".join(parts) == whole
        archived = store.load(full=False).archive
        if archived is not None:  # one piece or more for each application, the archived ones too
            assert len(parts) > len(archived.apps)


def _archived_machine(invoke: Invoke, tmp_path: Path) -> tuple[Machine, Path]:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    laptop = Machine(invoke, tmp_path / "laptop" / "followup.json")
    laptop(*ADD_OLD, today="2025-01-06")
    laptop(*ADD_NEW, today="2025-01-07")
    laptop("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")
    laptop("log-contact", "newco", "--note", "moves oldco", today=LATER)
    assert archive_path(laptop.store).exists()
    laptop("sync", "init", str(remote), today=LATER)
    return laptop, remote


def _branch(remote_or_repo: Path) -> str:
    done = subprocess.run(
        ["git", "--git-dir", str(remote_or_repo), "rev-parse", "-q", "--verify", "refs/heads/main"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def test_the_remote_gets_every_application_the_archived_ones_too(invoke: Invoke, tmp_path: Path) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    laptop("sync", today=LATER)
    sent = subprocess.run(
        ["git", "--git-dir", str(remote), "cat-file", "blob", "main:followup.json"],
        capture_output=True,
        check=True,
    ).stdout
    assert sent == encode_data(Store(laptop.store).load())
    assert b'"archive"' not in sent
    assert laptop("sync", today=LATER).stdout == f"Already in step with {remote}.\n"


def test_a_damaged_archive_line_stops_the_sync_before_anything_is_committed(
    invoke: Invoke, tmp_path: Path
) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    lines = archive_path(laptop.store).read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"Oldco", b"0ldco")  # its digest no longer matches the index
    archive_path(laptop.store).write_bytes(b"\n".join(lines))
    repo = Repo.beside(laptop.store).folder
    result = laptop("sync", ok=False, today=LATER)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "archive" in result.stderr
    assert _branch(repo) == "" and _branch(remote) == ""  # nothing committed, nothing sent


def test_a_store_too_big_to_read_as_one_file_is_not_sent(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    size = len(encode_data(Store(laptop.store).load()))
    monkeypatch.setattr(logical, "MAX_BYTES", size - 1)
    result = laptop("sync", ok=False, today=LATER)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {laptop.store} with its archive is over the 0 MB a store file can hold, so it cannot"
        " be sent as one file; nothing was sent\n"
    )
    assert _branch(Repo.beside(laptop.store).folder) == "" and _branch(remote) == ""
    monkeypatch.setattr(logical, "MAX_BYTES", size)
    laptop("sync", today=LATER)
    assert _branch(remote) != ""


def test_the_blob_streamed_to_git_is_the_one_git_makes_of_the_bytes(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo.git", "followup.json")
    repo.create(str(tmp_path / "remote.git"))
    parts = [b"{", b'\n  "version": 4', b"\n}\n"] * 20_000  # more than a pipe holds
    made = subprocess.run(
        ["git", "hash-object", "--stdin"], input=b"".join(parts), capture_output=True, check=True
    )
    assert repo.store_blob(iter(parts)) == made.stdout.decode().strip()
    assert repo.blob(made.stdout.decode().strip()) == b"".join(parts)
