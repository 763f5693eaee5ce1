"""What every command works with: the store, the day it is and the settings; and the rules' view of
the data for that day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup.config import load_settings

if TYPE_CHECKING:
    from followup.models import Settings, StoreData
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
