"""Once you accept an offer, thank the references you told and let them know how it ended.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind, EventKind, Relation, Status
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
)
from followup.rules.contacts import contacts_for
from followup.rules.marks import contacted, done_mark

if TYPE_CHECKING:
    from followup.models import Application, Contact

THANK_REFERENCES = Spec(
    ActionKind.THANK_REFERENCES,
    advice="It's all about continuing to creating opportunities for yourself.",
    title="Thank {person} for the reference",
    anonymous="your references",
    draft="reference",
    expires=True,
)


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
        if contacted(app, EventKind.REFERENCE, None, ref.name, ref.email) or done_mark(
            app, ActionKind.NOTIFY_REFERENCES, None, ref.name, ref.email
        ):
            add(ref.name, ref.email)
    named = [e.with_ for e in app.events if e.kind is EventKind.REFERENCE and not e.inbound]
    named += [m.person for m in app.done if m.action == ActionKind.NOTIFY_REFERENCES]
    for name in named:
        if name:
            add(name, None)
    return found


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """After accepting an offer, thank each reference you told about it and let them know how it ended.

    “It's all about continuing to creating opportunities for yourself.”
    """
    accepted_on = acceptance_day(app)
    if accepted_on is None:
        return not_applicable(THANK_REFERENCES.kind, "Not accepted (yet).")
    told = notified_references(app, situation.contacts)
    due = accepted_on + timedelta(days=situation.settings.thank_references_days)
    actions: list[Action] = []
    for name, email in told:
        if contacted(app, EventKind.REFERENCE, accepted_on, name, email) or done_mark(
            app, ActionKind.THANK_REFERENCES, accepted_on, name, email
        ):
            continue
        reason = THANK_REFERENCES.cite(
            f"You accepted {app.company}'s offer on {human_date(accepted_on)}: thank {name} for being your"
            f" reference and tell them how it ended, by {human_date(due)}."
        )
        actions.append(make_action(app, THANK_REFERENCES, accepted_on, due, reason, name, email))
    facts: list[Fact] = []
    if why:
        facts = [("accepted", day_text(accepted_on, situation.today))]
        facts += [("  reference told", name) for name, _ in told] or [("references told", "none recorded")]
    idle = "Every reference you told has been thanked."
    return Finding(str(THANK_REFERENCES.kind), True, idle, tuple(facts), tuple(actions))


RULE = Rule("thank-references", (THANK_REFERENCES,), ("thank_references_days",), evaluate)
