"""`followup why`, `snooze`, `unsnooze` and `dismiss`: what the rules decided for one application,
and holding their actions back. Like every app module: load or change the data through the store, ask
the rules, return data. Nothing here prints or reads the clock.
"""

from __future__ import annotations

from datetime import date

from followup import rules
from followup.app.context import Context, changing, load_naming, situation
from followup.app.lookup import resolve
from followup.app.track import for_person
from followup.errors import NotFoundError, UsageError
from followup.kinds import ActionKind
from followup.models import Application, Snooze, StoreData
from followup.people import person_matches
from followup.rules.base import Action, Situation
from followup.rules.explain import Explanation, explain
from followup.rules.hold import dismissal_for, dismissal_of, holding, would_hold


def why(ctx: Context, ref: str) -> Explanation:
    """What every rule decided for one application, and the facts it decided from."""
    data, app = load_naming(ctx, ref)
    return explain(app, situation(ctx, data))


def _check_holdable(kind: ActionKind) -> None:
    hint = rules.spec(kind).hold_hint
    if hint is not None:
        raise UsageError(hint)


def _candidates(where: Situation, app: Application, kind: ActionKind, person: str | None) -> list[Action]:
    """The not-yet-dismissed actions of this kind (snoozed ones included) for the person named."""
    outside = where.outside(app)
    found = [
        a
        for a in rules.all_actions(app, where)
        if a.action is kind and dismissal_for(app, a, outside=outside) is None
    ]
    return for_person(found, app, kind, person)


def snooze(ctx: Context, ref: str, kind: ActionKind, until: date, person: str | None = None) -> list[Action]:
    """Put actions off until `until`: they leave the agenda and come back, due, on that day."""
    _check_holdable(kind)
    if until <= ctx.today:
        raise UsageError(f"--until {until.isoformat()} is not after today; snooze to a later day")

    def change(data: StoreData) -> list[Action]:
        app = resolve(data, ref)
        actions = [a for a in _candidates(situation(ctx, data), app, kind, person) if would_hold(a, until)]
        if not actions:
            raise UsageError(
                f"{kind} at {app.id} does not start before {until.isoformat()}; nothing to put off"
            )
        for action in actions:
            app.snoozes = [s for s in app.snoozes if not (s.action == kind and s.person == action.person)]
            app.snoozes.append(Snooze(action=kind.value, until=until, on=ctx.today, person=action.person))
        return actions

    return changing(ctx, change)


def unsnooze(ctx: Context, ref: str, kind: ActionKind, person: str | None = None) -> list[Snooze]:
    """Bring snoozed actions back now; returns the snoozes removed."""

    def change(data: StoreData) -> list[Snooze]:
        app = resolve(data, ref)
        held = [s for s in holding(app, ctx.today) if s.action == kind]
        if not held:
            raise NotFoundError(f"{app.id} has no snoozed {kind}")
        removing = [s for s in held if person is None or person_matches(person, s.person)]
        if not removing:
            names = ", ".join(sorted({s.person or "(unnamed)" for s in held}))
            raise NotFoundError(f"no snoozed {kind} for {person!r} at {app.id}; snoozed for: {names}")
        app.snoozes = [s for s in app.snoozes if not any(s is r for r in removing)]
        return removing

    return changing(ctx, change)


def dismiss(ctx: Context, ref: str, kind: ActionKind, person: str | None = None) -> list[Action]:
    """Drop actions for good; `show` still lists them."""
    _check_holdable(kind)

    def change(data: StoreData) -> list[Action]:
        app = resolve(data, ref)
        where = situation(ctx, data)
        actions = _candidates(where, app, kind, person)
        outside = where.outside(app)
        app.dismissals.extend(dismissal_of(app, action, ctx.today, outside=outside) for action in actions)
        return actions

    return changing(ctx, change)
