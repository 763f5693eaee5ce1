"""The commits of `followup sync` hold the store as a tree, one blob per application (sync/tree.py):
what a sync sends, compares and merges goes application by application, and the store is never read
whole for it. A commit of an older followup (the store as one file) is still read."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.kinds import Status
from followup.models import Application, Settings
from followup.store import Store
from followup.store.archive import archive_path
from followup.store.codec import encode_data, encode_record
from followup.sync import tree
from followup.sync.git import Repo
from tests.conftest import Invoke
from tests.test_archive import ADD_NEW, ADD_OLD, LATER
from tests.test_archive_properties import _archiver
from tests.test_sync_git import ADD, Machine, git_program  # noqa: F401  (git_program: a fixture)


def _git(remote: Path, *args: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(remote), *args], capture_output=True, text=True)
    return done.stdout.strip()


def _bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


def _archived_machine(invoke: Invoke, tmp_path: Path) -> tuple[Machine, Path]:
    remote = _bare(tmp_path / "remote.git")
    laptop = Machine(invoke, tmp_path / "laptop" / "followup.json")
    laptop(*ADD_OLD, today="2025-01-06")
    laptop(*ADD_NEW, today="2025-01-07")
    laptop("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")
    laptop("log-contact", "newco", "--note", "moves oldco", today=LATER)
    assert "oldco" in json.loads(laptop.store.read_bytes())["archive"]["apps"]
    laptop("sync", "init", str(remote), today=LATER)
    return laptop, remote


def test_the_remote_holds_every_application_as_a_blob_the_archived_ones_too(
    invoke: Invoke, tmp_path: Path
) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    laptop("sync", today=LATER)
    everything = Store(laptop.store).load()
    index = json.loads(_git(remote, "cat-file", "blob", "main:followup.sync.json"))
    assert index["sync"] == 2
    assert index["order"] == [app.id for app in everything.applications]
    rest = json.loads(encode_data(everything.model_copy(update={"applications": []})))
    assert index["store"] == {k: v for k, v in rest.items() if k != "applications"}
    for app in everything.applications:
        blob = subprocess.run(
            ["git", "--git-dir", str(remote), "cat-file", "blob", f"main:applications/{app.id}"],
            capture_output=True,
            check=True,
        ).stdout
        assert blob == encode_record(app)  # as the archive keeps it
    assert laptop("sync", today=LATER).stdout == f"Already in step with {remote}.\n"


def test_a_change_sends_the_blob_of_the_application_it_changed_alone(invoke: Invoke, tmp_path: Path) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    laptop("sync", today=LATER)
    laptop("log-contact", "oldco", "--note", "an archived one, changed", today=LATER)
    laptop("sync", today=LATER)
    assert _git(remote, "diff-tree", "-r", "--name-only", "main~1", "main").split() == ["applications/oldco"]
    desktop = Machine(invoke, tmp_path / "desktop" / "followup.json")
    desktop("sync", "init", str(remote), today=LATER)
    desktop("sync", today=LATER)
    assert Store(desktop.store).read_logical() == Store(laptop.store).read_logical()


def test_a_damaged_archive_line_stops_the_sync_before_anything_is_committed(
    invoke: Invoke, tmp_path: Path
) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    lines = archive_path(laptop.store).read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"Oldco", b"0ldco")  # its digest no longer matches the index
    archive_path(laptop.store).write_bytes(b"\n".join(lines))
    result = laptop("sync", ok=False, today=LATER)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "archive" in result.stderr
    assert _git(Repo.beside(laptop.store).folder, "rev-parse", "-q", "--verify", "refs/heads/main") == ""
    assert _git(remote, "rev-parse", "-q", "--verify", "refs/heads/main") == ""


def _format_1_commit(repo_folder: Path, raw: bytes, parents: list[str]) -> str:
    """A commit as an older followup made it: the store as one file."""
    repo = Repo(repo_folder, "followup.json")
    blob = repo._ok("hash-object", "-w", "--stdin", data=raw)
    root = repo.mktree([("blob", blob, "followup.json")])
    return repo.commit_tree(root, parents, "followup on an older machine")


def test_a_remote_an_older_followup_wrote_is_read_and_merged_without_loss(
    invoke: Invoke, tmp_path: Path
) -> None:
    remote = _bare(tmp_path / "remote.git")
    laptop = Machine(invoke, tmp_path / "laptop" / "followup.json")
    laptop(*ADD, today="2026-03-03")
    laptop("sync", "init", str(remote))
    # The remote and the laptop's own last commit hold the store as one file, as before format 2.
    old = _format_1_commit(Repo.beside(laptop.store).folder, laptop.store.read_bytes(), [])
    for folder in (Repo.beside(laptop.store).folder,):
        _git(folder, "update-ref", "refs/heads/main", old)
    _git(Repo.beside(laptop.store).folder, "push", "-q", str(remote), "refs/heads/main:refs/heads/main")
    desktop = Machine(invoke, tmp_path / "desktop" / "followup.json")
    desktop("sync", "init", str(remote))
    desktop("sync")  # takes the store from a commit of format 1
    assert Store(desktop.store).read_logical() == Store(laptop.store).read_logical()
    laptop("log-contact", "acme", "--note", "from the laptop")
    desktop("log-contact", "acme", "--note", "from the desktop")
    laptop("sync")  # its ancestor is of format 1
    desktop("sync")
    laptop("sync")
    assert laptop.store.read_bytes() == desktop.store.read_bytes()
    assert sorted(laptop.notes()) == ["from the desktop", "from the laptop"]
    assert "followup.sync.json" in _git(remote, "ls-tree", "--name-only", "main").split()


@pytest.mark.parametrize(
    ("index", "said"),
    [
        (b'{"sync": 3, "order": [], "store": {}}', "was written by a newer followup (sync format 3)"),
        (b'{"sync": 2, "order": [], "store": {"version": 99}}', "by a newer followup (format 99;"),
        (b'{"sync": 2, "order": [], "store": {"version": 3}}', "is not a followup store (store format 3"),
        (b'{"sync": 2, "order": ["a", "a"], "store": {"version": 4}}', "an application is listed twice"),
        (b'{"sync": 2, "order": ["gone"], "store": {"version": 4}}', "application 'gone' is listed but not"),
        (b'{"sync": 2, "order": 1, "store": {}}', "followup.sync.json lists no applications"),
        (b"{not json", "is not a followup store"),
    ],
)
def test_a_remote_this_followup_cannot_read_is_reported_and_nothing_changes(
    invoke: Invoke, tmp_path: Path, index: bytes, said: str
) -> None:
    laptop, remote = _archived_machine(invoke, tmp_path)
    laptop("sync", today=LATER)
    repo = Repo.beside(laptop.store)
    index = repo._ok("hash-object", "-w", "--stdin", data=index + b"\n")
    newer = repo.commit_tree(repo.mktree([("blob", index, "followup.sync.json")]), [], "a newer followup")
    _git(repo.folder, "push", "-q", "-f", str(remote), f"{newer}:refs/heads/main")
    laptop("log-contact", "newco", "--note", "after", today=LATER)
    before = laptop.store.read_bytes()
    result = laptop("sync", ok=False, today=LATER)
    assert result.exit_code == 1
    assert said in result.stderr and result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert laptop.store.read_bytes() == before
    assert _git(remote, "rev-parse", "main") == newer


def test_blobs_written_and_read_through_one_git_process_are_git_s_own(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo.git", "followup.json")
    repo.create(str(tmp_path / "remote.git"))
    contents = [b"", b"one", "é\n".encode(), b"x" * 300_000]  # more than a pipe holds
    with repo.writing_blobs() as write:
        ids = [write(content) for content in contents]
    for content, oid in zip(contents, ids, strict=True):
        made = subprocess.run(
            ["git", "hash-object", "--stdin"], input=content, capture_output=True, check=True
        )
        assert oid == made.stdout.decode().strip()
    with repo.reading_blobs() as read:
        assert [read(oid) for oid in reversed(ids)] == contents[::-1]


def test_ids_that_are_not_plain_names_get_names_that_cannot_clash() -> None:
    assert tree.entry_name("acme-2") == "acme-2"
    names = {tree.entry_name(i) for i in ("Acme", "a/b", "~61", "a b", "é", "", ".hidden")}
    assert len(names) == 7 and all("/" not in n and n.startswith("~") for n in names)


def _application(app_id: str, day: int) -> Application:
    return Application(id=app_id, company=app_id.title(), role="Dev", created_on=date(2026, 1, day))


def test_a_merge_whose_order_the_file_alone_cannot_give_is_written_from_all_the_data(tmp_path: Path) -> None:
    store = Store(tmp_path / "followup.json")
    apps = [_application(f"app-{n}", n + 1) for n in range(4)]
    for app in apps[:3]:
        app.status = Status.REJECTED
    store.archiver = _archiver(date(2027, 1, 1), Settings())
    with store.transaction() as data:
        data.applications = list(apps)
    assert len(store.load(full=False).archive.apps) == 3  # the first three are archived
    repo = Repo(tmp_path / "repo.git", store.path.name)
    repo.create(str(tmp_path / "remote.git"))
    ours = tree.store_side(store, repo)
    assert ours is not None
    reversed_order = tree.Side(list(reversed(ours.order)), dict(ours.blobs), ours.rest)
    with repo.reading_blobs() as read:
        assert tree.apply(store, ours, reversed_order, read, tmp_path) is True
    assert [app.id for app in store.load().applications] == reversed_order.order
    after = tree.store_side(store, repo, ours.blobs.values())
    assert after is not None and after.order == reversed_order.order and after.blobs == ours.blobs


_STEPS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["log", "sync", "edit"])), min_size=1, max_size=8
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS)
def test_three_machines_syncing_through_git_in_any_order_converge_and_keep_every_entry_once(
    steps: list[tuple[int, str]], invoke: Invoke, tmp_path_factory: Any
) -> None:
    folder = tmp_path_factory.mktemp("machines")
    remote = _bare(folder / "remote.git")
    machines = [Machine(invoke, folder / f"m{n}" / "followup.json") for n in range(3)]
    machines[0](*ADD, today="2026-03-03")
    for machine in machines:
        machine("sync", "init", str(remote))
        machine("sync")
    notes = []
    for n, (who, what) in enumerate(steps):
        machine = machines[who]
        if what == "log":
            notes.append(f"entry {n} on {who}")
            machine("log-contact", "acme", "--note", notes[-1])
        elif what == "edit":
            machine("edit", "acme", "--notes", f"notes {n}")
        else:
            machine("sync")
    for _ in range(2):
        for machine in machines:
            machine("sync")
    finals = [machine.store.read_bytes() for machine in machines]
    assert finals[0] == finals[1] == finals[2]
    assert sorted(n for n in machines[0].notes() if n) == sorted(notes)


_COMPANIES = ("oldco", "midco", "newco")
_OPS = st.one_of(
    st.tuples(st.just("log"), st.sampled_from(_COMPANIES)),
    st.tuples(st.just("edit"), st.sampled_from(_COMPANIES)),
    st.tuples(st.just("remove"), st.sampled_from(_COMPANIES)),
    st.tuples(st.just("add"), st.just("")),
    st.tuples(st.just("sync"), st.just("")),
)
_ARCHIVED_STEPS = st.lists(st.tuples(st.integers(0, 2), _OPS), min_size=1, max_size=10)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_ARCHIVED_STEPS)
def test_machines_with_archives_of_their_own_converge_through_git_and_lose_nothing(
    steps: list[tuple[int, tuple[str, str]]], invoke: Invoke, tmp_path_factory: Any
) -> None:
    """Archived applications changed, brought back, removed and added on any machine, synced in any
    order: every machine ends with the same data, and every entry logged on an application still
    there is there once."""
    folder = tmp_path_factory.mktemp("archives")
    remote = _bare(folder / "remote.git")
    machines = [Machine(invoke, folder / f"m{n}" / "followup.json") for n in range(3)]
    first = machines[0]
    first(*ADD_OLD, today="2025-01-06")
    first(
        "add", "--company", "Midco", "--role", "Dev", "--interview-at", "2025-01-08T10:00", today="2025-01-08"
    )
    first(*ADD_NEW, today="2025-01-07")
    for company in ("oldco", "midco"):
        first("log-contact", company, "--inbound", "--outcome", "rejected", today="2025-01-10")
    first("log-contact", "newco", "--note", "moves the others", today=LATER)  # archives Oldco and Midco
    for machine in machines:
        machine("sync", "init", str(remote), today=LATER)
        machine("sync", today=LATER)
    for machine in machines:  # each machine keeps its own archive
        assert len(json.loads(machine.store.read_bytes())["archive"]["apps"]) == 2
    notes: dict[str, str] = {}
    removed: set[str] = set()
    for n, (who, (what, app)) in enumerate(steps):
        machine = machines[who]
        if what == "log":
            note = f"entry {n} on {who}"
            if machine("log-contact", app, "--note", note, ok=False, today=LATER).exit_code == 0:
                notes[note] = app
        elif what == "edit":
            machine("edit", app, "--notes", f"notes {n}", ok=False, today=LATER)
        elif what == "remove":
            if machine("remove", app, ok=False, today=LATER).exit_code == 0:
                removed.add(app)
        elif what == "add":
            machine(
                "add",
                "--company",
                f"Co {n}",
                "--role",
                "Dev",
                "--interview-at",
                "2025-06-03T10:00",
                today=LATER,
            )
        else:
            machine("sync", today=LATER)
    for _ in range(2):
        for machine in machines:
            machine("sync", today=LATER)
    finals = [Store(machine.store).read_logical() for machine in machines]
    assert finals[0] == finals[1] == finals[2]
    logged = [e.get("note") for a in json.loads(finals[0] or b"{}")["applications"] for e in a["events"]]
    for note, app in notes.items():
        assert logged.count(note) == 1 or (app in removed and logged.count(note) == 0), note


@pytest.mark.parametrize(
    ("blob", "said"),
    [
        (b"{not json", "is not a followup store"),
        (b'{"id": "acme", "company": "Acme"}', "is not a followup store"),
        (b'{"id": "other", "company": "Acme", "role": "Dev", "created_on": "2026-03-03"}', "is 'other'"),
    ],
)
def test_an_application_the_other_machine_sent_that_is_not_valid_is_reported_and_nothing_changes(
    invoke: Invoke, tmp_path: Path, blob: bytes, said: str
) -> None:
    remote = _bare(tmp_path / "remote.git")
    laptop = Machine(invoke, tmp_path / "laptop" / "followup.json")
    laptop(*ADD, today="2026-03-03")
    laptop("sync", "init", str(remote))
    laptop("sync")
    repo = Repo.beside(laptop.store)
    head = _git(repo.folder, "rev-parse", "main")
    root = repo.ls_tree(head)
    bad = repo._ok("hash-object", "-w", "--stdin", data=blob)
    apps = repo.mktree([("blob", bad, "acme")])
    tree_id = repo.mktree(
        [("blob", root["followup.sync.json"], "followup.sync.json"), ("tree", apps, "applications")]
    )
    later = repo.commit_tree(tree_id, [head], "another machine")
    _git(repo.folder, "push", "-q", str(remote), f"{later}:refs/heads/main")
    before = laptop.store.read_bytes()
    result = laptop("sync", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert said in result.stderr
    assert laptop.store.read_bytes() == before
    assert _git(repo.folder, "rev-parse", "main") == head  # nothing committed here either


def test_a_message_accepted_on_one_machine_and_waiting_on_the_other_is_not_proposed_again(
    invoke: Invoke, tmp_path: Path, config_file: Path
) -> None:
    """Both machines scanned the same message; one accepted it. The merge keeps the proposal's larger
    state, `pending`, but its event is in the log: it is not waiting, and cannot be logged twice."""
    from tests.mail_corpus import JANE, SAM, message

    config_file.write_text('[mail]\nme = ["sam@home.example"]\n', encoding="utf-8")
    (tmp_path / "r.eml").write_bytes(
        message(JANE, SAM, "Your application", "We are unable to offer you the position.", ident="r@acme")
    )
    remote = _bare(tmp_path / "remote.git")
    laptop = Machine(invoke, tmp_path / "laptop" / "followup.json")
    desktop = Machine(invoke, tmp_path / "desktop" / "followup.json")
    laptop(*ADD, "--interviewer", JANE, today="2026-03-03")
    for machine in (laptop, desktop):
        machine("sync", "init", str(remote))
        machine("sync")
        machine("mail", "scan", str(tmp_path / "r.eml"), today="2026-03-05")
    (proposal,) = json.loads(laptop("inbox", "--json", today="2026-03-05").stdout)["proposals"]
    laptop("inbox", "accept", proposal["id"], today="2026-03-05")
    laptop("sync", today="2026-03-05")
    desktop("sync", today="2026-03-05")
    laptop("sync", today="2026-03-05")
    for machine in (laptop, desktop):
        stored = json.loads(Store(machine.store).read_logical() or b"{}")
        assert [p["state"] for p in stored["inbox"]] == ["pending"]  # as the merge left it
        assert json.loads(machine("inbox", "--json", today="2026-03-05").stdout)["proposals"] == []
        listed = json.loads(machine("inbox", "--json", "--all", today="2026-03-05").stdout)["proposals"]
        assert [p["state"] for p in listed] == ["accepted"]
        again = machine("inbox", "accept", proposal["id"], ok=False, today="2026-03-05")
        assert again.exit_code == 2 and f"proposal {proposal['id']} was accepted already" in again.stderr
        assert machine("inbox", "accept", "--all", today="2026-03-05").exit_code == 0
        assert "inbox" not in machine("today", today="2026-03-05").stdout.lower()
        events = [e for a in stored["applications"] for e in a["events"] if e.get("message_id")]
        assert [e["message_id"] for e in events] == ["<r@acme>"]
    assert Store(laptop.store).read_logical() == Store(desktop.store).read_logical()
