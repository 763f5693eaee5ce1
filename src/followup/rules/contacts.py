"""What the rules for your references and networking contacts share: who they are for an
application, when they should hear from you, and one action per person.

Pure, like every module of this package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from followup.dates import add_business_days
from followup.kinds import EventKind, Relation
from followup.people import normalize
from followup.rules.base import (
    Action,
    Fact,
    Finding,
    Situation,
    Spec,
    day_text,
    make_action,
    not_applicable,
    plural,
)
from followup.rules.marks import contacted, done_mark, first_done_on

if TYPE_CHECKING:
    from followup.models import Application, Contact, Settings

# The contact you log once you have told a reference, or asked a networking contact.
CONTACT_EVENT = {Relation.REFERENCE: EventKind.REFERENCE, Relation.NETWORK: EventKind.NETWORK}


def contacts_for(app: Application, contacts: Iterable[Contact], relation: Relation) -> list[Contact]:
    """Your references (for every application), or your networking contacts at this company."""
    company = normalize(app.company)
    found = []
    for contact in contacts:
        if contact.relation is not relation:
            continue
        if relation is Relation.NETWORK and normalize(contact.company or "") != company:
            continue
        found.append(contact)
    return found


def contact_business_days(relation: Relation, settings: Settings) -> int:
    """Business days after the first interview to tell a reference or to ask a networking contact."""
    if relation is Relation.REFERENCE:
        return settings.references_business_days
    return settings.network_business_days


def contact_by(first_interview_day: date, relation: Relation, settings: Settings) -> date:
    """The day your references (or your networking contacts at the company) should have heard from you."""
    days = contact_business_days(relation, settings)
    return add_business_days(first_interview_day, days, settings.holidays)


def once_per_contact(
    app: Application,
    situation: Situation,
    why: bool,
    relation: Relation,
    spec: Spec,
    sentence: Callable[[Contact, date], str],
) -> Finding:
    """One action per contact of `relation`, once per application, from its first interview; done by
    a contact of the matching kind logged with them (or with everyone) or by `followup done`."""
    first = app.first_interview()
    if first is None:
        return not_applicable(spec.kind, "No interview recorded yet.")
    if not app.is_active:
        return not_applicable(spec.kind, f"The application is {app.status}.")
    people = contacts_for(app, situation.contacts, relation)
    if not people:
        where = f" at {app.company}" if relation is Relation.NETWORK else ""
        return not_applicable(spec.kind, f"No {relation} contacts{where} in your contacts.")
    settings, today = situation.settings, situation.today
    due = contact_by(first.day, relation, settings)
    event_kind = CONTACT_EVENT[relation]
    facts: list[Fact] = []
    if why:
        days = contact_business_days(relation, settings)
        facts += [
            ("first interview", day_text(first.day, today)),
            ("due", f"{day_text(due, today)} ({plural(days, 'business day')} after it)"),
        ]
    actions: list[Action] = []
    for contact in people:
        if why:
            sent = first_done_on(app, event_kind, spec.kind, None, contact.name, contact.email)
            facts.append(
                (f"  {contact.name}", f"contacted {day_text(sent, today)}" if sent else "not contacted yet")
            )
        if contacted(app, event_kind, None, contact.name, contact.email) or done_mark(
            app, spec.kind, None, contact.name, contact.email
        ):
            continue
        reason = spec.cite(sentence(contact, due))
        actions.append(make_action(app, spec, first.day, due, reason, contact.name, contact.email))
    idle = f"Every {relation} contact has been told."
    return Finding(str(spec.kind), True, idle, tuple(facts), tuple(actions))
