"""Showing what was recorded: the agenda of `today`, `list` and `show` (app/track.py records it).
One function per command: load the data through the store, ask the rules, return data.

Nothing here prints or reads the clock; the CLI passes `today` and `now` in a Context.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from followup import rules
from followup.app.context import Context, load_naming, situation
from followup.app.inbox import waiting_in
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
    waiting = len(waiting_in(data))
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
    place: int = 0  # where it is among those listed, archived ones too: the order of the list


def list_applications(ctx: Context, include_closed: bool = False) -> Iterator[Row]:
    """The active applications of the store file (an archived application is never active); with
    `include_closed`, every application, the archive's read one at a time after the file's, each
    with its next action on the situation of the file and its index of the archive (that of all the
    data, on a day the index is exact for). The rows come in that order; `place` says theirs (0, 1,
    2... among those listed)."""
    data = ctx.store.load(full=False)
    where = situation(ctx, data)
    placed: Iterable[tuple[int, Application]]
    if not include_closed:
        placed = enumerate([app for app in data.applications if app.is_active])
    elif data.archive is not None:
        placed = ctx.store.each_application(placed=True, data=data)
    else:
        placed = enumerate(data.applications)
    for place, app in placed:
        yield Row(app, rules.next_action(app, where), place)


@dataclass(frozen=True)
class Detail:
    app: Application
    actions: list[Action]


def show_application(ctx: Context, ref: str) -> Detail:
    data, app = load_naming(ctx, ref)
    return Detail(app, rules.open_actions(app, situation(ctx, data)))
