"""`followup caldav sync`: every open action as a to-do in a CalDAV task list, and what the phone did
with them brought back (docs/caldav.md).

One run: read the config and the password; read every to-do of the list with its ETag (the server
unreachable or the login refused stops here, nothing changed); record what the phone did since the
last run through the same functions `done`, `snooze` and `dismiss` use; then write each to-do whose
followup properties differ from the server's, with If-Match, saving the state after every write.

Conflicts (a to-do changed on both sides since the last sync) always go one way:
- the phone's completion or deletion wins over anything followup changed;
- a due date moved on the phone wins over one followup moved (a snooze to the phone's day);
- followup's title, description, categories and alarm are always written again;
- an action that ended in followup is completed on the phone, even if the phone reopened or moved it;
- what followup cannot record (a completion `done` cannot tick off or of an action not yet started,
  a deletion or a later date of an action that cannot be held, a date moved earlier) is put back as
  followup has it.
Each of these is reported in one line.

Every step can be run again: a run stopped half-way (killed, or the server gone) is completed by the
next, which finds on the server what the first wrote and records nothing twice, because a phone change
is only recorded for an action that is still open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from followup import rules
from followup.app.caldav_config import CaldavConfig, load_caldav_config, read_password
from followup.app.caldav_server import Changed, ServerError, TaskList
from followup.app.context import Context, situation
from followup.app.plan import dismiss, snooze, unsnooze
from followup.app.track import mark_done
from followup.errors import FollowupError
from followup.formats import todo as todos
from followup.models import Application
from followup.rules.base import Action, Situation
from followup.rules.hold import settle, snooze_for, would_hold
from followup.store.caldav_state import SyncState, Written, load_state, save_state, state_lock, state_path


@dataclass(frozen=True)
class Wanted:
    """An open action and the to-do that shows it."""

    uid: str
    action: Action  # as it comes back, when a snooze holds it
    fields: todos.TodoFields
    first_start: date  # before a snooze moved it
    held: bool = False  # snoozed: off the agenda until it comes back


@dataclass
class OnServer:
    """A to-do as the server has it, parsed once: read by the phone's side, changed in place by ours."""

    href: str
    etag: str | None
    calendar: Any
    todo: Any


@dataclass
class SyncReport:
    written: int = 0  # to-dos created or changed on the server
    ended: int = 0  # of which marked completed because the action ended in followup
    completed: list[str] = field(default_factory=list)  # done in followup, from the phone
    snoozed: list[str] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # conflicts and what could not be recorded, one line each
    failed: str | None = None  # the server failed after the store was written

    def summary(self) -> str:
        parts = [f"{self.written} to-do{'' if self.written == 1 else 's'} written"]
        if self.ended:
            parts[0] += f" ({self.ended} completed: no longer open here)"
        for names, what in (
            (self.completed, "completed"),
            (self.snoozed, "put off"),
            (self.dismissed, "deleted"),
        ):
            if names:
                parts.append(f"{len(names)} {what} from the phone: {'; '.join(names)}")
        return ", ".join(parts) + "."


def _settled(app: Application, original: Action, where: Situation) -> tuple[list[Action], bool]:
    """The action as the agenda has it (none when dismissed, missed or snoozed), or, when a snooze
    holds it back, as it comes back on the snooze's day: a to-do put off stays on the phone, due
    then, instead of looking done."""
    outside = where.outside(app)
    shown = settle(app, [original], where.today, where.settings, outside=outside)
    held = snooze_for(app, original)
    if shown or held is None or not would_hold(original, held.until) or held.until <= where.today:
        return shown, False
    return settle(app, [original], held.until, where.settings, outside=outside), True


def wanted_todos(ctx: Context, config: CaldavConfig) -> dict[str, Wanted]:
    """The to-do of every open action (the list `today --all` shows, without its horizon of
    `agenda_days`, and the snoozed ones), by UID.
    Each action is settled on its own, so that its UID is made from the day it first started, before
    a snooze moved it."""
    data = ctx.store.load(full=False)  # the store file and its index: no archived one has an action
    where = situation(ctx, data)
    found: list[tuple[Action, date, bool]] = []
    for app in where.applications:
        for original in rules.all_actions(app, where):
            shown, held = _settled(app, original, where)
            found.extend((action, original.start, held) for action in shown)
    found.extend((action, action.start, False) for action in rules.search_actions(where))
    found.sort(key=lambda item: rules.sort_key(item[0]))
    wanted: dict[str, Wanted] = {}
    for action, first_start, held in found:
        uid = todos.todo_uid(action, first_start)
        fields = todos.fields_for(action, config.categories, config.alarm_hour)
        # The soonest, should two actions ever share one UID.
        wanted.setdefault(uid, Wanted(uid, action, fields, first_start, held))
    return wanted


def _label(action: Action) -> str:
    return todos.action_summary(action)


def _record_completion(ctx: Context, wanted: Wanted, on: date | None, report: SyncReport) -> None:
    action = wanted.action
    hint = rules.spec(action.action).done_hint
    if hint is not None or action.app is None:
        report.notes.append(
            f"{_label(action)}: ticked on the phone, not recorded ({hint}); open again there."
        )
        return
    if wanted.first_start > ctx.today:
        report.notes.append(
            f"{_label(action)}: ticked on the phone before it started ({wanted.first_start.isoformat()});"
            " open again there."
        )
        return
    if wanted.held:  # done before the day it was put off to: the snooze goes, the done mark counts
        unsnooze(ctx, action.app, action.action, action.person)
    day = min(max(on or ctx.today, wanted.first_start), ctx.today)  # a done mark counts from the start
    mark_done(ctx, action.app, action.action, action.person, on=day)
    report.completed.append(_label(action))


def _record_due(ctx: Context, wanted: Wanted, due: date, last: Written, report: SyncReport) -> None:
    action = wanted.action
    if wanted.held and action.start == due:  # snoozed to that day already, by a run stopped after it
        return
    hint = rules.spec(action.action).hold_hint
    if due < date.fromisoformat(last.due):
        report.notes.append(
            f"{_label(action)}: due date moved earlier on the phone ({due.isoformat()}); followup does not"
            f" bring an action forward, so it is due again on {action.due.isoformat()}."
        )
        return
    if due <= ctx.today:
        report.notes.append(
            f"{_label(action)}: due date moved to {due.isoformat()} on the phone; only a day after today"
            f" puts an action off, so it is due again on {action.due.isoformat()}."
        )
        return
    if hint is not None or action.app is None:
        report.notes.append(f"{_label(action)}: moved on the phone, not recorded ({hint}); moved back.")
        return
    if action.due.isoformat() != last.due:
        report.notes.append(
            f"{_label(action)}: due date changed on both sides; the phone's ({due.isoformat()}) wins."
        )
    snooze(ctx, action.app, action.action, due, action.person)
    report.snoozed.append(f"{_label(action)} until {due.isoformat()}")


def _record_deletion(ctx: Context, wanted: Wanted, report: SyncReport) -> None:
    action = wanted.action
    hint = rules.spec(action.action).hold_hint
    if hint is not None or action.app is None:
        report.notes.append(f"{_label(action)}: deleted on the phone, not recorded ({hint}); written again.")
        return
    dismiss(ctx, action.app, action.action, action.person)
    report.dismissed.append(_label(action))


def take_phone_changes(
    ctx: Context, state: SyncState, remote: dict[str, OnServer], wanted: dict[str, Wanted], report: SyncReport
) -> None:
    """Record in followup what was done on the phone to the to-dos this machine wrote."""
    for uid, last in sorted(state.todos.items()):
        found = remote.get(uid)
        open_here = wanted.get(uid)
        try:
            if found is None:
                del state.todos[uid]
                if open_here is not None:
                    if open_here.fields.due.isoformat() != last.due:
                        report.notes.append(
                            f"{last.summary}: changed on both sides; the phone's deletion wins."
                        )
                    _record_deletion(ctx, open_here, report)
                continue
            if found.etag is not None and found.etag == last.etag:
                continue
            view = todos.read_view(found.todo)
            completed = view.state == todos.COMPLETED
            moved = view.due is not None and view.due.isoformat() != last.due
            if open_here is None:
                if view.state == todos.NEEDS_ACTION and (moved or last.status != todos.NEEDS_ACTION):
                    report.notes.append(
                        f"{last.summary}: changed on the phone, but it ended here: completed."
                    )
            elif completed and last.status != todos.COMPLETED:
                if open_here.fields.due.isoformat() != last.due:
                    report.notes.append(
                        f"{last.summary}: changed on both sides; the phone's completion wins."
                    )
                _record_completion(ctx, open_here, view.completed_on, report)
            elif view.state == todos.CANCELLED and last.status != todos.CANCELLED:
                _record_deletion(ctx, open_here, report)  # cancelled: dropped, like a deleted one
            elif view.due is not None and moved:
                _record_due(ctx, open_here, view.due, last, report)
        except FollowupError as err:  # the store said no (a lock held too long, say): said, not fatal
            report.notes.append(f"{last.summary}: not recorded: {err}")
            continue
        # What the phone changed is taken: the next run compares with the server as it is now.
        state.todos[uid] = replace(
            last,
            etag=found.etag,
            due=view.due.isoformat() if view.due else last.due,
            status=view.state,
        )


def _target(fields: todos.TodoFields, found: todos.TodoFields | None) -> todos.TodoFields | None:
    """What to write over a to-do whose followup properties are `found`; None when nothing differs."""
    target = fields if found is None else fields.as_found(found)
    return None if target == found else target


def _entry(wanted: Wanted, href: str, etag: str | None, fields: todos.TodoFields) -> Written:
    action = wanted.action
    return Written(
        href,
        etag,
        action.app,
        action.action.value,
        action.person,
        fields.due.isoformat(),
        fields.summary,
        fields.status,
    )


def push(
    ctx: Context,
    tasks: TaskList,
    state: SyncState,
    remote: dict[str, OnServer],
    wanted: dict[str, Wanted],
    save: Callable[[], None],
    report: SyncReport,
) -> None:
    """Write every to-do whose followup properties differ from the server's; complete those whose
    action ended here. The state is saved after each write."""
    for uid, want in wanted.items():
        found = remote.get(uid)
        try:
            if found is None:
                href = tasks.href_for(uid)
                etag = tasks.put(href, todos.serialize(todos.new_todo(uid, want.fields, ctx.now)), None)
            elif (target := _target(want.fields, todos.current_fields(found.todo))) is not None:
                todos.write_fields(found.todo, target, ctx.now)
                href = found.href
                etag = tasks.put(href, todos.serialize(found.calendar), found.etag)
            else:
                state.todos[uid] = _entry(want, found.href, found.etag, want.fields)
                continue
        except Changed:
            report.notes.append(f"{want.fields.summary}: changed on the server during the sync; next sync.")
            continue
        state.todos[uid] = _entry(want, href, etag, want.fields)
        report.written += 1
        save()
    for uid, found in sorted(remote.items()):
        if uid in wanted or not uid.endswith("@" + todos.UID_DOMAIN):
            continue
        status = todos.read_view(found.todo).state
        if status != todos.NEEDS_ACTION:  # completed or cancelled already
            if uid in state.todos:
                state.todos[uid] = replace(state.todos[uid], etag=found.etag, status=status)
            continue
        todos.mark_completed(found.todo, ctx.now)
        try:
            etag = tasks.put(found.href, todos.serialize(found.calendar), found.etag)
        except Changed:
            report.notes.append(f"{found.href}: changed on the server during the sync; next sync.")
            continue
        last = state.todos.get(uid)
        if last is not None:
            state.todos[uid] = replace(last, href=found.href, etag=etag, status=todos.COMPLETED)
        report.written += 1
        report.ended += 1
        save()


def _check_not_emptied(state: SyncState, remote: dict[str, OnServer], path: Path) -> None:
    """Every to-do this machine wrote gone at once is a list emptied or made anew on the server, not a
    phone deleting them one by one: dismissing every action for it would empty the agenda."""
    open_ones = [uid for uid, last in state.todos.items() if last.status == todos.NEEDS_ACTION]
    if len(open_ones) >= 3 and not any(uid in remote for uid in state.todos):
        raise FollowupError(
            f"none of the {len(state.todos)} to-dos this machine wrote is on {state.url} any more: was the"
            f" task list emptied or made anew? Nothing was changed; to write them all again, remove {path}"
        )


def sync(ctx: Context) -> SyncReport:
    """One sync of the store with the task list of the config's `[caldav]` table."""
    config = load_caldav_config(ctx.config_path)
    password = read_password(config)
    path = state_path(ctx.store.path)
    with state_lock(path):
        state = load_state(path, config.url)
        tasks = TaskList(config.url, config.user, password)
        remote: dict[str, OnServer] = {}
        try:
            tasks.check()
            found = tasks.todos()
        except ServerError as err:  # unreachable, or the login refused: nothing done yet
            raise ServerError(f"{err}; nothing was changed") from None
        for item in found:
            parsed = todos.parse(item.text)  # one that does not parse has no UID to go by: not ours
            uid = str(parsed[1].get("uid", "")) if parsed is not None else ""
            if parsed is not None and uid:
                remote[uid] = OnServer(item.href, item.etag, *parsed)
        _check_not_emptied(state, remote, path)
        report = SyncReport()
        take_phone_changes(ctx, state, remote, wanted_todos(ctx, config), report)
        save_state(path, state)
        try:
            push(
                ctx, tasks, state, remote, wanted_todos(ctx, config), lambda: save_state(path, state), report
            )
        except ServerError as err:
            if ctx.store.written is None:
                raise ServerError(f"{err}; the next sync writes the rest") from None
            # What the phone did is saved, so the run succeeded as far as the store goes.
            report.failed = f"{err}; what the phone did is recorded, the next sync writes the rest"
        finally:
            save_state(path, state)
    return report
