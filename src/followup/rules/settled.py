"""When an application is settled: closed, and past every window in which a rule can still act on it.

A settled application can be moved out of the store file into the archive beside it (store/archive.py)
without changing any agenda from that day on: what the rules of the whole search read of it (its
decision time for the learned wait, the day it was added for keep-applying) is kept in the store's
archive index, and `situation` reads it there.

Pure, like every module of this package: the application and `Settings` in; a date out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from followup.kinds import Status
from followup.rules.history import interview_to_decision

if TYPE_CHECKING:
    from followup.models import Application, Settings

# Closed by a decision that no rule acts on for long. An offer still stands; an accepted one ends the
# other applications (the withdraw rule reads the day it was accepted), so neither is ever settled.
SETTLED_STATUSES = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED})

_BUSINESS_WINDOWS = (
    "thank_you_business_days",
    "references_business_days",
    "network_business_days",
    "follow_up_after_decision_business_days",
    "follow_up_without_decision_business_days",
    "adaptive_wait_max_business_days",
)
_CALENDAR_WINDOWS = (
    "review_days",
    "reply_window_days",
    "reply_to_decision_days",
    "answer_offer_days_before",
    "withdraw_days",
    "keep_applying_days",
    "prepare_days_before",
    "reapply_window_days",
    "thank_references_days",
)


def _calendar_days(business_days: int, settings: Settings) -> int:
    """At least as many calendar days as `business_days` business days can span, holidays included."""
    return (business_days // 5 + 1) * 7 + len(settings.holidays)


def horizon(settings: Settings) -> int:
    """Days after an application's last date by which every action a rule can make of it is due and
    past the window in which it is missed: the longest wait, the longest chase, then the staleness."""
    waits = max(getattr(settings, name) for name in _BUSINESS_WINDOWS)
    windows = max(getattr(settings, name) for name in _CALENDAR_WINDOWS)
    chase = settings.follow_up_interval_days * (settings.follow_up_budget + 1) + settings.move_on_days
    stale = _calendar_days(settings.stale_after_business_days, settings)
    return _calendar_days(waits, settings) + max(windows, chase) + stale + 7


def _dates(app: Application) -> Iterator[date]:
    yield app.created_on
    for day in (app.applied_on, app.decision_by, app.reapply_after, app.respond_by):
        if day is not None:
            yield day
    for interview in app.interviews:
        yield interview.at.date()
        if interview.decision_by is not None:
            yield interview.decision_by
        if interview.booked_on is not None:
            yield interview.booked_on
    for event in app.events:
        yield event.on
        if event.decision_by is not None:
            yield event.decision_by
    for change in app.status_history:
        yield change.on
    for review in app.reviews:
        yield review.on
    for mark in app.done:
        yield mark.on
    for snooze in app.snoozes:
        yield snooze.on
        yield snooze.until
    for dismissal in app.dismissals:
        yield dismissal.on
        yield dismissal.start
        if dismissal.counts_from is not None:
            yield dismissal.counts_from


def last_day(app: Application) -> date:
    """The latest date the application holds, whatever it is of."""
    return max(_dates(app))


def settled_from(app: Application, settings: Settings) -> date | None:
    """The first day the application may be moved to the archive, or None while it stays (an offer,
    an acceptance, an application still going).

    Settled from then only if nothing of it is on that day's agenda either (app/archive.py asks the
    rules): an action overdue for good keeps it in the store until it is done or dismissed.
    """
    if app.status not in SETTLED_STATUSES:
        return None
    if any(change.status is Status.ACCEPTED for change in app.status_history):
        return None
    return last_day(app) + timedelta(days=horizon(settings))


def index_entry(app: Application) -> list[str]:
    """What the daily rules read of an archived application, after the line's digest (store/archive.py
    puts it first): the day it was added, its last interview before the decision and the decision
    day, and its company as names are compared (to tell whether a name on the command line might
    mean it)."""
    from followup.people import normalize

    span = interview_to_decision(app)
    start, end = (span[0].isoformat(), span[1].isoformat()) if span is not None else ("", "")
    return [app.created_on.isoformat(), start, end, normalize(app.company)]


def archived_facts(index: Any) -> tuple[tuple[tuple[date, date], ...], date | None]:
    """What the rules of the whole search read of the archived applications, from the store's index:
    each one's (last interview, decision day), and the day the latest of them was added."""
    spans = []
    latest = None
    for entry in index.apps.values():
        created = entry[1]
        if latest is None or created > latest:
            latest = created  # ISO dates compare as text
        if entry[2] and entry[3]:
            spans.append((date.fromisoformat(entry[2]), date.fromisoformat(entry[3])))
    return tuple(spans), (date.fromisoformat(latest) if latest else None)
