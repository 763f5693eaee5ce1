"""Rules 5–7: wait until the date they gave, follow up at most twice in a row, then move on;
and the don't-harass warning.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from followup.dates import add_business_days, human_date
from followup.models import (
    Action,
    ActionKind,
    Application,
    EventKind,
    Settings,
)
from followup.rules.common import cite, make_action


@dataclass(frozen=True, slots=True)
class FollowUpPlan:
    """Where an application stands in the waiting game, and the dates that follow from it."""

    decision_by: date | None
    anchor: date  # the day the first follow-up is counted from
    first_due: date  # the first follow-up since the last answer
    last_answer: date | None  # the last inbound contact
    unanswered: tuple[date, ...]  # days with an outbound follow-up since the last answer, one each
    next_due: date | None  # None once the budget of unanswered follow-ups is spent
    move_on_due: date | None  # set once the budget is spent


def standing_decision_date(app: Application) -> date | None:
    """The decision date they gave, unless a later interview round has overtaken it.

    A date given before a further round was for the round before: once they invite you back, the
    wait runs from the last interview (or the new date they give) instead.
    """
    last = app.last_interview()
    if app.decision_by is None or (last is not None and app.decision_by < last.day):
        return None
    return app.decision_by


def _answers(app: Application) -> tuple[date | None, tuple[date, ...]]:
    """Their last message, and the days you followed up since then (and since the last interview)."""
    last = app.last_interview()
    # Events are compared by day; on one day, the log's order decides.
    ordered = sorted(enumerate(app.events), key=lambda pair: (pair[1].on, pair[0]))
    last_answer_at = max((i for i, (_, e) in enumerate(ordered) if e.inbound), default=None)
    last_answer = ordered[last_answer_at][1].on if last_answer_at is not None else None
    since = ordered[last_answer_at + 1 :] if last_answer_at is not None else ordered
    interview_day = last.day if last is not None else None
    # One day is one follow-up: an email and a call on the same day spend one of the budget.
    unanswered = tuple(
        dict.fromkeys(
            e.on
            for _, e in since
            if e.kind is EventKind.FOLLOW_UP
            and not e.inbound
            # An interview is an answer too: follow-ups sent before it are not counted against the budget.
            and (interview_day is None or e.on > interview_day)
        )
    )
    return last_answer, unanswered


def _anchor(app: Application) -> date:
    last = app.last_interview()
    return (
        standing_decision_date(app)
        or (last.day if last is not None else None)
        or app.applied_on
        or app.created_on
    )


def follow_up_counts_from(app: Application) -> date:
    """The day the next follow-up counts from: your last unanswered follow-up, their last message, the
    decision date they gave or the last interview (the application, without one), whichever is latest.

    It names one follow-up: settings (the wait, holidays) move its due date but not this day; a new
    message, interview, follow-up or decision date makes a new follow-up with a new day.
    """
    last_answer, unanswered = _answers(app)
    days = [_anchor(app), *unanswered[-1:]]
    if last_answer is not None:
        days.append(last_answer)
    return max(days)


def follow_up_plan(app: Application, settings: Settings) -> FollowUpPlan:
    """Work out when the next follow-up is due.

    First on the decision date + 2 business days (without one, or when a later round overtook it, the
    last interview + 7 business days);
    after each unanswered follow-up, 7 days later; an answer from them starts the count again.
    """
    holidays = settings.holidays
    last_answer, unanswered = _answers(app)
    decision_by = standing_decision_date(app)
    anchor = _anchor(app)
    if decision_by is not None:
        first_due = add_business_days(anchor, settings.follow_up_after_decision_business_days, holidays)
    else:
        first_due = add_business_days(anchor, settings.follow_up_without_decision_business_days, holidays)
    if last_answer is not None:
        first_due = max(first_due, last_answer + timedelta(days=settings.follow_up_interval_days))
    next_due: date | None = first_due
    move_on_due = None
    if len(unanswered) >= settings.follow_up_budget:
        next_due = None
        move_on_due = unanswered[-1] + timedelta(days=settings.move_on_days)
    elif unanswered:
        next_due = max(first_due, unanswered[-1] + timedelta(days=settings.follow_up_interval_days))
    return FollowUpPlan(decision_by, anchor, first_due, last_answer, unanswered, next_due, move_on_due)


def next_interview_day(app: Application, today: date) -> date | None:
    """The day of the next interview booked after `today`, if any."""
    return min((i.day for i in app.interviews if i.day > today), default=None)


def _in_waiting_game(app: Application, today: date) -> bool:
    # An interview still to come means the employer is talking to you: nothing to chase.
    return app.status.awaits_decision and next_interview_day(app, today) is None


def first_due_set_by_answer(plan: FollowUpPlan, settings: Settings) -> date | None:
    """The day of their last message, when it put the first follow-up off (to the interval after it)."""
    answered = plan.last_answer
    if answered is not None and plan.first_due == answered + timedelta(days=settings.follow_up_interval_days):
        return answered
    return None


# 5, 6, 7. Wait; follow up; move on.
def waiting_game(app: Application, today: date, settings: Settings) -> list[Action]:
    """Wait until the date they gave, then follow up, at most twice in a row, then move on.

    “You shouldn't be contacting the interviewer until after they said they'd make their decision and
    get in touch with you.” “By all means follow up if you don't hear from them.” “Some companies find
    it easier to just simply ignore you rather than telling you, you didn't get the job.”
    """
    if not _in_waiting_game(app, today):
        return []
    plan = follow_up_plan(app, settings)
    since = plan.unanswered[-1] if plan.unanswered else (plan.last_answer or plan.anchor)
    if plan.next_due is None:
        assert plan.move_on_due is not None
        if today >= plan.move_on_due:
            first, last = human_date(plan.unanswered[0]), human_date(plan.unanswered[-1])
            went = (
                f"Your follow-up to {app.company} of {last} went unanswered"
                if len(plan.unanswered) == 1
                else f"{len(plan.unanswered)} follow-ups to {app.company} since {first} went unanswered,"
                f" the last on {last}"
            )
            reason = cite(
                ActionKind.MOVE_ON,
                f"{went}: mark it ghosted and put the energy into other applications.",
            )
            return [make_action(app, ActionKind.MOVE_ON, plan.move_on_due, plan.move_on_due, reason)]
        reason = cite(
            ActionKind.WAIT,
            f"You have followed up {_times(len(plan.unanswered))} since {human_date(plan.unanswered[0])};"
            f" don't chase {app.company} again. If there is no"
            f" answer by {human_date(plan.move_on_due)}, move on.",
        )
        return [make_action(app, ActionKind.WAIT, min(since, plan.move_on_due), plan.move_on_due, reason)]
    if today >= plan.next_due:
        sentence = _follow_up_sentence(app, plan, settings)
        return [
            make_action(
                app, ActionKind.FOLLOW_UP, plan.next_due, plan.next_due, cite(ActionKind.FOLLOW_UP, sentence)
            )
        ]
    if plan.decision_by is not None and plan.decision_by >= today:
        sentence = (
            f"{app.company} said they would decide by {human_date(plan.decision_by)}: be patient; follow up"
            f" on {human_date(plan.next_due)} if you have not heard by then."
        )
    else:
        sentence = f"Waiting to hear from {app.company}: don't chase them before {human_date(plan.next_due)}."
    return [
        make_action(
            app, ActionKind.WAIT, min(since, plan.next_due), plan.next_due, cite(ActionKind.WAIT, sentence)
        )
    ]


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _follow_up_sentence(app: Application, plan: FollowUpPlan, settings: Settings) -> str:
    """Why a follow-up is due now, naming the date its due date counts from."""
    interval = timedelta(days=settings.follow_up_interval_days)
    if plan.unanswered and plan.next_due == plan.unanswered[-1] + interval:
        why = f"No answer to your follow-up of {human_date(plan.unanswered[-1])}"
    elif (answered := first_due_set_by_answer(plan, settings)) is not None:
        why = f"{app.company} last wrote on {human_date(answered)} and has been quiet since"
    elif plan.decision_by is not None:
        why = (
            f"{app.company} said they would decide by {human_date(plan.decision_by)} and you have not"
            " heard back"
        )
    else:
        why = (
            f"No word from {app.company} {settings.follow_up_without_decision_business_days} business"
            f" days after {human_date(plan.anchor)}"
        )
    if plan.unanswered:
        return (
            f"{why}: follow up once more ({len(plan.unanswered) + 1} of {settings.follow_up_budget}),"
            " politely, without pushing for a decision."
        )
    return f"{why}: a short follow-up is fair now."


def harassment_warning(app: Application, on: date, today: date, settings: Settings) -> str | None:
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
    plan = follow_up_plan(app, settings)
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
    if (
        plan.decision_by is not None
        and on < plan.decision_by
        and (plan.last_answer is None or plan.last_answer <= on)
    ):
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
    if plan.decision_by is None and on < plan.next_due:
        return f"too early to follow up with {app.company}; wait until {human_date(plan.next_due, today)}"
    return None
