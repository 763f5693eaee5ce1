"""The to-dos of `followup caldav sync` as objects (formats/todo.py), without a server: stable UIDs,
followup's properties read back as written, and a phone's own properties kept when followup writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from followup.formats import todo as todos
from followup.formats.calendar import inert
from followup.kinds import ActionKind
from followup.rules.base import Action
from followup.rules.hold import moved_by_snooze

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def thank(person: str = "Jane Doe", start: date = date(2026, 3, 3)) -> Action:
    return Action(
        "acme", "Acme", "Dev", ActionKind.THANK_YOU, start, start + timedelta(days=1), "Why.", person
    )


def fields(**changes: object) -> todos.TodoFields:
    base = todos.TodoFields("Thank Jane Doe (Acme)", "Why. “Advice.”", date(2026, 3, 4), ("followup",), 9)
    return replace(base, **changes)  # type: ignore[arg-type]


def reread(calendar: object) -> object:
    parsed = todos.parse(todos.serialize(calendar))  # type: ignore[arg-type]
    assert parsed is not None
    return parsed


def test_an_action_keeps_its_uid_when_snoozed_and_when_its_due_date_moves() -> None:
    action = thank()
    uid = todos.todo_uid(action, action.start)
    snoozed = moved_by_snooze(action, date(2026, 3, 9))
    assert todos.todo_uid(snoozed, action.start) == uid
    assert todos.todo_uid(replace(action, due=date(2026, 3, 20)), action.start) == uid
    assert todos.todo_uid(thank("Bob Lee"), action.start) != uid
    # A thank-you comes once per interview: the next round's is another to-do.
    later = thank(start=date(2026, 3, 17))
    assert todos.todo_uid(later, later.start) != uid
    assert uid.endswith("@" + todos.UID_DOMAIN)


def test_the_uid_does_not_hang_on_the_case_of_a_name() -> None:
    assert todos.todo_uid(thank("jane doe"), date(2026, 3, 3)) == todos.todo_uid(thank(), date(2026, 3, 3))


@given(
    summary=st.text(max_size=80),
    description=st.text(max_size=300),
    due=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    hour=st.integers(0, 23),
    extra=st.lists(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12), max_size=3),
)
def test_what_followup_writes_reads_back_the_same(
    summary: str, description: str, due: date, hour: int, extra: list[str]
) -> None:
    written = todos.TodoFields(inert(summary), inert(description), due, ("followup", *extra), hour)
    _, todo = reread(todos.new_todo("u1@followup.invalid", written, NOW))  # type: ignore[misc]
    assert todos.current_fields(todo) == written


def test_writing_keeps_what_the_phone_added() -> None:
    calendar = todos.new_todo("u1@followup.invalid", fields(), NOW)
    _, todo = reread(calendar)  # type: ignore[misc]
    todo.add("x-phone-colour", "teal")
    todo.add("priority", 1)
    from icalendar import Alarm

    theirs = Alarm()
    theirs.add("action", "AUDIO")
    theirs.add("trigger", timedelta(minutes=-30))
    todo.add_component(theirs)
    todos.write_fields(todo, fields(due=date(2026, 3, 9), alarm_hour=8), NOW)
    assert str(todo["x-phone-colour"]) == "teal" and int(todo["priority"]) == 1
    alarms = [c for c in todo.subcomponents if c.name == "VALARM"]
    assert len(alarms) == 2 and theirs in alarms
    assert todos.current_fields(todo) == fields(due=date(2026, 3, 9), alarm_hour=8)
    assert int(todo["sequence"]) == 2


def test_completed_then_open_again() -> None:
    _, todo = reread(todos.new_todo("u1@followup.invalid", fields(), NOW))  # type: ignore[misc]
    todos.mark_completed(todo, NOW)
    view = todos.read_view(todo)
    assert view.status == "COMPLETED" and view.completed_on is not None
    assert int(todo["percent-complete"]) == 100
    todos.write_fields(todo, fields(), NOW)
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert "completed" not in todo and "percent-complete" not in todo


def test_the_phones_dates_are_read_as_the_users_days() -> None:
    _, todo = reread(todos.new_todo("u1@followup.invalid", fields(), NOW))  # type: ignore[misc]
    todo.pop("due")
    todo.add("due", datetime(2026, 3, 9, 17, 30))  # a time given on the phone: still that day
    todo.add("status", "IN-PROCESS")
    view = todos.read_view(todo)
    assert view.due == date(2026, 3, 9) and view.state == "NEEDS-ACTION"
    local = timezone(timedelta(hours=5))
    stamp = datetime(2026, 3, 9, 23, 30, tzinfo=local)
    assert todos._as_date(stamp) == stamp.astimezone().date()


def test_an_object_without_a_todo_or_that_does_not_parse_is_none() -> None:
    assert todos.parse("not a calendar") is None
    assert todos.parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n") is None
