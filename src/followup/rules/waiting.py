"""Wait until the date they gave, follow up at most twice in a row, then move on. (The don't-harass
warning for a follow-up sent too soon, and telling a reply from a follow-up, are in chasing.py.)

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import add_business_days, human_date
from followup.kinds import ActionKind, Direction, EventKind
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
from followup.rules.pressure import offer_elsewhere, pressure_fact, without_pressure
from followup.rules.recruiter import from_employer, outsiders, recruiter_for

if TYPE_CHECKING:
    from followup.models import Application, Settings

WAIT = Spec(
    ActionKind.WAIT,
    advice=(
        "You shouldn't be contacting the interviewer until after they said they'd make their decision"
        " and get in touch with you."
    ),
    title="Wait",
    calendar_title="Check for an answer",
    calendar_identity="waiting-game",
    done_hint="waiting ends when they answer: `followup log-contact ID --inbound --kind reply`",
    hold_hint="waiting is not a task; snooze or dismiss the follow-up when it comes",
)
FOLLOW_UP = Spec(
    ActionKind.FOLLOW_UP,
    advice="By all means follow up if you don't hear from them.",
    title="Follow up",
    calendar_identity="waiting-game",
    done_hint="log the follow-up with `followup log-contact ID --kind follow-up`",
    draft="follow-up",
)
MOVE_ON = Spec(
    ActionKind.MOVE_ON,
    advice=(
        "Some companies find it easier to just simply ignore you rather than telling you, you didn't get"
        " the job."
    ),
    title="Move on: mark it ghosted",
    calendar_identity="waiting-game",
    done_hint="close the application with `followup status ID ghosted`",
)


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


def _answers(app: Application, outside: frozenset[str] = frozenset()) -> tuple[date | None, tuple[date, ...]]:
    """Their last message (the employer's: not one from a reference or a contact of yours, `outside`),
    and the days you followed up since then (and since the last interview)."""
    last = app.last_interview()
    # Events are compared by day; on one day, the log's order decides.
    ordered = sorted(enumerate(app.events), key=lambda pair: (pair[1].on, pair[0]))
    last_answer_at = max((i for i, (_, e) in enumerate(ordered) if from_employer(e, outside)), default=None)
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


def follow_up_counts_from(app: Application, outside: frozenset[str] = frozenset()) -> date:
    """The day the next follow-up counts from: your last unanswered follow-up, their last message, the
    decision date they gave or the last interview (the application, without one), whichever is latest.

    It names one follow-up: settings (the wait, holidays) move its due date but not this day; a new
    message, interview, follow-up or decision date makes a new follow-up with a new day.
    """
    last_answer, unanswered = _answers(app, outside)
    days = [_anchor(app), *unanswered[-1:]]
    if last_answer is not None:
        days.append(last_answer)
    return max(days)


def follow_up_plan(
    app: Application, settings: Settings, outside: frozenset[str] = frozenset()
) -> FollowUpPlan:
    """Work out when the next follow-up is due.

    First on the decision date + 2 business days (without one, or when a later round overtook it, the
    last interview + 7 business days);
    after each unanswered follow-up, 7 days later; an answer from them starts the count again.
    """
    holidays = settings.holidays
    last_answer, unanswered = _answers(app, outside)
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


def first_due_set_by_answer(plan: FollowUpPlan, settings: Settings) -> date | None:
    """The day of their last message, when it put the first follow-up off (to the interval after it)."""
    answered = plan.last_answer
    if answered is not None and plan.first_due == answered + timedelta(days=settings.follow_up_interval_days):
        return answered
    return None


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Wait until the date they gave, then follow up, at most twice in a row, then move on.

    “You shouldn't be contacting the interviewer until after they said they'd make their decision and
    get in touch with you.” “By all means follow up if you don't hear from them.” “Some companies find
    it easier to just simply ignore you rather than telling you, you didn't get the job.”
    """
    today, settings = situation.today, situation.settings
    if not app.status.awaits_decision:
        why_not = f"The application is {app.status}: no decision to wait for."
        return not_applicable(FOLLOW_UP.kind, why_not)
    upcoming = next_interview_day(app, today)
    if upcoming is not None:
        # An interview still to come means the employer is talking to you: nothing to chase.
        why_not = f"An interview is booked for {day_text(upcoming, today)}: nothing to chase."
        return not_applicable(FOLLOW_UP.kind, why_not)
    plan = follow_up_plan(app, settings, outsiders(app, situation.outsider_names))
    facts = _facts(app, plan, situation) if why else ()
    step = _next_step(app, plan, today, settings)
    recruiter = recruiter_for(app, situation.contacts)
    if recruiter is not None and step.action is ActionKind.FOLLOW_UP:  # the one who runs the process
        head, mark, quote = step.reason.partition(" “")
        reason = f"{head} Write to {recruiter.name}, the recruiter who runs the process.{mark}{quote}"
        title = f"Follow up with {recruiter.name}"
        step = replace(step, person=recruiter.name, email=recruiter.email, title=title, reason=reason)
    held = offer_elsewhere(app, situation)
    if held is not None:  # “Don't try to force the employer to make a decision”
        step = without_pressure(app, step, held)
        facts = (*facts, pressure_fact(app, held)) if why else facts
    idle = "Nothing on the agenda (snoozed or dismissed)."
    return Finding(str(WAIT.kind), True, idle, facts, (step,))


def _next_step(app: Application, plan: FollowUpPlan, today: date, settings: Settings) -> Action:
    # The wait is on the agenda from the day it begins (the interview, their answer, your follow-up),
    # not only once the date they gave comes into view: that is when the urge to chase is strongest.
    latest = app.last_interview()
    began = latest.day if latest is not None and latest.day <= plan.anchor else plan.anchor
    since = plan.unanswered[-1] if plan.unanswered else (plan.last_answer or began)
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
            reason = MOVE_ON.cite(f"{went}: mark it ghosted and put the energy into other applications.")
            return make_action(app, MOVE_ON, plan.move_on_due, plan.move_on_due, reason)
        reason = WAIT.cite(
            f"You have followed up {_times(len(plan.unanswered))} since {human_date(plan.unanswered[0])};"
            f" don't chase {app.company} again. If there is no"
            f" answer by {human_date(plan.move_on_due)}, move on."
        )
        return make_action(app, WAIT, min(since, plan.move_on_due), plan.move_on_due, reason)
    if today >= plan.next_due:
        reason = FOLLOW_UP.cite(_follow_up_sentence(app, plan, settings))
        return make_action(app, FOLLOW_UP, plan.next_due, plan.next_due, reason)
    if plan.decision_by is not None and plan.decision_by >= today:
        sentence = (
            f"{app.company} said they would decide by {human_date(plan.decision_by)}: be patient; follow up"
            f" on {human_date(plan.next_due)} if you have not heard by then."
        )
    else:
        sentence = f"Waiting to hear from {app.company}: don't chase them before {human_date(plan.next_due)}."
    return make_action(app, WAIT, min(since, plan.next_due), plan.next_due, WAIT.cite(sentence))


def _facts(app: Application, plan: FollowUpPlan, situation: Situation) -> tuple[Fact, ...]:
    """The dates the waiting game counts from, for `followup why`."""
    today, s = situation.today, situation.settings
    facts: list[Fact] = [("decision date", _decision_date(app, plan, today))]
    if (answered := first_due_set_by_answer(plan, s)) is not None:
        facts.append(
            (
                "first follow-up",
                f"{day_text(plan.first_due, today)}: {plural(s.follow_up_interval_days, 'day')} after"
                f" their answer of {day_text(answered, today)}",
            )
        )
    elif plan.decision_by is not None:
        wait = plural(s.follow_up_after_decision_business_days, "business day")
        facts.append(
            ("first follow-up", f"{day_text(plan.first_due, today)}: {wait} after the decision date")
        )
    else:
        wait = plural(s.follow_up_without_decision_business_days, "business day")
        facts.append(
            (
                "first follow-up",
                f"{day_text(plan.first_due, today)}: {wait} after {day_text(plan.anchor, today)}"
                f" ({_wait_source(situation)})",
            )
        )
    last_out = max((e.on for e in app.events if e.direction is Direction.OUTBOUND), default=None)
    facts += [
        ("last answer from them", day_text(plan.last_answer, today)),
        ("last contact from you", day_text(last_out, today)),
        (
            "follow-ups since their last answer",
            ", ".join(day_text(d, today) for d in plan.unanswered) or "none",
        ),
        ("budget used", f"{len(plan.unanswered)} of {s.follow_up_budget}"),
        ("next follow-up", day_text(plan.next_due, today) if plan.next_due else "none: the budget is spent"),
    ]
    if plan.move_on_due is not None:
        facts.append(
            ("move on", f"{day_text(plan.move_on_due, today)} ({plural(s.move_on_days, 'day')} of silence)")
        )
    return tuple(facts)


def _decision_date(app: Application, plan: FollowUpPlan, today: date) -> str:
    if plan.decision_by is not None:
        return day_text(plan.decision_by, today)
    last = app.last_interview()
    if app.decision_by is None or last is None:
        return "none given"
    return (
        f"{day_text(app.decision_by, today)}: before round {last.round} on {day_text(last.day, today)},"
        " so it no longer holds"
    )


def _wait_source(situation: Situation) -> str:
    """Where the wait before a first follow-up without a decision date comes from."""
    learned, s = situation.learned, situation.settings
    n = len(learned.samples)
    if learned.adapted:
        return (
            f"learned: your median time to an answer is {learned.median:g} business days over {n}"
            f" decided applications, kept within {s.adaptive_wait_min_business_days}–"
            f"{s.adaptive_wait_max_business_days}; the configured wait is {learned.configured}"
        )
    if not s.adaptive_wait:
        return "configured; adaptive_wait is off"
    return (
        f"configured; it adapts to your own response times after {s.adaptive_wait_min_decided}"
        f" decided applications, you have {n}"
    )


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


RULE = Rule(
    "waiting-game",
    (WAIT, FOLLOW_UP, MOVE_ON),
    (
        "follow_up_after_decision_business_days",
        "follow_up_without_decision_business_days",
        "follow_up_interval_days",
        "follow_up_budget",
        "move_on_days",
        "adaptive_wait",
        "adaptive_wait_min_decided",
        "adaptive_wait_min_business_days",
        "adaptive_wait_max_business_days",
        "holidays",
    ),
    evaluate,
)
