"""The everyday commands that need no archived application read the store file and the archive's index
alone: `add`, `contact add/list/edit/remove`, `undo --list`, shell completion and the to-dos of
`caldav sync` (tests/test_live_caldav.py syncs them with a real server).

The proof is a comparison: random searches written on a day so that the write archives what is
settled, and the same data kept whole in the store file; every command run on each gives the same
exit code, output and error, and leaves the same data (`Store.read_logical`). Then the CLI on a store
with an archive whose lines must not be read: each command does its work without them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from followup.cli import cli
from followup.kinds import Relation
from followup.models import Contact, Settings, StoreData
from followup.store import Store, moves
from followup.store.archive import archive_path
from tests.conftest import Invoke
from tests.test_archive_properties import _archiver, move_days, searches

# Companies whose ids (`acme`, `app-1`...) meet those of the random searches (`app-0`...).
COMPANIES = st.sampled_from(["Acme", "App 1", "app-0", "Globex", "Hooli Labs"])
REFS = st.sampled_from(["app-0", "app-3", "acme", "glo", "app", "ini", "nobody"])
CONTACTS = [
    Contact(name="Sam Lee", company="Acme", relation=Relation.NETWORK, added_on=date(2024, 1, 1)),
    Contact(
        name="Jane Doe", email="jane@acme.example", relation=Relation.REFERENCE, added_on=date(2024, 1, 2)
    ),
]


def _command(today: date) -> st.SearchStrategy[tuple[str, ...]]:
    day_before = (today - timedelta(days=1)).isoformat()
    return st.one_of(
        st.tuples(st.just("add"), st.just("--company"), COMPANIES, st.just("--role"), st.just("Dev")).map(
            lambda c: (*c, "--applied")
        ),
        st.tuples(st.just("add"), st.just("--company"), COMPANIES, st.just("--role"), st.just("Ops")).map(
            lambda c: (*c, "--interview-at", f"{day_before}T10:00", "--json")
        ),
        REFS.map(lambda ref: ("add", "--app", ref, "--interview-at", f"{day_before}T15:00")),
        REFS.map(lambda ref: ("add", "--app", ref, "--interview-at", f"{day_before}T15:00", "--json")),
        st.sampled_from(
            [
                ("contact", "add", "Ann Bell", "--company", "Globex"),
                ("contact", "add", "sam  LEE"),  # a duplicate: refused
                ("contact", "list"),
                ("contact", "list", "--json"),
                ("contact", "edit", "Jane Doe", "--company", "Initech"),
                ("contact", "edit", "Nobody", "--email", "x@y.example"),
                ("contact", "remove", "sam lee"),
                ("contact", "remove", "Nobody"),
            ]
        ),
    )


def _write(path: Path, data: StoreData, archiver: Any) -> Store:
    """A store of `data` (a copy) with the two contacts; written through `archiver` when given, so
    that what is settled that day moves to the archive."""
    store = Store(path)
    store.archiver = archiver
    with store.transaction() as current:
        current.applications = data.model_copy(deep=True).applications
        current.contacts = [c.model_copy() for c in CONTACTS]
    return store


def run(store: Path, *args: str, today: date, **env: str) -> Result:
    """The CLI on the store at `store`, as `followup --today DAY args...`."""
    full_env = {"FOLLOWUP_STORE": str(store), "FOLLOWUP_CACHE": str(store.parent / "cache"), **env}
    argv = ["--today", today.isoformat(), *args] if not env else list(args)
    return CliRunner().invoke(cli, argv, env=full_env, prog_name="followup", catch_exceptions=False)


def _pair(folder: Path, data: StoreData, moved_on: date) -> tuple[Path, Path]:
    """The same data twice: archived as a write on `moved_on` leaves it, and whole in the file."""
    archived = _write(folder / "a" / "followup.json", data, _archiver(moved_on, Settings()))
    whole = _write(folder / "b" / "followup.json", data, None)
    assert not archive_path(whole.path).exists()
    index = archived.load(full=False).archive
    moved = len(index.apps) if index is not None else 0
    event(f"{'some' if moved else 'none'} archived")
    target(float(moved))  # seek stores with much in the archive
    return archived.path, whole.path


@contextlib.contextmanager
def _record_ids() -> Iterator[None]:
    """The records' ids (random, models.new_record_id) counted from 1: two runs make the same ones."""
    from unittest import mock

    count = itertools.count(1)
    with mock.patch("secrets.token_hex", lambda n: f"{next(count):0{2 * n}x}"):
        yield


def _same(result: Result, expected: Result) -> None:
    assert (result.exit_code, result.stdout, result.stderr) == (
        expected.exit_code,
        expected.stdout,
        expected.stderr,
    )
    if result.exit_code:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


PROPERTY = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(data=searches, moved_on=move_days, offset=st.integers(0, 400), pick=st.data())
def test_each_command_on_an_archived_store_does_what_it_does_on_all_the_data(
    data: StoreData, moved_on: date, offset: int, pick: st.DataObject
) -> None:
    today = moved_on + timedelta(days=offset)
    command = pick.draw(_command(today))
    with tempfile.TemporaryDirectory() as folder:
        archived, whole = _pair(Path(folder), data, moved_on)
        with _record_ids():
            expected = run(whole, *command, today=today)
        with _record_ids():
            _same(run(archived, *command, today=today), expected)
        assert Store(archived).read_logical() == Store(whole).read_logical()


def _complete(store: Path, words: str) -> list[str]:
    """What zsh is offered at a Tab press after `words` (the last one being completed)."""
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    env = {"_FOLLOWUP_COMPLETE": "zsh_complete", "COMP_WORDS": words, "COMP_CWORD": cword}
    result = run(store, today=date(2026, 1, 1), **env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    return [] if lines == [""] else lines  # nothing to offer: Click's zsh protocol says an empty line


TYPED = st.sampled_from(["", "a", "app-", "app-1", "APP-2", "glo", "Hooli", "i", "zz"])
WORDS = st.sampled_from(
    [
        "followup log-contact {} --with ",
        "followup done {} thank-you --with J",
        "followup log-contact --with {}",
        "followup show {}",
        "followup add --app {}",
    ]
)


@PROPERTY
@given(data=searches, moved_on=move_days, typed=TYPED, words=WORDS)
def test_completion_offers_what_all_the_data_offers_in_its_order(
    data: StoreData, moved_on: date, typed: str, words: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        archived, whole = _pair(Path(folder), data, moved_on)
        line = words.format(typed)
        assert _complete(archived, line) == _complete(whole, line)


@PROPERTY
@given(data=searches, moved_on=move_days, offset=st.integers(0, 400))
def test_the_todos_of_a_sync_are_those_of_all_the_data(data: StoreData, moved_on: date, offset: int) -> None:
    from followup.app.archive import Archiving
    from followup.app.caldav import wanted_todos
    from followup.app.caldav_config import CaldavConfig
    from followup.app.context import Context

    config = CaldavConfig(url="http://127.0.0.1:1/tasks/", user="phone", password_command="true")
    today = moved_on + timedelta(days=offset)
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for path in _pair(Path(folder), data, moved_on):
            store = Store(path)
            ctx = Context(
                store, today, datetime(today.year, today.month, today.day, 9), path.parent / "none.toml"
            )
            store.archiver = Archiving(ctx)
            found.append(wanted_todos(ctx, config))
    assert found[0] == found[1]


# On the CLI, with the archive's lines out of reach ----------------------------------------------------


def _archived_store(invoke: Invoke, store_file: Path) -> None:
    """Acme live; Oldco rejected long ago, moved to the archive by a write in June 2025."""
    invoke(
        "add", "--company", "Oldco", "--role", "Dev", "--interview-at", "2025-01-06T10:00",
        "--interviewer", "Kim Park", today="2025-01-06",
    )  # fmt: skip
    invoke("add", "--company", "Old Bank", "--role", "Ops", "--applied", today="2025-01-06")
    invoke("status", "oldco", "rejected", today="2025-01-10")
    invoke("status", "old-bank", "ghosted", today="2025-01-10")
    invoke("contact", "add", "Sam Lee", "--company", "Acme", "--relation", "network", today="2025-01-10")
    invoke(
        "add", "--company", "Acme", "--role", "Dev", "--interview-at", "2025-06-02T10:00",
        "--interviewer", "Jane Doe <jane@acme.example>", today="2025-06-02",
    )  # fmt: skip
    assert set(json.loads(store_file.read_bytes())["archive"]["apps"]) == {"oldco", "old-bank"}


@contextlib.contextmanager
def _unchanged(store_file: Path) -> Iterator[None]:
    before = store_file.read_bytes(), archive_path(store_file).read_bytes()
    yield
    assert (store_file.read_bytes(), archive_path(store_file).read_bytes()) == before


def test_add_reads_no_archived_application_and_skips_their_ids(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _archived_store(invoke, store_file)
    refused: list[str] = []
    monkeypatch.setattr(moves, "join", lambda *a, **k: refused.append("join"))
    result = invoke("add", "--company", "Oldco", "--role", "QA", "--applied", today="2025-06-03")
    assert result.stdout == "oldco-2\n"  # `oldco` is the archived one's
    assert result.stderr.startswith("Recorded Oldco · QA as oldco-2.")
    shown = json.loads(invoke("add", "--app", "acme", "--interview-at", "2025-06-03T09:00", "--json").stdout)
    assert [i["round"] for i in shown["interviews"]] == [1, 2]
    assert refused == []
    document = json.loads(store_file.read_bytes())
    assert [a["id"] for a in document["applications"]] == ["acme", "oldco-2"]
    assert set(document["archive"]["apps"]) == {"oldco", "old-bank"}


def test_add_of_a_round_to_an_archived_application_reads_it_and_brings_it_back(
    invoke: Invoke, store_file: Path
) -> None:
    _archived_store(invoke, store_file)
    result = invoke("add", "--app", "oldco", "--interview-at", "2025-06-03T09:00", today="2025-06-03")
    assert result.stdout == "oldco\n"
    document = json.loads(store_file.read_bytes())
    back = next(a for a in document["applications"] if a["id"] == "oldco")
    assert back["status"] == "interviewing" and len(back["interviews"]) == 2
    assert set(document["archive"]["apps"]) == {"old-bank"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("add", "--app", "zzz", "--interview-at", "2025-06-03T09:00"),
            "Error: no application 'zzz'; known: acme",
        ),
        (("add", "--app", "old", "--interview-at", "2025-06-03T09:00"), "Error: 'old' matches several"),
        (
            ("add", "--app", "oldco", "--company", "Acme"),
            "Error: --company 'Acme' does not match oldco (Oldco)",
        ),
        (("contact", "add", "SAM lee"), "Error: a contact named 'SAM lee' already exists"),
        (("contact", "add", " "), "Error: a contact needs a name"),
    ],
)
def test_refused_commands_say_so_in_one_line_and_change_nothing(
    invoke: Invoke, store_file: Path, args: tuple[str, ...], message: str
) -> None:
    _archived_store(invoke, store_file)
    with _unchanged(store_file):
        result = invoke(*args, today="2025-06-03", ok=False)
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr


def test_contact_commands_and_the_change_list_on_an_archived_store(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _archived_store(invoke, store_file)
    read: list[str] = []
    real_join = moves.join
    monkeypatch.setattr(moves, "join", lambda *a, **k: read.append("join") or real_join(*a, **k))
    invoke("contact", "add", "Ann Bell", "--relation", "reference", today="2025-06-03")
    out = invoke("contact", "list", today="2025-06-03").stdout
    assert "Ann Bell" in out and "Sam Lee" in out
    changes = invoke("undo", "--list", today="2025-06-03").stdout.splitlines()
    assert changes[0].split()[3:5] == ["contact", "add"]
    assert read == []
    # An unreadable store is still reported, by the listing too.
    store_file.write_bytes(b"{broken")
    result = invoke("undo", "--list", ok=False)
    assert (
        result.exit_code == 1
        and result.stderr.startswith("Error: ")
        and "not a valid followup store" in result.stderr
    )


def test_completion_reads_only_the_archived_lines_that_can_match(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.app import completion

    _archived_store(invoke, store_file)
    parsed: list[str] = []
    of_line = completion.Brief.of_line
    monkeypatch.setattr(completion.Brief, "of_line", lambda line: parsed.append("line") or of_line(line))
    assert _complete(store_file, "followup show ac") == ["plain", "acme", "Acme · Dev"]
    assert parsed == []  # no archived id or company starts with `ac`
    assert _complete(store_file, "followup show oldc") == ["plain", "oldco", "Oldco · Dev"]
    assert parsed == ["line"]  # Oldco's, not Old Bank's
    offered = _complete(store_file, "followup show o")
    assert offered[1::3] == ["oldco", "old-bank"] and offered[2::3] == ["Oldco · Dev", "Old Bank · Ops"]
    # The people of an archived application: its interviewer and the contacts.
    assert _complete(store_file, "followup log-contact oldco --with ")[1::3] == ["Kim Park", "Sam Lee"]
    assert _complete(store_file, "followup log-contact --with K")[1::3] == ["Kim Park"]
    assert _complete(store_file, "followup log-contact acme --with J")[1::3] == ["Jane Doe"]
    # A missing archive offers nothing, as a store that cannot be read does.
    archive_path(store_file).unlink()
    assert _complete(store_file, "followup show o") == []
    assert _complete(store_file, "followup show ac") == []


def test_completion_finds_a_listed_line_where_every_read_does(invoke: Invoke, store_file: Path) -> None:
    _archived_store(invoke, store_file)
    path = archive_path(store_file)
    everything = [(a.id, f"{a.company} · {a.role}") for a in Store(store_file).load().applications]
    # The lines appended on another machine at the same time, left by the shared folder in a copy.
    path.rename(path.with_name("followup.json.sync-conflict-20250603-101010-ABC1234.archive"))
    path.write_bytes(b'{"followup_archive": 1}\n')
    offered = _complete(store_file, "followup show o")
    assert list(zip(offered[1::3], offered[2::3], strict=True)) == [p for p in everything if p[0] != "acme"]
    assert _complete(store_file, "followup log-contact oldco --with K")[1::3] == ["Kim Park"]
    # A listed line nowhere to be found: nothing is offered of what could match it.
    path.with_name("followup.json.sync-conflict-20250603-101010-ABC1234.archive").unlink()
    assert _complete(store_file, "followup show old") == []
