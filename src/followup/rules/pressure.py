"""Don't try to force the employer to make a decision: while you hold an offer, the waiting game of
every other application says once, on its wait or its follow-up, not to use the offer as pressure.

Not a rule of its own: the waiting game (waiting.py) reads it. Pure, like every module of this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind, Status
from followup.rules.base import Action, Fact

if TYPE_CHECKING:
    from followup.models import Application
    from followup.rules.base import Situation

# The post's trade-off, quoted whole: pressing works on an employer keen on you, and loses you the rest.
TRADE_OFF = (
    "If they're very interested in you, they may hurry up so they don't lose you. But if you're just one"
    " applicant among many, and you force them to make a snap judgement, you may miss out."
)
WAIT_TITLE = "Wait, without pressing them with your offer"


@dataclass(frozen=True, slots=True)
class OfferHeld:
    """An offer you hold and have not accepted or declined yet."""

    company: str
    app: str
    since: date
    respond_by: date | None


def offers_held(applications: Sequence[Application]) -> tuple[OfferHeld, ...]:
    """Every offer standing (an application at offer), the one to answer soonest first."""
    found = []
    for a in applications:
        if a.status is Status.OFFER:
            since = max((c.on for c in a.status_history if c.status is Status.OFFER), default=a.created_on)
            found.append(OfferHeld(a.company, a.id, since, a.respond_by))
    return tuple(sorted(found, key=lambda o: (o.respond_by or date.max, o.since, o.app)))


def offer_elsewhere(app: Application, situation: Situation) -> OfferHeld | None:
    """The offer of another application you hold while this one waits on its employer."""
    return next((o for o in situation.offers_held if o.app != app.id), None)


def _offer_text(held: OfferHeld) -> str:
    by = f", to answer by {human_date(held.respond_by)}" if held.respond_by is not None else ""
    return f"an offer from {held.company}{by}"


def without_pressure(app: Application, action: Action, held: OfferHeld) -> Action:
    """The wait or the follow-up of `app`, saying (once, on the one item the waiting game shows) that the
    offer held elsewhere is not to be used to hurry them."""
    if action.action not in (ActionKind.WAIT, ActionKind.FOLLOW_UP):
        return action
    if action.action is ActionKind.WAIT:
        note = f"You hold {_offer_text(held)}: don't tell {app.company} about it to hurry their decision."
    else:
        note = f"Leave your offer from {held.company} out of it: ask where things stand, no more."
    head, mark, quotes = action.reason.partition(" “")
    reason = f"{head} {note}{mark}{quotes} “{TRADE_OFF}”"
    title = WAIT_TITLE if action.action is ActionKind.WAIT else action.title
    return replace(action, reason=reason, title=title)


def pressure_fact(app: Application, held: OfferHeld) -> Fact:
    """For `followup why`: the offer held elsewhere, and the trade-off of pressing with it."""
    return (
        "offer elsewhere",
        f"{_offer_text(held)}: don't use it to press {app.company} for a decision. “{TRADE_OFF}”",
    )
