"""`followup caldav sync`: your actions as to-dos on your phone, through a CalDAV task list.

A thin layer: parse, call followup.app.caldav, print its report. The `caldav` library is imported
only when the command runs.
"""

from __future__ import annotations

import click

from followup.cli.state import current_state
from followup.output.echo import say


@click.group()
def caldav() -> None:
    """Your actions as to-dos in a CalDAV task list (a phone's tasks app), both ways.

    Configured in the config's [caldav] table (url, user, password_command, alarm_hour, categories);
    docs/caldav.md says how to set up a phone.
    """


@caldav.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print what was written and recorded as JSON.")
def caldav_sync(as_json: bool) -> None:
    """Write every open action as a to-do, and record what the phone did: a to-do ticked off is done,
    a due date moved later is a snooze, a to-do deleted is a dismissal.

    Only to-dos that changed are sent. A to-do changed on both sides since the last sync: the
    phone's completion, deletion or due date wins; followup's title and description are written again.
    """
    from dataclasses import asdict

    from followup.app.caldav import sync

    report = sync(current_state().ctx)
    if as_json:
        from followup.output.plain import emit_json

        emit_json({**asdict(report), "summary": report.summary()})
        return
    for note in report.notes:
        say(note)
    say(report.summary())
    if report.failed:  # the store was saved: exit 0, the failure on stderr
        say(f"Warning: {report.failed}", err=True)


def register(group: click.Group) -> None:
    """Add `caldav` and its commands to the root group."""
    group.add_command(caldav)
