"""Meeting people in their other tools: calendar (iCalendar), spreadsheet (CSV) and backup (JSON).

Exports are functions of the stored data and the day; imports validate the whole file before the
store is touched, so a bad file changes nothing. Nothing here prints.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from followup import __version__, rules
from followup.dates import DateError, Prefer, parse_datetime
from followup.errors import FollowupError, NewerStoreError
from followup.models import (
    FORMAT_VERSION,
    Action,
    ActionKind,
    Application,
    Contact,
    Interview,
    Person,
    Settings,
    Status,
    StatusChange,
    StoreData,
)
from followup.render import title
from followup.service import Context, new_id, parse_person

EXPORT_FORMAT = "followup-export"
FORMATS = ("ics", "csv", "json")
DEFAULT_ICS_DAYS = 30
INTERVIEW_LENGTH = timedelta(hours=1)  # a calendar needs an end; most interviews fit in an hour

# Namespace of the calendar UIDs: the same key gives the same UID on every machine, forever.
_UID_NAMESPACE = uuid.UUID("0d6a3c52-1b7e-4b8e-9a57-6f0e2c9b3f41")
UID_DOMAIN = "followup.invalid"

# The waiting game of one application (wait, follow up, move on) is one calendar event that moves
# as the game goes on, so a re-imported calendar updates it instead of piling up stale ones.
_WAITING_GAME = frozenset({ActionKind.WAIT, ActionKind.FOLLOW_UP, ActionKind.MOVE_ON})
# Actions that happen once per interview (or per decision) keep that day in their identity.
_PER_OCCASION = frozenset({ActionKind.THANK_YOU, ActionKind.REVIEW, ActionKind.REPLY_TO_DECISION})


class ImportFileError(FollowupError):
    """A file to import is unreadable or holds a bad row; nothing was imported."""


# Calendar -----------------------------------------------------------------------------------------


def action_uid(action: Action) -> str:
    """A UID that stays the same for the same action across exports (RFC 5545 §3.8.4.7).

    The due date is left out, so a follow-up that moves updates its event instead of duplicating it.
    """
    if action.action in _WAITING_GAME:
        key = ["waiting-game", action.app or ""]
    else:
        key = [action.action.value, action.app or "", (action.person or "").casefold()]
        if action.action in _PER_OCCASION:
            key.append(action.start.isoformat())
    return f"{uuid.uuid5(_UID_NAMESPACE, '/'.join(key))}@{UID_DOMAIN}"


def interview_uid(app: Application, interview: Interview) -> str:
    key = "/".join(["interview", app.id, str(interview.round)])
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@{UID_DOMAIN}"


def action_summary(action: Action) -> str:
    """`Thank Jane Doe (Acme)`: what to do, and for which employer."""
    text = "Check for an answer; follow up if none" if action.action is ActionKind.WAIT else title(action)
    return f"{text} ({action.company})" if action.company else text


def interview_summary(app: Application, interview: Interview) -> str:
    stage = f" ({interview.stage})" if interview.stage else ""
    return f"Interview{stage}: {app.role} at {app.company}"


def calendar_actions(data: StoreData, today: date, settings: Settings, days: int) -> list[Action]:
    """Open actions due within `days` (overdue ones included), one per calendar event."""
    last_day = today + timedelta(days=days)
    return [a for a in rules.agenda(data, today, settings) if a.due <= last_day]


def scheduled_interviews(data: StoreData, today: date, days: int) -> list[tuple[Application, Interview]]:
    last_day = today + timedelta(days=days)
    found = [
        (app, interview)
        for app in data.applications
        if app.is_active
        for interview in app.interviews
        if today <= interview.day <= last_day
    ]
    return sorted(found, key=lambda pair: (pair[1].at, pair[0].id))


def export_ics(data: StoreData, today: date, settings: Settings, days: int, stamp: datetime) -> bytes:
    """An iCalendar file: an all-day event per open action, a timed event per coming interview.

    `stamp` is when the file is made (DTSTAMP); icalendar writes CRLF lines folded at 75 octets.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//followup//followup {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "followup")
    utc_stamp = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)

    for action in calendar_actions(data, today, settings, days):
        event = Event()
        event.add("uid", action_uid(action))
        event.add("dtstamp", utc_stamp)
        event.add("dtstart", action.due)
        event.add("dtend", action.due + timedelta(days=1))
        event.add("summary", action_summary(action))
        event.add("description", action.reason)
        event.add("categories", ["followup", action.action.value])
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block the day
        calendar.add_component(event)

    for app, interview in scheduled_interviews(data, today, days):
        event = Event()
        event.add("uid", interview_uid(app, interview))
        event.add("dtstamp", utc_stamp)
        if interview.at.time() == time():  # no time was given: an all-day event
            event.add("dtstart", interview.day)
            event.add("dtend", interview.day + timedelta(days=1))
        else:
            event.add("dtstart", interview.at)  # floating local time, as it was typed
            event.add("dtend", interview.at + INTERVIEW_LENGTH)
        event.add("summary", interview_summary(app, interview))
        people = ", ".join(str(p) for p in interview.interviewers)
        lines = [f"{app.company} · {app.role} ({app.id}), round {interview.round}."]
        if people:
            lines.append(f"With {people}.")
        event.add("description", " ".join(lines))
        event.add("categories", ["followup", "interview"])
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result


# Spreadsheet --------------------------------------------------------------------------------------

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: `=SUM(A1)` → `'=SUM(A1)` (OWASP's advice)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unguard(cell: str) -> str:
    """Undo `spreadsheet_safe`, so an exported file imports as it was."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def _format_moment(moment: datetime) -> str:
    return moment.date().isoformat() if moment.time() == time() else moment.strftime("%Y-%m-%d %H:%M")


def csv_row(app: Application, contacts: Sequence[Contact], today: date, settings: Settings) -> dict[str, str]:
    last = app.last_interview()
    nxt = rules.next_action(app, contacts, today, settings)
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
        "next_action": title(nxt) if nxt else "",
        "next_action_due": nxt.due.isoformat() if nxt else "",
        "notes": app.notes or "",
    }


def export_csv(data: StoreData, today: date, settings: Settings) -> bytes:
    """One row per application, RFC 4180: a header, CRLF line ends, quotes only where needed, UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for app in data.applications:
        row = csv_row(app, data.contacts, today, settings)
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue().encode("utf-8")


CSV_REQUIRED = ("company", "role")
CSV_OPTIONAL = ("interview_at", "interviewers", "decision_by", "status", "notes", "applied_on")


@dataclass
class ImportReport:
    """What an import added, skipped or replaced, and what it warns about."""

    added: list[Application] = field(default_factory=list)
    replaced: list[Application] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    contacts_added: list[Contact] = field(default_factory=list)
    contacts_replaced: list[Contact] = field(default_factory=list)
    contacts_skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


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


def _header_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().casefold())


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a spreadsheet is fine
    except UnicodeDecodeError as err:
        raise ImportFileError(f"{name}: not UTF-8 at byte {err.start}; nothing was imported") from None
    if "\x00" in text:
        raise ImportFileError(f"{name}: contains NUL bytes; nothing was imported")
    return text


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
    value = _unguard((row.get(key) or "").strip()).strip()
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
    )


def read_csv(raw: bytes, name: str, now: datetime) -> tuple[list[CsvRow], list[str]]:
    """Every row of a CSV file, checked; a bad row raises ImportFileError with its line number."""
    text = _decode(raw, name)
    reader = csv.reader(io.StringIO(text, newline=""))
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
        known = set(CSV_REQUIRED) | set(CSV_OPTIONAL)
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


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def application_from_row(data: StoreData, row: CsvRow, today: date) -> Application:
    """A new application for one CSV row, with an id not yet taken in `data`."""
    interview_day = row.interview_at.date() if row.interview_at else None
    known_days = [d for d in (row.applied_on, interview_day) if d is not None and d <= today]
    created = min(known_days, default=today)
    app = Application(
        id=new_id(data, row.company),
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
                round=1, at=row.interview_at, interviewers=list(row.interviewers), decision_by=row.decision_by
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


def import_csv(ctx: Context, raw: bytes, name: str, dry_run: bool = False) -> ImportReport:
    """Add an application per row; rows naming an application already there are skipped."""
    rows, warnings = read_csv(raw, name, ctx.now)
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    if dry_run:
        data = ctx.store.load()
        _add_rows(data, rows, ctx.today, report)
        return report
    with ctx.store.transaction() as data:
        _add_rows(data, rows, ctx.today, report)
    return report


def _add_rows(data: StoreData, rows: Iterable[CsvRow], today: date, report: ImportReport) -> None:
    for row in rows:
        same = next(
            (
                a
                for a in data.applications
                if _norm(a.company) == _norm(row.company) and _norm(a.role) == _norm(row.role)
            ),
            None,
        )
        if same is not None:
            report.skipped.append(
                f"line {row.line}: {row.company} · {row.role} is already there as {same.id}"
            )
            continue
        app = application_from_row(data, row, today)
        data.applications.append(app)
        report.added.append(app.model_copy(deep=True))


# Backup -------------------------------------------------------------------------------------------


def export_document(data: StoreData) -> dict[str, Any]:
    """Everything in the store, in the same shape the store keeps it."""
    dumped = data.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {
        "format": EXPORT_FORMAT,
        "version": FORMAT_VERSION,
        "applications": dumped["applications"],
        "contacts": dumped["contacts"],
    }


def export_json(data: StoreData) -> bytes:
    from followup.storeformat import encode

    return encode(export_document(data))


def read_export(raw: bytes, name: str) -> StoreData:
    """A `followup export --format json` file, checked and brought up to the current format."""
    from pydantic import ValidationError

    from followup.storeformat import MIGRATIONS, decode

    try:
        document = decode(raw)
    except ValueError as err:
        raise ImportFileError(f"{name}: {err}; nothing was imported") from None
    if document.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            f'{name} is not a followup export (no "format": "{EXPORT_FORMAT}"); nothing was imported'
        )
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise ImportFileError(
            f"{name}: its 'version' is missing or not a positive integer; nothing was imported"
        )
    if version > FORMAT_VERSION:
        raise NewerStoreError(
            f"{name} was written by a newer followup (format {version}; this one reads up to"
            f" {FORMAT_VERSION}); upgrade followup to import it"
        )
    body = {k: v for k, v in document.items() if k != "format"}
    while version < FORMAT_VERSION:
        body = MIGRATIONS[version](body)
        version += 1
        body["version"] = version
    try:
        data = StoreData.model_validate(body)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ImportFileError(f"{name}: {where}: {first['msg']}; nothing was imported") from None
    except RecursionError:
        raise ImportFileError(f"{name}: nested too deeply; nothing was imported") from None
    seen: set[str] = set()
    for app in data.applications:
        if app.id in seen:
            raise ImportFileError(f"{name}: application id {app.id!r} appears twice; nothing was imported")
        seen.add(app.id)
    return data


def import_json(
    ctx: Context, raw: bytes, name: str, replace: bool = False, dry_run: bool = False
) -> ImportReport:
    """Add the export's applications and contacts; ids already in the store are skipped or replaced."""
    incoming = read_export(raw, name)
    report = ImportReport(dry_run=dry_run)
    if dry_run:
        _merge(ctx.store.load(), incoming, replace, report)
        return report
    with ctx.store.transaction() as data:
        _merge(data, incoming, replace, report)
    return report


def _merge(data: StoreData, incoming: StoreData, replace: bool, report: ImportReport) -> None:
    index = {app.id: i for i, app in enumerate(data.applications)}
    for app in incoming.applications:
        if app.id in index:
            if replace:
                data.applications[index[app.id]] = app
                report.replaced.append(app)
            else:
                report.skipped.append(f"{app.id} ({app.company} · {app.role}) is already there")
            continue
        index[app.id] = len(data.applications)
        data.applications.append(app)
        report.added.append(app)
    names = {_norm(c.name): i for i, c in enumerate(data.contacts)}
    for contact in incoming.contacts:
        key = _norm(contact.name)
        if key in names:
            if replace:
                data.contacts[names[key]] = contact
                report.contacts_replaced.append(contact)
            else:
                report.contacts_skipped.append(contact.name)
            continue
        names[key] = len(data.contacts)
        data.contacts.append(contact)
        report.contacts_added.append(contact)
