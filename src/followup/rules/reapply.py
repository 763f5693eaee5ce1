"""After a rejection, apply again from the date you set.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind, Status
from followup.rules.base import Fact, Finding, Rule, Situation, Spec, day_text, make_action, not_applicable
from followup.rules.marks import done_mark
from followup.rules.review import last_review_before

if TYPE_CHECKING:
    from followup.models import Application

REAPPLY = Spec(
    ActionKind.REAPPLY,
    advice=(
        "You never know when they might have a new opening, or who they know that you may work for in the"
        " future."
    ),
    title="Apply again",
)
REAPPLY_STATUSES = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED})


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """After a rejection, apply again from the date you set (`status ID rejected --reapply-after DATE`).

    “You never know when they might have a new opening, or who they know that you may work for in the
    future.”
    """
    start = app.reapply_after
    if start is None:
        return not_applicable(
            REAPPLY.kind, "No reapply date set (`status ID rejected --reapply-after DATE`)."
        )
    if app.status not in REAPPLY_STATUSES:
        return not_applicable(REAPPLY.kind, f"The application is {app.status} again.")
    facts: tuple[Fact, ...] = (("apply again from", day_text(start, situation.today)),) if why else ()
    if done_mark(app, ActionKind.REAPPLY, None, None):
        return Finding(str(REAPPLY.kind), True, "Done.", facts)
    due = start + timedelta(days=situation.settings.reapply_window_days)
    review = last_review_before(app, date.max)
    hint = f" Last time you meant to improve: {review.improve}" if review is not None else ""
    reason = REAPPLY.cite(
        f"You planned to try {app.company} again from {human_date(start)}: look for a new opening and apply"
        f" by {human_date(due)}.{hint}"
    )
    return Finding(str(REAPPLY.kind), True, "Done.", facts, (make_action(app, REAPPLY, start, due, reason),))


RULE = Rule("reapply", (REAPPLY,), ("reapply_window_days",), evaluate)
