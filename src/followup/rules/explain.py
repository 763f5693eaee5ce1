"""`followup why ID`: what every rule decided for one application and the facts it decided from,
read from the very call that makes the agenda (in the spirit of `task ID info`'s urgency breakdown).

Pure: nothing here decides anything; it lays out the rules' findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from followup.rules import findings, spec
from followup.rules.base import Action, Fact, Finding, Situation, day_text, plural, sentence
from followup.rules.hold import holding, missed_actions, settle

if TYPE_CHECKING:
    from followup.models import Application
    from followup.rules.history import LearnedWait


@dataclass(frozen=True)
class Verdict:
    rule: str  # the action kind it produces
    applies: bool
    decision: str  # what the rule decided, in a sentence
    facts: tuple[Fact, ...] = ()
    actions: tuple[Action, ...] = ()  # what it puts on the agenda now (snoozes and dismissals applied)

    @property
    def advice(self) -> str:
        return spec(self.rule).advice

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
    learned: LearnedWait
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


def _verdict(app: Application, finding: Finding, where: Situation) -> Verdict:
    if not finding.applies:
        return Verdict(finding.rule, False, finding.idle)
    outside = where.outside(app)
    shown = tuple(settle(app, finding.actions, where.today, where.settings, outside=outside))
    if not shown:
        lost = missed_actions(app, finding.actions, where.today, where.settings, outside=outside)
        idle = "Missed: too late for it now." if lost else finding.idle
        return Verdict(finding.rule, True, idle, finding.facts)
    decision = "\n".join(sentence(a) for a in shown)
    return Verdict(str(shown[0].action), True, decision, finding.facts, shown)


def _held(app: Application, today: date) -> list[Fact]:
    facts: list[Fact] = []
    for s in holding(app, today):
        who = f" ({s.person})" if s.person else ""
        facts.append((f"snoozed {s.action}{who}", f"until {day_text(s.until, today)}"))
    for d in app.dismissals:
        who = f" ({d.person})" if d.person else ""
        facts.append((f"dismissed {d.action}{who}", f"on {day_text(d.on, today)}"))
    return facts


def _missed(app: Application, found: list[Finding], where: Situation) -> list[Fact]:
    today, days = where.today, where.settings.stale_after_business_days
    facts: list[Fact] = []
    for finding in found:
        for a in missed_actions(app, finding.actions, today, where.settings, outside=where.outside(app)):
            who = f" ({a.person})" if a.person else ""
            when = f"was due {day_text(a.due, today)}, more than {plural(days, 'business day')} ago"
            facts.append((f"missed {a.action}{who}", when))
    return facts


def explain(app: Application, where: Situation) -> Explanation:
    """Every rule's verdict on one application; the ones that apply first, in the agenda's order."""
    found = findings(app, where, why=True)
    verdicts = [_verdict(app, finding, where) for finding in found]
    verdicts.sort(key=lambda v: not v.applies)
    held = _held(app, where.today) + _missed(app, found, where)
    return Explanation(app, where.today, verdicts, where.learned, held)


__all__ = ["Explanation", "Verdict", "explain"]
