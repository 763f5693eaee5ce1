"""Backup and moving machines: `export --format json` and `import FILE.json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup.models import FORMAT_VERSION
from tests.conftest import Invoke, as_json

TODAY = "2026-03-10"


def _busy_store(invoke: Invoke) -> None:
    """A store with something of everything: rounds, events, reviews, done marks, contacts."""
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Backend Engineer",
        "--interview-at",
        "2026-03-02T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--weak-answer",
        "system design",
        "--decision-by",
        "2026-03-16",
        today="2026-03-02",
    )
    invoke(
        "add", "--app", "acme", "--interview-at", "2026-03-05T15:00", "--stage", "onsite", today="2026-03-05"
    )
    invoke(
        "add", "--company", "Globex", "--role", "Ops", "--applied", "--notes", "via Ann", today="2026-03-03"
    )
    invoke("add", "--company", "Ünicode GmbH", "--role", "Dev", "--applied", today="2026-03-03")
    invoke(
        "log-contact", "acme", "--kind", "thank-you", "--with", "Jane", "--note", "sent", today="2026-03-03"
    )
    invoke("log-contact", "globex", "--inbound", "--outcome", "rejected", today="2026-03-08")
    invoke("review", "globex", "--went-well", "rapport", "--improve", "SQL", today="2026-03-09")
    invoke("done", "acme", "review", today="2026-03-06")
    invoke("contact", "add", "Ann Ref", "--relation", "reference", "--email", "ann@example.com")
    invoke("contact", "add", "Net Worker", "--relation", "network", "--company", "Acme")


def _export(invoke: Invoke, *global_opts: str) -> bytes:
    result = invoke(*global_opts, "export", "--format", "json", today=TODAY)
    assert result.stderr == ""
    return result.stdout_bytes


def test_json_export_shape(invoke: Invoke) -> None:
    _busy_store(invoke)
    document = json.loads(_export(invoke))
    assert document["format"] == "followup-export"
    assert document["version"] == FORMAT_VERSION
    assert [a["id"] for a in document["applications"]] == ["acme", "globex", "unicode-gmbh"]
    for app in document["applications"]:
        assert {"id", "company", "role", "status", "interviews", "events"} <= set(app)
    assert [c["name"] for c in document["contacts"]] == ["Ann Ref", "Net Worker"]
    acme = document["applications"][0]
    assert [i["round"] for i in acme["interviews"]] == [1, 2]
    assert acme["events"][0]["with"] == "Jane Doe"


def test_json_round_trip_is_exact(invoke: Invoke, tmp_path: Path) -> None:
    _busy_store(invoke)
    first = _export(invoke)
    backup = tmp_path / "backup.json"
    backup.write_bytes(first)
    fresh = ("--store", str(tmp_path / "new" / "followup.json"))
    result = invoke(*fresh, "import", str(backup), today=TODAY)
    assert "Added acme: Acme · Backend Engineer" in result.stdout
    assert "Added contact Ann Ref (reference)." in result.stdout
    assert _export(invoke, *fresh) == first


def test_json_round_trip_keeps_unknown_fields(invoke: Invoke, tmp_path: Path) -> None:
    document = {
        "format": "followup-export",
        "version": 1,
        "applications": [
            {
                "id": "acme",
                "company": "Acme",
                "role": "Dev",
                "status": "applied",
                "created_on": "2026-03-01",
                "interviews": [],
                "events": [],
                "status_history": [],
                "reviews": [],
                "done": [],
                "salary_band": "B3",
            }
        ],
        "contacts": [],
    }
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    invoke("import", str(backup))
    exported = json.loads(_export(invoke))
    assert exported["applications"][0]["salary_band"] == "B3"


def test_json_import_skips_existing_ids_and_replace_overwrites(invoke: Invoke, tmp_path: Path) -> None:
    _busy_store(invoke)
    backup = tmp_path / "backup.json"
    backup.write_bytes(_export(invoke))
    invoke("status", "acme", "withdrawn", today=TODAY)
    result = invoke("import", str(backup), today=TODAY)
    assert result.stdout == ""
    assert "Skipped acme (Acme · Backend Engineer): already there." in result.stderr
    assert "Skipped contact Ann Ref: already there." in result.stderr
    assert "Nothing to import" in result.stderr
    assert as_json(invoke("show", "acme", "--json", today=TODAY))["status"] == "withdrawn"

    result = invoke("import", "--replace", str(backup), today=TODAY)
    assert "Replaced acme: Acme · Backend Engineer." in result.stdout
    assert "Replaced contact Ann Ref." in result.stdout
    assert as_json(invoke("show", "acme", "--json", today=TODAY))["status"] == "interviewing"
    ids = [a["id"] for a in as_json(invoke("list", "--all", "--json", today=TODAY))]
    assert ids == ["acme", "globex", "unicode-gmbh"]  # replaced in place, nothing doubled


def test_json_import_merges_into_a_store(invoke: Invoke, tmp_path: Path) -> None:
    invoke("add", "--company", "Initech", "--role", "Analyst", "--applied", today=TODAY)
    other = ("--store", str(tmp_path / "laptop.json"))
    invoke(*other, "add", "--company", "Acme", "--role", "Dev", "--applied", today=TODAY)
    backup = tmp_path / "laptop-export.json"
    backup.write_bytes(_export(invoke, *other))
    invoke("import", str(backup), today=TODAY)
    ids = [a["id"] for a in as_json(invoke("list", "--json", today=TODAY))]
    assert ids == ["initech", "acme"]


def test_json_import_dry_run(invoke: Invoke, tmp_path: Path, store_file: Path) -> None:
    other = ("--store", str(tmp_path / "laptop.json"))
    invoke(*other, "add", "--company", "Acme", "--role", "Dev", "--applied", today=TODAY)
    backup = tmp_path / "e.json"
    backup.write_bytes(_export(invoke, *other))
    result = invoke("import", "--dry-run", str(backup), today=TODAY)
    assert result.stdout == "Would add acme: Acme · Dev (applied).\n"
    assert not store_file.exists()


@pytest.mark.parametrize(
    ("content", "message", "code"),
    [
        (b"{not json", "not valid JSON", 1),
        (b"[]", "expected an object", 1),
        (b'{"version": 1, "applications": []}', "is not a followup export", 1),
        (b'{"format": "followup-export", "version": "1"}', "'version' is missing", 1),
        (b'{"format": "followup-export", "version": 99}', "newer followup", 1),
        (
            b'{"format": "followup-export", "version": 1, "applications": [{"id": "a", "company": "A"}]}',
            "applications.0.role",
            1,
        ),
        (
            b'{"format": "followup-export", "version": 1, "applications": ['
            b'{"id": "a", "company": "A", "role": "R", "created_on": "2026-03-01"},'
            b'{"id": "a", "company": "B", "role": "R", "created_on": "2026-03-01"}]}',
            "appears twice",
            1,
        ),
    ],
)
def test_json_import_bad_documents_change_nothing(
    invoke: Invoke, tmp_path: Path, store_file: Path, content: bytes, message: str, code: int
) -> None:
    invoke("add", "--company", "Existing", "--role", "Dev", "--applied", today=TODAY)
    before = store_file.read_bytes()
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = invoke("import", str(path), ok=False)
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert store_file.read_bytes() == before


def test_json_export_to_file(invoke: Invoke, tmp_path: Path) -> None:
    _busy_store(invoke)
    target = tmp_path / "backup.json"
    invoke("export", "-o", str(target), today=TODAY)
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "followup-export"
    assert target.read_bytes() == _export(invoke)


def test_the_backup_round_trips_unknown_fields_of_every_kind_exactly(
    invoke: Invoke, tmp_path: Path, store_file: Path
) -> None:
    """Fields a newer followup wrote travel in the backup as the store keeps them: null ones, nested
    ones and top-level keys; export → import into an empty store → export gives the same bytes."""
    _busy_store(invoke)
    stored = json.loads(store_file.read_text(encoding="utf-8"))
    stored["sync"] = {"peer": "laptop", "cursor": None}  # a top-level key
    stored["applications"][0]["pinned"] = None  # a null field
    stored["applications"][0]["events"][0]["thread"] = {"id": "m1", "labels": [None, 1.5, True]}
    stored["contacts"][0]["pronouns"] = None
    store_file.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    first = _export(invoke)
    exported = json.loads(first)
    assert exported["sync"] == {"peer": "laptop", "cursor": None}
    assert exported["applications"][0]["pinned"] is None
    assert exported["contacts"][0]["pronouns"] is None
    backup = tmp_path / "backup.json"
    backup.write_bytes(first)
    fresh = ("--store", str(tmp_path / "new" / "followup.json"))
    invoke(*fresh, "import", str(backup), today=TODAY)
    assert _export(invoke, *fresh) == first
