"""Rules 1–3 and 12: thank the interviewers, tell the references, ask the network;
thank the references at the end.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from followup.dates import add_business_days, human_date
from followup.models import (
    Action,
    ActionKind,
    Application,
    Contact,
    EventKind,
    Relation,
    Settings,
    Status,
)
from followup.rules.common import cite, contacted, done_mark, make_action, person_matches


# 1. Thank each interviewer.
def thank_you_by(interview_day: date, settings: Settings) -> date:
    """The day the thank-you for an interview on `interview_day` is due."""
    return add_business_days(interview_day, settings.thank_you_business_days, settings.holidays)


def thank_you_due(app: Application, settings: Settings) -> list[Action]:
    """Send a thank-you to each interviewer by the next business day.

    “Sending a thank you note to the interviewer is a polite way of thanking them for their time,
    consideration, and interest in you.”
    """
    if not app.is_active:
        return []
    actions = []
    thanked: set[tuple[date, str | None, str | None]] = set()  # two rounds in a day: one note each
    for interview in sorted(app.interviews, key=lambda i: i.at):
        day = interview.day
        due = thank_you_by(day, settings)
        people: list[tuple[str | None, str | None]] = [(p.name, p.email) for p in interview.interviewers]
        people = people or [(None, None)]
        for name, email in people:
            key = (day, name.casefold() if name else None, email.casefold() if email else None)
            if key in thanked:
                continue
            thanked.add(key)
            if contacted(app, EventKind.THANK_YOU, day, name, email) or done_mark(
                app, ActionKind.THANK_YOU, day, name, email
            ):
                continue
            who = name or "your interviewer"
            reason = cite(
                ActionKind.THANK_YOU,
                f"Thank {who} for the interview on {human_date(day)}, by {human_date(due)}, and address"
                " anything you feel you answered weakly.",
            )
            actions.append(make_action(app, ActionKind.THANK_YOU, day, due, reason, name, email))
    return actions


def contacts_for(app: Application, contacts: Iterable[Contact], relation: Relation) -> list[Contact]:
    company = " ".join(app.company.casefold().split())
    found = []
    for contact in contacts:
        if contact.relation is not relation:
            continue
        if relation is Relation.NETWORK and " ".join((contact.company or "").casefold().split()) != company:
            continue
        found.append(contact)
    return found


# The contact you log once you have told a reference, or asked a networking contact.
CONTACT_EVENT = {Relation.REFERENCE: EventKind.REFERENCE, Relation.NETWORK: EventKind.NETWORK}


def contact_business_days(relation: Relation, settings: Settings) -> int:
    """Business days after the first interview to tell a reference or to ask a networking contact."""
    if relation is Relation.REFERENCE:
        return settings.references_business_days
    return settings.network_business_days


def contact_by(first_interview_day: date, relation: Relation, settings: Settings) -> date:
    """The day your references (or your networking contacts at the company) should have heard from you."""
    days = contact_business_days(relation, settings)
    return add_business_days(first_interview_day, days, settings.holidays)


def _once_per_contact(
    app: Application,
    contacts: Sequence[Contact],
    relation: Relation,
    kind: ActionKind,
    settings: Settings,
    sentence: Callable[[Contact, date], str],
) -> list[Action]:
    """One action per contact of `relation`, once per application, from its first interview; done by
    a contact of the matching kind logged with them (or with everyone) or by `followup done`."""
    first = app.first_interview()
    if first is None or not app.is_active:
        return []
    due = contact_by(first.day, relation, settings)
    event_kind = CONTACT_EVENT[relation]
    actions = []
    for contact in contacts_for(app, contacts, relation):
        if contacted(app, event_kind, None, contact.name, contact.email) or done_mark(
            app, kind, None, contact.name, contact.email
        ):
            continue
        reason = cite(kind, sentence(contact, due))
        actions.append(make_action(app, kind, first.day, due, reason, contact.name, contact.email))
    return actions


# 2. Tell the references.
def notify_references_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    """Tell each reference they may be called, the business day after the first interview.

    “If you haven't already told your references that they may be contacted by the employer then it is
    time to do so.”
    """
    return _once_per_contact(
        app,
        contacts,
        Relation.REFERENCE,
        ActionKind.NOTIFY_REFERENCES,
        settings,
        lambda ref, due: (
            f"{app.company} may call {ref.name}; tell them about the {app.role} role by {human_date(due)}"
            " so they are prepared."
        ),
    )


# 3. Ask a contact at the company to put in a good word.
def ask_network_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    """Ask each networking contact at the same company for a good word, two business days in.

    “Do you know someone who can put in a good word for you at the company you just applied for?”
    """
    return _once_per_contact(
        app,
        contacts,
        Relation.NETWORK,
        ActionKind.ASK_NETWORK,
        settings,
        lambda contact, due: (
            f"{contact.name} knows {app.company}: ask them by {human_date(due)} to put in a good word."
        ),
    )


# 12. Thank the references once it is over.
def acceptance_day(app: Application) -> date | None:
    if app.status is not Status.ACCEPTED:
        return None
    days = [c.on for c in app.status_history if c.status is Status.ACCEPTED]
    return max(days) if days else app.created_on


def notified_references(app: Application, contacts: Sequence[Contact]) -> list[tuple[str, str | None]]:
    """(name, email) of each reference you told about this application, from the log and done marks."""
    found: list[tuple[str, str | None]] = []

    def add(name: str, email: str | None) -> None:
        if not any(person_matches(name, n, e) or person_matches(n, name, email) for n, e in found):
            found.append((name, email))

    for ref in contacts_for(app, contacts, Relation.REFERENCE):
        if contacted(app, EventKind.REFERENCE, None, ref.name, ref.email) or done_mark(
            app, ActionKind.NOTIFY_REFERENCES, None, ref.name, ref.email
        ):
            add(ref.name, ref.email)
    named = [e.with_ for e in app.events if e.kind is EventKind.REFERENCE and not e.inbound]
    named += [m.person for m in app.done if m.action == ActionKind.NOTIFY_REFERENCES]
    for name in named:
        if name:
            add(name, None)
    return found


def thank_references_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    """After accepting an offer, thank each reference you told about it and let them know how it ended.

    “It's all about continuing to creating opportunities for yourself.”
    """
    accepted_on = acceptance_day(app)
    if accepted_on is None:
        return []
    due = accepted_on + timedelta(days=settings.thank_references_days)
    actions = []
    for name, email in notified_references(app, contacts):
        if contacted(app, EventKind.REFERENCE, accepted_on, name, email) or done_mark(
            app, ActionKind.THANK_REFERENCES, accepted_on, name, email
        ):
            continue
        reason = cite(
            ActionKind.THANK_REFERENCES,
            f"You accepted {app.company}'s offer on {human_date(accepted_on)}: thank {name} for being your"
            f" reference and tell them how it ended, by {human_date(due)}.",
        )
        actions.append(make_action(app, ActionKind.THANK_REFERENCES, accepted_on, due, reason, name, email))
    return actions
