"""The spreadsheet (RFC 4180 CSV): one row per application out; rows checked all before any goes in."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from followup import rules
from followup.dates import DateError, Prefer, parse_datetime
from followup.errors import FollowupError
from followup.formats.common import ImportFileError, ImportReport, _decode
from followup.ids import new_id
from followup.kinds import Status
from followup.models import Application, Interview, Person, Settings, StatusChange, StoreData
from followup.people import normalize, parse_person
from followup.rules.base import Situation

CSV_COLUMNS = (
    "id",
    "company",
    "role",
    "status",
    "stage",
    "applied_on",
    "interview_at",
    "interviewers",
    "decision_by",
    "last_contact",
    "next_action",
    "next_action_due",
    "notes",
)
_FORMULA_START = ("=", "+", "-", "@")


def _needs_guard(cell: str) -> bool:
    # A spreadsheet may trim white space (a space, a newline, a no-break space) before it reads `=`;
    # a cell that starts with the guard itself is guarded too, so that it comes back as it was.
    return cell.lstrip().startswith(_FORMULA_START) or cell.startswith(("\t", "\r", "'"))


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: `=SUM(A1)` → `'=SUM(A1)` (OWASP's advice)."""
    return "'" + cell if _needs_guard(cell) else cell


def _guarded(cell: str) -> bool:
    return cell.startswith("'") and _needs_guard(cell[1:])


def _format_moment(moment: datetime) -> str:
    return moment.date().isoformat() if moment.time() == time() else moment.strftime("%Y-%m-%d %H:%M")


def csv_row(app: Application, where: Situation) -> dict[str, str]:
    last = app.last_interview()
    nxt = rules.next_action(app, where)
    last_contact = max((e.on for e in app.events), default=None)
    return {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "status": app.status.value,
        "stage": (last.stage or "") if last else "",
        "applied_on": app.applied_on.isoformat() if app.applied_on else "",
        "interview_at": _format_moment(last.at) if last else "",
        "interviewers": "; ".join(str(p) for p in last.interviewers) if last else "",
        "decision_by": app.decision_by.isoformat() if app.decision_by else "",
        "last_contact": last_contact.isoformat() if last_contact else "",
        "next_action": rules.title_of(nxt) if nxt else "",
        "next_action_due": nxt.due.isoformat() if nxt else "",
        "notes": app.notes or "",
    }


def export_csv(
    data: StoreData,
    today: date,
    settings: Settings,
    applications: Iterable[tuple[int, Application]] | None = None,
) -> bytes:
    """One row per application, RFC 4180: a header, CRLF line ends, quotes only where needed, UTF-8.

    `applications`: every one with its place, one at a time, when `data` holds the store file's alone
    with its index of the archive; each becomes its row at once, and the rows are put in order."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    where = rules.situation(data, today, settings)  # with the wait `today` uses
    placed = enumerate(data.applications) if applications is None else applications
    rows = sorted(((place, csv_row(app, where)) for place, app in placed), key=lambda pair: pair[0])
    for _, row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue().encode("utf-8")


CSV_REQUIRED = ("company", "role")
CSV_OPTIONAL = ("id", "stage", "interview_at", "interviewers", "decision_by", "status", "notes", "applied_on")
# Worked out from the contact log and the rules on export; an import ignores them without a warning.
CSV_DERIVED = ("last_contact", "next_action", "next_action_due")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class CsvRow:
    line: int
    company: str
    role: str
    interview_at: datetime | None
    interviewers: tuple[Person, ...]
    decision_by: date | None
    status: Status | None
    notes: str | None
    applied_on: date | None
    id: str | None = None
    stage: str | None = None


def _header_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().casefold())


class _BadCell(ValueError):
    pass


def _cell_date(row: dict[str, str], key: str, now: datetime, prefer: Prefer) -> datetime | None:
    value = _cell(row, key)
    if value is None:
        return None
    try:
        moment = parse_datetime(value, now, prefer)[0]
    except DateError as err:
        raise _BadCell(f"{key}: {err}") from None
    if not 1900 <= moment.year <= 9000:  # the same bounds as the command line's dates
        raise _BadCell(f"{key}: {value!r} is not a plausible date")
    return moment.replace(second=0, microsecond=0)


def _cell(row: dict[str, str], key: str) -> str | None:
    """A cell's text: trimmed, unless `spreadsheet_safe` guarded it, which kept it exactly."""
    raw = row.get(key) or ""
    value = raw[1:] if _guarded(raw) else raw.strip()
    return value or None


def _parse_csv_row(line: int, row: dict[str, str], now: datetime) -> CsvRow:
    company, role = _cell(row, "company"), _cell(row, "role")
    for key, value in (("company", company), ("role", role)):
        if not value:
            raise _BadCell(f"{key} is empty")
    assert company is not None and role is not None
    interview_at = _cell_date(row, "interview_at", now, "past")
    decision_by = _cell_date(row, "decision_by", now, "future")
    applied = _cell_date(row, "applied_on", now, "past")
    applied_on = applied.date() if applied else None
    if applied_on is not None and applied_on > now.date():
        raise _BadCell(f"applied_on {applied_on.isoformat()} is in the future")
    people: list[Person] = []
    raw_people = _cell(row, "interviewers")
    if raw_people:
        try:
            people = [parse_person(part) for part in raw_people.split(";") if part.strip()]
        except FollowupError as err:
            raise _BadCell(f"interviewers: {err}") from None
        if interview_at is None:
            raise _BadCell("interviewers given without interview_at")
    stage = _cell(row, "stage")
    if stage is not None and interview_at is None:
        raise _BadCell("stage given without interview_at")
    app_id = _cell(row, "id")
    if app_id is not None:
        # An id like followup makes (`acme-2`) is lowercased, as typed in a spreadsheet; any other is
        # kept exactly, as the store and its JSON backup keep it, so that an export imports back as
        # it was. Only a control character is refused: no command could name that id.
        if _ID.fullmatch(app_id.lower()):
            app_id = app_id.lower()
        elif any(ch < " " or "\x7f" <= ch < "\xa0" for ch in app_id):
            raise _BadCell(f"id {app_id!r} holds a control character")
    status = None
    raw_status = _cell(row, "status")
    if raw_status:
        try:
            status = Status(raw_status.casefold())
        except ValueError:
            choices = ", ".join(s.value for s in Status)
            raise _BadCell(f"status {raw_status!r} is not one of {choices}") from None
    return CsvRow(
        line,
        company,
        role,
        interview_at,
        tuple(people),
        decision_by.date() if decision_by else None,
        status,
        _cell(row, "notes"),
        applied_on,
        app_id,
        stage,
    )


def _delimiter(text: str) -> str:
    """The comma, or the semicolon or tab a spreadsheet wrote instead (Excel saves "CSV" with
    semicolons where the comma is the decimal mark): whichever splits the header into the most
    columns followup knows."""
    known = set(CSV_REQUIRED) | set(CSV_OPTIONAL) | set(CSV_DERIVED)
    first = text.split("\n", 1)[0]

    def score(delimiter: str) -> int:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(_header_key(cell) in known for cell in cells)

    return max((",", ";", "\t"), key=score)  # the first of the best: the comma on a tie


def read_csv(raw: bytes, name: str, now: datetime) -> tuple[list[CsvRow], list[str]]:
    """Every row of a CSV file, checked; a bad row raises ImportFileError with its line number."""
    text = _decode(raw, name, 'in a spreadsheet, save it as "CSV UTF-8"')
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise ImportFileError(f"{name}: no header row; nothing was imported")
        keys = [_header_key(h) for h in header]
        missing = [k for k in CSV_REQUIRED if k not in keys]
        if missing:
            raise ImportFileError(
                f"{name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)};"
                " nothing was imported"
            )
        dupes = sorted({k for k in keys if k and keys.count(k) > 1})
        if dupes:
            raise ImportFileError(f"{name}: column {dupes[0]} appears twice; nothing was imported")
        known = set(CSV_REQUIRED) | set(CSV_OPTIONAL) | set(CSV_DERIVED)
        warnings = [
            f"column {h.strip()!r} is not one followup reads; ignored"
            for h, k in zip(header, keys, strict=True)
            if k and k not in known
        ]
        rows: list[CsvRow] = []
        errors: list[str] = []
        while True:
            line = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            if not any(v.strip() for v in values):
                continue  # blank lines are common at the end of hand-edited files
            if len(values) > len(keys):
                errors.append(f"line {line}: {len(values)} cells but {len(keys)} columns")
                continue
            row = dict(zip(keys, values, strict=False))
            try:
                rows.append(_parse_csv_row(line, row, now))
            except _BadCell as err:
                errors.append(f"line {line}: {err}")
    except csv.Error as err:
        raise ImportFileError(f"{name}: line {reader.line_num}: {err}; nothing was imported") from None
    if errors:
        more = (
            f" (and {len(errors) - 1} more bad row{'s' if len(errors) > 2 else ''})"
            if len(errors) > 1
            else ""
        )
        raise ImportFileError(f"{name}: {errors[0]}{more}; nothing was imported")
    return rows, warnings


def row_id(data: StoreData, row: CsvRow, reserved: Collection[str] = ()) -> str:
    """The row's own id when it is free (an exported file keeps its ids), else a new one that keeps
    clear of the `reserved` ids other rows of the file name."""
    if row.id is not None and all(a.id != row.id for a in data.applications):
        return row.id
    return new_id(data, row.company, reserved)


def application_from_row(
    data: StoreData, row: CsvRow, today: date, reserved: Collection[str] = ()
) -> Application:
    """A new application for one CSV row, with an id not yet taken in `data`."""
    interview_day = row.interview_at.date() if row.interview_at else None
    known_days = [d for d in (row.applied_on, interview_day) if d is not None and d <= today]
    created = min(known_days, default=today)
    app = Application(
        id=row_id(data, row, reserved),
        company=row.company,
        role=row.role,
        status=Status.APPLIED,
        created_on=created,
        applied_on=row.applied_on,
        decision_by=row.decision_by,
        notes=row.notes,
    )
    app.status_history.append(StatusChange(status=Status.APPLIED, on=created))
    if row.interview_at is not None:
        app.interviews.append(
            Interview(
                round=1,
                at=row.interview_at,
                stage=row.stage,
                interviewers=list(row.interviewers),
                decision_by=row.decision_by,
            )
        )
        app.status = Status.INTERVIEWING
        app.status_history.append(
            StatusChange(status=Status.INTERVIEWING, on=min(interview_day or today, today))
        )
    if row.status is not None and row.status is not app.status:
        # The latest day the row knows of (not in the future) is the best guess for the change.
        candidates = [
            d for d in (row.applied_on, interview_day, row.decision_by) if d is not None and d <= today
        ]
        app.status = row.status
        app.status_history.append(StatusChange(status=row.status, on=max(candidates, default=today)))
    return app


def add_rows(data: StoreData, rows: Sequence[CsvRow], today: date, report: ImportReport) -> None:
    """Add an application per row to `data`; rows naming an application already there are skipped."""
    reserved = {row.id for row in rows if row.id is not None}
    for row in rows:
        same = next(
            (
                a
                for a in data.applications
                if normalize(a.company) == normalize(row.company) and normalize(a.role) == normalize(row.role)
            ),
            None,
        )
        if same is not None:
            report.skipped.append(
                f"line {row.line}: {row.company} · {row.role} is already there as {same.id}"
            )
            continue
        app = application_from_row(data, row, today, reserved)
        if row.id is not None and app.id != row.id:
            report.warnings.append(f"line {row.line}: id {row.id} is taken, so this row gets {app.id}")
        data.applications.append(app)
        report.added.append(app.model_copy(deep=True))
