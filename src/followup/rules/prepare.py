"""Before a further round with the same employer, go over what you meant to improve.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind
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
from followup.rules.review import last_review_before

if TYPE_CHECKING:
    from followup.models import Application, Interview

PREPARE = Spec(
    ActionKind.PREPARE,
    advice="What questions were you able to answer well and what did you struggle with.",
    title="Prepare: go over your last review",
    calendar_title="Prepare",
)


def rounds_to_prepare(app: Application, today: date) -> list[Interview]:
    """The further rounds (after the first) still to come or under way today, soonest first; a round
    that is over wants its own review instead."""
    return [i for i in sorted(app.interviews, key=lambda i: i.at)[1:] if i.day >= today]


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Before a further round with the same employer, go over what you meant to improve, the day before.

    “What questions were you able to answer well and what did you struggle with.”
    """
    today, settings = situation.today, situation.settings
    later = rounds_to_prepare(app, today) if app.is_active else []
    if not later:
        return not_applicable(PREPARE.kind, "No further round booked.")
    actions: list[Action] = []
    facts: list[Fact] = []
    for interview in later:
        day = interview.day
        review = last_review_before(app, day)
        if why:
            facts.append((f"round {interview.round}", day_text(day, today)))
            facts.append(
                (
                    "  last review",
                    f"{day_text(review.on, today)}: {review.improve}" if review else "none written",
                )
            )
        if review is None or done_mark(app, ActionKind.PREPARE, review.on, None):
            continue
        due = day - timedelta(days=settings.prepare_days_before)
        reason = PREPARE.cite(
            f"Round {interview.round} ({interview.stage or 'interview'}) is on {human_date(day)}: go over"
            f" what you wanted to do better after your review of {human_date(review.on)}: {review.improve}"
        )
        actions.append(make_action(app, PREPARE, due, due, reason))
    idle = "No review with notes to improve on before it."
    return Finding(str(PREPARE.kind), True, idle, tuple(facts), tuple(actions))


RULE = Rule("prepare", (PREPARE,), ("prepare_days_before",), evaluate)
