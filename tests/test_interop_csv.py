"""Spreadsheet export and import: RFC 4180 through Python's csv module, formula-safe cells."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.formats.spreadsheet import CSV_COLUMNS, read_csv, spreadsheet_safe
from tests.conftest import Invoke, as_json

TODAY = "2026-03-03"


def _rows(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_csv_export_header_rows_and_rfc4180(invoke: Invoke) -> None:
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        'Engineer, "Platform"',
        "--interview-at",
        "2026-03-03T10:00",
        "--stage",
        "onsite",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--interviewer",
        "Raj Patel",
        "--decision-by",
        "2026-03-17",
        "--notes",
        "line one\nline two",
        today=TODAY,
    )
    invoke("add", "--company", "Café Zoë", "--role", "Barista", "--applied", today=TODAY)
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane", today=TODAY)
    raw = invoke("export", "--format", "csv", today=TODAY).stdout_bytes
    assert raw.startswith(b"id,company,role,status,")
    assert raw.endswith(b"\r\n")
    assert b'"Engineer, ""Platform"""' in raw  # RFC 4180 quoting
    rows = _rows(raw)
    assert list(rows[0]) == list(CSV_COLUMNS)
    acme, cafe = rows
    assert acme == {
        "id": "acme",
        "company": "Acme",
        "role": 'Engineer, "Platform"',
        "status": "interviewing",
        "stage": "onsite",
        "applied_on": "2026-03-03",
        "interview_at": "2026-03-03 10:00",
        "interviewers": "Jane Doe <jane@acme.example>; Raj Patel",
        "decision_by": "2026-03-17",
        "last_contact": "2026-03-03",
        "next_action": "Thank Raj Patel",
        "next_action_due": "2026-03-04",
        "notes": "line one\nline two",
    }
    assert cafe["company"] == "Café Zoë" and cafe["status"] == "applied" and cafe["interview_at"] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_export_neutralises_formulas(invoke: Invoke, start: str) -> None:
    invoke("add", "--company", f'{start}HYPERLINK("http://x")', "--role", "Dev", "--applied", today=TODAY)
    row = _rows(invoke("export", "--format", "csv", today=TODAY).stdout_bytes)[0]
    assert row["company"] == f'\'{start}HYPERLINK("http://x")'


def test_csv_next_action_uses_the_learned_wait_like_today(invoke: Invoke) -> None:
    # Five past applications, each decided 10 business days (two weeks) after its interview.
    for i in range(5):
        monday = date(2026, 1, 5) + timedelta(weeks=i)
        invoke("add", "--company", f"Past {i}", "--role", "Dev", "--interview-at", monday.isoformat(),
               today=monday.isoformat())  # fmt: skip
        decided = (monday + timedelta(weeks=2)).isoformat()
        invoke("status", f"past-{i}", "rejected", "--on", decided, today=decided)
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", today="2026-03-02")
    agenda = as_json(invoke("today", "--json", today="2026-03-03"))["actions"]
    wait = next(a for a in agenda if a["app"] == "acme")
    assert (wait["action"], wait["due"]) == ("wait", "2026-03-16")
    exported = _rows(invoke("export", "--format", "csv", today="2026-03-03").stdout_bytes)
    [row] = [r for r in exported if r["id"] == "acme"]
    assert (row["next_action"], row["next_action_due"]) == ("Wait", "2026-03-16")


def test_spreadsheet_safe_leaves_ordinary_cells_alone() -> None:
    assert spreadsheet_safe("Acme") == "Acme"
    assert spreadsheet_safe("2026-03-03") == "2026-03-03"
    assert spreadsheet_safe("") == ""
    assert spreadsheet_safe("=1+1") == "'=1+1"


def test_csv_import_adds_rows(invoke: Invoke, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "jobs.csv",
        "Company,Role,Interview At,Interviewers,decision_by,status,notes,applied_on\r\n"
        "Acme,Backend Engineer,2026-03-02 10:00,Jane Doe <jane@acme.example>; Raj Patel,2026-03-16,,"
        "met the team,2026-02-20\r\n"
        "Globex,Data Engineer,,,,rejected,,2026-02-01\r\n"
        "Initech,Analyst,,,,,,\r\n",
    )
    result = invoke("import", str(path), today=TODAY)
    assert result.stdout.splitlines() == [
        "Added acme: Acme · Backend Engineer (interviewing, interview 2026-03-02 10:00).",
        "Added globex: Globex · Data Engineer (rejected).",
        "Added initech: Initech · Analyst (applied).",
    ]
    apps = {a["id"]: a for a in as_json(invoke("list", "--all", "--json", today=TODAY))}
    acme = apps["acme"]
    assert acme["interviews"][0]["interviewers"] == [
        {"name": "Jane Doe", "email": "jane@acme.example"},
        {"name": "Raj Patel", "email": None},
    ]
    assert acme["decision_by"] == "2026-03-16"
    assert acme["notes"] == "met the team"
    assert acme["applied_on"] == "2026-02-20"
    assert acme["next_action"]["action"] == "thank-you"
    assert apps["globex"]["status"] == "rejected"
    assert apps["initech"]["created_on"] == TODAY


def test_csv_import_warns_about_unknown_columns(invoke: Invoke, tmp_path: Path) -> None:
    path = _write(tmp_path / "jobs.csv", "company,role,salary\nAcme,Dev,lots\n")
    result = invoke("import", str(path), today=TODAY)
    assert "Warning: column 'salary' is not one followup reads; ignored." in result.stderr
    assert "Added acme" in result.stdout


def test_csv_import_dry_run_writes_nothing(invoke: Invoke, tmp_path: Path, store_file: Path) -> None:
    path = _write(tmp_path / "jobs.csv", "company,role\nAcme,Dev\nGlobex,Ops\n")
    result = invoke("import", "--dry-run", str(path), today=TODAY)
    assert result.stdout.splitlines() == [
        "Would add acme: Acme · Dev (applied).",
        "Would add globex: Globex · Ops (applied).",
    ]
    assert "nothing was written" in result.stderr
    assert not store_file.exists()


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Acme,Dev,2026-03-01\nGlobex,,2026-03-01\n", 3, "role is empty"),
        ("Acme,Dev,2026-03-01\nGlobex,Ops,someday\n", 3, "interview_at: not a date: 'someday'"),
        ("Acme,Dev,1066-10-14\n", 2, "interview_at: '1066-10-14' is not a plausible date"),
        ("Acme,Dev,03/04/2026\n", 2, "ambiguous date"),
        ('"Acme\nCorp",Dev,2026-03-01\nGlobex,Ops,2026-02-30\n', 4, "not a date"),
        ("Acme,Dev,2026-03-01,extra\n", 2, "4 cells but 3 columns"),
    ],
)
def test_csv_import_bad_row_imports_nothing(
    invoke: Invoke, tmp_path: Path, store_file: Path, body: str, line: int, message: str
) -> None:
    invoke("add", "--company", "Existing", "--role", "Dev", "--applied", today=TODAY)
    before = store_file.read_bytes()
    path = _write(tmp_path / "jobs.csv", "company,role,interview_at\n" + body)
    result = invoke("import", str(path), today=TODAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: line {line}: ")
    assert message in result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert store_file.read_bytes() == before


def test_csv_import_bad_interviewer(invoke: Invoke, tmp_path: Path, store_file: Path) -> None:
    path = _write(
        tmp_path / "jobs.csv",
        "company,role,interview_at,interviewers\nAcme,Dev,2026-03-01,Jane <jane@x.example\n",
    )
    result = invoke("import", str(path), today=TODAY, ok=False)
    assert result.exit_code == 1
    assert "line 2: interviewers: cannot read interviewer 'Jane <jane@x.example'" in result.stderr
    assert not store_file.exists()


def test_csv_import_reports_how_many_rows_are_bad(invoke: Invoke, tmp_path: Path) -> None:
    path = _write(tmp_path / "jobs.csv", "company,role,status\nA,Dev,maybe\nB,,\nC,Dev,offer\n")
    result = invoke("import", str(path), today=TODAY, ok=False)
    assert "line 2: status 'maybe' is not one of applied, interviewing" in result.stderr
    assert "(and 1 more bad row)" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no header row"),
        (b"company,notes\nAcme,x\n", "missing column role"),
        (b"company,role,Role\nAcme,Dev,Dev\n", "column role appears twice"),
        (b"company,role\nAcme,D\xe9v\n", 'not UTF-8 at byte 19 (in a spreadsheet, save it as "CSV UTF-8")'),
    ],
)
def test_csv_import_bad_files(invoke: Invoke, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes(content)
    result = invoke("import", str(path), ok=False)
    assert result.exit_code == 1
    assert message in result.stderr


def test_csv_import_accepts_a_byte_order_mark(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes("company,role\r\nAcme,Dev\r\n".encode("utf-8-sig"))
    assert "Added acme" in invoke("import", str(path), today=TODAY).stdout


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_import_reads_what_excel_saves_with_semicolons_or_tabs(
    invoke: Invoke, tmp_path: Path, delimiter: str
) -> None:
    header = delimiter.join(["Company", "Role", "Interview at", "Notes"])
    row = delimiter.join(["Acme", "Dev", "2026-03-02 10:00", '"paid 3,5k; remote"'])
    path = tmp_path / "jobs.csv"
    path.write_bytes(f"{header}\r\n{row}\r\n".encode("utf-8-sig"))
    invoke("import", str(path), today=TODAY)
    app = as_json(invoke("show", "acme", "--json", today=TODAY))
    assert (app["company"], app["role"], app["notes"]) == ("Acme", "Dev", "paid 3,5k; remote")
    assert app["interviews"][0]["at"] == "2026-03-02T10:00:00"


def test_csv_import_keeps_commas_when_the_header_has_semicolons_in_a_quoted_name(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = _write(tmp_path / "jobs.csv", 'company,role,"notes; more"\nAcme,Dev,x\n')
    result = invoke("import", str(path), today=TODAY)
    assert "Added acme" in result.stdout
    assert "'notes; more' is not one followup reads" in result.stderr


def test_csv_reimport_skips_what_is_there(invoke: Invoke, tmp_path: Path) -> None:
    path = _write(tmp_path / "jobs.csv", "company,role\nAcme,Dev\n")
    invoke("import", str(path), today=TODAY)
    result = invoke("import", str(path), today=TODAY)
    assert result.stdout == ""
    assert "Skipped line 2: Acme · Dev is already there as acme." in result.stderr
    assert len(as_json(invoke("list", "--json", today=TODAY))) == 1


def test_import_usage_and_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("import", str(tmp_path / "jobs.txt"), ok=False)
    assert result.exit_code == 2
    assert "--format csv|json" in result.stderr
    result = invoke("import", str(tmp_path / "nope.csv"), ok=False)
    assert result.exit_code == 1
    assert "no such file" in result.stderr
    result = invoke("import", "--replace", str(tmp_path / "nope.csv"), ok=False)
    assert result.exit_code == 2


def test_csv_import_from_stdin(invoke: Invoke) -> None:
    result = invoke("import", "--format", "csv", "-", input="company,role\nAcme,Dev\n", today=TODAY)
    assert "Added acme" in result.stdout


def test_csv_export_then_import_keeps_the_fields(invoke: Invoke, tmp_path: Path) -> None:
    invoke(
        "add",
        "--company",
        "=cmd|' /C calc'!A0",
        "--role",
        "-Dev, senior",
        "--interview-at",
        "2026-03-02T09:15",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--decision-by",
        "2026-03-20",
        "--notes",
        "@mention\nsecond line",
        today=TODAY,
    )
    invoke("add", "--company", "Globex", "--role", "Ops", "--applied", today=TODAY)
    invoke("status", "globex", "withdrawn", today=TODAY)
    exported = tmp_path / "out.csv"
    invoke("export", "-o", str(exported), today=TODAY)
    other_store = tmp_path / "other.json"
    result = invoke("--store", str(other_store), "import", str(exported), today=TODAY)
    assert result.stderr == ""  # the export's own columns are all known: read, or derived and ignored
    again = _rows(invoke("--store", str(other_store), "export", "--format", "csv", today=TODAY).stdout_bytes)
    first = _rows(exported.read_bytes())
    keep = ("company", "role", "status", "interview_at", "interviewers", "decision_by", "notes")
    assert [{k: r[k] for k in keep} for r in again] == [{k: r[k] for k in keep} for r in first]
    assert again[0]["company"] == "'=cmd|' /C calc'!A0"


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30
).filter(lambda s: s.strip() != "")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(company=cell_text, role=cell_text, notes=st.one_of(st.none(), cell_text))
def test_csv_round_trip_of_any_text(company: str, role: str, notes: str | None) -> None:
    """Whatever a company, role or note holds, the exported cell reads back as the same text."""
    from followup.formats.spreadsheet import export_csv
    from followup.models import Application, Settings, StoreData

    app = Application(id="x", company=company, role=role, created_on=date(2026, 3, 3), notes=notes)
    raw = export_csv(StoreData(applications=[app]), date(2026, 3, 3), Settings())
    for row in _rows(raw):
        for key in ("company", "role", "notes"):
            assert not row[key].startswith(("=", "+", "-", "@"))
    rows, _ = read_csv(raw, "x.csv", datetime(2026, 3, 3, 12, 0))
    assert (rows[0].company, rows[0].role) == (_read_back(company), _read_back(role))
    assert rows[0].notes == (_read_back(notes or "") or None)


def _read_back(cell: str) -> str:
    """What import makes of an exported cell: a guarded one exactly, any other trimmed."""
    guarded = cell.lstrip().startswith(("=", "+", "-", "@")) or cell.startswith(("\t", "\r", "'"))
    return cell if guarded else cell.strip()


def test_json_list_after_import_is_valid(invoke: Invoke, tmp_path: Path) -> None:
    path = _write(tmp_path / "jobs.csv", "company,role,interviewers,interview_at\nAcme,Dev,Jane,2026-03-01\n")
    invoke("import", str(path), today=TODAY)
    shown = json.loads(invoke("show", "acme", "--json", today=TODAY).stdout)
    assert shown["interviews"][0]["at"] == "2026-03-01T00:00:00"
