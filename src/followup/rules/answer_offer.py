"""Give your answer to an offer before the date they asked for it by.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

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
from followup.rules.reply import answered_on, outcome_change

if TYPE_CHECKING:
    from followup.models import Application, Settings

ANSWER_OFFER = Spec(
    ActionKind.ANSWER_OFFER,
    advice="So don't do anything that can hurt your current or future applications.",
    title="Answer the offer",
    calendar_identity="occasion",
    draft="reply",
)


def answer_offer_by(respond_by: date, settings: Settings) -> date:
    """The day to give your answer to an offer they want answered by `respond_by`."""
    return respond_by - timedelta(days=settings.answer_offer_days_before)


def offer_answered_on(app: Application, offered_on: date) -> date | None:
    """The day you gave your answer to the offer of `offered_on`, while it still stands at offer.

    The first answer to an offer (reply-to-decision) only acknowledges it; your answer is a reply
    logged on a later day than that first one, or `followup done ID answer-offer`. Accepting or
    declining it (`status accepted|withdrawn|rejected`) ends the offer, and with it this action.
    """
    first = answered_on(app, offered_on)
    later = [
        e.on
        for e in app.events
        if e.kind is EventKind.REPLY and not e.inbound and first is not None and e.on > first
    ]
    marked = marked_done_on(app, ActionKind.ANSWER_OFFER, offered_on, None)
    return min([*later, marked] if marked is not None else later, default=None)


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Answer an offer before the day they asked for your answer by.

    “So don't do anything that can hurt your current or future applications.”
    """
    outcome = outcome_change(app)
    if outcome is None or outcome[0] is not Status.OFFER:
        return not_applicable(ANSWER_OFFER.kind, "No offer waiting for your answer.")
    if app.respond_by is None:
        return not_applicable(
            ANSWER_OFFER.kind, "They gave no date to answer by (`log-contact ID --respond-by DATE`)."
        )
    settings, today = situation.settings, situation.today
    offered_on = outcome[1]
    due = answer_offer_by(app.respond_by, settings)
    answered = offer_answered_on(app, offered_on)
    facts: tuple[Fact, ...] = ()
    if why:
        facts = (
            ("offer", day_text(offered_on, today)),
            ("answer wanted by", day_text(app.respond_by, today)),
            (
                "your answer due",
                f"{day_text(due, today)} ({plural(settings.answer_offer_days_before, 'day')} before)",
            ),
            ("answered", day_text(answered, today) if answered else "not yet"),
        )
    if answered is not None:
        return Finding(str(ANSWER_OFFER.kind), True, "Answered.", facts)
    reason = ANSWER_OFFER.cite(
        f"{app.company} wants your answer to their offer by {human_date(app.respond_by)}: accept or decline"
        f" by {human_date(due)} (`followup status {app.id} accepted`, or `withdrawn`), so the offer does not"
        " lapse unanswered."
    )
    action = make_action(app, ANSWER_OFFER, offered_on, due, reason)
    return Finding(str(ANSWER_OFFER.kind), True, "Answered.", facts, (action,))


RULE = Rule("answer-offer", (ANSWER_OFFER,), ("answer_offer_days_before",), evaluate)
