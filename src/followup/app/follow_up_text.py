"""What a follow-up draft says about where things stand: the first or a further one, their last
answer, and who gave the decision date and when. And whether it is too early to send it.

Pure: the application, the day and the settings in; text out.
“Apart from your thank you note, or if you're asked by the employer, you shouldn't be contacting the
interviewer until after they said they'd make their decision.”
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.rules.chasing import harassment_warning
from followup.rules.recruiter import from_employer
from followup.rules.waiting import follow_up_plan, next_interview_day, standing_decision_date

if TYPE_CHECKING:
    from followup.models import Application, Event, Interview, Settings

# Words in their message, as you noted it, that say they need more time.
MORE_TIME = ("more time", "need time", "needs time", "delay", "later than", "not decided", "not yet decided")


def letter_date(day: date, today: date) -> str:
    """`Tuesday 3 March`, with the year when it is not this year's (as compose.letter_date)."""
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def too_early(app: Application, today: date, settings: Settings, outside: frozenset[str]) -> str | None:
    """Why a follow-up sent today would come too soon, naming the day to wait for; None when it is fair.

    The same judgement as the warning `log-contact` gives for a follow-up logged today.
    """
    booked = next_interview_day(app, today)
    if booked is not None and app.status.awaits_decision:
        return f"an interview with {app.company} is booked for {human_date(booked, today)}: nothing to chase"
    return harassment_warning(app, today, today, settings, outside)


def _last_answer(app: Application, since: date | None, outside: frozenset[str]) -> Event | None:
    """Their latest message since `since` (the last interview): the log's order decides on one day."""
    found = [
        (e.on, i, e)
        for i, e in enumerate(app.events)
        if from_employer(e, outside) and (since is None or e.on >= since)
    ]
    return max(found, key=lambda item: (item[0], item[1]))[2] if found else None


def _decision_given_at_interview(app: Application, decision_by: date) -> bool:
    """Was the standing decision date said at an interview (`add --decision-by`), not in a message?"""
    messages = [e for e in app.events if e.decision_by == decision_by]
    return not messages and any(i.decision_by == decision_by for i in app.interviews)


def _their_answer(answer: Event, decision_by: date | None, today: date) -> str:
    """`When you wrote on Friday 20 March, you said you needed more time and expected to decide by …`"""
    wrote = f"When you wrote on {letter_date(answer.on, today)}"
    new_date = (
        answer.decision_by if answer.decision_by is not None and answer.decision_by == decision_by else None
    )
    more_time = any(words in (answer.note or "").casefold() for words in MORE_TIME)
    if new_date is not None:
        return (
            f"{wrote}, you said you needed more time and expected to decide by {letter_date(new_date, today)}"
        )
    if more_time:
        return f"{wrote}, you said you needed more time"
    return ""


def follow_up_context(
    app: Application, interview: Interview | None, today: date, settings: Settings, outside: frozenset[str]
) -> str:
    """The sentence of a follow-up that says where things stand.

    A further follow-up says it follows your note of that day, so it is never word for word the first;
    their last answer is taken into account; a decision date given in a message is quoted as written
    then, never as said at the interview.
    """
    if interview is None:
        applied = letter_date(app.applied_on or app.created_on, today)
        return f"I applied on {applied} and wanted to check in."
    when, stage = letter_date(interview.day, today), interview.stage or "interview"
    plan = follow_up_plan(app, settings, outside)
    decision_by = standing_decision_date(app)  # a date given before a later round is stale
    answer = _last_answer(app, interview.day, outside)
    said = _their_answer(answer, decision_by, today) if answer is not None else ""
    sent = [d for d in plan.unanswered if d < today]
    if sent:  # a further follow-up: it says so, and what they last said
        note = f"I am following up on my note of {letter_date(sent[-1], today)}"
        if said:
            return f"{note}: {said[0].lower()}{said[1:]}."
        return f"{note} about my {stage} on {when}."
    if said:
        return f"{said}, so I wanted to check in."
    if answer is not None:
        return f"Thank you for your message of {letter_date(answer.on, today)}; I wanted to check in."
    if decision_by is not None and decision_by < today:
        decide = letter_date(decision_by, today)
        if _decision_given_at_interview(app, decision_by):
            return f"When we spoke on {when}, you mentioned a decision by {decide}, so I wanted to check in."
        return f"I am writing about my {stage} on {when}; I understood a decision was expected by {decide}."
    return f"I am writing about my {stage} on {when}."
