"""Once you accept an offer, withdraw politely from every other application; and a polite note when
you withdraw from one on your own.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind, EventKind, Status
from followup.rules.base import (
    Fact,
    Finding,
    Rule,
    Situation,
    Spec,
    day_text,
    make_action,
    not_applicable,
    plural,
)
from followup.rules.marks import marked_done_on
from followup.rules.thank_references import acceptance_day

if TYPE_CHECKING:
    from followup.models import Application, Settings

WITHDRAW = Spec(
    ActionKind.WITHDRAW,
    advice=(
        "You can always turn down any interview or job offers in the event you're offered the job you wanted."
    ),
    title="Withdraw politely",
    calendar_identity="occasion",
    draft="withdraw",
    expires=True,
)
KEEP_THE_DOOR_OPEN = "So don't do anything that can hurt your current or future applications."
# Messages to the employer: a note to a reference or a contact is not the withdrawal.
EMPLOYER_KINDS = frozenset({EventKind.FOLLOW_UP, EventKind.REPLY, EventKind.THANK_YOU, EventKind.OTHER})


@dataclass(frozen=True, slots=True)
class Accepted:
    """The offer you accepted elsewhere, which ends an application."""

    company: str
    app: str
    on: date


def acceptances(applications: Sequence[Application]) -> tuple[Accepted, ...]:
    """Every offer accepted, latest first."""
    found = [Accepted(a.company, a.id, day) for a in applications if (day := acceptance_day(a)) is not None]
    return tuple(sorted(found, key=lambda a: a.on, reverse=True))


def accepted_elsewhere(app: Application, accepted: Sequence[Accepted]) -> Accepted | None:
    """The latest offer accepted at another application (of `accepted`, latest first) on or after the
    day this one was recorded.

    An application recorded after you accepted an offer belongs to a new search: it is not ended.
    """
    return next((a for a in accepted if a.app != app.id and a.on >= app.created_on), None)


def ended_by_acceptance(app: Application, situation: Situation) -> Accepted | None:
    """The acceptance elsewhere that ends this application: while it is active, its only action is to
    withdraw (no follow-up, wait, thank-you, reference, network, review...); once withdrawn after it,
    nothing but a reminder to apply again that you asked for."""
    if not app.is_active and app.status is not Status.WITHDRAWN:
        return None
    accepted = accepted_elsewhere(app, situation.acceptances)
    if accepted is None or (not app.is_active and withdrawal_day(app) < accepted.on):
        return None
    return accepted


# The rules that still speak once an acceptance elsewhere has ended an application.
KEPT_AFTER_ACCEPTING = frozenset({"withdraw", "reapply"})


def superseded(rule: Rule, accepted: Accepted, app: Application) -> Finding:
    """What every other rule says of an application ended by an acceptance elsewhere."""
    then = "withdraw instead" if app.is_active else "nothing more to do here"
    return not_applicable(
        rule.specs[0].kind,
        f"You accepted the offer of {accepted.company} on {human_date(accepted.on)}: {then}.",
    )


def withdrawal_day(app: Application) -> date:
    days = [c.on for c in app.status_history if c.status is Status.WITHDRAWN]
    return max(days) if days else app.created_on


def told_them_on(app: Application, since: date) -> date | None:
    """The first day since `since` you wrote to the employer (or marked the withdrawal done)."""
    days = [e.on for e in app.events if e.kind in EMPLOYER_KINDS and not e.inbound and e.on >= since]
    marked = marked_done_on(app, ActionKind.WITHDRAW, since, None)
    return min([*days, marked] if marked is not None else days, default=None)


def withdraw_by(day: date, settings: Settings) -> date:
    return day + timedelta(days=settings.withdraw_days)


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Withdraw politely from the other applications once you accept an offer; and when you withdraw
    from one on your own, tell them politely.

    “You can always turn down any interview or job offers in the event you're offered the job you
    wanted.” “So don't do anything that can hurt your current or future applications.”
    """
    settings, today = situation.settings, situation.today
    if app.is_active:
        accepted = accepted_elsewhere(app, situation.acceptances)
        if accepted is None:
            return not_applicable(WITHDRAW.kind, "No offer accepted elsewhere.")
        start, due = accepted.on, withdraw_by(accepted.on, settings)
        sentence = (
            f"You accepted the offer of {accepted.company} on {human_date(accepted.on)}: tell {app.company}"
            f" by {human_date(due)} that you are withdrawing, and thank them for their time"
            f" (`followup draft {app.id} withdraw`, then `followup status {app.id} withdrawn`)."
        )
        reason = WITHDRAW.cite(sentence)
        # Still active: the withdrawal is `status ID withdrawn`; `done ID withdraw` ticks off the note.
        told = marked_done_on(app, ActionKind.WITHDRAW, start, None)
    elif app.status is Status.WITHDRAWN:
        start = withdrawal_day(app)
        accepted = accepted_elsewhere(app, situation.acceptances)
        if accepted is not None and accepted.on <= start:
            why_not = f"Withdrawn after accepting the offer of {accepted.company}: nothing more to do."
            return not_applicable(WITHDRAW.kind, why_not)
        due = withdraw_by(start, settings)
        sentence = (
            f"You withdrew from {app.company} on {human_date(start)}: tell them politely by"
            f" {human_date(due)}, and thank them for their time, so the door stays open."
        )
        reason = WITHDRAW.cite(sentence, KEEP_THE_DOOR_OPEN)
        told = told_them_on(app, start)
    else:
        return not_applicable(WITHDRAW.kind, f"The application is {app.status}: nothing to withdraw from.")
    facts: tuple[Fact, ...] = ()
    if why:
        facts = (
            ("since", day_text(start, today)),
            ("withdraw by", f"{day_text(due, today)} ({plural(settings.withdraw_days, 'day')} later)"),
            ("told them", day_text(told, today) if told else "not yet"),
        )
    if told is not None:
        return Finding(str(WITHDRAW.kind), True, "You have told them.", facts)
    action = make_action(app, WITHDRAW, start, due, reason)
    return Finding(str(WITHDRAW.kind), True, "You have told them.", facts, (action,))


RULE = Rule("withdraw", (WITHDRAW,), ("withdraw_days",), evaluate)
