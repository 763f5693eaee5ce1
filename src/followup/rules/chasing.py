"""Would a message you send now chase the employer, or answer them? The don't-harass warning for a
follow-up sent too soon, and telling a reply to their message from a follow-up.

Pure, like every module of this package: the application, a day and the settings in; values out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import EventKind
from followup.rules.recruiter import NOT_THE_EMPLOYERS, from_employer
from followup.rules.waiting import follow_up_plan

if TYPE_CHECKING:
    from followup.models import Application, Settings


def message_answered(
    app: Application, on: date, settings: Settings, outside: frozenset[str] = frozenset()
) -> date | None:
    """The day of their message that a message of yours sent on `on` answers, if it is one: their
    latest message up to that day (not one from a reference or a contact), no more than
    `reply_window_days` before it, that you have not answered yet (with a reply or a follow-up
    logged after it).

    “Apart from your thank you note, or if you're asked by the employer, you shouldn't be contacting the
    interviewer until after they said they'd make their decision.”
    """
    waiting: date | None = None
    # Events are compared by day; on one day, the log's order decides.
    for _, e in sorted(enumerate(app.events), key=lambda pair: (pair[1].on, pair[0])):
        if e.on > on:
            break
        if e.kind in NOT_THE_EMPLOYERS or (e.inbound and not from_employer(e, outside)):
            continue  # between you and a reference or a contact, not the employer
        if e.inbound:
            waiting = e.on
        elif e.kind in (EventKind.REPLY, EventKind.FOLLOW_UP):
            waiting = None
    if waiting is None or (on - waiting).days > settings.reply_window_days:
        return None
    return waiting


def harassment_warning(
    app: Application, on: date, today: date, settings: Settings, outside: frozenset[str] = frozenset()
) -> str | None:
    """Would an outbound follow-up sent on `on` break the don't-harass rules? Say why and until when.

    “Apart from your thank you note, or if you're asked by the employer, you shouldn't be contacting the
    interviewer until after they said they'd make their decision.”
    """
    if not app.status.awaits_decision:
        return None
    same_day = [e for e in app.events if e.on == on and e.kind is EventKind.FOLLOW_UP and not e.inbound]
    if same_day:
        # Another message on a day you followed up is the same follow-up: judge it as the first was.
        others = [e for e in app.events if not any(e is x for x in same_day)]
        app = app.model_copy(update={"events": others})
    plan = follow_up_plan(app, settings, outside)
    budget = settings.follow_up_budget
    if plan.next_due is None:
        assert plan.move_on_due is not None
        return (
            f"that is more than {budget} follow-ups without an answer; the advice is to stop chasing"
            f" {app.company} and move on after {human_date(plan.move_on_due, today)}"
        )
    if plan.unanswered and on < plan.unanswered[-1] + timedelta(days=settings.follow_up_interval_days):
        return (
            f"less than {settings.follow_up_interval_days} days since your follow-up of"
            f" {human_date(plan.unanswered[-1], today)}; wait until {human_date(plan.next_due, today)}"
        )
    waited = plan.last_answer is None or plan.last_answer <= on
    if plan.decision_by is not None and on < plan.decision_by and waited:
        return (
            f"{app.company} said they would decide by {human_date(plan.decision_by, today)}; wait until"
            f" {human_date(plan.next_due, today)} before following up"
        )
    answered = plan.last_answer
    if answered is not None and answered <= on < answered + timedelta(days=settings.follow_up_interval_days):
        return (
            f"less than {settings.follow_up_interval_days} days since {app.company} wrote on"
            f" {human_date(answered, today)}; wait until {human_date(plan.next_due, today)}"
        )
    if plan.decision_by is not None and on < plan.next_due and waited:
        # The days after the date they gave in which the agenda still says to wait.
        return (
            f"{app.company} said they would decide by {human_date(plan.decision_by, today)}; give them"
            f" until {human_date(plan.next_due, today)} before following up"
        )
    if plan.decision_by is None and on < plan.next_due:
        return f"too early to follow up with {app.company}; wait until {human_date(plan.next_due, today)}"
    return None
