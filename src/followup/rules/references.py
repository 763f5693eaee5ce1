"""Tell your references they may be called, the business day after the first interview.

Pure, like every module of this package: the application and the Situation in; a Finding out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import ActionKind, Relation
from followup.rules.base import Finding, Rule, Situation, Spec
from followup.rules.contacts import once_per_contact

if TYPE_CHECKING:
    from followup.models import Application

NOTIFY_REFERENCES = Spec(
    ActionKind.NOTIFY_REFERENCES,
    advice=(
        "If you haven't already told your references that they may be contacted by the employer then it is"
        " time to do so."
    ),
    title="Tell {person} they may be called",
    draft="reference",
    expires=True,
)


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Tell each reference they may be called, the business day after the first interview.

    “If you haven't already told your references that they may be contacted by the employer then it is
    time to do so.”
    """
    return once_per_contact(
        app,
        situation,
        why,
        Relation.REFERENCE,
        NOTIFY_REFERENCES,
        lambda ref, due: (
            f"{app.company} may call {ref.name}; tell them about the {app.role} role by {human_date(due)}"
            " so they are prepared."
        ),
    )


RULE = Rule("notify-references", (NOTIFY_REFERENCES,), ("references_business_days", "holidays"), evaluate)
