"""The user's own response times, and the wait before a first follow-up learned from them.

Pure, like every module of this package: data, `today` and `Settings` in; values out. Not a rule
of its own: the waiting game reads the learned wait, and `followup stats` the response times.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from followup.kinds import Status

if TYPE_CHECKING:
    from followup.models import Application, Settings

# The user's own response times.
DECISION_STATUSES = frozenset({Status.OFFER, Status.REJECTED, Status.ACCEPTED})


def decision_day(app: Application) -> date | None:
    """The first day the employer gave its answer (offer, rejection, or straight to accepted)."""
    days = [c.on for c in app.status_history if c.status in DECISION_STATUSES]
    return min(days) if days else None


def business_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Business days after `start` up to and including `end` (0 when `end` is not after `start`).

    Counted by whole weeks, not day by day: it runs for every decided application of every agenda.
    """
    span = (end - start).days
    if span <= 0:
        return 0
    weeks, rest = divmod(span, 7)
    first = start.weekday()
    count = weeks * 5 + sum(1 for offset in range(1, rest + 1) if (first + offset) % 7 < 5)
    closed = {day for day in holidays if start < day <= end and day.weekday() < 5}
    return count - len(closed)


def interview_to_decision(app: Application) -> tuple[date, date] | None:
    """(last interview before the decision, decision day), when both are known."""
    decided = decision_day(app)
    if decided is None:
        return None
    before = [i.day for i in app.interviews if i.day <= decided]
    return (max(before), decided) if before else None


def decided_spans(applications: Iterable[Application], today: date) -> list[tuple[date, date]]:
    """(last interview, decision day) of each application decided by `today`; later decisions are not
    known yet."""
    return [
        span for app in applications if (span := interview_to_decision(app)) is not None and span[1] <= today
    ]


@dataclass(frozen=True, slots=True)
class LearnedWait:
    """The wait before a first follow-up when no decision date was given, and where it comes from."""

    configured: int  # business days, from the config
    samples: tuple[int, ...]  # business days from interview to decision, one per decided application
    median: float | None
    adapted: bool  # True when `wait` comes from the samples
    wait: int


def _median(ordered: Sequence[int]) -> float:
    """The median of sorted numbers, as `statistics.median` gives it (which costs every agenda 4 ms
    of importing)."""
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def learned_wait(
    applications: Sequence[Application],
    today: date,
    settings: Settings,
    archived: Iterable[tuple[date, date]] = (),
) -> LearnedWait:
    """Once enough applications are decided, wait as long as your employers usually take to answer.

    The median of business days from the last interview to the decision, rounded up and kept within
    the configured bounds; decisions after `today` are not known yet. `archived`: the spans of the
    applications kept in the archive (rules/settled.py).
    """
    spans = [*decided_spans(applications, today), *(span for span in archived if span[1] <= today)]
    samples = sorted(business_days_between(start, end, settings.holidays) for start, end in spans)
    median = _median(samples) if samples else None
    configured = settings.follow_up_without_decision_business_days
    if not settings.adaptive_wait or median is None or len(samples) < settings.adaptive_wait_min_decided:
        return LearnedWait(configured, tuple(samples), median, False, configured)
    wait = min(
        max(math.ceil(median), settings.adaptive_wait_min_business_days),
        settings.adaptive_wait_max_business_days,
    )
    return LearnedWait(configured, tuple(samples), median, True, wait)


def with_learned_wait(settings: Settings, learned: LearnedWait) -> Settings:
    """The settings with the learned wait before a first follow-up, when it applies."""
    if not learned.adapted or learned.wait == settings.follow_up_without_decision_business_days:
        return settings
    return settings.model_copy(update={"follow_up_without_decision_business_days": learned.wait})
