"""`followup why ID`: every rule that bears on one application, what it decided, and the dates it
worked from, in the spirit of `task ID info`'s urgency breakdown.

Pure: a function of the stored data, `today` and the settings; it calls the same rules as the agenda.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from followup import rules
from followup.dates import human_date
from followup.models import (
    Action,
    ActionKind,
    Application,
    Contact,
    Direction,
    EventKind,
    Relation,
    Settings,
    Status,
    StoreData,
)

Fact = tuple[str, str]


@dataclass(frozen=True)
class Verdict:
    rule: str  # the action kind it produces
    applies: bool
    decision: str  # what the rule decided, in a sentence
    facts: tuple[Fact, ...] = ()
    actions: tuple[Action, ...] = ()  # what it puts on the agenda now (snoozes and dismissals applied)

    @property
    def advice(self) -> str:
        return rules.ADVICE[ActionKind(self.rule)]

    def to_json(self, today: date) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "applies": self.applies,
            "decision": self.decision,
            "advice": self.advice,
            "facts": [{"what": what, "value": value} for what, value in self.facts],
            "actions": [a.to_json(today) for a in self.actions],
        }


@dataclass(frozen=True)
class Explanation:
    app: Application
    today: date
    verdicts: list[Verdict]
    learned: rules.LearnedWait
    held: list[Fact] = field(default_factory=list)  # snoozed and dismissed actions

    def to_json(self) -> dict[str, Any]:
        return {
            "app": self.app.id,
            "company": self.app.company,
            "role": self.app.role,
            "status": str(self.app.status),
            "date": self.today.isoformat(),
            "rules": [v.to_json(self.today) for v in self.verdicts],
            "held": [{"what": what, "value": value} for what, value in self.held],
        }


def _d(day: date | None, today: date) -> str:
    return human_date(day, today) if day is not None else "none"


def _sentence(action: Action) -> str:
    """The reason without the quoted advice (the verdict quotes it once)."""
    return action.reason.split(" “")[0]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Explainer:
    def __init__(self, data: StoreData, app: Application, today: date, settings: Settings) -> None:
        self.app = app
        self.contacts: Sequence[Contact] = data.contacts
        self.today = today
        self.learned = rules.learned_wait(data.applications, today, settings)
        self.settings = rules.personal_settings(data.applications, today, settings)
        self.raw = rules.all_actions(app, data.contacts, today, self.settings)
        self.visible = rules.settle(app, self.raw, today)

    def shown(self, kind: ActionKind) -> tuple[Action, ...]:
        return tuple(a for a in self.visible if a.action is kind)

    def verdict(self, kind: ActionKind, facts: list[Fact], idle: str) -> Verdict:
        shown = self.shown(kind)
        decision = "\n".join(_sentence(a) for a in shown) if shown else idle
        return Verdict(str(kind), True, decision, tuple(facts), shown)

    def thank_you(self) -> Verdict:
        app, s, today = self.app, self.settings, self.today
        if not app.interviews:
            return Verdict("thank-you", False, "No interview recorded.")
        if not app.is_active:
            return Verdict("thank-you", False, f"The application is {app.status}.")
        facts: list[Fact] = []
        for interview in sorted(app.interviews, key=lambda i: i.at):
            due = rules.thank_you_by(interview.day, s)
            facts.append(
                (
                    f"round {interview.round} ({interview.stage or 'interview'})",
                    f"{_d(interview.day, today)}; thank-you due {_d(due, today)}"
                    f" ({_plural(s.thank_you_business_days, 'business day')} later)",
                )
            )
            for p in interview.interviewers:
                sent = rules.first_done_on(
                    app, EventKind.THANK_YOU, ActionKind.THANK_YOU, interview.day, p.name, p.email
                )
                facts.append((f"  {p.name}", f"thanked {_d(sent, today)}" if sent else "not thanked yet"))
        return self.verdict(ActionKind.THANK_YOU, facts, "Every interviewer has been thanked.")

    def _people_rule(self, kind: ActionKind, relation: Relation) -> Verdict:
        app, today = self.app, self.today
        first = app.first_interview()
        people = rules.contacts_for(app, self.contacts, relation)
        if first is None:
            return Verdict(str(kind), False, "No interview recorded yet.")
        if not app.is_active:
            return Verdict(str(kind), False, f"The application is {app.status}.")
        if not people:
            where = f" at {app.company}" if relation is Relation.NETWORK else ""
            return Verdict(str(kind), False, f"No {relation} contacts{where} in your contacts.")
        due = rules.contact_by(first.day, relation, self.settings)
        days = rules.contact_business_days(relation, self.settings)
        facts: list[Fact] = [
            ("first interview", _d(first.day, today)),
            ("due", f"{_d(due, today)} ({_plural(days, 'business day')} after it)"),
        ]
        for c in people:
            sent = rules.first_done_on(app, rules.CONTACT_EVENT[relation], kind, None, c.name, c.email)
            facts.append((f"  {c.name}", f"contacted {_d(sent, today)}" if sent else "not contacted yet"))
        return self.verdict(kind, facts, f"Every {relation} contact has been told.")

    def review(self) -> Verdict:
        app, today = self.app, self.today
        rejected_on = rules.rejection_day(app)
        if not app.interviews and rejected_on is None:
            return Verdict("review", False, "Nothing to review yet: no interview and no rejection.")
        facts: list[Fact] = [(f"interview round {i.round}", _d(i.day, today)) for i in app.interviews]
        if rejected_on is not None:
            facts.append(("rejected", _d(rejected_on, today)))
        facts += [("review written", _d(r.on, today)) for r in app.reviews]
        return self.verdict(ActionKind.REVIEW, facts, "Every interview has been reviewed.")

    def prepare(self) -> Verdict:
        app, today = self.app, self.today
        later = rules.rounds_to_prepare(app, today)
        if not later or not app.is_active:
            return Verdict("prepare", False, "No further round booked.")
        facts: list[Fact] = []
        for interview in later:
            review = rules.last_review_before(app, interview.day)
            facts.append((f"round {interview.round}", _d(interview.day, today)))
            facts.append(
                ("  last review", f"{_d(review.on, today)}: {review.improve}" if review else "none written")
            )
        return self.verdict(ActionKind.PREPARE, facts, "No review with notes to improve on before it.")

    def waiting_game(self) -> list[Verdict]:
        app, s, today = self.app, self.settings, self.today
        if not app.status.awaits_decision:
            return [Verdict("follow-up", False, f"The application is {app.status}: no decision to wait for.")]
        upcoming = rules.next_interview_day(app, today)
        if upcoming is not None:
            why = f"An interview is booked for {_d(upcoming, today)}: nothing to chase."
            return [Verdict("follow-up", False, why)]
        plan = rules.follow_up_plan(app, s)
        facts: list[Fact] = [("decision date", self.decision_date(plan))]
        if (answered := rules.first_due_set_by_answer(plan, s)) is not None:
            facts.append(
                (
                    "first follow-up",
                    f"{_d(plan.first_due, today)}: {_plural(s.follow_up_interval_days, 'day')} after"
                    f" their answer of {_d(answered, today)}",
                )
            )
        elif plan.decision_by is not None:
            wait = _plural(s.follow_up_after_decision_business_days, "business day")
            facts.append(("first follow-up", f"{_d(plan.first_due, today)}: {wait} after the decision date"))
        else:
            wait = _plural(s.follow_up_without_decision_business_days, "business day")
            facts.append(
                (
                    "first follow-up",
                    f"{_d(plan.first_due, today)}: {wait} after {_d(plan.anchor, today)}"
                    f" ({self.wait_source()})",
                )
            )
        last_out = max((e.on for e in app.events if e.direction is Direction.OUTBOUND), default=None)
        facts += [
            ("last answer from them", _d(plan.last_answer, today)),
            ("last contact from you", _d(last_out, today)),
            (
                "follow-ups since their last answer",
                ", ".join(_d(d, today) for d in plan.unanswered) or "none",
            ),
            ("budget used", f"{len(plan.unanswered)} of {s.follow_up_budget}"),
            ("next follow-up", _d(plan.next_due, today) if plan.next_due else "none: the budget is spent"),
        ]
        if plan.move_on_due is not None:
            facts.append(
                ("move on", f"{_d(plan.move_on_due, today)} ({_plural(s.move_on_days, 'day')} of silence)")
            )
        shown = [
            a for a in self.visible if a.action in (ActionKind.WAIT, ActionKind.FOLLOW_UP, ActionKind.MOVE_ON)
        ]
        kind = shown[0].action if shown else ActionKind.WAIT
        decision = _sentence(shown[0]) if shown else "Nothing on the agenda (snoozed or dismissed)."
        return [Verdict(str(kind), True, decision, tuple(facts), tuple(shown))]

    def decision_date(self, plan: rules.FollowUpPlan) -> str:
        app, today = self.app, self.today
        if plan.decision_by is not None:
            return _d(plan.decision_by, today)
        last = app.last_interview()
        if app.decision_by is None or last is None:
            return "none given"
        return (
            f"{_d(app.decision_by, today)}: before round {last.round} on {_d(last.day, today)},"
            " so it no longer holds"
        )

    def wait_source(self) -> str:
        learned, s = self.learned, self.settings
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

    def reply(self) -> Verdict:
        outcome = rules.outcome_change(self.app)
        if outcome is None:
            return Verdict("reply-to-decision", False, "No offer or rejection to answer.")
        status, day = outcome
        due = rules.reply_by(day, self.settings)
        replied = rules.answered_on(self.app, day)
        facts: list[Fact] = [
            (str(status), _d(day, self.today)),
            (
                "answer due",
                f"{_d(due, self.today)} ({_plural(self.settings.reply_to_decision_days, 'day')} later)",
            ),
            ("answered", _d(replied, self.today) if replied else "not yet"),
        ]
        if status is Status.REJECTED:
            facts.append(("draft", f"`followup draft {self.app.id} reply` asks for feedback"))
        return self.verdict(ActionKind.REPLY_TO_DECISION, facts, "Answered.")

    def reapply(self) -> Verdict:
        app = self.app
        if app.reapply_after is None:
            return Verdict(
                "reapply", False, "No reapply date set (`status ID rejected --reapply-after DATE`)."
            )
        if app.status not in rules.REAPPLY_STATUSES:
            return Verdict("reapply", False, f"The application is {app.status} again.")
        facts: list[Fact] = [("apply again from", _d(app.reapply_after, self.today))]
        return self.verdict(ActionKind.REAPPLY, facts, "Done.")

    def thank_references(self) -> Verdict:
        accepted = rules.acceptance_day(self.app)
        if accepted is None:
            return Verdict("thank-references", False, "Not accepted (yet).")
        told = rules.notified_references(self.app, self.contacts)
        facts: list[Fact] = [("accepted", _d(accepted, self.today))]
        facts += [("  reference told", name) for name, _ in told] or [("references told", "none recorded")]
        return self.verdict(ActionKind.THANK_REFERENCES, facts, "Every reference you told has been thanked.")

    def held(self) -> list[Fact]:
        facts: list[Fact] = []
        for s in self.app.snoozes:
            if s.until > self.today:
                who = f" ({s.person})" if s.person else ""
                facts.append((f"snoozed {s.action}{who}", f"until {_d(s.until, self.today)}"))
        for d in self.app.dismissals:
            who = f" ({d.person})" if d.person else ""
            facts.append((f"dismissed {d.action}{who}", f"on {_d(d.on, self.today)}"))
        return facts


def explain(data: StoreData, app: Application, today: date, settings: Settings) -> Explanation:
    """Every rule's verdict on one application; the ones that apply first, in the agenda's order."""
    e = _Explainer(data, app, today, settings)
    steps: list[Callable[[], Verdict | list[Verdict]]] = [
        e.thank_you,
        lambda: e._people_rule(ActionKind.NOTIFY_REFERENCES, Relation.REFERENCE),
        lambda: e._people_rule(ActionKind.ASK_NETWORK, Relation.NETWORK),
        e.review,
        e.prepare,
        e.waiting_game,
        e.reply,
        e.reapply,
        e.thank_references,
    ]
    verdicts: list[Verdict] = []
    for step in steps:
        result = step()
        verdicts.extend(result if isinstance(result, list) else [result])
    verdicts.sort(key=lambda v: not v.applies)
    return Explanation(app, today, verdicts, e.learned, e.held())
