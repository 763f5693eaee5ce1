"""Rules 4 and 10: review each interview and rejection; prepare the next round from the last review.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from datetime import date, timedelta

from followup.dates import human_date
from followup.models import (
    Action,
    ActionKind,
    Application,
    Interview,
    Review,
    Settings,
    Status,
)
from followup.rules.common import cite, done_mark, make_action


def rejection_day(app: Application) -> date | None:
    """The day of the rejection that closed the application, if that is how it ended."""
    if app.status is not Status.REJECTED:
        return None
    changes = [c.on for c in app.status_history if c.status is Status.REJECTED]
    return max(changes) if changes else app.created_on


def _reviewed_since(app: Application, day: date) -> bool:
    return any(r.on >= day for r in app.reviews) or done_mark(app, ActionKind.REVIEW, day, None)


# 4. Review what worked.
def review_due(app: Application, settings: Settings) -> list[Action]:
    """Write down what went well and what to improve, the day after each interview and a rejection.

    “Instead review what worked and what you can improve upon for your next interview.”
    """
    rejected_on = rejection_day(app)
    actions: list[Action] = []
    for interview in sorted(app.interviews, key=lambda i: i.at):
        day = interview.day
        if rejected_on is not None and day <= rejected_on:
            continue  # the review of the rejection covers it
        if _reviewed_since(app, day) or any(a.start == day for a in actions):
            continue  # one review covers every round of a day
        due = day + timedelta(days=settings.review_days)
        reason = cite(
            ActionKind.REVIEW,
            f"Note what went well and what to do better after the {interview.stage or 'interview'} on"
            f" {human_date(day)}, while you remember the questions.",
        )
        actions.append(make_action(app, ActionKind.REVIEW, day, due, reason))
    if rejected_on is not None and not _reviewed_since(app, rejected_on):
        due = rejected_on + timedelta(days=settings.review_days)
        reason = cite(
            ActionKind.REVIEW,
            f"{app.company} said no on {human_date(rejected_on)}: no point obsessing; note which questions"
            " you answered well and which you struggled with.",
        )
        actions.append(make_action(app, ActionKind.REVIEW, rejected_on, due, reason))
    return actions


# 10. Prepare for the next round.
def last_review_before(app: Application, day: date) -> Review | None:
    """The latest review written before `day` that says what to improve."""
    found = [(r.on, index, r) for index, r in enumerate(app.reviews) if r.improve and r.on < day]
    return max(found, key=lambda item: (item[0], item[1]))[2] if found else None


def rounds_to_prepare(app: Application, today: date) -> list[Interview]:
    """The further rounds (after the first) still to come or under way today, soonest first; a round
    that is over wants its own review instead."""
    return [i for i in sorted(app.interviews, key=lambda i: i.at)[1:] if i.day >= today]


def prepare_due(app: Application, today: date, settings: Settings) -> list[Action]:
    """Before a further round with the same employer, go over what you meant to improve, the day before.

    “What questions were you able to answer well and what did you struggle with.”
    """
    if not app.is_active:
        return []
    actions = []
    for interview in rounds_to_prepare(app, today):
        day = interview.day
        review = last_review_before(app, day)
        if review is None or done_mark(app, ActionKind.PREPARE, review.on, None):
            continue
        due = day - timedelta(days=settings.prepare_days_before)
        reason = cite(
            ActionKind.PREPARE,
            f"Round {interview.round} ({interview.stage or 'interview'}) is on {human_date(day)}: go over"
            f" what you wanted to do better after your review of {human_date(review.on)}: {review.improve}",
        )
        actions.append(make_action(app, ActionKind.PREPARE, due, due, reason))
    return actions
