"""Showing what was recorded: the agenda of `today`, `list` and `show` (app/track.py records it).
One function per command: load the data through the store, ask the rules, return data.

Nothing here prints or reads the clock; the CLI passes `today` and `now` in a Context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from followup import rules
from followup.app.context import Context, load_naming, situation
from followup.models import Application, StoreData
from followup.rules.base import Action


@dataclass(frozen=True)
class Agenda:
    date: date
    days: int
    actions: list[Action]
    applications: int
    source: bytes | None = field(default=None, repr=False)  # the store bytes it was worked out from
    inbox: int = 0  # messages of `followup mail scan` waiting in `followup inbox`


def agendas(
    ctx: Context, days: int | None, dates: list[date], loaded: tuple[StoreData, bytes] | None = None
) -> list[Agenda]:
    """The agenda of each of `dates`, from one read of the store (the rules are pure in the date),
    or from `loaded`: data and the bytes it was just written as (`Store.written`)."""
    settings = ctx.settings
    horizon = settings.agenda_days if days is None else days
    # The store file's applications with its index of the archive, when that is exact for the day.
    data, raw = loaded if loaded is not None else ctx.store.load_with_bytes(full=False)
    if data.archive is not None and any(data.archive.since and day < data.archive.since for day in dates):
        data = ctx.store.load()  # a day before the latest move reads the archive too
    result = []
    waiting = sum(1 for p in data.inbox if p.state == "pending")
    count = len(data.applications) + (len(data.archive.apps) if data.archive is not None else 0)
    for day in dates:
        last_day = day + timedelta(days=horizon)
        actions = [a for a in rules.agenda(data, day, settings) if a.start <= last_day]
        result.append(Agenda(day, horizon, actions, count, raw, waiting))
    return result


@dataclass(frozen=True)
class Row:
    app: Application
    next_action: Action | None


def list_applications(ctx: Context, include_closed: bool = False) -> list[Row]:
    data = ctx.store.load(full=include_closed)  # an archived application is never active
    apps = [a for a in data.applications if include_closed or a.is_active]
    where = situation(ctx, data)
    return [Row(a, rules.next_action(a, where)) for a in apps]


@dataclass(frozen=True)
class Detail:
    app: Application
    actions: list[Action]


def show_application(ctx: Context, ref: str) -> Detail:
    data, app = load_naming(ctx, ref)
    return Detail(app, rules.open_actions(app, situation(ctx, data)))
