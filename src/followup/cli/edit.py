"""Commands that correct what was recorded: edit and remove an application, a contact (`contact edit`,
`contact remove`), a log entry (`log edit`, `log remove`) and an interview (`interview edit`,
`interview remove`).

A thin layer like the other command modules: parse with the same types as the commands that record
(dates read as `add` and `log-contact` read them), call app/edit.py, print a line. Every change is in
the history: `followup undo` takes it back. `register(group)` adds the commands to the root group;
`CONTACT_COMMANDS` join the `contact` group of cli/track.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from followup.cli.params import (
    APP_ID,
    EVENT_KINDS,
    FUTURE_DATE,
    PAST_DATE,
    RELATIONS,
    TEXT,
    WHEN,
    with_option,
)
from followup.cli.state import current_state
from followup.output.echo import say

UNDO_HINT = "`followup undo` brings it back"
CLEARS = "empty text clears it"


def _changed(what: str, changed: list[str]) -> None:
    if changed:
        say(f"Changed {what}: {', '.join(changed)}.")
    else:
        say(f"{what[0].upper()}{what[1:]} was already so; nothing changed.")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# edit, remove -------------------------------------------------------------------------------------


@click.command()
@APP_ID
@click.option("--company", type=TEXT, help="The employer's name (the ID stays).")
@click.option("--role", type=TEXT, help="The job.")
@click.option("--decision-by", type=FUTURE_DATE, metavar="DATE", help="When they said they would decide.")
@click.option("--notes", type=TEXT, help=f"Anything else worth remembering ({CLEARS}).")
@click.option("--applied-on", type=PAST_DATE, metavar="DATE", help="When you applied.")
def edit(
    app_ref: str,
    company: str | None,
    role: str | None,
    decision_by: date | None,
    notes: str | None,
    applied_on: date | None,
) -> None:
    """Correct an application: its company, role, decision date, notes or the day you applied."""
    from followup.app import edit as service

    app, changed = service.edit_application(
        current_state().ctx, app_ref, company, role, decision_by, notes, applied_on
    )
    _changed(app.id, changed)


@click.command()
@APP_ID
def remove(app_ref: str) -> None:
    """Remove an application and all that was recorded about it (`followup undo` brings it back)."""
    from followup.app import edit as service

    app = service.remove_application(current_state().ctx, app_ref)
    interviews = _count(len(app.interviews), "interview", "interviews")
    held = f"{interviews}, {_count(len(app.events), 'log entry', 'log entries')}"
    say(f"Removed {app.id} ({app.company} · {app.role}, {app.status}; {held}); {UNDO_HINT}.")


# contact edit, contact remove ---------------------------------------------------------------------


@click.command("edit")
@click.argument("name", type=TEXT)
@click.option("--email", type=TEXT, help=f"Their email address ({CLEARS}).")
@click.option("--phone", type=TEXT, help=f"Their phone number ({CLEARS}).")
@click.option("--company", type=TEXT, help=f"Where they work ({CLEARS}).")
@click.option(
    "--relation", type=click.Choice(RELATIONS), help="reference, network, recruiter, interviewer or other."
)
@click.option("--notes", type=TEXT, help=f"Anything worth remembering about them ({CLEARS}).")
def contact_edit(
    name: str,
    email: str | None,
    phone: str | None,
    company: str | None,
    relation: str | None,
    notes: str | None,
) -> None:
    """Correct a contact's details; NAME is matched in any case."""
    from followup.app import edit as service
    from followup.kinds import Relation

    contact, changed = service.edit_contact(
        current_state().ctx, name, email, phone, company, Relation(relation) if relation else None, notes
    )
    _changed(f"contact {contact.name}", changed)


@click.command("remove")
@click.argument("name", type=TEXT)
def contact_remove(name: str) -> None:
    """Remove a contact (`followup undo` brings them back)."""
    from followup.app import edit as service

    contact = service.remove_contact(current_state().ctx, name)
    say(f"Removed contact {contact.name} ({contact.relation}); {UNDO_HINT}.")


@click.command("merge")
@click.argument("keep", type=TEXT)
@click.argument("other", type=TEXT)
def contact_merge(keep: str, other: str) -> None:
    """Merge a contact added twice: KEEP takes OTHER's details it lacks and the log entries that name
    OTHER; OTHER is removed (`followup undo` splits them again)."""
    from followup.app import edit as service

    kept, gone, renamed = service.merge_contacts(current_state().ctx, keep, other)
    moved = f"; {renamed} record{'s' if renamed != 1 else ''} now name {kept.name}" if renamed else ""
    say(f"Merged contact {gone.name} into {kept.name}{moved}; {UNDO_HINT}.")


CONTACT_COMMANDS = (contact_edit, contact_remove, contact_merge)


# log edit, log remove -----------------------------------------------------------------------------

ENTRY = click.argument("number", metavar="N", type=click.IntRange(min=1))


@click.group()
def log() -> None:
    """Correct the contact log: N is the number `followup show ID` gives each entry."""


@log.command("edit")
@APP_ID
@ENTRY
@click.option("--on", type=PAST_DATE, metavar="DATE", help="When it happened.")
@click.option("--kind", type=click.Choice(EVENT_KINDS), help="What the contact was.")
@with_option(f"Who it was with: an interviewer or a contact, by full name, email or first name ({CLEARS}).")
@click.option("--new", is_flag=True, help="The --with person is new to followup: keep the name as typed.")
@click.option("--note", type=TEXT, help=f"What was said ({CLEARS}).")
def log_edit(
    app_ref: str,
    number: int,
    on: date | None,
    kind: str | None,
    with_: str | None,
    new: bool,
    note: str | None,
) -> None:
    """Correct entry N of an application's log: its date, kind, person or note."""
    from followup.app import edit as service
    from followup.kinds import EventKind

    done = service.edit_log_entry(
        current_state().ctx, app_ref, number, on, EventKind(kind) if kind else None, with_, note, new
    )
    _changed(f"log entry {done.number} of {done.app.id}", done.changed)


@log.command("remove")
@APP_ID
@ENTRY
def log_remove(app_ref: str, number: int) -> None:
    """Remove entry N of an application's log (a status it set stays; `followup undo` brings it back)."""
    from followup.app import edit as service

    done = service.remove_log_entry(current_state().ctx, app_ref, number)
    event = done.event
    say(
        f"Removed log entry {done.number} of {done.app.id} ({event.kind} on {event.on.isoformat()});"
        f" {UNDO_HINT}."
    )


# interview edit, interview remove -----------------------------------------------------------------

ROUND = click.argument("round_", metavar="ROUND", type=click.IntRange(min=1))


@click.group()
def interview() -> None:
    """Correct an interview round (add one with `followup add --app ID`)."""


@interview.command("edit")
@APP_ID
@ROUND
@click.option("--at", type=WHEN, metavar="WHEN", help="When the interview was.")
@click.option("--stage", type=TEXT, help=f"Which interview: phone screen, onsite, final... ({CLEARS}).")
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    type=TEXT,
    metavar='"NAME <EMAIL>"',
    help="Someone who interviewed you; repeat for each. Replaces the interviewers recorded.",
)
def interview_edit(
    app_ref: str, round_: int, at: Any, stage: str | None, interviewers: tuple[str, ...]
) -> None:
    """Correct interview ROUND of an application: its time, stage or interviewers."""
    from followup.app import edit as service
    from followup.people import parse_person

    people = tuple(parse_person(text) for text in interviewers) if interviewers else None
    done = service.edit_interview(
        current_state().ctx, app_ref, round_, at[0] if at is not None else None, stage, people
    )
    _changed(f"interview round {done.interview.round} of {done.app.id}", done.changed)


@interview.command("remove")
@APP_ID
@ROUND
def interview_remove(app_ref: str, round_: int) -> None:
    """Remove interview ROUND; later rounds are numbered down (`followup undo` brings it back)."""
    from followup.app import edit as service

    done = service.remove_interview(current_state().ctx, app_ref, round_)
    say(
        f"Removed interview round {round_} of {done.app.id} ({done.interview.at:%Y-%m-%d %H:%M});"
        f" {UNDO_HINT}."
    )


def register(group: click.Group) -> None:
    """Add these commands to the root `followup` group."""
    for command in (edit, remove, log, interview):
        group.add_command(command)
