"""The recruiter who runs the process: whom the follow-ups go to, and whose messages are the
employer's; and the people whose messages are not (your references and networking contacts).

The recruiter is a contact with relation `recruiter` at the application's company
(`followup contact add NAME --relation recruiter --company ACME`). An interviewer who runs the process
is made the recruiter the same way: a contact with an interviewer's name is that interviewer.

Pure, like every module of this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from followup.kinds import EventKind, Relation
from followup.people import normalize

if TYPE_CHECKING:
    from followup.models import Application, Contact, Event

# The kinds of message that pass between you and a reference or a contact, never the employer.
NOT_THE_EMPLOYERS = frozenset({EventKind.REFERENCE, EventKind.NETWORK})


def recruiter_for(app: Application, contacts: Iterable[Contact]) -> Contact | None:
    """The recruiter at the application's company among your contacts (the first one added)."""
    company = normalize(app.company)
    return next(
        (
            c
            for c in contacts
            if c.relation is Relation.RECRUITER and c.company is not None and normalize(c.company) == company
        ),
        None,
    )


def outsider_names(contacts: Iterable[Contact]) -> frozenset[str]:
    """Your references and networking contacts, by normalized name: what they tell you is not the
    employer's answer."""
    return frozenset(
        normalize(c.name) for c in contacts if c.relation in (Relation.REFERENCE, Relation.NETWORK)
    )


def outsiders(app: Application, names: frozenset[str]) -> frozenset[str]:
    """The outsiders of `names` for this application: an interviewer who is also your contact speaks
    for the employer."""
    if not names:
        return names
    interviewers = {normalize(p.name) for i in app.interviews for p in i.interviewers}
    return names - interviewers


def from_employer(event: Event, outside: frozenset[str] = frozenset()) -> bool:
    """Is this inbound message the employer's (an interviewer, the recruiter, anyone at the company),
    not one from a reference or a contact of yours?"""
    if not event.inbound or event.kind in NOT_THE_EMPLOYERS:
        return False
    return not (event.with_ is not None and normalize(event.with_) in outside)


def app_outsiders(app: Application, contacts: Sequence[Contact]) -> frozenset[str]:
    """`outsiders` worked out from the contacts, for a caller without a Situation."""
    return outsiders(app, outsider_names(contacts))
