"""Recording what happened: add, log-contact, status, done, review, contacts (app/views.py shows it:
the agenda, list and show). One function per command: load or change the data through the store, ask
the rules, return data.

Nothing here prints or reads the clock; the CLI passes `today` and `now` in a Context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from followup import rules
from followup.app.context import Context, changing, situation
from followup.app.lookup import named_people, resolve
from followup.errors import FollowupError, NotFoundError, UsageError
from followup.ids import new_id
from followup.kinds import ActionKind, Channel, Direction, EventKind, Outcome, Relation, Status
from followup.models import (
    Application,
    Contact,
    DoneMark,
    Event,
    Interview,
    Person,
    Review,
    StatusChange,
    StoreData,
)
from followup.people import Known, normalize, pick
from followup.rules.base import Action
from followup.rules.chasing import harassment_warning, message_answered
from followup.rules.reapply import REAPPLY_STATUSES
from followup.rules.recruiter import app_outsiders, from_employer
from followup.rules.reopen import reopening
from followup.rules.thank_you import thanked_too_soon

# Commands -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewInterview:
    at: datetime
    stage: str | None = None
    interviewers: tuple[Person, ...] = ()
    weak_answers: tuple[str, ...] = ()
    notes: str | None = None


def add_application(
    ctx: Context,
    company: str | None,
    role: str | None,
    interview: NewInterview | None,
    decision_by: date | None = None,
    notes: str | None = None,
    app_ref: str | None = None,
) -> tuple[Application, Action | None]:
    """Record an application (and its interview), or a further round of one (`app_ref`); returns it
    and the action `followup today` now shows first for it."""
    if decision_by is not None and interview is not None and decision_by < interview.at.date():
        raise UsageError(
            f"--decision-by {decision_by.isoformat()} is before the interview on"
            f" {interview.at.date().isoformat()}; they decide after it"
        )

    def change(data: StoreData) -> tuple[Application, Action | None]:
        if app_ref is not None:
            app = resolve(data, app_ref)
            for given, have, flag in ((company, app.company, "--company"), (role, app.role, "--role")):
                if given is not None and normalize(given) != normalize(have):
                    raise UsageError(f"{flag} {given!r} does not match {app.id} ({have}); drop it with --app")
            if interview is None:
                raise UsageError("--app adds an interview round; it cannot be combined with --applied")
            if app.status not in (Status.OFFER, Status.ACCEPTED, Status.INTERVIEWING):
                _change_status(app, Status.INTERVIEWING, ctx.today)
        else:
            if not company or not company.strip() or not role or not role.strip():
                raise UsageError("an application needs a company and a role")
            app = Application(
                id=new_id(data, company),
                company=company.strip(),
                role=role.strip(),
                status=Status.APPLIED,
                created_on=ctx.today,
                applied_on=ctx.today,
                notes=notes,
            )
            if interview is not None:
                app.status = Status.INTERVIEWING
            app.status_history.append(StatusChange(status=app.status, on=ctx.today))
            data.applications.append(app)
        if interview is not None:
            app.interviews.append(
                Interview(
                    round=len(app.interviews) + 1,
                    at=interview.at,
                    stage=interview.stage,
                    interviewers=list(interview.interviewers),
                    decision_by=decision_by,
                    weak_answers=list(interview.weak_answers),
                    notes=interview.notes if app_ref is not None else None,
                    booked_on=ctx.today,
                )
            )
        if app_ref is not None and notes is not None and interview is None:
            app.notes = notes
        if decision_by is not None:
            app.decision_by = decision_by
        actions = rules.open_actions(app, situation(ctx, data))
        # A round booked ahead: what comes next is the interview, not a note due after it.
        on = interview.at.date() if interview is not None else None
        booked = (a for a in actions if a.action is ActionKind.INTERVIEW and a.due == on)
        nxt = next(booked, actions[0] if actions else None)
        return app.model_copy(deep=True), nxt

    # The store file's applications with the archive's index: a new id is free among the archived
    # ones too (ids.new_id), and `--app` naming an archived one reads them all (`changing`).
    return changing(ctx, change)


def _change_status(app: Application, status: Status, on: date) -> None:
    app.status = status
    app.status_history.append(StatusChange(status=status, on=on))


@dataclass(frozen=True)
class Logged:
    app: Application
    events: list[Event]  # one per person named, or one naming nobody
    warning: str | None
    reply_to: date | None = None  # the day of their message it was counted as a reply to
    reopened_from: Status | None = None  # the status a message from them took it out of
    stays_closed: str | None = None  # why their message did not reopen it

    @property
    def people(self) -> list[str]:
        return [e.with_ for e in self.events if e.with_]


def log_contact(
    ctx: Context,
    ref: str,
    kind: EventKind | None = None,
    channel: Channel = Channel.EMAIL,
    inbound: bool = False,
    with_: Sequence[str] = (),
    note: str | None = None,
    on: date | None = None,
    decision_by: date | None = None,
    outcome: Outcome | None = None,
    respond_by: date | None = None,
    new: bool = False,
    message_id: str | None = None,
    within: StoreData | None = None,
) -> Logged:
    """Record a contact, one entry per person named (`with_`: names as typed, each matched to one known
    person unless `new`); it is recorded even when it chased the employer too soon, with a warning.
    `within`: the data of a transaction already open (`followup inbox accept` logs several in one)."""
    day = on or ctx.today
    if day > ctx.today:
        raise UsageError(f"--on {day.isoformat()} is in the future; log a contact once it has happened")
    if respond_by is not None and outcome not in (None, Outcome.OFFER):
        raise UsageError(f"--respond-by goes with an offer, not --outcome {outcome}")
    _check_respond_by(respond_by, day)
    if outcome is not None:
        inbound = True  # an outcome is news from the employer
        kind = kind or EventKind.REPLY

    def record(data: StoreData) -> Logged:
        given = kind
        app = resolve(data, ref)
        people = named_people(app, data.contacts, with_, new)
        if respond_by is not None and outcome is None and app.status is not Status.OFFER:
            raise UsageError(
                f"--respond-by goes with an offer; {app.id} is {app.status} (add --outcome offer)"
            )
        if given is EventKind.THANK_YOU and not inbound:
            too_soon = thanked_too_soon(app, day, people[0] if len(people) == 1 else None)
            if too_soon is not None:
                raise UsageError(too_soon)
        settings = situation(ctx, data).settings
        outside = app_outsiders(app, data.contacts)
        reply_to = None
        if given is None and not inbound:
            # Left out, the kind is a follow-up, unless the message answers one of theirs.
            reply_to = message_answered(app, day, settings, outside)
            given = EventKind.REPLY if reply_to is not None else EventKind.FOLLOW_UP
        chosen = given or EventKind.FOLLOW_UP
        warning = None
        if chosen is EventKind.FOLLOW_UP and not inbound:
            warning = harassment_warning(app, day, ctx.today, settings, outside)
        closed = app.status
        events = [
            Event(
                on=day,
                kind=chosen,
                channel=channel,
                direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                with_=person,
                note=note,
                decision_by=decision_by,
                outcome=outcome,
                message_id=message_id,
            )
            for person in ([*people] if people else [None])
        ]
        # A message from the employer (an interviewer, the recruiter), not from a reference or a contact.
        from_them = outcome is None and any(from_employer(e, outside) for e in events)
        back = reopening(app, day, data.applications) if from_them else None
        app.events.extend(events)
        if decision_by is not None:
            app.decision_by = decision_by
        if outcome is Outcome.OFFER and app.status is not Status.OFFER:
            app.respond_by = None  # a new offer: a date given for an earlier one no longer holds
        if outcome is not None:
            _change_status(app, Status(outcome.value), day)
        if respond_by is not None:
            app.respond_by = respond_by
        if back is not None and back.reopens:
            _change_status(app, back.to, day)
        reopened = closed if back is not None and back.reopens else None
        stays = back.why if back is not None and not back.reopens else None
        return Logged(app.model_copy(deep=True), events, warning, reply_to, reopened, stays)

    return changing(ctx, record, within)


def _check_respond_by(respond_by: date | None, day: date) -> None:
    if respond_by is not None and respond_by < day:
        raise UsageError(
            f"--respond-by {respond_by.isoformat()} is before {day.isoformat()}, the day of the offer"
        )


def set_status(
    ctx: Context,
    ref: str,
    status: Status,
    on: date | None = None,
    reapply_after: date | None = None,
    respond_by: date | None = None,
) -> tuple[Application, bool]:
    """Move an application to `status` (and note when to apply again, or by when to answer an offer);
    returns it and whether anything changed."""
    day = on or ctx.today
    if day > ctx.today:
        raise UsageError(f"--on {day.isoformat()} is in the future")
    if respond_by is not None and status is not Status.OFFER:
        raise UsageError(f"--respond-by goes with offer, not {status}")
    _check_respond_by(respond_by, day)
    if reapply_after is not None and status not in REAPPLY_STATUSES:
        raise UsageError(f"--reapply-after goes with rejected, withdrawn or ghosted, not {status}")
    if reapply_after is not None and reapply_after <= day:
        raise UsageError(
            f"--reapply-after {reapply_after.isoformat()} is not after {day.isoformat()},"
            f" when it was {status}"
        )

    def change(data: StoreData) -> tuple[Application, bool]:
        app = resolve(data, ref)
        changed = app.status is not status
        if changed:
            if status is Status.OFFER:
                app.respond_by = None  # a new offer: a date given for an earlier one no longer holds
            _change_status(app, status, day)
        if respond_by is not None and app.respond_by != respond_by:
            app.respond_by = respond_by
            changed = True
        if reapply_after is not None and app.reapply_after != reapply_after:
            app.reapply_after = reapply_after
            changed = True
        return app.model_copy(deep=True), changed

    return changing(ctx, change)


def for_person(found: list[Action], app: Application, kind: ActionKind, person: str | None) -> list[Action]:
    """The actions among `found` for the one person `person` names (all when None): a full name, an
    email or a unique start of a name; a clear error when it names nobody or several."""
    if not found:
        raise NotFoundError(f"{app.id} has no open {kind}")
    if person is None:
        return found
    people = [Known(a.person, a.email, f"open {kind}") for a in found if a.person]
    try:
        chosen = pick(person, people, f"{app.company} ({app.id})")
    except NotFoundError:
        names = ", ".join(sorted({a.person or "(unnamed)" for a in found}))
        raise NotFoundError(f"no open {kind} for {person!r} at {app.id}; open for: {names}") from None
    return [a for a in found if a.person == chosen.name]


def mark_done(
    ctx: Context, ref: str, action: ActionKind, person: str | None = None, on: date | None = None
) -> list[Action]:
    """Tick off open actions done outside the log (on `on`, today unless given: a to-do ticked on
    the phone keeps its day); returns the actions it closed."""
    hint = rules.spec(action).done_hint
    if hint is not None:
        raise UsageError(f"{action} is not ticked off with `done`: {hint}")

    def change(data: StoreData) -> list[Action]:
        app = resolve(data, ref)
        open_actions = [
            a
            for a in rules.application_actions(app, situation(ctx, data))
            if a.action is action and a.started(ctx.today)
        ]
        closing = for_person(open_actions, app, action, person)
        day = ctx.today if on is None else on
        if person is None:
            app.done.append(DoneMark(action=action.value, on=day))
        else:
            for name in sorted({a.person for a in closing if a.person}):
                app.done.append(DoneMark(action=action.value, on=day, person=name))
            if not any(a.person for a in closing):
                app.done.append(DoneMark(action=action.value, on=day))
        return closing

    return changing(ctx, change)


def add_review(ctx: Context, ref: str, went_well: str | None, improve: str | None) -> Application:
    """Write down what went well and what to do better next time."""
    if not (went_well and went_well.strip()) and not (improve and improve.strip()):
        raise UsageError("a review needs --went-well or --improve (or both)")

    def change(data: StoreData) -> Application:
        app = resolve(data, ref)
        app.reviews.append(Review(on=ctx.today, went_well=went_well or None, improve=improve or None))
        return app.model_copy(deep=True)

    return changing(ctx, change)


def add_contact(
    ctx: Context,
    name: str,
    email: str | None = None,
    phone: str | None = None,
    company: str | None = None,
    relation: Relation = Relation.OTHER,
) -> Contact:
    if not name.strip():
        raise UsageError("a contact needs a name")
    with ctx.store.transaction(full=False) as data:  # contacts are in the store file
        if any(normalize(c.name) == normalize(name) for c in data.contacts):
            raise FollowupError(f"a contact named {name!r} already exists")
        contact = Contact(
            name=name.strip(),
            email=email,
            phone=phone,
            company=company,
            relation=relation,
            added_on=ctx.today,
        )
        data.contacts.append(contact)
        return contact.model_copy(deep=True)


def list_contacts(ctx: Context) -> list[Contact]:
    data = ctx.store.load(full=False)  # contacts are in the store file
    return sorted(data.contacts, key=lambda c: normalize(c.name))
