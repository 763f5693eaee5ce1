"""A round booked ahead is on the agenda in the days before it: the interview itself, on its day.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind
from followup.rules.base import Action, Fact, Finding, Rule, Situation, Spec, day_text, not_applicable

if TYPE_CHECKING:
    from followup.models import Application, Interview

INTERVIEW = Spec(
    ActionKind.INTERVIEW,
    advice=(
        "What you do after the interview can make a difference to your current and future employment"
        " opportunities."
    ),
    title="Interview",
    calendar_identity="occasion",
    done_hint="an interview is a date, not a task: it leaves the agenda once its day is over",
    hold_hint="an interview is a date, not a task (`followup edit interview` moves it)",
)


def booked_day(app: Application, interview: Interview) -> date:
    """The day a round was booked: as `add` recorded it; for a round stored before it did, the day the
    application was recorded (the first round) or the day of the round before."""
    if interview.booked_on is not None:
        return interview.booked_on
    earlier = [i.day for i in app.interviews if i.at < interview.at]
    return max(earlier, default=app.created_on)


def booked_ahead(app: Application, interview: Interview) -> bool:
    """Was the round recorded on a day before its own? One recorded on its day is taken to be under way
    or over (the rules know dates, not the time of day): it gets a thank-you, not a reminder."""
    return booked_day(app, interview) < interview.day


def rounds_booked(app: Application, today: date) -> list[Interview]:
    """The rounds booked ahead that are still to come, or on today, soonest first."""
    return [i for i in sorted(app.interviews, key=lambda i: i.at) if i.day >= today and booked_ahead(app, i)]


def interview_title(app: Application, interview: Interview) -> str:
    """`Interview with Acme, Tue 10:00` (without a time, the day alone)."""
    when = f"{interview.at:%a}" if interview.at.time() == time() else f"{interview.at:%a %H:%M}"
    return f"Interview with {app.company}, {when}"


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Show each round booked ahead on its day, so that it is on the agenda in the days before it.

    “What you do after the interview can make a difference to your current and future employment
    opportunities.”
    """
    today = situation.today
    booked = rounds_booked(app, today) if app.is_active else []
    if not booked:
        return not_applicable(INTERVIEW.kind, "No interview booked ahead.")
    actions: list[Action] = []
    facts: list[Fact] = []
    for interview in booked:
        day, stage = interview.day, interview.stage or "interview"
        people = ", ".join(p.name for p in interview.interviewers)
        if why:
            booked_on = day_text(booked_day(app, interview), today)
            facts.append(
                (f"round {interview.round} ({stage})", f"{day_text(day, today)}, booked {booked_on}")
            )
        with_whom = f" with {people}" if people else ""
        at = f" at {interview.at:%H:%M}" if interview.at.time() != time() else ""
        reason = INTERVIEW.cite(
            f"Round {interview.round} ({stage}) at {app.company}{with_whom} is on {human_date(day)}{at};"
            " the thank-you and the review follow it."
        )
        actions.append(
            Action(
                app.id, app.company, app.role, INTERVIEW.kind, day, day, reason,
                title=interview_title(app, interview),
            )
        )  # fmt: skip
    return Finding(str(INTERVIEW.kind), True, "Over.", tuple(facts), tuple(actions))


RULE = Rule("interview", (INTERVIEW,), (), evaluate)
