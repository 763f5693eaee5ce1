"""Service functions of the commands beyond tracking: draft, why, snooze, unsnooze, dismiss, stats.

Like service.py: load or change the data through the store, ask the pure modules, return data.
Nothing here prints or reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from followup import rules
from followup.app.compose import TEMPLATE_NAMES, Draft, default_kind, make_draft, template_for
from followup.app.lookup import resolve
from followup.app.stats import Stats, compute_stats
from followup.app.track import Context, for_person, settings_for
from followup.app.why import Explanation, explain
from followup.errors import FollowupError, NotFoundError, UsageError
from followup.models import Action, ActionKind, Application, Snooze, StoreData

TEMPLATES_FOLDER = "templates"
# Actions that belong to no single step you could put off: the waiting itself and the pipeline.
NOT_HELD = {
    ActionKind.WAIT: "waiting is not a task; snooze or dismiss the follow-up when it comes",
    ActionKind.KEEP_APPLYING: "keep-applying belongs to your whole search, not to one application",
}


# Drafts -------------------------------------------------------------------------------------------


def templates_dir(ctx: Context) -> Path:
    """Where the user's own templates live: `templates/` next to the config file."""
    return ctx.config_path.parent / TEMPLATES_FOLDER


def read_template(ctx: Context, name: str) -> tuple[str, Path | None]:
    """The template's text and, when it is the user's own, its path."""
    if name not in TEMPLATE_NAMES:
        raise UsageError(f"no template {name!r}; known: {', '.join(TEMPLATE_NAMES)}")
    own = templates_dir(ctx) / f"{name}.txt"
    try:
        return own.read_text(encoding="utf-8"), own
    except FileNotFoundError:
        pass
    except UnicodeDecodeError:
        raise FollowupError(f"{own}: not UTF-8") from None
    except OSError as err:
        raise FollowupError(f"cannot read {own}: {err.strerror or err}") from None
    return (resources.files("followup") / TEMPLATES_FOLDER / f"{name}.txt").read_text("utf-8"), None


@dataclass(frozen=True)
class DraftResult:
    draft: Draft
    template_path: Path | None  # the user's own template, when one was used


def draft(ctx: Context, ref: str, kind: str | None = None, person: str | None = None) -> DraftResult:
    """A short message for one application: the kind given, or the one its next open action calls for."""
    data = ctx.store.load()
    app = resolve(data, ref)
    settings = settings_for(ctx, data)
    actions = sorted(rules.application_actions(app, data.contacts, ctx.today, settings), key=rules.sort_key)
    kind = kind or default_kind(app, actions, ctx.today)
    text, path = read_template(ctx, template_for(kind, app))
    made = make_draft(app, kind, text, data.contacts, actions, ctx.today, ctx.settings, person)
    return DraftResult(made, path)


# Why ----------------------------------------------------------------------------------------------


def why(ctx: Context, ref: str) -> Explanation:
    data = ctx.store.load()
    return explain(data, resolve(data, ref), ctx.today, ctx.settings)


# Snooze, unsnooze, dismiss --------------------------------------------------------------------------


def _check_holdable(kind: ActionKind) -> None:
    if kind in NOT_HELD:
        raise UsageError(NOT_HELD[kind])


def _candidates(
    data: StoreData, app: Application, ctx: Context, kind: ActionKind, person: str | None
) -> list[Action]:
    """The not-yet-dismissed actions of this kind (snoozed ones included) for the person named."""
    settings = settings_for(ctx, data)
    found = [
        a
        for a in rules.all_actions(app, data.contacts, ctx.today, settings)
        if a.action is kind and rules.dismissal_for(app, a) is None
    ]
    return for_person(found, app, kind, person)


def snooze(ctx: Context, ref: str, kind: ActionKind, until: date, person: str | None = None) -> list[Action]:
    """Put actions off until `until`: they leave the agenda and come back, due, on that day."""
    _check_holdable(kind)
    if until <= ctx.today:
        raise UsageError(f"--until {until.isoformat()} is not after today; snooze to a later day")
    with ctx.store.transaction() as data:
        app = resolve(data, ref)
        actions = [a for a in _candidates(data, app, ctx, kind, person) if a.start < until]
        if not actions:
            raise UsageError(
                f"{kind} at {app.id} does not start before {until.isoformat()}; nothing to put off"
            )
        for action in actions:
            app.snoozes = [s for s in app.snoozes if not (s.action == kind and s.person == action.person)]
            app.snoozes.append(Snooze(action=kind.value, until=until, on=ctx.today, person=action.person))
        return actions


def unsnooze(ctx: Context, ref: str, kind: ActionKind, person: str | None = None) -> list[Snooze]:
    """Bring snoozed actions back now; returns the snoozes removed."""
    with ctx.store.transaction() as data:
        app = resolve(data, ref)
        held = [s for s in app.snoozes if s.action == kind and s.until > ctx.today]
        if not held:
            raise NotFoundError(f"{app.id} has no snoozed {kind}")
        removing = [s for s in held if person is None or rules.person_matches(person, s.person)]
        if not removing:
            names = ", ".join(sorted({s.person or "(unnamed)" for s in held}))
            raise NotFoundError(f"no snoozed {kind} for {person!r} at {app.id}; snoozed for: {names}")
        app.snoozes = [s for s in app.snoozes if not any(s is r for r in removing)]
        return removing


def dismiss(ctx: Context, ref: str, kind: ActionKind, person: str | None = None) -> list[Action]:
    """Drop actions for good; `show` still lists them."""
    _check_holdable(kind)
    with ctx.store.transaction() as data:
        app = resolve(data, ref)
        actions = _candidates(data, app, ctx, kind, person)
        app.dismissals.extend(rules.dismissal_of(app, action, ctx.today) for action in actions)
        return actions


# Stats --------------------------------------------------------------------------------------------


def stats(ctx: Context, since: date | None = None) -> Stats:
    if since is not None and since > ctx.today:
        raise UsageError(f"--since {since.isoformat()} is in the future")
    return compute_stats(ctx.store.load(), ctx.today, ctx.settings, since)
