"""Ask a contact at the company to put in a good word, two business days after the first interview.

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

ASK_NETWORK = Spec(
    ActionKind.ASK_NETWORK,
    advice="Do you know someone who can put in a good word for you at the company you just applied for?",
    title="Ask {person} to put in a good word",
    draft="network",
    expires=True,
)


def evaluate(app: Application, situation: Situation, why: bool = False) -> Finding:
    """Ask each networking contact at the same company for a good word, two business days in.

    “Do you know someone who can put in a good word for you at the company you just applied for?”
    """
    return once_per_contact(
        app,
        situation,
        why,
        Relation.NETWORK,
        ASK_NETWORK,
        lambda contact, due: (
            f"{contact.name} knows {app.company}: ask them by {human_date(due)} to put in a good word."
        ),
    )


RULE = Rule("ask-network", (ASK_NETWORK,), ("network_business_days", "holidays"), evaluate)
