"""A thread you closed that comes back: does a message from them reopen the application? Not a rule:
it decides what `log-contact --inbound` does to the status, for every rule to read afterwards.

Pure, like every module of this package: the application, the day and the other applications in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from followup.dates import human_date
from followup.kinds import Outcome, Status
from followup.rules.withdraw import acceptances, accepted_elsewhere, told_them_on

if TYPE_CHECKING:
    from followup.models import Application

# Closed by you, for want of an answer: ghosted; withdrawn or rejected when you moved on.
REOPENABLE = frozenset({Status.GHOSTED, Status.WITHDRAWN, Status.REJECTED})


@dataclass(frozen=True, slots=True)
class Reopening:
    reopens: bool
    to: Status  # the status it goes back to
    why: str  # why not, when it does not


def closed_on(app: Application) -> date:
    """The day the application took its present status."""
    return max((c.on for c in app.status_history if c.status is app.status), default=app.created_on)


def _last_active(app: Application) -> date:
    return max((c.on for c in app.status_history if c.status.is_active), default=app.created_on)


def reopening(app: Application, day: date, applications: Sequence[Application]) -> Reopening | None:
    """What a message from them on `day` does to an application you closed (None when it is open, or
    closed in a way no message reopens: accepted).

    “Keep in mind though some companies find it easier to just simply ignore you rather than telling
    you, you didn't get the job.” When they write after all, the waiting game is on again.
    """
    if app.status not in REOPENABLE:
        return None
    to = Status.INTERVIEWING if app.interviews else Status.APPLIED
    closed = closed_on(app)

    def stays(why: str) -> Reopening:
        return Reopening(False, to, why)

    if day < closed:
        return stays(f"their message is from before you marked it {app.status} on {human_date(closed)}")
    if app.status is Status.REJECTED and any(
        e.inbound and e.outcome is Outcome.REJECTED and e.on >= _last_active(app) for e in app.events
    ):
        return stays("they told you their decision")
    if app.status is Status.WITHDRAWN:
        accepted = accepted_elsewhere(app, acceptances(applications))
        if accepted is not None and accepted.on <= closed:
            return stays(f"you withdrew after accepting the offer of {accepted.company}")
        if told_them_on(app, closed) is not None:
            return stays("their message answers your withdrawal")
    return Reopening(True, to, "")
