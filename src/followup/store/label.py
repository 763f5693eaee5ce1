"""The label of a change for the history (store/history.py): what the CLI says about it.

A module of its own so that every command can label its change without loading the history's
machinery, which only a write needs (docs/performance.md, "Start-up of the uncached path").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Label:
    """What the CLI says about the change being made: its command line and when it ran; `undoes`
    when the change undoes an earlier one."""

    command: str
    at: datetime
    undoes: int | None = None
