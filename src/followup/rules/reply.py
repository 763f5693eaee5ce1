"""Answer an offer or a rejection, professionally, within two days.

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

if TYPE_CHECKING:
    from followup.models import Application, Settings

REPLY_TO_DECISION = Spec(
    ActionKind.REPLY_TO_DECISION,
    advice="If you're rude to the employer it can hurt your chances of employment with them in the future.",
    title="Reply to their decision",
    calendar_identity="occasion",
    draft="reply",
    expires=True,
)
OFFER_ADVICE = "Don't do anything that can hurt your current or future applications."


def outcome_change(app: Application) -> tuple[Status, date] | None:
    """The offer or rejection the application now stands on, and its day."""
    if app.status not in (Status.OFFER, Status.REJECTED):
        return None
    days = [c.on for c in app.status_history if c.status is app.status]
    return app.status, (max(days) if days else app.created_on)


def reply_by(decided_on: date, settings: Settings) -> date:
    """The day an offer or a rejection of `decided_on` should have had your answer."""
    return decided_on + timedelta(days=settings.reply_to_decision_days)


def answered_on(app: Application, decided_on: date) -> date | None:
    """The first day you answered the decision of `decided_on`: a reply logged (to anyone at the
    company), or `followup done`; a done mark naming one person is not an answer to the employer."""
    replies = [e.on for e in app.events if e.kind is EventKind.REPLY and not e.inbound and e.on >= decided_on]
    marked = marked_done_on(app, ActionKind.REPLY_TO_DECISION, decided_on, None)
    return min([*replies, marked] if marked is not None else replies, default=None)


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Answer an offer or a rejection, professionally, within two days.

    “If you're rude to the employer it can hurt your chances of employment with them in the future.”
    """
    outcome = outcome_change(app)
    if outcome is None:
        return not_applicable(REPLY_TO_DECISION.kind, "No offer or rejection to answer.")
    settings, today = situation.settings, situation.today
    status, day = outcome
    due = reply_by(day, settings)
    replied = answered_on(app, day)
    facts: list[Fact] = []
    if why:
        facts = [
            (str(status), day_text(day, today)),
            (
                "answer due",
                f"{day_text(due, today)} ({plural(settings.reply_to_decision_days, 'day')} later)",
            ),
            ("answered", day_text(replied, today) if replied else "not yet"),
        ]
        if status is Status.REJECTED:
            facts.append(("draft", f"`followup draft {app.id} reply` asks for feedback"))
    if replied is not None:
        return Finding(str(REPLY_TO_DECISION.kind), True, "Answered.", tuple(facts))
    if status is Status.OFFER:
        reason = REPLY_TO_DECISION.cite(
            f"{app.company} made you an offer on {human_date(day)}: answer by {human_date(due)}, even if only"
            " to say when you will decide.",
            OFFER_ADVICE,
        )
    else:
        reason = REPLY_TO_DECISION.cite(
            f"{app.company} said no on {human_date(day)}: thank them for their time by {human_date(due)},"
            " ask for feedback on your interview and ask to be kept in mind; they may have a new opening."
        )
    action = make_action(app, REPLY_TO_DECISION, day, due, reason)
    return Finding(str(REPLY_TO_DECISION.kind), True, "Answered.", tuple(facts), (action,))


RULE = Rule("reply-to-decision", (REPLY_TO_DECISION,), ("reply_to_decision_days",), evaluate)
