"""Format 3 gives every record two machines can add at once an id; a format-2 store gets them from
its content and place, so that two machines upgrading the same file agree on every id."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from followup.models import FORMAT_VERSION
from followup.store import Store
from followup.store.codec import APPLICATION_LISTS, MIGRATIONS, migration_record_id
from tests.conftest import Invoke, as_json


def _v2_document() -> dict[str, Any]:
    return {
        "version": 2,
        "applications": [
            {
                "id": "acme",
                "company": "Acme",
                "role": "Developer",
                "status": "interviewing",
                "created_on": "2026-03-02",
                "interviews": [{"round": 1, "at": "2026-03-02T10:00:00", "interviewers": [{"name": "Jane"}]}],
                "events": [
                    {"on": "2026-03-03", "kind": "thank-you", "with": "Jane"},
                    {"on": "2026-03-03", "kind": "thank-you", "with": "Jane"},  # the same twice
                    {"id": "kept-as-it-is", "on": "2026-03-04", "kind": "other"},
                ],
                "status_history": [{"status": "interviewing", "on": "2026-03-02"}],
                "reviews": [{"on": "2026-03-03", "went_well": "ok"}],
                "done": [{"action": "references", "on": "2026-03-03"}],
                "snoozes": [{"action": "network", "until": "2026-03-09", "on": "2026-03-03"}],
                "dismissals": [{"action": "review", "start": "2026-03-03", "on": "2026-03-03"}],
                "x_later": {"kept": True},
            }
        ],
        "contacts": [{"name": "Rita", "relation": "reference"}],
        "x_top": [1, 2],
    }


@pytest.fixture
def v2_store(store_file: Path) -> bytes:
    store_file.parent.mkdir(parents=True)
    raw = json.dumps(_v2_document(), indent=4).encode()
    store_file.write_bytes(raw)
    return raw


def _without_new_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The document as format 2 held it: the ids the step added taken out again."""
    for app in document["applications"]:
        for name in APPLICATION_LISTS:
            for record in app[name]:
                if record["id"] != "kept-as-it-is":
                    del record["id"]
    for contact in document["contacts"]:
        del contact["id"]
    document["version"] = 2
    return document


def _holds(written: Any, original: Any) -> bool:
    """Whether `written` has every key of `original` with the same value (and maybe more keys)."""
    if isinstance(original, dict):
        return isinstance(written, dict) and all(
            k in written and _holds(written[k], v) for k, v in original.items()
        )
    if isinstance(original, list):
        return (
            isinstance(written, list)
            and len(written) == len(original)
            and all(_holds(w, o) for w, o in zip(written, original, strict=True))
        )
    return bool(written == original)


def test_the_step_gives_ids_from_place_and_content_and_changes_nothing_else() -> None:
    migrated = MIGRATIONS[2](_v2_document())
    events = migrated["applications"][0]["events"]
    original = _v2_document()["applications"][0]["events"]
    assert events[0]["id"] == migration_record_id("acme", "events", 0, original[0])
    assert events[1]["id"] == migration_record_id("acme", "events", 1, original[1])
    assert events[0]["id"] != events[1]["id"]  # two equal entries are still two records
    assert events[2]["id"] == "kept-as-it-is"
    assert migrated["contacts"][0]["id"] == migration_record_id(
        "", "contacts", 0, {"name": "Rita", "relation": "reference"}
    )
    assert _without_new_ids(migrated) == _v2_document()


def test_two_machines_upgrading_the_same_file_agree_on_every_id() -> None:
    assert MIGRATIONS[2](_v2_document()) == MIGRATIONS[2](_v2_document())
    ids = [
        r["id"]
        for app in MIGRATIONS[2](_v2_document())["applications"]
        for n in APPLICATION_LISTS
        for r in app[n]
    ]
    assert len(set(ids)) == len(ids)


def test_reading_commands_upgrade_in_memory_and_write_nothing(
    store_file: Path, v2_store: bytes, invoke: Invoke
) -> None:
    shown = as_json(invoke("show", "acme", "--json", today="2026-03-10"))
    assert shown["events"][0]["id"] == migration_record_id(
        "acme", "events", 0, _v2_document()["applications"][0]["events"][0]
    )
    assert sorted(p.name for p in store_file.parent.iterdir()) == [store_file.name]
    assert store_file.read_bytes() == v2_store


def test_the_first_write_keeps_a_byte_identical_v2_backup_then_upgrades(
    store_file: Path, v2_store: bytes, invoke: Invoke
) -> None:
    invoke("log-contact", "acme", "--note", "first write", today="2026-03-10")

    backup = store_file.with_name("followup.json.v2.bak")
    assert backup.read_bytes() == v2_store
    assert os.stat(backup).st_mode & 0o777 == 0o600
    document = json.loads(store_file.read_bytes())
    assert document["version"] == FORMAT_VERSION == 4
    new = document["applications"][0]["events"].pop()
    assert new["note"] == "first write" and len(new["id"]) == 12
    assert document["applications"][0]["events"][0]["id"] == migration_record_id(
        "acme", "events", 0, _v2_document()["applications"][0]["events"][0]
    )
    # Every key kept its value (the defaults are now written out too); the ids are the step's.
    assert _holds(_without_new_ids(document), _v2_document())

    invoke("log-contact", "acme", "--note", "second write", today="2026-03-10")
    assert sorted(store_file.parent.glob("followup.json.v*.bak")) == [backup]
    assert backup.read_bytes() == v2_store


def test_every_new_record_gets_an_id_of_its_own(invoke: Invoke, store_file: Path) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00", today="2026-03-03"
    )
    for _ in range(3):
        invoke("log-contact", "acme", "--note", "same", today="2026-03-04")
    invoke("review", "acme", "--went-well", "ok", "--improve", "less", today="2026-03-04")
    invoke("contact", "add", "Rita", "--email", "rita@example.com", today="2026-03-04")
    document = json.loads(store_file.read_bytes())
    app = document["applications"][0]
    ids = [r["id"] for name in ("interviews", "events", "reviews") for r in app[name]]
    ids += [c["id"] for c in document["contacts"]]
    assert len(ids) == 1 + 3 + 1 + 1 == len(set(ids))
    assert all(len(i) == 12 and int(i, 16) >= 0 for i in ids)


def test_store_load_of_a_format_2_file_gives_ids(store_file: Path, v2_store: bytes) -> None:
    data = Store(store_file).load()
    assert data.version == FORMAT_VERSION
    assert data.contacts[0].id == migration_record_id(
        "", "contacts", 0, {"name": "Rita", "relation": "reference"}
    )
