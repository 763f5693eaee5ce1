"""The calendar (RFC 5545): open actions as all-day events, interviews as timed ones, with stable UIDs."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

from followup import __version__, rules
from followup.kinds import ActionKind
from followup.models import Application, Interview, Settings, StoreData
from followup.rules.base import Action

INTERVIEW_LENGTH = timedelta(hours=1)  # a calendar needs an end; most interviews fit in an hour

# Namespace of the calendar UIDs: the same key gives the same UID on every machine, forever.
_UID_NAMESPACE = uuid.UUID("0d6a3c52-1b7e-4b8e-9a57-6f0e2c9b3f41")
UID_DOMAIN = "followup.invalid"


def action_uid(action: Action) -> str:
    """A UID that stays the same for the same action across exports (RFC 5545 §3.8.4.7).

    The due date is left out, so a follow-up that moves updates its event instead of duplicating it.
    """
    identity = rules.spec(action.action).calendar_identity
    if identity == "waiting-game":  # one event that moves as the game goes on: wait, follow up, move on
        key = ["waiting-game", action.app or ""]
    else:
        key = [action.action.value, action.app or "", (action.person or "").casefold()]
        if identity == "occasion":  # once per interview or decision: that day is in its identity
            key.append(action.start.isoformat())
    return f"{uuid.uuid5(_UID_NAMESPACE, '/'.join(key))}@{UID_DOMAIN}"


def interview_uid(app: Application, interview: Interview) -> str:
    key = "/".join(["interview", app.id, str(interview.round)])
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@{UID_DOMAIN}"


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def inert(text: str) -> str:
    """Text for a calendar property: RFC 5545 forbids control characters but the tab (a calendar
    client would print them), so each one of the data's is written as its visible escape (`\\x1b`)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def action_summary(action: Action) -> str:
    """`Thank Jane Doe (Acme)`: what to do, in a few words, and for which employer."""
    spec = rules.spec(action.action)  # a month view shows the first twenty-odd characters
    text = spec.calendar_title or spec.title_for(action.person)
    return f"{text} ({action.company})" if action.company else text


def interview_summary(app: Application, interview: Interview) -> str:
    """`Interview at Globex (onsite)`: the employer before the role, which goes in the description."""
    stage = f" ({interview.stage})" if interview.stage else ""
    return f"Interview at {app.company}{stage}"


def calendar_actions(data: StoreData, today: date, settings: Settings, days: int) -> list[Action]:
    """Open actions due within `days` (overdue ones included), one per calendar event; an interview
    is a timed event of its own (scheduled_interviews)."""
    last_day = today + timedelta(days=days)
    return [
        a
        for a in rules.agenda(data, today, settings)
        if a.due <= last_day and a.action is not ActionKind.INTERVIEW
    ]


def scheduled_interviews(data: StoreData, today: date, days: int) -> list[tuple[Application, Interview]]:
    last_day = today + timedelta(days=days)
    found = [
        (app, interview)
        for app in data.applications
        if app.is_active
        for interview in app.interviews
        if today <= interview.day <= last_day
    ]
    return sorted(found, key=lambda pair: (pair[1].at, pair[0].id))


def export_ics(data: StoreData, today: date, settings: Settings, days: int, stamp: datetime) -> bytes:
    """An iCalendar file: an all-day event per open action, a timed event per coming interview.

    `stamp` is when the file is made (DTSTAMP); icalendar writes CRLF lines folded at 75 octets.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//followup//followup {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "followup")
    utc_stamp = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)

    for action in calendar_actions(data, today, settings, days):
        event = Event()
        event.add("uid", action_uid(action))
        event.add("dtstamp", utc_stamp)
        event.add("dtstart", action.due)
        event.add("dtend", action.due + timedelta(days=1))
        event.add("summary", inert(action_summary(action)))
        event.add("description", inert(action.reason))
        event.add("categories", ["followup", action.action.value])
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block the day
        calendar.add_component(event)

    for app, interview in scheduled_interviews(data, today, days):
        event = Event()
        event.add("uid", interview_uid(app, interview))
        event.add("dtstamp", utc_stamp)
        if interview.at.time() == time():  # no time was given: an all-day event
            event.add("dtstart", interview.day)
            event.add("dtend", interview.day + timedelta(days=1))
        else:
            event.add("dtstart", interview.at)  # floating local time, as it was typed
            event.add("dtend", interview.at + INTERVIEW_LENGTH)
        event.add("summary", inert(interview_summary(app, interview)))
        people = ", ".join(str(p) for p in interview.interviewers)
        lines = [f"{app.company} · {app.role} ({app.id}), round {interview.round}."]
        if people:
            lines.append(f"With {people}.")
        event.add("description", inert(" ".join(lines)))
        event.add("categories", ["followup", "interview"])
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result
