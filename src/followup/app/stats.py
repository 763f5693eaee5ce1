"""The job seeker's own numbers: the funnel, how often and how fast employers answer, and how many
applications are kept going at once.

Pure: a function of the stored data, `today` and the settings.
“Don't put all your eggs in the one basket as the saying goes.”
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from followup.app.context import Context
from followup.errors import UsageError
from followup.kinds import Direction, EventKind, Status
from followup.models import Application, Settings, StatusChange, StoreData
from followup.rules.history import (
    DECISION_STATUSES,
    LearnedWait,
    business_days_between,
    interview_to_decision,
    learned_wait,
)

MAX_DAYS_AVERAGED = 3660  # the active-applications average looks back ten years at most


@dataclass(frozen=True)
class Stats:
    since: date | None
    today: date
    applications: int
    interviewed: int
    offers: int
    accepted: int
    answered: int  # heard back at all: an interview, a message from them, or a decision
    decided: int  # decisions with a known interview before them
    median_days_to_decision: float | None
    median_business_days_to_decision: float | None
    ended: int  # decided or gone silent (ghosted)
    silent: int
    follow_ups: int
    active_now: int
    active_average: float | None
    min_active: int
    learned: LearnedWait

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.applications if self.applications else None

    @property
    def silent_share(self) -> float | None:
        return self.silent / self.ended if self.ended else None

    @property
    def follow_ups_per_application(self) -> float | None:
        return self.follow_ups / self.applications if self.applications else None

    def to_json(self) -> dict[str, Any]:
        def ratio(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            "since": self.since.isoformat() if self.since else None,
            "date": self.today.isoformat(),
            "funnel": {
                "applied": self.applications,
                "interviewed": self.interviewed,
                "offer": self.offers,
                "accepted": self.accepted,
            },
            "answered": self.answered,
            "response_rate": ratio(self.response_rate),
            "decided": self.decided,
            "median_days_to_decision": self.median_days_to_decision,
            "median_business_days_to_decision": self.median_business_days_to_decision,
            "ended": self.ended,
            "silent": self.silent,
            "silent_share": ratio(self.silent_share),
            "follow_ups": self.follow_ups,
            "follow_ups_per_application": ratio(self.follow_ups_per_application),
            "active_now": self.active_now,
            "active_average": ratio(self.active_average),
            "min_active": self.min_active,
            "follow_up_wait": {
                "business_days": self.learned.wait,
                "learned": self.learned.adapted,
                "configured": self.learned.configured,
                "decisions": len(self.learned.samples),
            },
        }


def _started(app: Application) -> date:
    return app.applied_on or app.created_on


def status_on(app: Application, day: date) -> Status | None:
    """The application's status at the end of `day` (None before it was added)."""
    if app.created_on > day:
        return None
    changes = [(c.on, index, c.status) for index, c in enumerate(app.status_history) if c.on <= day]
    if not changes:
        return app.status if not app.status_history else Status.APPLIED
    return max(changes)[2]


def _heard_back(app: Application, today: date) -> bool:
    return (
        any(i.day <= today for i in app.interviews)
        or any(e.direction is Direction.INBOUND and e.on <= today for e in app.events)
        or any(c.status in DECISION_STATUSES and c.on <= today for c in app.status_history)
    )


def _reached(app: Application, statuses: frozenset[Status], today: date) -> bool:
    return any(c.status in statuses and c.on <= today for c in app.status_history) or (
        not app.status_history and app.status in statuses
    )


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


class _Timeline(NamedTuple):
    """What `active_days` reads of an application."""

    created_on: date
    status: Status
    status_history: list[StatusChange]


def active_average(applications: Sequence[Application | _Timeline], start: date, today: date) -> float | None:
    """Active applications on an average day from `start` to `today`."""
    start = max(start, today - timedelta(days=MAX_DAYS_AVERAGED))
    days = (today - start).days + 1
    if days <= 0:
        return None
    return sum(active_days(app, start, today) for app in applications) / days


def active_days(app: Application | _Timeline, start: date, end: date) -> int:
    """The days from `start` to `end` (both included) on which `status_on` finds the application
    active, counted in one sweep over its status changes instead of day by day."""
    first = max(start, app.created_on)
    if first > end:
        return 0
    # The status each change day ends on: the last change recorded for that day.
    ends_on: dict[date, Status] = {}
    for change in app.status_history:
        ends_on[change.on] = change.status
    status = app.status if not app.status_history else Status.APPLIED  # before the first change
    count, since = 0, first
    for day in sorted(d for d in ends_on if d <= end):
        if day > since:
            count += (day - since).days if status.is_active else 0
            since = day
        status = ends_on[day]
    return count + ((end - since).days + 1 if status.is_active else 0)


def compute_stats(data: StoreData, today: date, settings: Settings, since: date | None = None) -> Stats:
    """The numbers over the applications started from `since` (all of them without it) up to `today`."""
    return tally(data.applications, today, settings, since)


def tally(
    applications: Iterable[Application], today: date, settings: Settings, since: date | None = None
) -> Stats:
    """`compute_stats` in one pass over the applications, each let go once counted (the archived ones
    come one at a time from `Store.each_application`): what the average needs of each is kept."""
    counts = dict.fromkeys(("applications", "interviewed", "offers", "accepted", "answered"), 0)
    counts.update(silent=0, decided_any=0, follow_ups=0, active_now=0)
    spans: list[tuple[date, date]] = []
    every_span: list[tuple[date, date]] = []  # of every application, for the learned wait
    timelines: list[_Timeline] = []
    first: date | None = None
    for a in applications:
        span = interview_to_decision(a)
        if span is not None and span[1] <= today:
            every_span.append(span)
        if a.created_on <= today:
            first = _started(a) if first is None else min(first, _started(a))
            now = status_on(a, today)
            counts["active_now"] += now is not None and now.is_active
            timelines.append(_Timeline(a.created_on, a.status, a.status_history))
        if not (_started(a) <= today and (since is None or _started(a) >= since)):
            continue
        counts["applications"] += 1
        if span is not None and span[1] <= today:
            spans.append(span)
        # How each process stands today: one marked ghosted that later got an answer, or came back to
        # life, did not end in silence (and is counted once, or not at all while it is still open).
        standing = status_on(a, today)
        counts["silent"] += standing is Status.GHOSTED
        counts["decided_any"] += standing in DECISION_STATUSES
        counts["follow_ups"] += sum(
            1
            for e in a.events
            if e.kind is EventKind.FOLLOW_UP and e.direction is Direction.OUTBOUND and e.on <= today
        )
        counts["interviewed"] += any(i.day <= today for i in a.interviews)
        counts["offers"] += _reached(a, frozenset({Status.OFFER, Status.ACCEPTED}), today)
        counts["accepted"] += _reached(a, frozenset({Status.ACCEPTED}), today)
        counts["answered"] += _heard_back(a, today)
    start = since or first
    return Stats(
        since=since,
        today=today,
        applications=counts["applications"],
        interviewed=counts["interviewed"],
        offers=counts["offers"],
        accepted=counts["accepted"],
        answered=counts["answered"],
        decided=len(spans),
        median_days_to_decision=_median([(end - begin).days for begin, end in spans]),
        median_business_days_to_decision=_median(
            [business_days_between(begin, end, settings.holidays) for begin, end in spans]
        ),
        ended=counts["decided_any"] + counts["silent"],
        silent=counts["silent"],
        follow_ups=counts["follow_ups"],
        active_now=counts["active_now"],
        active_average=active_average(timelines, start, today) if start is not None else None,
        min_active=settings.keep_applying_min_active,
        learned=learned_wait([], today, settings, every_span),
    )


def stats(ctx: Context, since: date | None = None) -> Stats:
    """`followup stats`: the numbers of the applications started from `since` (all without it)."""
    if since is not None and since > ctx.today:
        raise UsageError(f"--since {since.isoformat()} is in the future")
    return tally(ctx.store.each_application(), ctx.today, ctx.settings, since)
