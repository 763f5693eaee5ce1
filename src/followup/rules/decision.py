"""Rules 8 and 11: answer the decision; apply again later.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from datetime import date, timedelta

from followup.dates import human_date
from followup.models import (
    Action,
    ActionKind,
    Application,
    EventKind,
    Settings,
    Status,
)
from followup.rules.common import OFFER_ADVICE, cite, done_mark, make_action, marked_done_on
from followup.rules.review import last_review_before


def outcome_change(app: Application) -> tuple[Status, date] | None:
    """The offer or rejection the application now stands on, and its day."""
    if app.status not in (Status.OFFER, Status.REJECTED):
        return None
    days = [c.on for c in app.status_history if c.status is app.status]
    return app.status, (max(days) if days else app.created_on)


# 8. Answer the decision.
def reply_by(decided_on: date, settings: Settings) -> date:
    """The day an offer or a rejection of `decided_on` should have had your answer."""
    return decided_on + timedelta(days=settings.reply_to_decision_days)


def answered_on(app: Application, decided_on: date) -> date | None:
    """The first day you answered the decision of `decided_on`: a reply logged (to anyone at the
    company), or `followup done`; a done mark naming one person is not an answer to the employer."""
    replies = [e.on for e in app.events if e.kind is EventKind.REPLY and not e.inbound and e.on >= decided_on]
    marked = marked_done_on(app, ActionKind.REPLY_TO_DECISION, decided_on, None)
    return min([*replies, marked] if marked is not None else replies, default=None)


def reply_to_decision_due(app: Application, settings: Settings) -> list[Action]:
    """Answer an offer or a rejection, professionally, within two days.

    “If you're rude to the employer it can hurt your chances of employment with them in the future.”
    """
    outcome = outcome_change(app)
    if outcome is None:
        return []
    status, day = outcome
    if answered_on(app, day) is not None:
        return []
    due = reply_by(day, settings)
    if status is Status.OFFER:
        reason = cite(
            ActionKind.REPLY_TO_DECISION,
            f"{app.company} made you an offer on {human_date(day)}: answer by {human_date(due)}, even if only"
            " to say when you will decide.",
            OFFER_ADVICE,
        )
    else:
        reason = cite(
            ActionKind.REPLY_TO_DECISION,
            f"{app.company} said no on {human_date(day)}: thank them for their time by {human_date(due)},"
            " ask for feedback on your interview and ask to be kept in mind; they may have a new opening.",
        )
    return [make_action(app, ActionKind.REPLY_TO_DECISION, day, due, reason)]


# 11. Apply again later.
REAPPLY_STATUSES = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED})


def reapply_due(app: Application, settings: Settings) -> list[Action]:
    """After a rejection, apply again from the date you set (`status ID rejected --reapply-after DATE`).

    “You never know when they might have a new opening, or who they know that you may work for in the
    future.”
    """
    start = app.reapply_after
    if start is None or app.status not in REAPPLY_STATUSES or done_mark(app, ActionKind.REAPPLY, None, None):
        return []
    due = start + timedelta(days=settings.reapply_window_days)
    review = last_review_before(app, date.max)
    hint = f" Last time you meant to improve: {review.improve}" if review is not None else ""
    reason = cite(
        ActionKind.REAPPLY,
        f"You planned to try {app.company} again from {human_date(start)}: look for a new opening and apply"
        f" by {human_date(due)}.{hint}",
    )
    return [make_action(app, ActionKind.REAPPLY, start, due, reason)]
