"""Export to a spreadsheet, import it into another store, export again: the same rows come back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke, as_json
from tests.test_interop_csv import _rows, _write

TODAY = "2026-03-03"
# Worked out on export from the contact log, earlier rounds and the days statuses changed, none of
# which a spreadsheet holds; an import ignores them (docs/features.md, "Spreadsheets").
DERIVED = ("last_contact", "next_action", "next_action_due")


def _fill_store(invoke: Invoke) -> None:
    """Two rounds and a logged thank-you, a single round, a withdrawal, a rejection, formula text."""
    invoke("add", "--company", "Initech", "--role", "Analyst", "--applied", today="2026-02-02")
    invoke("add", "--app", "initech", "--interview-at", "2026-02-10 14:00", "--stage", "phone screen",
           "--interviewer", "Bob", today="2026-02-10")  # fmt: skip
    invoke("add", "--app", "initech", "--interview-at", "2026-02-24 09:30", "--stage", "final",
           "--interviewer", "Ann Lee <ann@initech.example>", "--decision-by", "2026-03-06",
           today="2026-02-24")  # fmt: skip
    invoke("log-contact", "initech", "--kind", "thank-you", "--with", "Ann", today="2026-02-25")
    invoke("add", "--company", "Acme", "--role", 'Engineer, "Platform"', "--interview-at",
           "2026-03-03 10:00", "--stage", "onsite", "--interviewer", "Jane Doe <jane@acme.example>",
           "--interviewer", "Raj", "--decision-by", "2026-03-17", "--notes", "two\nlines",
           today=TODAY)  # fmt: skip
    invoke("add", "--company", "Acme", "--role", "Ops", "--applied", today=TODAY)
    invoke("add", "--company", "=Globex", "--role", "-Ops", "--applied", today="2026-02-01")
    invoke("status", "globex", "withdrawn", today="2026-02-15")
    invoke("add", "--company", "Hooli", "--role", "SRE", "--interview-at", "2026-01-12", today="2026-01-10")
    invoke("status", "hooli", "rejected", today="2026-01-30")


def test_csv_round_trip_into_an_empty_store(invoke: Invoke, tmp_path: Path) -> None:
    _fill_store(invoke)
    exported = tmp_path / "out.csv"
    invoke("export", "-o", str(exported), today=TODAY)
    other = str(tmp_path / "other.json")
    result = invoke("--store", other, "import", str(exported), today=TODAY)
    assert result.stderr == ""  # no warning about the export's own columns
    again = _rows(invoke("--store", other, "export", "--format", "csv", today=TODAY).stdout_bytes)
    first = _rows(exported.read_bytes())

    def data(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{k: v for k, v in r.items() if k not in DERIVED} for r in rows]

    assert data(again) == data(first)  # ids, stages, statuses, dates, people, notes, formula guards
    assert [r["id"] for r in again] == ["initech", "acme", "acme-2", "globex", "hooli"]
    assert [r["stage"] for r in again] == ["final", "onsite", "", "", ""]
    # Rows that need nothing the spreadsheet leaves out come back whole, derived columns too.
    assert again[1:3] == first[1:3]
    # The contact log does not travel: the logged thank-you is gone, and with it last_contact.
    assert (first[0]["last_contact"], again[0]["last_contact"]) == ("2026-02-25", "")
    # Nor do earlier rounds or the day a status changed, so the next action is worked out afresh.
    # Round one's thank-you (due 11 Feb) is missed by now; the logged one closed round two's.
    assert first[0]["next_action"] == "Review what went well and what to improve"
    assert again[0]["next_action"] == "Thank Ann Lee"  # the imported round's, not yet thanked
    # The rejection of 30 Jan is more than stale_after_business_days old: its review and answer are
    # missed, on export and after the import alike.
    assert (first[4]["next_action"], again[4]["next_action"]) == ("", "")
    # The note of a withdrawal is due from the day of the withdrawal (15 Feb: due 17 Feb, ten business
    # days before today), guessed on import (1 Feb, the day applied): too long ago, so missed.
    assert (first[3]["next_action"], first[3]["next_action_due"]) == ("Withdraw politely", "2026-02-17")
    assert (again[3]["next_action"], again[3]["next_action_due"]) == ("", "")


def test_csv_import_keeps_ids_whatever_the_row_order(invoke: Invoke, tmp_path: Path) -> None:
    # Sorted in a spreadsheet, acme-2 comes first; it keeps its id, and acme keeps its own.
    path = _write(
        tmp_path / "sorted.csv",
        "id,company,role,stage,interview_at\r\n"
        "acme-2,Acme,Ops,,\r\n"
        ",Acme,QA,,\r\n"  # a row added by hand: a new id, clear of the ids the file names
        "ACME,Acme,Dev,onsite,2026-03-02 10:00\r\n",
    )
    result = invoke("import", str(path), today=TODAY)
    assert result.stdout.splitlines() == [
        "Added acme-2: Acme · Ops (applied).",
        "Added acme-3: Acme · QA (applied).",
        "Added acme: Acme · Dev (interviewing, interview 2026-03-02 10:00).",
    ]
    assert result.stderr == ""
    shown = as_json(invoke("show", "acme", "--json", today=TODAY))
    assert (shown["role"], shown["interviews"][0]["stage"]) == ("Dev", "onsite")


def test_csv_import_gives_a_new_id_when_the_row_id_is_taken(invoke: Invoke, tmp_path: Path) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", today=TODAY)
    path = _write(tmp_path / "jobs.csv", "id,company,role\nacme,Acme,Ops\nacme,Acme,QA\n")
    result = invoke("import", str(path), today=TODAY)
    assert result.stdout.splitlines() == [
        "Added acme-2: Acme · Ops (applied).",
        "Added acme-3: Acme · QA (applied).",
    ]
    assert "Warning: line 2: id acme is taken, so this row gets acme-2." in result.stderr
    assert "Warning: line 3: id acme is taken, so this row gets acme-3." in result.stderr
    assert as_json(invoke("show", "acme", "--json", today=TODAY))["role"] == "Dev"


def test_csv_import_ignores_derived_columns_silently(invoke: Invoke, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "jobs.csv",
        "company,role,Last Contact,next_action,next-action-due,salary\nAcme,Dev,2026-01-01,Wait,junk,lots\n",
    )
    result = invoke("import", str(path), today=TODAY)
    assert result.stderr == "Warning: column 'salary' is not one followup reads; ignored.\n"
    shown = as_json(invoke("show", "acme", "--json", today=TODAY))
    assert shown["events"] == []


@pytest.mark.parametrize("typed", ["o'brien & co", "Acme Corp", "-acme", "ÉCOLE"])
def test_csv_import_keeps_an_id_that_is_not_a_slug(invoke: Invoke, tmp_path: Path, typed: str) -> None:
    """An id from a JSON backup (any text the store holds) comes back from a CSV exactly."""
    path = _write(tmp_path / "jobs.csv", "id,company,role\n" + f'"{typed}",Acme,Dev\n')
    invoke("import", str(path), today=TODAY)
    (row,) = as_json(invoke("list", "--json", today=TODAY))
    assert row["id"] == typed


def test_non_slug_id_survives_json_then_csv_round_trip(
    invoke: Invoke, tmp_path: Path, store_file: Path
) -> None:
    doc = {
        "version": 2,
        "applications": [
            {"id": "o'brien & co", "company": "O'Brien & Co", "role": "Dev", "created_on": "2026-03-01"}
        ],
        "contacts": [],
    }
    store_file.parent.mkdir(parents=True, exist_ok=True)
    store_file.write_text(json.dumps(doc))
    exported = tmp_path / "out.csv"
    invoke("export", "-o", str(exported), today=TODAY)
    other = tmp_path / "other.json"
    invoke("--store", str(other), "import", str(exported), today=TODAY)
    (row,) = as_json(invoke("--store", str(other), "list", "--json", today=TODAY))
    assert (row["id"], row["company"]) == ("o'brien & co", "O'Brien & Co")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('"acme\x1b[2Jcorp",Acme,Dev,,\n', "line 2: id 'acme\\x1b[2Jcorp' holds a control character"),
        (",Acme,Dev,onsite,\n", "line 2: stage given without interview_at"),
    ],
)
def test_csv_import_bad_id_or_stage(
    invoke: Invoke, tmp_path: Path, store_file: Path, body: str, message: str
) -> None:
    path = _write(tmp_path / "jobs.csv", "id,company,role,stage,interview_at\n" + body)
    result = invoke("import", str(path), today=TODAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: {message}")
    assert "nothing was imported" in result.stderr
    assert not store_file.exists()


@pytest.mark.parametrize(
    "notes",
    ["'=SUM(A1)", " =1+1", "\n=HYPERLINK(1)", "\u00a0=1", "\tindented", "'90s startup", "-5 on the offer"],
)
def test_a_cell_a_spreadsheet_could_run_is_guarded_and_comes_back_as_it_was(
    invoke: Invoke, tmp_path: Path, notes: str
) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", "--notes", notes, today=TODAY)
    exported = invoke("export", "--format", "csv", today=TODAY).stdout_bytes
    [cell] = [row["notes"] for row in _rows(exported)]
    assert cell.startswith("'")  # a spreadsheet shows it as text, never runs it
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(exported)
    fresh = ("--store", str(tmp_path / "new" / "followup.json"))
    invoke(*fresh, "import", str(sheet), today=TODAY)
    assert as_json(invoke(*fresh, "show", "acme", "--json", today=TODAY))["notes"] == notes
