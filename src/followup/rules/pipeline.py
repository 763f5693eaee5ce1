"""Rule 9: keep applying elsewhere.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from followup.models import (
    Action,
    ActionKind,
    Application,
    Settings,
    Status,
)
from followup.rules.common import cite


# 9. Keep applying.
def keep_applying_due(applications: Sequence[Application], today: date, settings: Settings) -> list[Action]:
    """Keep the pipeline full while you wait: too few active applications, or none added lately.

    “You should continue to apply for jobs while waiting to hear back from the employer.”
    """
    if any(a.status is Status.ACCEPTED for a in applications):
        return []  # the search is over
    # Looking back (`--today` in the past), applications added after that day do not count yet.
    added = [a for a in applications if a.created_on <= today]
    active = [a for a in added if a.is_active]
    latest = max((a.created_on for a in added), default=None)
    quiet_for = (today - latest).days if latest is not None else None
    if not active:
        sentence = (
            "No active applications: apply for jobs, and record each interview with `followup add`"
            " right after it."
        )
    elif len(active) < settings.keep_applying_min_active:
        sentence = (
            f"Only {len(active)} active application{'s' if len(active) != 1 else ''}; aim for at least"
            f" {settings.keep_applying_min_active} so no single employer holds all your hopes."
        )
    elif quiet_for is not None and quiet_for >= settings.keep_applying_days:
        sentence = f"Nothing new added for {quiet_for} days: apply somewhere new this week."
    else:
        return []
    reason = cite(ActionKind.KEEP_APPLYING, sentence)
    return [Action(None, None, None, ActionKind.KEEP_APPLYING, today, today, reason)]
