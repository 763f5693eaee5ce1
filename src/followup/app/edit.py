"""Correcting what was recorded: edit or remove an application, a contact, a log entry, an interview.

Each change goes through the store like any other, so it is in the history and `followup undo` takes
it back. A value given as empty text clears an optional field; None leaves it as it is. Nothing here
prints or reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from followup.app.context import Context, changing
from followup.app.lookup import named_people, resolve
from followup.errors import NeedsArchive, NotFoundError, UsageError
from followup.kinds import EventKind, Relation
from followup.models import Application, Contact, Event, Interview, Person, StoreData
from followup.people import normalize


def _nothing_to_change(given: dict[str, Any], flags: str) -> None:
    if all(value is None for value in given.values()):
        raise UsageError(f"nothing to change: give {flags}")


def _text(value: str | None) -> str | None:
    """Empty text clears the field."""
    return value if value is None or value.strip() else None


def _set(record: Any, changed: list[str], name: str, value: Any, label: str | None = None) -> None:
    if getattr(record, name) != value:
        setattr(record, name, value)
        changed.append(label or name.replace("_", "-"))


def _not_future(flag: str, day: date | None, today: date) -> None:
    if day is not None and day > today:
        raise UsageError(f"{flag} {day.isoformat()} is in the future")


# Applications -------------------------------------------------------------------------------------


def edit_application(
    ctx: Context,
    ref: str,
    company: str | None = None,
    role: str | None = None,
    decision_by: date | None = None,
    notes: str | None = None,
    applied_on: date | None = None,
) -> tuple[Application, list[str]]:
    """Change an application's fields; returns it and the names of the fields that changed."""
    given = {"company": company, "role": role, "decision_by": decision_by, "notes": notes}
    _nothing_to_change(
        {**given, "applied_on": applied_on}, "--company, --role, --decision-by, --notes or --applied-on"
    )
    for flag, value in (("--company", company), ("--role", role)):
        if value is not None and not value.strip():
            raise UsageError(f"{flag} must not be empty: an application needs a company and a role")
    _not_future("--applied-on", applied_on, ctx.today)

    def change(data: StoreData) -> tuple[Application, list[str]]:
        app = resolve(data, ref)
        changed: list[str] = []
        if company is not None:
            _set(app, changed, "company", company.strip())
        if role is not None:
            _set(app, changed, "role", role.strip())
        if decision_by is not None:
            _set(app, changed, "decision_by", decision_by)
        if notes is not None:
            _set(app, changed, "notes", _text(notes))
        if applied_on is not None:
            _set(app, changed, "applied_on", applied_on)
        return app.model_copy(deep=True), changed

    return changing(ctx, change)


def remove_application(ctx: Context, ref: str) -> Application:
    """Remove an application and everything recorded about it; returns what was removed."""

    def change(data: StoreData) -> Application:
        app = resolve(data, ref)
        data.applications = [a for a in data.applications if a is not app]
        return app

    return changing(ctx, change)


# Contacts -----------------------------------------------------------------------------------------


def _contact(data: StoreData, name: str) -> Contact:
    key = normalize(name)
    for contact in data.contacts:
        if normalize(contact.name) == key:
            return contact
    if not data.contacts:
        raise NotFoundError(f"no contact named {name!r}: you have none (add one with `followup contact add`)")
    known = ", ".join(sorted((c.name for c in data.contacts), key=normalize)[:10])
    raise NotFoundError(f"no contact named {name!r}; known: {known}")


def edit_contact(
    ctx: Context,
    name: str,
    email: str | None = None,
    phone: str | None = None,
    company: str | None = None,
    relation: Relation | None = None,
    notes: str | None = None,
) -> tuple[Contact, list[str]]:
    """Change a contact's details; returns it and the names of the fields that changed."""
    given = {"email": email, "phone": phone, "company": company, "relation": relation, "notes": notes}
    _nothing_to_change(given, "--email, --phone, --company, --relation or --notes")
    with ctx.store.transaction(full=False) as data:  # contacts are in the store file
        contact = _contact(data, name)
        changed: list[str] = []
        for field in ("email", "phone", "company", "notes"):
            if given[field] is not None:
                _set(contact, changed, field, _text(given[field]))
        if relation is not None:
            _set(contact, changed, "relation", relation)
        return contact.model_copy(deep=True), changed


def remove_contact(ctx: Context, name: str) -> Contact:
    with ctx.store.transaction(full=False) as data:  # contacts are in the store file
        contact = _contact(data, name)
        data.contacts = [c for c in data.contacts if c is not contact]
        return contact


def merge_contacts(ctx: Context, keep: str, other: str) -> tuple[Contact, Contact, int]:
    """A contact added twice becomes one: `keep` takes what only `other` knows (email, phone, company,
    notes), the log entries, done marks and snoozes that name `other` name `keep`, and `other` is
    removed. Returns both and how many records now name `keep` instead."""

    def change(data: StoreData) -> tuple[Contact, Contact, int]:
        kept, gone = _contact(data, keep), _contact(data, other)
        if kept is gone:
            raise UsageError(f"{keep!r} and {other!r} are the same contact")
        if data.archive is not None:  # the archived applications that name `other`, fetched
            old = normalize(gone.name)
            archived = data.archive.apps
            named = [
                app.id
                for app in ctx.store.each_application(data=data)
                if app.id in archived and any(_naming(app, old))
            ]
            if named:
                raise NeedsArchive(tuple(named))
        for field in ("email", "phone", "company", "notes"):
            if getattr(kept, field, None) in (None, "") and getattr(gone, field, None) not in (None, ""):
                setattr(kept, field, getattr(gone, field))
        renamed = 0
        for app in data.applications:
            for item, attribute in list(_naming(app, normalize(gone.name))):
                setattr(item, attribute, kept.name)
                renamed += 1
        data.contacts = [c for c in data.contacts if c is not gone]
        return kept.model_copy(deep=True), gone.model_copy(deep=True), renamed

    return changing(ctx, change)


def _naming(app: Application, key: str) -> Iterator[tuple[Any, str]]:
    """The log entries, done marks, snoozes and dismissals of `app` that name the person whose
    normalized name is `key`, each with the attribute that names them."""
    for item in [*app.events, *app.done, *app.snoozes, *app.dismissals]:
        attribute = "with_" if hasattr(item, "with_") else "person"
        value = getattr(item, attribute)
        if value is not None and normalize(value) == key:
            yield item, attribute


# Log entries --------------------------------------------------------------------------------------


def _entry(app: Application, number: int) -> Event:
    if not 1 <= number <= len(app.events):
        have = f"it has {len(app.events)}" if app.events else "its log is empty"
        raise NotFoundError(
            f"{app.id} has no log entry {number} ({have}; `followup show {app.id}` numbers them)"
        )
    return app.events[number - 1]


@dataclass(frozen=True)
class EntryChange:
    app: Application
    number: int
    event: Event
    changed: list[str]


def edit_log_entry(
    ctx: Context,
    ref: str,
    number: int,
    on: date | None = None,
    kind: EventKind | None = None,
    with_: str | None = None,
    note: str | None = None,
    new: bool = False,
) -> EntryChange:
    """Correct entry `number` (from 1, as `followup show` numbers them) of an application's log.

    `with_` names one known person as `log-contact --with` does (a new name as typed with `new`)."""
    _nothing_to_change(
        {"on": on, "kind": kind, "with": with_, "note": note}, "--on, --kind, --with or --note"
    )
    if on is not None and on > ctx.today:
        raise UsageError(f"--on {on.isoformat()} is in the future; log a contact once it has happened")

    def change(data: StoreData) -> EntryChange:
        app = resolve(data, ref)
        event = _entry(app, number)
        changed: list[str] = []
        if on is not None:
            _set(event, changed, "on", on)
        if kind is not None:
            _set(event, changed, "kind", kind)
        if with_ is not None:
            person = named_people(app, data.contacts, [with_], new)[0] if _text(with_) else None
            _set(event, changed, "with_", person, "with")
        if note is not None:
            _set(event, changed, "note", _text(note))
        return EntryChange(app.model_copy(deep=True), number, event.model_copy(), changed)

    return changing(ctx, change)


def remove_log_entry(ctx: Context, ref: str, number: int) -> EntryChange:
    """Remove entry `number` of an application's log (a status it set stays)."""

    def change(data: StoreData) -> EntryChange:
        app = resolve(data, ref)
        event = _entry(app, number)
        del app.events[number - 1]
        return EntryChange(app.model_copy(deep=True), number, event, [])

    return changing(ctx, change)


# Interviews ---------------------------------------------------------------------------------------


def _interview(app: Application, round_: int) -> Interview:
    for interview in app.interviews:
        if interview.round == round_:
            return interview
    rounds = ", ".join(str(i.round) for i in app.interviews) or "none"
    raise NotFoundError(f"{app.id} has no interview round {round_} (rounds: {rounds})")


@dataclass(frozen=True)
class InterviewChange:
    app: Application
    interview: Interview
    changed: list[str]


def edit_interview(
    ctx: Context,
    ref: str,
    round_: int,
    at: datetime | None = None,
    stage: str | None = None,
    interviewers: tuple[Person, ...] | None = None,
) -> InterviewChange:
    """Correct an interview round: when it was, which stage, who interviewed (all of them, replaced)."""
    _nothing_to_change(
        {"at": at, "stage": stage, "interviewers": interviewers}, "--at, --stage or --interviewer"
    )

    def change(data: StoreData) -> InterviewChange:
        app = resolve(data, ref)
        interview = _interview(app, round_)
        changed: list[str] = []
        if at is not None:
            _set(interview, changed, "at", at)
        if stage is not None:
            _set(interview, changed, "stage", _text(stage))
        if interviewers is not None:
            _set(interview, changed, "interviewers", list(interviewers), "interviewer")
        return InterviewChange(app.model_copy(deep=True), interview.model_copy(deep=True), changed)

    return changing(ctx, change)


def remove_interview(ctx: Context, ref: str, round_: int) -> InterviewChange:
    """Remove an interview round; the later rounds are numbered down to follow on."""

    def change(data: StoreData) -> InterviewChange:
        app = resolve(data, ref)
        interview = _interview(app, round_)
        app.interviews = [i for i in app.interviews if i is not interview]
        for later in app.interviews:
            if later.round > round_:
                later.round -= 1
        return InterviewChange(app.model_copy(deep=True), interview, [])

    return changing(ctx, change)
