"""How the rules tell that something was done: a contact logged, or `followup done`.

Pure, like every module of this package.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from followup.kinds import ActionKind, Direction, EventKind
from followup.people import person_matches

if TYPE_CHECKING:
    from followup.models import Application, DoneMark, Event


def _mark_counts(
    mark: DoneMark, kind: ActionKind, since: date | None, person: str | None, email: str | None
) -> bool:
    return (
        mark.action == kind
        and (since is None or mark.on >= since)
        and (mark.person is None or person_matches(mark.person, person, email))
    )


def _contact_counts(
    event: Event, kind: EventKind, since: date | None, person: str | None, email: str | None
) -> bool:
    return (
        event.kind is kind
        and event.direction is Direction.OUTBOUND
        and (since is None or event.on >= since)
        and (event.with_ is None or person_matches(event.with_, person, email))
    )


def done_mark(
    app: Application, kind: ActionKind, since: date | None, person: str | None, email: str | None = None
) -> bool:
    """Was `followup done` used for this kind of action (with this person, or with everyone) since `since`?"""
    return any(_mark_counts(mark, kind, since, person, email) for mark in app.done)


def marked_done_on(
    app: Application, kind: ActionKind, since: date | None, person: str | None, email: str | None = None
) -> date | None:
    """The first day of a done mark that `done_mark` counts."""
    return min((m.on for m in app.done if _mark_counts(m, kind, since, person, email)), default=None)


def contacted(
    app: Application, kind: EventKind, since: date | None, person: str | None, email: str | None = None
) -> bool:
    """Did you log a contact of this kind with this person (or with no one named) since `since`?"""
    return any(_contact_counts(event, kind, since, person, email) for event in app.events)


def first_done_on(
    app: Application,
    event_kind: EventKind,
    action_kind: ActionKind,
    since: date | None,
    person: str | None,
    email: str | None = None,
) -> date | None:
    """The first day a logged contact or a done mark closed this action for this person, counted exactly
    as `contacted` and `done_mark` count them."""
    days = [e.on for e in app.events if _contact_counts(e, event_kind, since, person, email)]
    marked = marked_done_on(app, action_kind, since, person, email)
    return min([*days, marked] if marked is not None else days, default=None)
