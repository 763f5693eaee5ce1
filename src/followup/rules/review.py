"""Review what worked and what to improve, the day after each interview and after a rejection.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind, Status
from followup.rules.base import (
    Action,
    Fact,
    Finding,
    Rule,
    Situation,
    Spec,
    day_text,
    make_action,
    not_applicable,
)
from followup.rules.marks import done_mark

if TYPE_CHECKING:
    from followup.models import Application, Review

REVIEW = Spec(
    ActionKind.REVIEW,
    advice="Review what worked and what you can improve upon for your next interview.",
    title="Review what went well and what to improve",
    calendar_title="Review the interview",
    calendar_identity="occasion",
    expires=True,
)


def rejection_day(app: Application) -> date | None:
    """The day of the rejection that closed the application, if that is how it ended."""
    if app.status is not Status.REJECTED:
        return None
    changes = [c.on for c in app.status_history if c.status is Status.REJECTED]
    return max(changes) if changes else app.created_on


def last_review_before(app: Application, day: date) -> Review | None:
    """The latest review written before `day` that says what to improve."""
    found = [(r.on, index, r) for index, r in enumerate(app.reviews) if r.improve and r.on < day]
    return max(found, key=lambda item: (item[0], item[1]))[2] if found else None


def _reviewed_since(app: Application, day: date) -> bool:
    return any(r.on >= day for r in app.reviews) or done_mark(app, ActionKind.REVIEW, day, None)


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Write down what went well and what to improve, the day after each interview and a rejection.

    “Instead review what worked and what you can improve upon for your next interview.”
    """
    rejected_on = rejection_day(app)
    if not app.interviews and rejected_on is None:
        return not_applicable(REVIEW.kind, "Nothing to review yet: no interview and no rejection.")
    settings = situation.settings
    actions: list[Action] = []
    for interview in sorted(app.interviews, key=lambda i: i.at):
        day = interview.day
        if rejected_on is not None and day <= rejected_on:
            continue  # the review of the rejection covers it
        if _reviewed_since(app, day) or any(a.start == day for a in actions):
            continue  # one review covers every round of a day
        due = day + timedelta(days=settings.review_days)
        reason = REVIEW.cite(
            f"Note what went well and what to do better after the {interview.stage or 'interview'} on"
            f" {human_date(day)}, while you remember the questions."
        )
        actions.append(make_action(app, REVIEW, day, due, reason))
    if rejected_on is not None and not _reviewed_since(app, rejected_on):
        due = rejected_on + timedelta(days=settings.review_days)
        reason = REVIEW.cite(
            f"{app.company} said no on {human_date(rejected_on)}: no point obsessing; note which questions"
            " you answered well and which you struggled with."
        )
        actions.append(make_action(app, REVIEW, rejected_on, due, reason))
    facts: list[Fact] = []
    if why:
        today = situation.today
        facts = [(f"interview round {i.round}", day_text(i.day, today)) for i in app.interviews]
        if rejected_on is not None:
            facts.append(("rejected", day_text(rejected_on, today)))
        facts += [("review written", day_text(r.on, today)) for r in app.reviews]
    return Finding(str(REVIEW.kind), True, "Every interview has been reviewed.", tuple(facts), tuple(actions))


RULE = Rule("review", (REVIEW,), ("review_days",), evaluate)
