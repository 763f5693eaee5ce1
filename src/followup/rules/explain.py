"""`followup why ID`: what every rule decided for one application and the facts it decided from,
read from the very call that makes the agenda (in the spirit of `task ID info`'s urgency breakdown).

Pure: nothing here decides anything; it lays out the rules' findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from followup.rules import SPECS, findings, spec
from followup.rules.base import Action, Fact, Finding, Situation, day_text, sentence
from followup.rules.hold import holding, settle

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


def _verdict(app: Application, finding: Finding, today: date) -> Verdict:
    if not finding.applies:
        return Verdict(finding.rule, False, finding.idle)
    shown = tuple(settle(app, finding.actions, today))
    if not shown:
        return Verdict(finding.rule, True, finding.idle, finding.facts)
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


def explain(app: Application, where: Situation) -> Explanation:
    """Every rule's verdict on one application; the ones that apply first, in the agenda's order."""
    verdicts = [_verdict(app, finding, where.today) for finding in findings(app, where, why=True)]
    verdicts.sort(key=lambda v: not v.applies)
    return Explanation(app, where.today, verdicts, where.learned, _held(app, where.today))


__all__ = ["SPECS", "Explanation", "Verdict", "explain"]
