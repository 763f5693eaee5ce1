"""Snoozed, dismissed and missed actions: they leave the agenda until a date, for good, or once it is
too late for them. Not a rule: it holds back the actions of every rule the same way.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from followup.dates import add_business_days, human_date
from followup.kinds import ActionKind
from followup.rules.base import Action
from followup.rules.waiting import follow_up_counts_from

if TYPE_CHECKING:
    from followup.models import Application, Dismissal, Settings, Snooze


def holding(app: Application, today: date) -> list[Snooze]:
    """The snoozes that still hold an action back after `today`."""
    return [s for s in app.snoozes if s.until > today]


def would_hold(action: Action, until: date) -> bool:
    """Would a snooze until `until` hold this action back? Only if it starts before that day."""
    return action.start < until


# One at a time per application: a person does not tell them apart (the follow-up names the recruiter
# once there is one, and a snooze or dismissal recorded before still holds it).
_ONE_PER_APPLICATION = frozenset({ActionKind.WAIT, ActionKind.FOLLOW_UP, ActionKind.MOVE_ON})


def _same_person(person: str | None, action: Action) -> bool:
    return action.action in _ONE_PER_APPLICATION or person == action.person


def snooze_for(app: Application, action: Action) -> Snooze | None:
    """The snooze that holds this action back, if any (the latest one recorded wins)."""
    matching = [s for s in app.snoozes if s.action == action.action and _same_person(s.person, action)]
    return matching[-1] if matching else None


def _counts_from(app: Application, action: Action, outside: frozenset[str]) -> date | None:
    """What names a follow-up when its start moves with the settings: the day its wait counts from,
    as the waiting rule counts it (a message from `outside`, your references and contacts, is not
    the employer's, and starts no new follow-up)."""
    return follow_up_counts_from(app, outside) if action.action is ActionKind.FOLLOW_UP else None


def dismissal_of(app: Application, action: Action, on: date, *, outside: frozenset[str]) -> Dismissal:
    """The dismissal that names this action, recorded on `on`."""
    from followup.models import Dismissal  # pydantic: only when a dismissal is recorded

    counts_from = _counts_from(app, action, outside)
    return Dismissal(
        action=action.action.value, start=action.start, on=on, person=action.person, counts_from=counts_from
    )


def _names(dismissal: Dismissal, app: Application, action: Action, outside: frozenset[str]) -> bool:
    if dismissal.action != action.action or not _same_person(dismissal.person, action):
        return False
    counts_from = _counts_from(app, action, outside) if dismissal.counts_from is not None else None
    if counts_from is None:  # recorded before follow-ups kept it, or not a follow-up
        return dismissal.start == action.start
    # Recorded before the day was counted as the waiting rule counts it, it may be that of a
    # contact's message: never later than a new follow-up's day, so it names no other.
    return dismissal.counts_from == counts_from or dismissal.counts_from == _counts_from(
        app, action, frozenset()
    )


def dismissal_for(app: Application, action: Action, *, outside: frozenset[str]) -> Dismissal | None:
    """A dismissal names one action: its kind, its person and the day it started; a follow-up, whose
    start moves with the settings, by the day its wait counts from (when the dismissal recorded it)."""
    return next((d for d in app.dismissals if _names(d, app, action, outside)), None)


def moved_by_snooze(action: Action, until: date) -> Action:
    """A snoozed action comes back on `until`: it starts then and keeps its original window, so it is
    due, not overdue, on the day it returns; its reason says the new due date before the old ones."""
    window = action.due - action.start
    due = max(action.due, until + window)
    return replace(
        action,
        start=until,
        due=due,
        reason=f"Snoozed until {human_date(until)}, now due by {human_date(due)}. {action.reason}",
    )


def _held_back(
    app: Application, actions: Iterable[Action], today: date, outside: frozenset[str]
) -> list[Action]:
    visible = []
    for action in actions:
        if dismissal_for(app, action, outside=outside) is not None:
            continue
        snooze = snooze_for(app, action)
        if snooze is not None and would_hold(action, snooze.until):
            if today < snooze.until:
                continue
            action = moved_by_snooze(action, snooze.until)
        visible.append(action)
    return visible


def missed(action: Action, today: date, settings: Settings) -> bool:
    """Is it too late for it? A thank-you, a note to a reference or a contact, a review, an answer to a
    decision or a withdrawal still open `stale_after_business_days` after its due date is missed: it
    leaves the agenda (`followup why` lists it) instead of growing later every day."""
    from followup.rules import SPECS  # the registry, which imports this module

    if not SPECS[action.action].expires:
        return False
    return add_business_days(action.due, settings.stale_after_business_days, settings.holidays) < today


def settle(
    app: Application,
    actions: Iterable[Action],
    today: date,
    settings: Settings | None = None,
    *,
    outside: frozenset[str],
) -> list[Action]:
    """Drop dismissed actions, hold back snoozed ones until their day, and move them to it; with
    `settings`, drop the missed ones too (a snoozed action is judged from its new due date).
    `outside`: the application's outsiders (rules/recruiter.outsiders), as the rules read them."""
    visible = _held_back(app, actions, today, outside)
    return visible if settings is None else [a for a in visible if not missed(a, today, settings)]


def missed_actions(
    app: Application, actions: Iterable[Action], today: date, settings: Settings, *, outside: frozenset[str]
) -> list[Action]:
    """The actions `settle` drops as missed."""
    return [a for a in _held_back(app, actions, today, outside) if missed(a, today, settings)]
