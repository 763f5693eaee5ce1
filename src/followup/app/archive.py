"""Which applications the store keeps in its archive: those the rules call settled on the context's day
(rules/settled.py), with nothing of them on that day's agenda either. The Store asks (`Store.archiver`)
at every write, and before every read that could do without the archive.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followup.app.context import Context
    from followup.models import Application


class Archiving:
    """The Store's archiver for one run: the context's day and settings."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    @property
    def today(self) -> date:
        return self._ctx.today

    @property
    def horizon(self) -> int:
        from followup.rules.settled import horizon

        return horizon(self._ctx.settings)

    def settled(self, data: Any) -> set[str]:
        from followup import rules
        from followup.rules.settled import settled_from

        settings, today = self._ctx.settings, self._ctx.today
        where = None
        found = set()
        for app in data.applications:
            start = settled_from(app, settings)
            if start is None or start > today:
                continue
            if where is None:
                where = rules.situation(data, today, settings)
            if not rules.application_actions(app, where):
                found.add(app.id)
        return found

    def entry(self, app: Application) -> list[str]:
        from followup.rules.settled import index_entry

        return index_entry(app)
