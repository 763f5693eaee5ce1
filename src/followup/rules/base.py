"""What every rule is made of: the actions it puts on the agenda, the facts behind them, and the
Rule object that owns one piece of the advice (its kinds of action, their titles, what the user may
do with them, and the one pure function that decides).

Standard library only at import time (the models are only named in annotations), so that titles and
choices are known without loading pydantic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from followup.dates import human_date
from followup.kinds import ActionKind, ActionState

if TYPE_CHECKING:
    from followup.models import Application, Contact, Settings
    from followup.rules.history import LearnedWait
    from followup.rules.pressure import OfferHeld
    from followup.rules.withdraw import Accepted


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do (or to wait for), as the rules see it."""

    app: str | None
    company: str | None
    role: str | None
    action: ActionKind
    start: date
    due: date
    reason: str
    person: str | None = None
    email: str | None = None
    # A title of its own, when the kind's title cannot say it (the interview's company and time, the
    # wait while you hold an offer); None for the kind's title with the person. Not in the JSON form.
    title: str | None = None

    def started(self, today: date) -> bool:
        """Has it begun, so that it can be done?"""
        return self.start <= today

    def state(self, today: date) -> ActionState:
        if self.action is ActionKind.WAIT:
            return ActionState.WAITING
        if self.due < today:
            return ActionState.OVERDUE
        if self.start <= today:
            return ActionState.DUE
        return ActionState.UPCOMING

    def to_json(self, today: date) -> dict[str, Any]:
        return {
            "app": self.app,
            "company": self.company,
            "role": self.role,
            "action": str(self.action),
            "state": str(self.state(today)),
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "person": self.person,
            "reason": self.reason,
        }


Fact = tuple[str, str]  # (what, value), as `followup why` lists them

# How a calendar names an action's event across exports: by its person, by its person and the day it
# started (once per interview or decision), or one event for the whole waiting game of an application.
Identity = Literal["person", "occasion", "waiting-game"]


@dataclass(frozen=True)
class Spec:
    """One kind of action: its title, the advice it quotes, and what the user can do with it."""

    kind: ActionKind
    advice: str  # the sentence of after-the-interview.txt it follows
    title: str  # what to do in a few words; {person} is whom it is for
    anonymous: str = ""  # what {person} reads when the action names nobody
    calendar_title: str | None = None  # a shorter title for a month view
    calendar_identity: Identity = "person"
    done_hint: str | None = None  # why `followup done` does not tick it off, and what does
    hold_hint: str | None = None  # why it cannot be snoozed or dismissed
    draft: str | None = None  # the `followup draft` kind that answers it
    # Late for good after `stale_after_business_days`: a note, a review, an answer. The waiting game
    # moves on by itself, and an offer's date or a reminder to apply again is the user's to keep.
    expires: bool = False

    def title_for(self, person: str | None) -> str:
        return self.title.format(person=person or self.anonymous)

    def cite(self, sentence: str, quote: str | None = None) -> str:
        """The reason of an action: what to do and why, then the advice it follows, quoted."""
        return f"{sentence} “{quote or self.advice}”"


@dataclass(frozen=True, slots=True)
class Finding:
    """What one rule decided for one application (or for the whole search), and from which facts."""

    rule: str  # the kind `why` names it by
    applies: bool
    idle: str  # the decision when it puts nothing on the agenda; why not, when it does not apply
    facts: tuple[Fact, ...] = ()
    actions: tuple[Action, ...] = ()  # before snoozes and dismissals


@functools.lru_cache(maxsize=512)  # asked for most rules of most applications: the same few answers
def not_applicable(rule: ActionKind | str, why: str) -> Finding:
    return Finding(str(rule), False, why)


@dataclass(frozen=True)
class Situation:
    """Everything a rule may read besides the application: the day, the settings, the rest of the data."""

    applications: Sequence[Application]
    contacts: Sequence[Contact]
    today: date
    settings: Settings  # the configured settings with the wait learned from your history
    learned: LearnedWait
    archived_latest: date | None = None  # the day the latest application of the archive was added

    @cached_property
    def acceptances(self) -> tuple[Accepted, ...]:
        """Every offer accepted, latest first: each application's withdraw rule reads them, so they
        are worked out once per situation rather than once per application."""
        from followup.rules.withdraw import acceptances

        return acceptances(self.applications)

    @cached_property
    def outsider_names(self) -> frozenset[str]:
        """Your references and networking contacts: their messages are not the employer's."""
        from followup.rules.recruiter import outsider_names

        return outsider_names(self.contacts)

    def outside(self, app: Application) -> frozenset[str]:
        """The outsiders of one application (rules/recruiter.outsiders): whose messages to it are not
        the employer's."""
        from followup.rules.recruiter import outsiders

        return outsiders(app, self.outsider_names)

    @cached_property
    def offers_held(self) -> tuple[OfferHeld, ...]:
        """Every offer standing, to answer soonest first: read by each waiting application."""
        from followup.rules.pressure import offers_held

        return offers_held(self.applications)


@dataclass(frozen=True)
class Rule:
    """One piece of the advice: the kinds of action it makes and the pure function that decides them.

    `evaluate(app, situation, why)` returns the rule's actions for `app` (None for a rule of the whole
    search) and, when `why` is true, the facts behind them; the agenda and `followup why` both read it.
    """

    name: str
    specs: tuple[Spec, ...]
    settings: tuple[str, ...]  # the Settings keys it reads
    evaluate: Callable[[Any, Situation, bool], Finding]
    scope: Literal["application", "search"] = "application"


def make_action(
    app: Application,
    spec: Spec,
    start: date,
    due: date,
    reason: str,
    person: str | None = None,
    email: str | None = None,
) -> Action:
    # An action is never due before it starts.
    return Action(app.id, app.company, app.role, spec.kind, start, max(start, due), reason, person, email)


def day_text(day: date | None, today: date) -> str:
    """A date in a fact: `Tue 3 Mar`, or `none`."""
    return human_date(day, today) if day is not None else "none"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sentence(action: Action) -> str:
    """The reason without the quoted advice (`why` quotes it once per rule)."""
    return action.reason.split(" “")[0]
