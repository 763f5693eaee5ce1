"""What to do after the interview, and when: the advice of after-the-interview.txt as code.

Pure: every function takes the stored data, `today` and `Settings`, and returns values.
No clock, no files, no terminal.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from followup.dates import add_business_days, human_date
from followup.models import (
    Action,
    ActionKind,
    Application,
    Contact,
    Direction,
    Dismissal,
    EventKind,
    Relation,
    Review,
    Settings,
    Snooze,
    Status,
    StoreData,
)

# The sentences of the advice each rule encodes, quoted in every reason.
ADVICE: dict[ActionKind, str] = {
    ActionKind.THANK_YOU: (
        "Sending a thank you note to the interviewer is a polite way of thanking them for their time,"
        " consideration, and interest in you."
    ),
    ActionKind.NOTIFY_REFERENCES: (
        "If you haven't already told your references that they may be contacted by the employer then it is"
        " time to do so."
    ),
    ActionKind.ASK_NETWORK: (
        "Do you know someone who can put in a good word for you at the company you just applied for?"
    ),
    ActionKind.REVIEW: "Review what worked and what you can improve upon for your next interview.",
    ActionKind.WAIT: (
        "You shouldn't be contacting the interviewer until after they said they'd make their decision"
        " and get in touch with you."
    ),
    ActionKind.FOLLOW_UP: "By all means follow up if you don't hear from them.",
    ActionKind.MOVE_ON: (
        "Some companies find it easier to just simply ignore you rather than telling you, you didn't get"
        " the job."
    ),
    ActionKind.REPLY_TO_DECISION: (
        "If you're rude to the employer it can hurt your chances of employment with them in the future."
    ),
    ActionKind.KEEP_APPLYING: (
        "You should continue to apply for jobs while waiting to hear back from the employer."
    ),
    ActionKind.PREPARE: ("What questions were you able to answer well and what did you struggle with."),
    ActionKind.REAPPLY: (
        "You never know when they might have a new opening, or who they know that you may work for in the"
        " future."
    ),
    ActionKind.THANK_REFERENCES: ("It's all about continuing to creating opportunities for yourself."),
}
OFFER_ADVICE = "Don't do anything that can hurt your current or future applications."


def _cite(kind: ActionKind, sentence: str, quote: str | None = None) -> str:
    return f"{sentence} “{quote or ADVICE[kind]}”"


def person_matches(given: str | None, name: str | None, email: str | None = None) -> bool:
    """Does a `--with` value name this person? No value means everyone; a first name will do."""
    if given is None:
        return True
    if name is None:
        return False
    wanted = " ".join(given.casefold().split())
    full = " ".join(name.casefold().split())
    if wanted == full or (email is not None and wanted == email.casefold()):
        return True
    return bool(wanted) and full.startswith(wanted + " ")


def _done_mark(
    app: Application, kind: ActionKind, since: date | None, person: str | None, email: str | None = None
) -> bool:
    return any(
        mark.action == kind
        and (since is None or mark.on >= since)
        and (mark.person is None or person_matches(mark.person, person, email))
        for mark in app.done
    )


def _contacted(
    app: Application, kind: EventKind, since: date | None, person: str | None, email: str | None = None
) -> bool:
    return any(
        event.kind is kind
        and event.direction is Direction.OUTBOUND
        and (since is None or event.on >= since)
        and (event.with_ is None or person_matches(event.with_, person, email))
        for event in app.events
    )


def _action(
    app: Application,
    kind: ActionKind,
    start: date,
    due: date,
    reason: str,
    person: str | None = None,
    email: str | None = None,
) -> Action:
    # An action is never due before it starts.
    return Action(app.id, app.company, app.role, kind, start, max(start, due), reason, person, email)


# 1. Thank each interviewer.
def thank_you_due(app: Application, settings: Settings) -> list[Action]:
    """Send a thank-you to each interviewer by the next business day.

    “Sending a thank you note to the interviewer is a polite way of thanking them for their time,
    consideration, and interest in you.”
    """
    if not app.is_active:
        return []
    actions = []
    for interview in sorted(app.interviews, key=lambda i: i.at):
        day = interview.day
        due = add_business_days(day, settings.thank_you_business_days, settings.holidays)
        people: list[tuple[str | None, str | None]] = [(p.name, p.email) for p in interview.interviewers]
        people = people or [(None, None)]
        for name, email in people:
            if _contacted(app, EventKind.THANK_YOU, day, name, email) or _done_mark(
                app, ActionKind.THANK_YOU, day, name, email
            ):
                continue
            who = name or "your interviewer"
            reason = _cite(
                ActionKind.THANK_YOU,
                f"Thank {who} for the interview on {human_date(day)}, by {human_date(due)}, and address"
                " anything you feel you answered weakly.",
            )
            actions.append(_action(app, ActionKind.THANK_YOU, day, due, reason, name, email))
    return actions


def contacts_for(app: Application, contacts: Iterable[Contact], relation: Relation) -> list[Contact]:
    company = " ".join(app.company.casefold().split())
    found = []
    for contact in contacts:
        if contact.relation is not relation:
            continue
        if relation is Relation.NETWORK and " ".join((contact.company or "").casefold().split()) != company:
            continue
        found.append(contact)
    return found


# 2. Tell the references.
def notify_references_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    """Tell each reference they may be called, the business day after the first interview.

    “If you haven't already told your references that they may be contacted by the employer then it is
    time to do so.”
    """
    first = app.first_interview()
    if first is None or not app.is_active:
        return []
    due = add_business_days(first.day, settings.references_business_days, settings.holidays)
    actions = []
    for ref in contacts_for(app, contacts, Relation.REFERENCE):
        if _contacted(app, EventKind.REFERENCE, None, ref.name, ref.email) or _done_mark(
            app, ActionKind.NOTIFY_REFERENCES, None, ref.name, ref.email
        ):
            continue
        reason = _cite(
            ActionKind.NOTIFY_REFERENCES,
            f"{app.company} may call {ref.name}; tell them about the {app.role} role by {human_date(due)}"
            " so they are prepared.",
        )
        actions.append(
            _action(app, ActionKind.NOTIFY_REFERENCES, first.day, due, reason, ref.name, ref.email)
        )
    return actions


# 3. Ask a contact at the company to put in a good word.
def ask_network_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    """Ask each networking contact at the same company for a good word, two business days in.

    “Do you know someone who can put in a good word for you at the company you just applied for?”
    """
    first = app.first_interview()
    if first is None or not app.is_active:
        return []
    due = add_business_days(first.day, settings.network_business_days, settings.holidays)
    actions = []
    for contact in contacts_for(app, contacts, Relation.NETWORK):
        if _contacted(app, EventKind.NETWORK, None, contact.name, contact.email) or _done_mark(
            app, ActionKind.ASK_NETWORK, None, contact.name, contact.email
        ):
            continue
        reason = _cite(
            ActionKind.ASK_NETWORK,
            f"{contact.name} knows {app.company}: ask them by {human_date(due)} to put in a good word.",
        )
        actions.append(
            _action(app, ActionKind.ASK_NETWORK, first.day, due, reason, contact.name, contact.email)
        )
    return actions


def rejection_day(app: Application) -> date | None:
    """The day of the rejection that closed the application, if that is how it ended."""
    if app.status is not Status.REJECTED:
        return None
    changes = [c.on for c in app.status_history if c.status is Status.REJECTED]
    return max(changes) if changes else app.created_on


def _reviewed_since(app: Application, day: date) -> bool:
    return any(r.on >= day for r in app.reviews) or _done_mark(app, ActionKind.REVIEW, day, None)


# 4. Review what worked.
def review_due(app: Application, settings: Settings) -> list[Action]:
    """Write down what went well and what to improve, the day after each interview and a rejection.

    “Instead review what worked and what you can improve upon for your next interview.”
    """
    rejected_on = rejection_day(app)
    actions = []
    for interview in sorted(app.interviews, key=lambda i: i.at):
        day = interview.day
        if rejected_on is not None and day <= rejected_on:
            continue  # the review of the rejection covers it
        if _reviewed_since(app, day):
            continue
        due = day + timedelta(days=settings.review_days)
        reason = _cite(
            ActionKind.REVIEW,
            f"Note what went well and what to do better after the {interview.stage or 'interview'} on"
            f" {human_date(day)}, while you remember the questions.",
        )
        actions.append(_action(app, ActionKind.REVIEW, day, due, reason))
    if rejected_on is not None and not _reviewed_since(app, rejected_on):
        due = rejected_on + timedelta(days=settings.review_days)
        reason = _cite(
            ActionKind.REVIEW,
            f"{app.company} said no on {human_date(rejected_on)}: no point obsessing; note which questions"
            " you answered well and which you struggled with.",
        )
        actions.append(_action(app, ActionKind.REVIEW, rejected_on, due, reason))
    return actions


@dataclass(frozen=True, slots=True)
class FollowUpPlan:
    """Where an application stands in the waiting game, and the dates that follow from it."""

    decision_by: date | None
    anchor: date  # the day the first follow-up is counted from
    first_due: date  # the first follow-up since the last answer
    last_answer: date | None  # the last inbound contact
    unanswered: tuple[date, ...]  # outbound follow-ups since the last answer
    next_due: date | None  # None once the budget of unanswered follow-ups is spent
    move_on_due: date | None  # set once the budget is spent


def follow_up_plan(app: Application, settings: Settings) -> FollowUpPlan:
    """Work out when the next follow-up is due.

    First on the decision date + 2 business days (without one, the last interview + 7 business days);
    after each unanswered follow-up, 7 days later; an answer from them starts the count again.
    """
    holidays = settings.holidays
    last = app.last_interview()
    # Events are compared by day; on one day, the log's order decides.
    ordered = sorted(enumerate(app.events), key=lambda pair: (pair[1].on, pair[0]))
    last_answer_at = max((i for i, (_, e) in enumerate(ordered) if e.inbound), default=None)
    last_answer = ordered[last_answer_at][1].on if last_answer_at is not None else None
    since = ordered[last_answer_at + 1 :] if last_answer_at is not None else ordered
    interview_day = last.day if last is not None else None
    unanswered = tuple(
        e.on
        for _, e in since
        if e.kind is EventKind.FOLLOW_UP
        and not e.inbound
        # An interview is an answer too: follow-ups sent before it are not counted against the budget.
        and (interview_day is None or e.on > interview_day)
    )
    if app.decision_by is not None:
        anchor = app.decision_by
        first_due = add_business_days(anchor, settings.follow_up_after_decision_business_days, holidays)
    else:
        anchor = interview_day or app.applied_on or app.created_on
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
    return FollowUpPlan(app.decision_by, anchor, first_due, last_answer, unanswered, next_due, move_on_due)


def _in_waiting_game(app: Application, today: date) -> bool:
    # An interview still to come means the employer is talking to you: nothing to chase.
    return app.status.awaits_decision and not any(i.day > today for i in app.interviews)


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
    budget = settings.follow_up_budget
    since = plan.unanswered[-1] if plan.unanswered else (plan.last_answer or plan.anchor)
    if plan.next_due is None:
        assert plan.move_on_due is not None
        if today >= plan.move_on_due:
            reason = _cite(
                ActionKind.MOVE_ON,
                f"{budget} follow-ups to {app.company} since {human_date(plan.unanswered[0])} went"
                " unanswered: mark it ghosted and put the energy into other applications.",
            )
            return [_action(app, ActionKind.MOVE_ON, plan.move_on_due, plan.move_on_due, reason)]
        reason = _cite(
            ActionKind.WAIT,
            f"You have followed up {budget} times; don't chase {app.company} again. If there is no"
            f" answer by {human_date(plan.move_on_due)}, move on.",
        )
        return [_action(app, ActionKind.WAIT, min(since, plan.move_on_due), plan.move_on_due, reason)]
    if today >= plan.next_due:
        if plan.unanswered:
            sentence = (
                f"No answer to your follow-up of {human_date(plan.unanswered[-1])}: follow up once more"
                f" ({len(plan.unanswered) + 1} of {budget}), politely, without pushing for a decision."
            )
        elif plan.last_answer is not None and (
            plan.decision_by is None or plan.decision_by < plan.last_answer
        ):
            sentence = (
                f"{app.company} last wrote on {human_date(plan.last_answer)} and has been quiet since:"
                " a short follow-up is fair now."
            )
        elif plan.decision_by is not None:
            sentence = (
                f"{app.company} said they would decide by {human_date(plan.decision_by)} and you have not"
                " heard back: a short follow-up is fair now."
            )
        else:
            sentence = (
                f"No word from {app.company} {settings.follow_up_without_decision_business_days} business"
                f" days after {human_date(plan.anchor)}: a short follow-up is fair now."
            )
        return [
            _action(
                app, ActionKind.FOLLOW_UP, plan.next_due, plan.next_due, _cite(ActionKind.FOLLOW_UP, sentence)
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
        _action(
            app, ActionKind.WAIT, min(since, plan.next_due), plan.next_due, _cite(ActionKind.WAIT, sentence)
        )
    ]


def outcome_change(app: Application) -> tuple[Status, date] | None:
    """The offer or rejection the application now stands on, and its day."""
    if app.status not in (Status.OFFER, Status.REJECTED):
        return None
    days = [c.on for c in app.status_history if c.status is app.status]
    return app.status, (max(days) if days else app.created_on)


# 8. Answer the decision.
def reply_to_decision_due(app: Application, settings: Settings) -> list[Action]:
    """Answer an offer or a rejection, professionally, within two days.

    “If you're rude to the employer it can hurt your chances of employment with them in the future.”
    """
    outcome = outcome_change(app)
    if outcome is None:
        return []
    status, day = outcome
    replied = any(
        e.kind is EventKind.REPLY and not e.inbound and e.on >= day for e in app.events
    ) or _done_mark(app, ActionKind.REPLY_TO_DECISION, day, None)
    if replied:
        return []
    due = day + timedelta(days=settings.reply_to_decision_days)
    if status is Status.OFFER:
        reason = _cite(
            ActionKind.REPLY_TO_DECISION,
            f"{app.company} made you an offer on {human_date(day)}: answer by {human_date(due)}, even if only"
            " to say when you will decide.",
            OFFER_ADVICE,
        )
    else:
        reason = _cite(
            ActionKind.REPLY_TO_DECISION,
            f"{app.company} said no on {human_date(day)}: thank them for their time by {human_date(due)},"
            " ask for feedback on your interview and ask to be kept in mind; they may have a new opening.",
        )
    return [_action(app, ActionKind.REPLY_TO_DECISION, day, due, reason)]


# 9. Keep applying.
def keep_applying_due(applications: Sequence[Application], today: date, settings: Settings) -> list[Action]:
    """Keep the pipeline full while you wait: too few active applications, or none added lately.

    “You should continue to apply for jobs while waiting to hear back from the employer.”
    """
    if any(a.status is Status.ACCEPTED for a in applications):
        return []  # the search is over
    active = [a for a in applications if a.is_active]
    added = [a.created_on for a in applications if a.created_on <= today]
    latest = max(added, default=None)
    quiet_for = (today - latest).days if latest is not None else None
    if len(active) < settings.keep_applying_min_active:
        sentence = (
            f"Only {len(active)} active application{'s' if len(active) != 1 else ''}; aim for at least"
            f" {settings.keep_applying_min_active} so no single employer holds all your hopes."
        )
    elif quiet_for is not None and quiet_for >= settings.keep_applying_days:
        sentence = f"Nothing new added for {quiet_for} days: apply somewhere new this week."
    else:
        return []
    reason = _cite(ActionKind.KEEP_APPLYING, sentence)
    return [Action(None, None, None, ActionKind.KEEP_APPLYING, today, today, reason)]


# 10. Prepare for the next round.
def last_review_before(app: Application, day: date) -> Review | None:
    """The latest review written before `day` that says what to improve."""
    found = [(r.on, index, r) for index, r in enumerate(app.reviews) if r.improve and r.on < day]
    return max(found, key=lambda item: (item[0], item[1]))[2] if found else None


def prepare_due(app: Application, today: date, settings: Settings) -> list[Action]:
    """Before a further round with the same employer, go over what you meant to improve, the day before.

    “What questions were you able to answer well and what did you struggle with.”
    """
    if not app.is_active:
        return []
    actions = []
    for interview in sorted(app.interviews, key=lambda i: i.at)[1:]:
        day = interview.day
        if day < today:
            continue  # the round is over; its own review comes next
        review = last_review_before(app, day)
        if review is None or _done_mark(app, ActionKind.PREPARE, review.on, None):
            continue
        due = day - timedelta(days=settings.prepare_days_before)
        reason = _cite(
            ActionKind.PREPARE,
            f"Round {interview.round} ({interview.stage or 'interview'}) is on {human_date(day)}: go over"
            f" what you wanted to do better after your review of {human_date(review.on)}: {review.improve}",
        )
        actions.append(_action(app, ActionKind.PREPARE, due, due, reason))
    return actions


# 11. Apply again later.
REAPPLY_STATUSES = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED})


def reapply_due(app: Application, settings: Settings) -> list[Action]:
    """After a rejection, apply again from the date you set (`status ID rejected --reapply-after DATE`).

    “You never know when they might have a new opening, or who they know that you may work for in the
    future.”
    """
    start = app.reapply_after
    if start is None or app.status not in REAPPLY_STATUSES or _done_mark(app, ActionKind.REAPPLY, None, None):
        return []
    due = start + timedelta(days=settings.reapply_window_days)
    review = last_review_before(app, date.max)
    hint = f" Last time you meant to improve: {review.improve}" if review is not None else ""
    reason = _cite(
        ActionKind.REAPPLY,
        f"You planned to try {app.company} again from {human_date(start)}: look for a new opening and apply"
        f" by {human_date(due)}.{hint}",
    )
    return [_action(app, ActionKind.REAPPLY, start, due, reason)]


# 12. Thank the references once it is over.
def acceptance_day(app: Application) -> date | None:
    if app.status is not Status.ACCEPTED:
        return None
    days = [c.on for c in app.status_history if c.status is Status.ACCEPTED]
    return max(days) if days else app.created_on


def notified_references(app: Application, contacts: Sequence[Contact]) -> list[tuple[str, str | None]]:
    """(name, email) of each reference you told about this application, from the log and done marks."""
    found: list[tuple[str, str | None]] = []

    def add(name: str, email: str | None) -> None:
        if not any(person_matches(name, n, e) or person_matches(n, name, email) for n, e in found):
            found.append((name, email))

    for ref in contacts_for(app, contacts, Relation.REFERENCE):
        if _contacted(app, EventKind.REFERENCE, None, ref.name, ref.email) or _done_mark(
            app, ActionKind.NOTIFY_REFERENCES, None, ref.name, ref.email
        ):
            add(ref.name, ref.email)
    named = [e.with_ for e in app.events if e.kind is EventKind.REFERENCE and not e.inbound]
    named += [m.person for m in app.done if m.action == ActionKind.NOTIFY_REFERENCES]
    for name in named:
        if name:
            add(name, None)
    return found


def thank_references_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    """After accepting an offer, thank each reference you told about it and let them know how it ended.

    “It's all about continuing to creating opportunities for yourself.”
    """
    accepted_on = acceptance_day(app)
    if accepted_on is None:
        return []
    due = accepted_on + timedelta(days=settings.thank_references_days)
    actions = []
    for name, email in notified_references(app, contacts):
        if _contacted(app, EventKind.REFERENCE, accepted_on, name, email) or _done_mark(
            app, ActionKind.THANK_REFERENCES, accepted_on, name, email
        ):
            continue
        reason = _cite(
            ActionKind.THANK_REFERENCES,
            f"You accepted {app.company}'s offer on {human_date(accepted_on)}: thank {name} for being your"
            f" reference and tell them how it ended, by {human_date(due)}.",
        )
        actions.append(_action(app, ActionKind.THANK_REFERENCES, accepted_on, due, reason, name, email))
    return actions


# Snoozed and dismissed actions.
def snooze_for(app: Application, action: Action) -> Snooze | None:
    """The snooze that holds this action back, if any (the latest one recorded wins)."""
    matching = [s for s in app.snoozes if s.action == action.action and s.person == action.person]
    return matching[-1] if matching else None


def dismissal_for(app: Application, action: Action) -> Dismissal | None:
    """A dismissal names one action: its kind, its person and the day it started."""
    return next(
        (
            d
            for d in app.dismissals
            if d.action == action.action and d.person == action.person and d.start == action.start
        ),
        None,
    )


def moved_by_snooze(action: Action, until: date) -> Action:
    """A snoozed action comes back on `until`: it starts then and keeps its original window, so it is
    due, not overdue, on the day it returns."""
    window = action.due - action.start
    return replace(
        action,
        start=until,
        due=max(action.due, until + window),
        reason=f"Snoozed until {human_date(until)}. {action.reason}",
    )


def settle(app: Application, actions: Iterable[Action], today: date) -> list[Action]:
    """Drop dismissed actions, hold back snoozed ones until their day, and move them to it."""
    visible = []
    for action in actions:
        if dismissal_for(app, action) is not None:
            continue
        snooze = snooze_for(app, action)
        if snooze is not None and action.start < snooze.until:
            if today < snooze.until:
                continue
            action = moved_by_snooze(action, snooze.until)
        visible.append(action)
    return visible


# The user's own response times.
DECISION_STATUSES = frozenset({Status.OFFER, Status.REJECTED, Status.ACCEPTED})


def decision_day(app: Application) -> date | None:
    """The first day the employer gave its answer (offer, rejection, or straight to accepted)."""
    days = [c.on for c in app.status_history if c.status in DECISION_STATUSES]
    return min(days) if days else None


def business_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Business days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    closed = set(holidays)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if (day := start + timedelta(days=offset)).weekday() < 5 and day not in closed
    )


def interview_to_decision(app: Application) -> tuple[date, date] | None:
    """(last interview before the decision, decision day), when both are known."""
    decided = decision_day(app)
    if decided is None:
        return None
    before = [i.day for i in app.interviews if i.day <= decided]
    return (max(before), decided) if before else None


@dataclass(frozen=True, slots=True)
class LearnedWait:
    """The wait before a first follow-up when no decision date was given, and where it comes from."""

    configured: int  # business days, from the config
    samples: tuple[int, ...]  # business days from interview to decision, one per decided application
    median: float | None
    adapted: bool  # True when `wait` comes from the samples
    wait: int


def learned_wait(applications: Sequence[Application], today: date, settings: Settings) -> LearnedWait:
    """Once enough applications are decided, wait as long as your employers usually take to answer.

    The median of business days from the last interview to the decision, rounded up and kept within
    the configured bounds; decisions after `today` are not known yet.
    """
    samples = []
    for app in applications:
        span = interview_to_decision(app)
        if span is not None and span[1] <= today:
            samples.append(business_days_between(span[0], span[1], settings.holidays))
    samples.sort()
    median = statistics.median(samples) if samples else None
    configured = settings.follow_up_without_decision_business_days
    if not settings.adaptive_wait or median is None or len(samples) < settings.adaptive_wait_min_decided:
        return LearnedWait(configured, tuple(samples), median, False, configured)
    wait = min(
        max(math.ceil(median), settings.adaptive_wait_min_business_days),
        settings.adaptive_wait_max_business_days,
    )
    return LearnedWait(configured, tuple(samples), median, True, wait)


def personal_settings(applications: Sequence[Application], today: date, settings: Settings) -> Settings:
    """The settings with the wait learned from your own history, when it applies."""
    learned = learned_wait(applications, today, settings)
    if not learned.adapted or learned.wait == settings.follow_up_without_decision_business_days:
        return settings
    return settings.model_copy(update={"follow_up_without_decision_business_days": learned.wait})


def all_actions(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> list[Action]:
    """Every action the rules find for one application, snoozed and dismissed ones included."""
    return [
        *thank_you_due(app, settings),
        *notify_references_due(app, contacts, settings),
        *ask_network_due(app, contacts, settings),
        *review_due(app, settings),
        *prepare_due(app, today, settings),
        *waiting_game(app, today, settings),
        *reply_to_decision_due(app, settings),
        *reapply_due(app, settings),
        *thank_references_due(app, contacts, settings),
    ]


def application_actions(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> list[Action]:
    """Every open action of one application (without the dismissed ones and those snoozed past today)."""
    return settle(app, all_actions(app, contacts, today, settings), today)


_KIND_ORDER = {kind: index for index, kind in enumerate(ActionKind)}


def sort_key(action: Action) -> tuple[date, date, str, int, str]:
    return (
        action.due,
        action.start,
        (action.company or "").casefold(),
        _KIND_ORDER[action.action],
        action.person or "",
    )


def agenda(data: StoreData, today: date, settings: Settings) -> list[Action]:
    """All open actions of all applications, plus the pipeline's own, soonest first."""
    settings = personal_settings(data.applications, today, settings)
    actions: list[Action] = []
    for app in data.applications:
        actions.extend(application_actions(app, data.contacts, today, settings))
    actions.extend(keep_applying_due(data.applications, today, settings))
    return sorted(actions, key=sort_key)


def next_action(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> Action | None:
    """The most pressing action of one application, for lists and exports."""
    actions = sorted(application_actions(app, contacts, today, settings), key=sort_key)
    return actions[0] if actions else None


def harassment_warning(app: Application, on: date, today: date, settings: Settings) -> str | None:
    """Would an outbound follow-up sent on `on` break the don't-harass rules? Say why and until when.

    “Apart from your thank you note, or if you're asked by the employer, you shouldn't be contacting the
    interviewer until after they said they'd make their decision.”
    """
    if not app.status.awaits_decision:
        return None
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
    if plan.decision_by is None and on < plan.next_due:
        return f"too early to follow up with {app.company}; wait until {human_date(plan.next_due, today)}"
    return None
