"""Thank each interviewer by the next business day.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from followup.dates import add_business_days, human_date
from followup.kinds import ActionKind, EventKind
from followup.people import person_matches
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
    plural,
)
from followup.rules.marks import contacted, done_mark, first_done_on

if TYPE_CHECKING:
    from followup.models import Application, Settings

THANK_YOU = Spec(
    ActionKind.THANK_YOU,
    advice=(
        "Sending a thank you note to the interviewer is a polite way of thanking them for their time,"
        " consideration, and interest in you."
    ),
    title="Thank {person}",
    anonymous="your interviewer",
    calendar_identity="occasion",
    draft="thank-you",
    expires=True,
)


def thank_you_by(interview_day: date, settings: Settings) -> date:
    """The day the thank-you for an interview on `interview_day` is due."""
    return add_business_days(interview_day, settings.thank_you_business_days, settings.holidays)


def thanked_too_soon(app: Application, on: date, person: str | None) -> str | None:
    """Why a thank-you dated `on` cannot be for an interview (of `person`, when they were on one): none
    had taken place by that day. Dates, not times: one dated on the day of the interview is accepted."""
    theirs = [
        i for i in app.interviews if any(person_matches(person, p.name, p.email) for p in i.interviewers)
    ]
    interviews = theirs if person is not None and theirs else app.interviews
    if not interviews or any(i.day <= on for i in interviews):
        return None
    first = min(i.day for i in interviews)
    who = f" with {person}" if person is not None and theirs else ""
    return (
        f"the interview{who} at {app.company} is on {first.isoformat()}: a thank-you cannot be dated"
        f" {on.isoformat()}, before it"
    )


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Send a thank-you to each interviewer by the next business day.

    “Sending a thank you note to the interviewer is a polite way of thanking them for their time,
    consideration, and interest in you.”
    """
    if not app.interviews:
        return not_applicable(THANK_YOU.kind, "No interview recorded.")
    if not app.is_active:
        return not_applicable(THANK_YOU.kind, f"The application is {app.status}.")
    settings, today = situation.settings, situation.today
    actions: list[Action] = []
    facts: list[Fact] = []
    thanked: set[tuple[date, str | None, str | None]] = set()  # two rounds in a day: one note each
    for interview in sorted(app.interviews, key=lambda i: i.at):
        day = interview.day
        due = thank_you_by(day, settings)
        if why:
            facts.append(
                (
                    f"round {interview.round} ({interview.stage or 'interview'})",
                    f"{day_text(day, today)}; thank-you due {day_text(due, today)}"
                    f" ({plural(settings.thank_you_business_days, 'business day')} later)",
                )
            )
            for p in interview.interviewers:
                sent = first_done_on(app, EventKind.THANK_YOU, ActionKind.THANK_YOU, day, p.name, p.email)
                facts.append(
                    (f"  {p.name}", f"thanked {day_text(sent, today)}" if sent else "not thanked yet")
                )
        people: list[tuple[str | None, str | None]] = [(p.name, p.email) for p in interview.interviewers]
        for name, email in people or [(None, None)]:
            key = (day, name.casefold() if name else None, email.casefold() if email else None)
            if key in thanked:
                continue
            thanked.add(key)
            if contacted(app, EventKind.THANK_YOU, day, name, email) or done_mark(
                app, ActionKind.THANK_YOU, day, name, email
            ):
                continue
            who = name or "your interviewer"
            reason = THANK_YOU.cite(
                f"Thank {who} for the interview on {human_date(day)}, by {human_date(due)}, and address"
                " anything you feel you answered weakly."
            )
            actions.append(make_action(app, THANK_YOU, day, due, reason, name, email))
    return Finding(
        str(THANK_YOU.kind), True, "Every interviewer has been thanked.", tuple(facts), tuple(actions)
    )


RULE = Rule("thank-you", (THANK_YOU,), ("thank_you_business_days", "holidays"), evaluate)
