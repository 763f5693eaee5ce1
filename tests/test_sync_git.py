"""`followup sync init REMOTE` and `followup sync` with a real bare git remote in a temporary folder
and two stores, one per computer."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from followup.sync import git as sync_git
from tests.conftest import Invoke

ADD = ("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00")
DAY = "2026-03-04"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Sam",
    "GIT_AUTHOR_EMAIL": "sam@home.example",
    "GIT_COMMITTER_NAME": "Sam",
    "GIT_COMMITTER_EMAIL": "sam@home.example",
}


@pytest.fixture(autouse=True)
def git_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        # CI installs git and sets GIT_REQUIRED, so there this is a failure, never a silent skip.
        if os.environ.get("GIT_REQUIRED"):
            pytest.fail("git is not installed: apt-get install git (.ci/run installs it)")
        pytest.skip("git is not installed (apt-get install git); CI runs this test")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no global git config of the one running tests
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


class Machine:
    def __init__(self, invoke: Invoke, store: Path) -> None:
        self.invoke = invoke
        self.store = store

    def __call__(self, *args: str, ok: bool = True, today: str = DAY) -> Any:
        return self.invoke("--store", str(self.store), *args, today=today, ok=ok)

    def document(self) -> Any:
        return json.loads(self.store.read_bytes())

    def notes(self) -> list[str | None]:
        return [e.get("note") for app in self.document()["applications"] for e in app["events"]]


def remote_files(remote: Path) -> list[str]:
    """The files the remote's branch holds."""
    listed = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"],
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.split()


@pytest.fixture
def laptop(invoke: Invoke, tmp_path: Path, remote: Path) -> Machine:
    machine = Machine(invoke, tmp_path / "laptop" / "followup.json")
    machine(*ADD, today="2026-03-03")
    machine("sync", "init", str(remote))
    machine("sync")
    return machine


@pytest.fixture
def desktop(invoke: Invoke, tmp_path: Path, remote: Path, laptop: Machine) -> Machine:
    machine = Machine(invoke, tmp_path / "desktop" / "followup.json")
    machine("sync", "init", str(remote))
    assert machine("sync").stdout == f"Synced with {remote}: took the other machine's changes.\n"
    return machine


def test_a_second_machine_gets_the_first_ones_store_byte_for_byte(
    laptop: Machine, desktop: Machine, remote: Path
) -> None:
    assert desktop.store.read_bytes() == laptop.store.read_bytes()
    assert laptop("sync").stdout == f"Already in step with {remote}.\n"
    # The remote holds the store and nothing else: no lock, history, backup or cache.
    files = remote_files(remote)
    assert files == ["applications/acme", "followup.sync.json"]  # one blob per application
    assert (laptop.store.parent / "followup.json.sync" / "HEAD").is_file()
    assert os.stat(laptop.store.parent / "followup.json.sync").st_mode & 0o777 == 0o700


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_changes_on_both_sides_are_merged_the_same_whichever_machine_syncs_first(
    laptop: Machine, desktop: Machine, first: str
) -> None:
    laptop("log-contact", "acme", "--note", "from the laptop")
    laptop("status", "acme", "offer")
    desktop("log-contact", "acme", "--note", "from the desktop")
    desktop("status", "acme", "rejected")
    one, other = (laptop, desktop) if first == "laptop" else (desktop, laptop)
    one("sync")
    merged = other("sync").stdout
    one("sync")
    assert laptop.store.read_bytes() == desktop.store.read_bytes()
    assert sorted(n for n in laptop.notes() if n) == ["from the desktop", "from the laptop"]
    app = laptop.document()["applications"][0]
    assert app["status"] == "rejected"  # '"rejected"' > '"offer"': the same on both machines
    assert [s["status"] for s in app["status_history"]][-2:] in (["offer", "rejected"], ["rejected", "offer"])
    mine = "laptop" if other is laptop else "desktop"
    kept_from = "this machine's" if (mine == "desktop") else "the other machine's"
    assert (
        f'Resolved applications/acme/status: changed on both machines; kept "rejected" ({kept_from})'
        in merged
    )
    assert merged.endswith("sent this machine's changes and took the other machine's.\n")


def test_a_removal_on_one_machine_wins_over_no_change_on_the_other(laptop: Machine, desktop: Machine) -> None:
    laptop("log-contact", "acme", "--note", "one")
    laptop("log-contact", "acme", "--note", "two")
    laptop("sync")
    desktop("sync")
    desktop("log", "remove", "acme", "1")
    laptop("review", "acme", "--went-well", "ok", "--improve", "less")
    desktop("sync")
    laptop("sync")
    desktop("sync")
    assert laptop.notes() == desktop.notes() == ["two"]
    assert len(laptop.document()["applications"][0]["reviews"]) == 1
    assert laptop.store.read_bytes() == desktop.store.read_bytes()


def test_an_unreachable_remote_changes_nothing_and_the_next_sync_catches_up(
    laptop: Machine, desktop: Machine, remote: Path
) -> None:
    laptop("log-contact", "acme", "--note", "offline")
    before = laptop.store.read_bytes()
    away = remote.with_name("away.git")
    remote.rename(away)
    result = laptop("sync", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the remote {remote} cannot be reached; nothing changed (")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert laptop.store.read_bytes() == before
    away.rename(remote)
    assert laptop("sync").stdout == f"Synced with {remote}: sent this machine's changes.\n"
    desktop("sync")
    assert "offline" in desktop.notes()
    assert desktop.store.read_bytes() == laptop.store.read_bytes()


def test_sync_before_sync_init_says_to_run_it(invoke: Invoke, store_file: Path) -> None:
    invoke(*ADD, today="2026-03-03")
    before = store_file.read_bytes()
    result = invoke("sync", ok=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "run `followup sync init REMOTE` first" in result.stderr
    assert store_file.read_bytes() == before


def test_a_machine_with_no_git_identity_still_syncs(
    invoke: Invoke, tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in IDENTITY:
        monkeypatch.delenv(key)
    monkeypatch.setenv("EMAIL", "")
    machine = Machine(invoke, tmp_path / "laptop" / "followup.json")
    machine(*ADD, today="2026-03-03")
    machine("sync", "init", str(remote))
    machine("sync")
    author = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "-1", "--format=%an", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert author == "followup"


def test_sync_init_with_a_path_where_there_is_no_repository_sets_nothing_up(
    invoke: Invoke, tmp_path: Path, store_file: Path
) -> None:
    missing = tmp_path / "usb" / "followup.git"
    result = invoke("sync", "init", str(missing), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: there is no repository at {missing}: make one with `git init --bare {missing}` (or plug"
        " in its disk), then run `followup sync init` again; nothing was set up\n"
    )
    assert not (store_file.parent / "followup.json.sync").exists()


def test_sync_init_again_points_at_another_remote(laptop: Machine, remote: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.git"
    subprocess.run(["git", "init", "-q", "--bare", str(other)], check=True)
    assert laptop("sync", "init", str(other)).stdout.startswith(f"Now syncing with {other} (was {remote}).")
    assert laptop("sync").stdout == f"Synced with {other}: sent this machine's changes.\n"


def test_a_push_rejected_because_the_other_machine_pushed_first_is_merged_again(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop("log-contact", "acme", "--note", "laptop")
    desktop("log-contact", "acme", "--note", "desktop")
    real_push = sync_git.Repo.push
    raced: list[bool] = []

    def push_after_the_laptop(self: sync_git.Repo) -> None:
        if not raced:  # the laptop syncs between the desktop's fetch and its push
            raced.append(True)
            env = {**os.environ, "FOLLOWUP_STORE": str(laptop.store), "FOLLOWUP_TODAY": DAY}
            done = subprocess.run([sys.executable, "-m", "followup", "sync"], env=env, capture_output=True)
            assert done.returncode == 0, done.stderr
        real_push(self)

    monkeypatch.setattr(sync_git.Repo, "push", push_after_the_laptop)
    desktop("sync")
    monkeypatch.undo()
    laptop("sync")
    assert sorted(n for n in laptop.notes() if n) == ["desktop", "laptop"]
    assert laptop.store.read_bytes() == desktop.store.read_bytes()


# A sync killed half-way ----------------------------------------------------------------------------

_KILLED = """
import os, signal, sys
from followup.sync import git, tree
point = sys.argv.pop(1)
if point == "after-write":
    real = tree.apply
    def write(*args, **kwargs):
        written = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    tree.apply = write
else:
    git.Repo.push = lambda self: os.kill(os.getpid(), signal.SIGKILL)
from followup.cli import main
sys.argv[0] = "followup"
main()
"""


@pytest.mark.parametrize("point", ["after-write", "before-push"])
def test_a_sync_killed_after_writing_the_store_is_finished_by_the_next_one(
    laptop: Machine, desktop: Machine, point: str
) -> None:
    laptop("log-contact", "acme", "--note", "laptop")
    laptop("sync")
    desktop("log-contact", "acme", "--note", "desktop")
    env = {**os.environ, "FOLLOWUP_STORE": str(desktop.store), "FOLLOWUP_TODAY": DAY}
    killed = subprocess.run([sys.executable, "-c", _KILLED, point, "sync"], env=env, capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert sorted(n for n in desktop.notes() if n) == ["desktop", "laptop"]  # the merge was written
    desktop("sync")
    laptop("sync")
    for machine in (laptop, desktop):
        assert sorted(n for n in machine.notes() if n) == ["desktop", "laptop"]  # each one once
    assert laptop.store.read_bytes() == desktop.store.read_bytes()


def test_sync_init_where_a_file_is_in_the_way_is_one_line(
    invoke: Invoke, store_file: Path, remote: Path
) -> None:
    store_file.parent.mkdir(parents=True)
    (store_file.parent / "followup.json.sync").write_text("not a folder")
    result = invoke("sync", "init", str(remote), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot make ") and result.stderr.count("\n") == 1


def test_two_syncs_at_once_on_one_machine_the_second_is_told_to_wait(laptop: Machine) -> None:
    import fcntl

    lock = laptop.store.parent / "followup.json.sync" / "followup-sync.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = laptop("sync", ok=False)
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert result.stderr == "Error: another `followup sync` is running; try again when it is done\n"


def test_a_store_that_is_not_valid_is_reported_and_never_sent(laptop: Machine, remote: Path) -> None:
    sent = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "main"], capture_output=True, text=True
    )
    laptop.store.write_bytes(laptop.store.read_bytes().replace(b'"company": "Acme"', b'"company": 7'))
    result = laptop("sync", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {laptop.store} is not a valid followup store")
    again = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "main"], capture_output=True, text=True
    )
    assert again.stdout == sent.stdout


def test_two_machines_one_of_which_archived_an_application_the_other_changed_merge_without_loss(
    invoke: Invoke, tmp_path: Path
) -> None:
    from followup.store import Store
    from tests.test_archive import ADD_NEW, ADD_OLD, LATER

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    laptop = Machine(invoke, tmp_path / "laptop" / "followup.json")
    laptop(*ADD_OLD, today="2025-01-06")
    laptop(*ADD_NEW, today="2025-01-07")
    laptop("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")
    laptop("sync", "init", str(remote), today="2025-01-10")
    laptop("sync", today="2025-01-10")
    desktop = Machine(invoke, tmp_path / "desktop" / "followup.json")
    desktop("sync", "init", str(remote), today="2025-01-10")
    desktop("sync", today="2025-01-10")
    laptop("log-contact", "newco", "--note", "moves oldco", today=LATER)  # the laptop archives Oldco
    assert "oldco" in json.loads(laptop.store.read_bytes())["archive"]["apps"]
    desktop("edit", "oldco", "--notes", "met their CTO again", today="2025-02-01")  # the desktop changes it
    laptop("sync", today=LATER)
    desktop("sync", today=LATER)
    laptop("sync", today=LATER)
    files = remote_files(remote)
    assert files == ["applications/newco", "applications/oldco", "followup.sync.json"]  # no archive
    for machine in (laptop, desktop):
        everything = Store(machine.store).load()
        old = next(a for a in everything.applications if a.id == "oldco")
        assert old.notes == "met their CTO again"
        assert [e.note for a in everything.applications for e in a.events].count("moves oldco") == 1
    assert Store(laptop.store).read_logical() == Store(desktop.store).read_logical()
