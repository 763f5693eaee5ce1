"""Before every round booked ahead, the first included, prepare the day before: with the notes of
your last review on what to improve, when there is one.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from dataclasses import replace
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
from followup.rules.booked import booked_day, rounds_booked
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
FIRST_TITLE = "Prepare for the interview"


def rounds_to_prepare(app: Application, today: date) -> list[Interview]:
    """The rounds booked ahead (rules/booked.py) still to come or under way today, soonest first; a round
    that is over wants its own review instead."""
    return rounds_booked(app, today)


def _prepared_since(app: Application, interview: Interview) -> date:
    """The day from which `followup done ID prepare` counts for this round: after the round before it
    and after it was booked."""
    earlier = [i.day for i in app.interviews if i.at < interview.at]
    return max([booked_day(app, interview), *earlier])


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Before every round booked ahead, go over what you meant to improve (or, before a first round,
    the questions you may struggle with), the day before.

    “What questions were you able to answer well and what did you struggle with.”
    """
    today, settings = situation.today, situation.settings
    booked = rounds_to_prepare(app, today) if app.is_active else []
    if not booked:
        return not_applicable(PREPARE.kind, "No round booked ahead.")
    actions: list[Action] = []
    facts: list[Fact] = []
    for interview in booked:
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
        since = max(_prepared_since(app, interview), review.on if review else date.min)
        if done_mark(app, ActionKind.PREPARE, since, None):
            continue
        # From the day before (by default) until the round itself: on its morning it is due, not late.
        start = day - timedelta(days=settings.prepare_days_before)
        what = f"Round {interview.round} ({interview.stage or 'interview'}) is on {human_date(day)}: "
        if review is not None:
            what += (
                f"go over what you wanted to do better after your review of {human_date(review.on)}:"
                f" {review.improve}"
            )
        else:
            what += (
                f"go over the role and what you know of {app.company}, and the questions you would find"
                " hardest to answer."
            )
        action = make_action(app, PREPARE, start, day, PREPARE.cite(what))
        # Without a review there is none to go over: the kind's title would promise one.
        actions.append(action if review is not None else replace(action, title=FIRST_TITLE))
    return Finding(str(PREPARE.kind), True, "Prepared.", tuple(facts), tuple(actions))


RULE = Rule("prepare", (PREPARE,), ("prepare_days_before",), evaluate)
