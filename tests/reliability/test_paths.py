"""Where the store lives: no following symlinks, clear errors for folders that cannot be written,
and files only their owner can read, whatever the umask."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reliability.conftest import assert_one_line_error, followup_command, followup_env, run_followup

READ = ("today", "--json")
WRITE = ("log-contact", "acme")

# Root ignores file permissions through CAP_DAC_OVERRIDE; `setpriv` runs followup as root without it.
_DROP_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def _without_permission_override() -> list[str] | None:
    """A command prefix under which file permissions apply, or None when there is no such way."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    probe = subprocess.run([*_DROP_OVERRIDE, "true"], capture_output=True, check=False)
    return _DROP_OVERRIDE if probe.returncode == 0 else None


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.mark.parametrize("command", [READ, WRITE], ids=["read", "write"])
def test_a_symlink_at_the_store_path_is_refused(
    store_with_app: Path, invoke: Invoke, tmp_path: Path, command: tuple[str, ...]
) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    store_with_app.rename(elsewhere)
    store_with_app.symlink_to(elsewhere)
    before = elsewhere.read_bytes()

    result = invoke(*command, ok=False)

    assert result.exit_code == 1
    assert_one_line_error(result.stderr.encode())
    assert "symbolic link" in result.stderr
    assert elsewhere.read_bytes() == before
    assert store_with_app.is_symlink()


def test_a_dangling_symlink_is_not_followed_to_create_a_file(
    store_file: Path, invoke: Invoke, tmp_path: Path
) -> None:
    store_file.parent.mkdir(parents=True)
    target = tmp_path / "target.json"
    store_file.symlink_to(target)

    result = invoke("add", "--company", "Acme", "--role", "Dev", "--applied", ok=False)

    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert not target.exists()


def test_a_symlink_at_the_lock_path_is_refused(store_with_app: Path, invoke: Invoke, tmp_path: Path) -> None:
    lock = store_with_app.with_name(store_with_app.name + ".lock")
    lock.unlink()
    target = tmp_path / "not-a-lock"
    lock.symlink_to(target)
    before = store_with_app.read_bytes()

    result = invoke(*WRITE, ok=False)

    assert result.exit_code == 1
    assert_one_line_error(result.stderr.encode())
    assert "cannot lock" in result.stderr
    assert not target.exists()
    assert store_with_app.read_bytes() == before


def test_a_folder_that_cannot_be_written_is_a_clear_error(store_with_app: Path) -> None:
    prefix = _without_permission_override()
    if prefix is None:
        pytest.skip(
            "running as root without setpriv: root writes into any folder, so there is nothing to see"
        )
    folder = store_with_app.parent
    before = store_with_app.read_bytes()
    os.chmod(folder, 0o500)
    try:
        env = followup_env(store_with_app)
        write = subprocess.run(
            [*prefix, *followup_command(), *WRITE], env=env, capture_output=True, check=False
        )
        read = subprocess.run(
            [*prefix, *followup_command(), *READ], env=env, capture_output=True, check=False
        )
    finally:
        os.chmod(folder, 0o700)

    assert write.returncode == 1
    assert_one_line_error(write.stderr)
    assert b"Permission denied" in write.stderr
    assert str(folder).encode() in write.stderr
    assert read.returncode == 0  # reading still works from a read-only folder
    assert store_with_app.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) == []


def test_a_store_folder_that_cannot_exist_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = blocker / "data" / "followup.json"

    proc = run_followup(store, "add", "--company", "Acme", "--role", "Dev", "--applied")

    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert b"cannot create" in proc.stderr
    assert blocker.read_text() == "not a folder"


def test_files_are_0600_and_folders_0700_even_under_umask_000(tmp_path: Path) -> None:
    store = tmp_path / "home" / "share" / "followup" / "followup.json"
    env = followup_env(store)

    def run(*args: str) -> None:
        proc = subprocess.run(
            [*followup_command(), *args],
            env=env,
            capture_output=True,
            check=False,
            preexec_fn=lambda: os.umask(0),
        )
        assert proc.returncode == 0, proc.stderr

    run("add", "--company", "Acme", "--role", "Dev", "--applied")
    run("log-contact", "acme")

    for name in ("followup.json", "followup.json.bak", "followup.json.lock"):
        assert _mode(store.with_name(name)) == 0o600, name
    for folder in (store.parent, store.parent.parent, store.parent.parent.parent):
        assert _mode(folder) == 0o700, folder


def test_a_store_made_world_readable_by_hand_is_0600_again_after_a_write(
    store_with_app: Path, invoke: Invoke
) -> None:
    os.chmod(store_with_app, 0o644)
    invoke(*WRITE)
    assert _mode(store_with_app) == 0o600
    assert _mode(store_with_app.with_name(store_with_app.name + ".bak")) == 0o600
