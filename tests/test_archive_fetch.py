"""A command naming archived applications reads just their lines (`Store.fetch`, a transaction's
`fetch`) and gives what it gives on all of the data: the same answer to a name, the same data saved,
the same change in the history."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from followup.app.context import load_naming
from followup.app.lookup import resolve
from followup.errors import FollowupError
from followup.kinds import Status
from followup.models import Settings, StoreData
from followup.store import Store, history
from followup.store.archive import archive_path
from tests.conftest import Invoke, as_json
from tests.test_archive import ADD_NEW, ADD_OLD, LATER, _old_and_new
from tests.test_archive_properties import PROPERTY, _archiver, _written_on, move_days, searches, windows

EDITS = st.sampled_from(["notes", "company", "remove", "reopen", "none"])


def _edit(data: StoreData, chosen: dict[str, str]) -> None:
    """The same change, made to whichever applications of `data` have the ids chosen."""
    for app in list(data.applications):
        how = chosen.get(app.id)
        if how == "notes":
            app.notes = f"changed {app.id}"
        elif how == "company":
            app.company = "Zeta"
        elif how == "remove":
            data.applications.remove(app)
        elif how == "reopen":
            app.status = Status.INTERVIEWING


def _copy(store: Store, folder: Path) -> Store:
    folder.mkdir()
    for path in (store.path, archive_path(store.path)):
        if path.exists():
            shutil.copy2(path, folder / path.name)
    copy = Store(folder / store.path.name)
    copy.archiver = store.archiver
    return copy


def _records(store: Store) -> list[tuple[str, str, object, object]]:
    entries = history.current_entries(store.path)
    if not entries:
        return []
    return sorted((r.list, r.key, r.before, r.after) for r in entries[-1].records)


@PROPERTY
@given(
    data=searches,
    configured=windows,
    moved_on=move_days,
    later=st.integers(0, 30),
    picks=st.lists(st.tuples(st.integers(0, 7), EDITS), max_size=4),
)
def test_a_write_fetching_some_archived_applications_saves_what_a_full_write_saves(
    data: StoreData,
    configured: object,
    moved_on: date,
    later: int,
    picks: list[tuple[int, str]],
) -> None:
    from datetime import timedelta

    with tempfile.TemporaryDirectory() as folder:
        store = _written_on(Path(folder), data, moved_on, configured)  # type: ignore[arg-type]
        day = moved_on + timedelta(days=later)
        store.archiver = _archiver(day, configured)  # type: ignore[arg-type]
        index = store.load(full=False).archive
        archived = list(index.apps) if index is not None else []
        chosen = {archived[n % len(archived)]: how for n, how in picks} if archived else {}
        full, partial = _copy(store, Path(folder) / "full"), _copy(store, Path(folder) / "partial")
        with full.transaction() as everything:
            _edit(everything, chosen)
        with partial.transaction(full=False, fetch=list(chosen)) as some:
            assert all(app_id in {a.id for a in some.applications} for app_id in chosen)
            _edit(some, chosen)
        assert partial.read_logical() == full.read_logical()
        assert _records(partial) == _records(full)
        assert partial.load().model_dump() == full.load().model_dump()


REFS = st.one_of(
    st.sampled_from(
        ["acme", "ACME", "globex", "Initech", "hooli", "a", "app-", "app-1", "zeta", "acne", "", "  "]
    ),
    st.integers(0, 9).map(lambda n: f"app-{n}"),
)


def _answer(data: StoreData, ref: str) -> str:
    try:
        return resolve(data, ref).model_dump_json()
    except FollowupError as err:
        return f"{type(err).__name__}: {err}"


@PROPERTY
@given(data=searches, configured=windows, moved_on=move_days, ref=REFS)
def test_a_name_means_what_it_means_in_all_the_data(
    data: StoreData, configured: object, moved_on: date, ref: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = _written_on(Path(folder), data, moved_on, configured)  # type: ignore[arg-type]
        expected = _answer(store.load(), ref)
        try:
            got = load_naming(SimpleNamespace(store=store), ref)[1].model_dump_json()  # type: ignore[arg-type]
        except FollowupError as err:
            got = f"{type(err).__name__}: {err}"
        assert got == expected


def test_naming_an_archived_application_reads_its_line_alone(invoke: Invoke, store_file: Path) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)  # moves Oldco
    store = Store(store_file)
    store.archiver = _archiver(date.fromisoformat(LATER), Settings())
    data = store.load(full=False)
    assert [a.id for a in data.applications] == ["newco"] and data.archive is not None
    store.fetch(data, ["oldco"])
    assert [a.id for a in data.applications] == ["oldco", "newco"]  # in its place among them all
    assert data.archive is None  # nothing else is archived
    invoke("edit", "oldco", "--notes", "kept", today=LATER)
    document = store.load(full=False)
    assert document.archive is not None and "oldco" in document.archive.apps  # still settled: archived
    assert store.load().applications[0].notes == "kept"


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["Acme", "globex", "Initech", "Zeta"]),
        st.sampled_from(["Dev", "Ops"]),
        st.none() | st.integers(0, 9).map(lambda n: f"app-{n}") | st.just("acme"),
    ),
    min_size=1,
    max_size=4,
)


def _import(store: Store, fmt: str, raw: bytes, day: date, replace: bool) -> tuple[object, ...]:
    from datetime import datetime, time

    from followup.app.context import Context
    from followup.app.transfer import import_file

    ctx = Context(store, day, datetime.combine(day, time(9)), store.path.with_name("config.toml"))
    report = import_file(ctx, fmt, raw, f"in.{fmt}", replace=replace)
    added = [_unnumbered(a.model_dump_json().encode()) for a in report.added]
    return (added, [a.id for a in report.replaced], report.skipped, report.warnings)


def _unnumbered(raw: bytes) -> bytes:
    """Without the random ids of the records an import makes (status changes), which differ run to run."""
    import re

    return re.sub(rb'"id": ?"[0-9a-f]{12}"', b'"id": ""', raw)


@PROPERTY
@given(data=searches, configured=windows, moved_on=move_days, rows=ROWS, replace=st.booleans())
def test_an_import_into_an_archived_store_does_what_it_does_into_all_the_data(
    data: StoreData,
    configured: object,
    moved_on: date,
    rows: list[tuple[str, str, str | None]],
    replace: bool,
) -> None:
    import csv
    import io

    from followup.formats.backup import export_json

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["id", "company", "role"])
    writer.writerows([[row_id or "", company, role] for company, role, row_id in rows])
    backup = StoreData(
        applications=[app.model_copy(update={"notes": "from the backup"}) for app in data.applications[::2]]
    )
    with tempfile.TemporaryDirectory() as folder:
        for fmt, raw in (("csv", text.getvalue().encode()), ("json", export_json(backup))):
            plain = Store(Path(folder) / fmt / "plain" / "followup.json")
            plain.path.parent.mkdir(parents=True)
            with plain.transaction() as current:  # no archiver: nothing moves
                current.applications = [a.model_copy(deep=True) for a in data.applications]
            archived = Store(Path(folder) / fmt / "followup.json")
            archived.archiver = _archiver(moved_on, configured)  # type: ignore[arg-type]
            with archived.transaction() as current:  # moves what is settled on that day
                current.applications = [a.model_copy(deep=True) for a in data.applications]
            assert _import(archived, fmt, raw, moved_on, replace) == _import(
                plain, fmt, raw, moved_on, replace
            )
            assert _unnumbered(archived.read_logical() or b"") == _unnumbered(plain.read_bytes() or b"")


def test_merging_contacts_renames_them_in_the_archived_applications_too(
    invoke: Invoke, store_file: Path
) -> None:
    invoke("contact", "add", "Bob Smith", "--relation", "reference", today="2025-01-06")
    invoke("contact", "add", "Robert Smith", "--relation", "reference", today="2025-01-06")
    invoke(*ADD_OLD, today="2025-01-06")
    invoke("log-contact", "oldco", "--kind", "reference", "--with", "Robert", today="2025-01-07")
    invoke(*ADD_NEW, today="2025-01-07")
    invoke("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")
    invoke("log-contact", "newco", "--kind", "reference", "--with", "Robert", today=LATER)  # moves Oldco
    assert "oldco" in _index(store_file)
    before = store_file.read_bytes()
    merged = invoke("contact", "merge", "bob smith", "Robert Smith", today=LATER)
    assert "2 records now name Bob Smith" in merged.stdout
    for app in ("oldco", "newco"):
        events = as_json(invoke("show", app, "--json", today=LATER))["events"]
        assert "Robert Smith" not in [e["with"] for e in events] and "Bob Smith" in [
            e["with"] for e in events
        ]
    invoke("undo", today=LATER)
    assert store_file.read_bytes() == before


def _index(store_file: Path) -> dict[str, object]:
    import json

    return json.loads(store_file.read_bytes()).get("archive", {}).get("apps", {})
