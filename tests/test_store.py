"""The store: round trips, backups, permissions, and files it must refuse."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.errors import CorruptStoreError, NewerStoreError, StoreError
from followup.kinds import EventKind, Relation, Status
from followup.models import FORMAT_VERSION, Application, Contact, Event, Interview, Person, StoreData
from followup.store import Store

# Text a user could type: any Unicode that UTF-8 can carry (no lone surrogates), control characters included.
user_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def stores(draw: st.DrawFn) -> StoreData:
    apps = []
    for i in range(draw(st.integers(0, 3))):
        interviews = [
            Interview(
                round=r + 1,
                at=draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))).replace(
                    microsecond=0
                ),
                interviewers=[Person(name=draw(user_text) or "x", email=draw(st.none() | user_text))],
                weak_answers=draw(st.lists(user_text, max_size=2)),
            )
            for r in range(draw(st.integers(0, 2)))
        ]
        events = [
            Event(
                on=draw(days), kind=draw(st.sampled_from(list(EventKind))), note=draw(st.none() | user_text)
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        apps.append(
            Application(
                id=f"app-{i}",
                company=draw(user_text.filter(str.strip)),
                role=draw(user_text.filter(str.strip)),
                status=draw(st.sampled_from(list(Status))),
                created_on=draw(days),
                decision_by=draw(st.none() | days),
                notes=draw(st.none() | user_text),
                interviews=interviews,
                events=events,
            )
        )
    contacts = [
        Contact(name=draw(user_text.filter(str.strip)), relation=draw(st.sampled_from(list(Relation))))
        for _ in range(draw(st.integers(0, 2)))
    ]
    return StoreData(applications=apps, contacts=contacts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stores())
def test_save_then_load_gives_the_same_data(tmp_path: Path, data: StoreData) -> None:
    store = Store(tmp_path / "s" / "followup.json")
    store.path.unlink(missing_ok=True)
    with store.transaction() as stored:
        stored.applications = data.applications
        stored.contacts = data.contacts
    assert store.load() == data


def test_missing_file_is_an_empty_store_and_reading_creates_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "new" / "followup.json")
    assert store.load() == StoreData()
    assert not store.path.parent.exists()


def test_writes_are_private_stable_and_keep_a_backup(tmp_path: Path) -> None:
    store = Store(tmp_path / "d" / "followup.json")
    with store.transaction() as data:
        data.contacts.append(Contact(name="Rita"))
    first = store.path.read_bytes()
    assert not store.backup_path.exists()
    with store.transaction() as data:
        data.contacts.append(Contact(name="Nico"))
    assert store.backup_path.read_bytes() == first
    for path in (store.path, store.backup_path, store.lock_path):
        assert oct(path.stat().st_mode & 0o777) == "0o600", path
    assert oct(store.path.parent.stat().st_mode & 0o777) == "0o700"
    document = json.loads(store.path.read_text(encoding="utf-8"))
    assert list(document) == ["version", "applications", "contacts"]
    assert document["version"] == FORMAT_VERSION
    assert store.path.read_text(encoding="utf-8").startswith('{\n  "version"')
    assert not list(store.path.parent.glob("*.tmp"))


def test_an_unchanged_transaction_does_not_rewrite(tmp_path: Path) -> None:
    store = Store(tmp_path / "followup.json")
    with store.transaction() as data:
        data.contacts.append(Contact(name="Rita"))
    before = store.path.stat().st_mtime_ns
    with store.transaction():
        pass
    assert store.path.stat().st_mtime_ns == before and not store.backup_path.exists()


def test_an_error_inside_a_transaction_writes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "followup.json")
    with pytest.raises(RuntimeError), store.transaction() as data:
        data.contacts.append(Contact(name="Rita"))
        raise RuntimeError("boom")
    assert not store.path.exists()


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b'{"applications": [', "not valid JSON"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"[]", "expected an object"),
        (b'{"version": "1", "applications": []}', "version"),
        (b'{"applications": []}', "version"),
        (b'{"version": 1, "version": 1}', "duplicate key"),
        (b'{"version": 1, "applications": [{"id": 1}]}', "applications.0"),
        (b'{"version": 1, "x": NaN}', "NaN"),
    ],
)
def test_bad_files_are_reported_and_left_alone(tmp_path: Path, content: bytes, why: str) -> None:
    store = Store(tmp_path / "followup.json")
    store.path.write_bytes(content)
    with pytest.raises(CorruptStoreError, match=why) as caught:
        store.load()
    assert str(store.path) in str(caught.value)
    with pytest.raises(CorruptStoreError), store.transaction():
        pass
    assert store.path.read_bytes() == content


def test_a_newer_format_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "followup.json")
    store.path.write_text(json.dumps({"version": FORMAT_VERSION + 1, "applications": []}), encoding="utf-8")
    with pytest.raises(NewerStoreError, match="newer followup"):
        store.load()


def test_unknown_fields_survive_a_write(tmp_path: Path) -> None:
    store = Store(tmp_path / "followup.json")
    document = {
        "version": FORMAT_VERSION,
        "applications": [
            {"id": "acme", "company": "Acme", "role": "Dev", "created_on": "2026-03-03", "salary": {"min": 1}}
        ],
        "contacts": [],
        "future_section": [1, 2],
    }
    store.path.write_text(json.dumps(document), encoding="utf-8")
    with store.transaction() as data:
        data.contacts.append(Contact(name="Rita"))
    written = json.loads(store.path.read_text(encoding="utf-8"))
    assert written["future_section"] == [1, 2]
    assert written["applications"][0]["salary"] == {"min": 1}


def test_a_symlink_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "followup.json"
    link.symlink_to(real)
    with pytest.raises(StoreError, match="symbolic link"), Store(link).transaction():
        pass
    assert real.read_text(encoding="utf-8") == "{}"
