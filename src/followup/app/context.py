"""What every command works with: the store, the day it is and the settings; and the rules' view of
the data for that day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from followup.config import load_settings

if TYPE_CHECKING:
    from followup.models import Application, Settings, StoreData
    from followup.rules.base import Situation
    from followup.store import Store


@dataclass
class Context:
    """What every command works with: the store, the day it is, and the settings."""

    store: Store
    today: date
    now: datetime
    config_path: Path
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
        return self._settings


def situation(ctx: Context, data: StoreData) -> Situation:
    """What the rules read besides an application, on the context's day: the settings with the wait
    learned from the user's own history, the other applications, the contacts."""
    from followup import rules

    return rules.situation(data, ctx.today, ctx.settings)


T = TypeVar("T")


def load_naming(ctx: Context, ref: str) -> tuple[StoreData, Application]:
    """The data and the application `ref` names (app/lookup.resolve): the store file's applications
    with its index of the archive, and the archived ones the answer needs (fetched), or all of them
    when that index is not exact for the day."""
    from followup.app.lookup import resolve

    return reading(ctx, lambda data: (data, resolve(data, ref)))


def reading(ctx: Context, use: Callable[[StoreData], T], data: StoreData | None = None) -> T:
    """`use` of the data read (or of `data`, read so already): the store file's applications with its
    index of the archive; when `use` names archived applications (raising NeedsArchive before
    anything else), again with those fetched, or with all the data."""
    from followup.errors import CorruptStoreError, NeedsArchive

    if data is None:
        data = ctx.store.load(full=False)
    for _ in range(_ROUNDS):
        try:
            return use(data)
        except NeedsArchive as needs:
            if needs.ids is None:
                break
            try:
                ctx.store.fetch(data, needs.ids)
            except CorruptStoreError:  # the archive rewritten since? A full read tells, or reads again.
                break
    return use(ctx.store.load())


_ROUNDS = 3  # a fetch answers a name; an error of that name may list others: fetched, then all


def changing(ctx: Context, change: Callable[[StoreData], T], within: StoreData | None = None) -> T:
    """`change` made to the data in a transaction of the store (or in the one already open whose
    data is `within`), and its result. The daily path: the store file's applications with its index
    of the archive; when `change` names archived applications (app/lookup.resolve raises
    NeedsArchive before anything is changed), again with those fetched, or with all the data."""
    from followup.errors import NeedsArchive

    if within is not None:
        return change(within)
    fetch: tuple[str, ...] = ()
    for _ in range(_ROUNDS):
        try:
            with ctx.store.transaction(full=False, fetch=fetch) as data:
                return change(data)
        except NeedsArchive as needs:
            if needs.ids is None:
                break
            fetch = tuple(dict.fromkeys([*fetch, *needs.ids]))
    with ctx.store.transaction() as data:
        return change(data)
