"""Open actions as CalDAV to-dos (RFC 5545 VTODO), for `followup caldav sync`.

A to-do fetched from the server is changed in place, never rebuilt: the properties a phone app adds
(X-…, PRIORITY, its own alarms) stay as they were. Only the properties followup owns are set: SUMMARY,
DESCRIPTION, DUE, CATEGORIES, STATUS (with COMPLETED and PERCENT-COMPLETE) and its own VALARM.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from followup import __version__, rules
from followup.formats.calendar import action_summary, inert
from followup.rules.base import Action

if TYPE_CHECKING:
    from icalendar import Calendar, Todo

# Its own namespace: an action's to-do and its `export --format ics` event are different objects,
# which a user may well keep on the same server.
_TODO_NAMESPACE = uuid.UUID("5b0f8a8e-2f4c-4d53-9a3e-8f1c6d2e7a10")
UID_DOMAIN = "followup.invalid"
NEEDS_ACTION = "NEEDS-ACTION"
COMPLETED = "COMPLETED"
CANCELLED = "CANCELLED"
ALARM_MARK = "X-FOLLOWUP-ALARM"  # names the one alarm followup owns among the to-do's alarms


def todo_uid(action: Action, first_start: date) -> str:
    """One UID per action, kept across runs, snoozes and due dates that move: the application, the
    kind and the person; for an action that comes once per interview or decision, the day it first
    started too (`first_start`, before any snooze moved it)."""
    key = ["todo", action.action.value, action.app or "", (action.person or "").casefold()]
    if rules.spec(action.action).calendar_identity == "occasion":
        key.append(first_start.isoformat())
    return f"{uuid.uuid5(_TODO_NAMESPACE, '/'.join(key))}@{UID_DOMAIN}"


@dataclass(frozen=True)
class TodoFields:
    """What followup writes into a to-do."""

    summary: str
    description: str
    due: date
    categories: tuple[str, ...]
    alarm_hour: int | None  # None: the to-do's alarms are the phone's (it rewrote or removed ours)
    status: str = NEEDS_ACTION

    def as_found(self, found: TodoFields) -> TodoFields:
        """These fields, leaving the alarm alone when the phone has made the to-do's alarms its own:
        a tasks app that rewrites alarms in its own way would otherwise get one more every sync."""
        return self if found.alarm_hour is not None else replace(self, alarm_hour=None)


def fields_for(action: Action, extra_categories: tuple[str, ...], alarm_hour: int) -> TodoFields:
    """The to-do of an open action: its title, why and the advice it follows, its due date."""
    spec = rules.spec(action.action)
    description = f"{action.reason}\n\n{spec.advice}" if spec.advice not in action.reason else action.reason
    categories = tuple(dict.fromkeys(("followup", action.action.value, *extra_categories)))
    return TodoFields(inert(action_summary(action)), inert(description), action.due, categories, alarm_hour)


@dataclass(frozen=True)
class PhoneView:
    """What a to-do on the server says about the things followup reads back."""

    status: str
    completed_on: date | None
    due: date | None
    summary: str

    @property
    def state(self) -> str:
        """COMPLETED, CANCELLED, or NEEDS-ACTION for any other (IN-PROCESS is still open)."""
        return self.status if self.status in (COMPLETED, CANCELLED) else NEEDS_ACTION


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        # A phone may give the due date a time, or write COMPLETED in UTC: the user's own day.
        return value.astimezone().date() if value.tzinfo else value.date()
    return value if isinstance(value, date) else None


def parse(text: str) -> tuple[Calendar, Todo] | None:
    """The calendar object and its to-do; None when it holds no to-do or does not parse."""
    from icalendar import Calendar, Todo

    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError):
        return None
    todo = next((c for c in calendar.walk() if isinstance(c, Todo)), None)
    return (calendar, todo) if todo is not None else None


def read_view(todo: Todo) -> PhoneView:
    status = str(todo.get("status", NEEDS_ACTION)).upper()
    due = todo.get("due")
    completed = todo.get("completed")
    return PhoneView(
        status,
        _as_date(completed.dt) if completed is not None else None,
        _as_date(due.dt) if due is not None else None,
        str(todo.get("summary", "")),
    )


def _our_alarm(todo: Todo) -> Any:
    return next((c for c in todo.subcomponents if c.name == "VALARM" and ALARM_MARK in c), None)


def current_fields(todo: Todo) -> TodoFields | None:
    """followup's properties as the server has them (None when one is missing or unreadable)."""
    view = read_view(todo)
    if view.due is None:
        return None
    alarm = _our_alarm(todo)
    trigger = alarm.get("trigger") if alarm is not None else None
    hours = None
    if trigger is not None:
        hours = int(trigger.dt.total_seconds() // 3600) if isinstance(trigger.dt, timedelta) else -1
    raw = todo.get("categories")
    lists = raw if isinstance(raw, list) else [raw] if raw is not None else []
    categories = tuple(str(c) for item in lists for c in item.cats)
    return TodoFields(view.summary, str(todo.get("description", "")), view.due, categories, hours, view.state)


def _replace(todo: Todo, name: str, value: Any) -> None:
    todo.pop(name, None)
    todo.add(name, value)


def _set_alarm(todo: Todo, hour: int, summary: str) -> None:
    from icalendar import Alarm

    todo.subcomponents = [c for c in todo.subcomponents if not (c.name == "VALARM" and ALARM_MARK in c)]
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    # Relative to DUE (a date: midnight of the due day), so the reminder rings at the hour that day.
    alarm.add("trigger", timedelta(hours=hour), parameters={"RELATED": "END"})
    alarm.add(ALARM_MARK, "1")
    todo.add_component(alarm)


def set_status(todo: Todo, status: str, now: datetime) -> None:
    """Completed (when, and 100%) or open again; the phone's other properties untouched."""
    for name in ("status", "completed", "percent-complete"):
        todo.pop(name, None)
    todo.add("status", status)
    if status == COMPLETED:
        todo.add("completed", now.astimezone(UTC))
        todo.add("percent-complete", 100)


def _touch(todo: Todo, now: datetime) -> None:
    stamp = now.astimezone(UTC)
    _replace(todo, "dtstamp", stamp)
    _replace(todo, "last-modified", stamp)
    sequence = todo.get("sequence")
    _replace(todo, "sequence", int(sequence) + 1 if sequence is not None else 1)


def write_fields(todo: Todo, fields: TodoFields, now: datetime) -> None:
    """Set followup's properties of `todo` in place."""
    _replace(todo, "summary", fields.summary)
    _replace(todo, "description", fields.description)
    _replace(todo, "due", fields.due)
    _replace(todo, "categories", list(fields.categories))
    if "status" not in todo or read_view(todo).state != fields.status:
        set_status(todo, fields.status, now)
    if fields.alarm_hour is not None:
        _set_alarm(todo, fields.alarm_hour, fields.summary)
    _touch(todo, now)


def mark_completed(todo: Todo, now: datetime) -> None:
    """An action that ended in followup: completed on the phone too (kept, not removed)."""
    set_status(todo, COMPLETED, now)
    _touch(todo, now)


def new_todo(uid: str, fields: TodoFields, now: datetime) -> Calendar:
    from icalendar import Calendar, Todo

    calendar = Calendar()
    calendar.add("prodid", f"-//followup//followup {__version__}//EN")
    calendar.add("version", "2.0")
    todo = Todo()
    todo.add("uid", uid)
    todo.add("created", now.astimezone(UTC))
    write_fields(todo, fields, now)
    calendar.add_component(todo)
    return calendar


def serialize(calendar: Calendar) -> str:
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")
