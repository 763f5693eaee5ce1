"""Commands that record what happened: add, log-contact, status, done, review (contacts are in
contacts.py).

A thin layer like cli.py: parse, call a function of service.py, print a line. Only click and small
followup modules are imported at the top; the models and the store inside the commands.
`register(group)` adds the commands to the root group.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from followup.cli import state as terminal
from followup.cli.params import (
    APP_ID,
    CHANNELS,
    EVENT_KINDS,
    FUTURE_DATE,
    FUTURE_DATE_OR_NONE,
    PAST_DATE,
    STATUSES,
    TEXT,
    WHEN,
    complete_app,
    one_of,
    with_option,
)
from followup.cli.state import current_state
from followup.errors import FollowupError, UsageError
from followup.output.echo import say
from followup.rules import DONE_KINDS, SPECS

# add ----------------------------------------------------------------------------------------------


def _prompt_missing(
    company: str | None,
    role: str | None,
    interview_at: Any,
    interviewers: tuple[str, ...],
    decision_by: date | None,
    weak: tuple[str, ...],
    applied: bool,
) -> tuple[Any, ...]:
    """Ask for each field in turn, as a person filling in a form would expect."""
    company = company or click.prompt("Company", type=TEXT)
    role = role or click.prompt("Role", type=TEXT)
    if not applied:
        if interview_at is None:
            interview_at = click.prompt("When was the interview", default="now", type=WHEN)
        if not interviewers:
            raw = click.prompt(
                "Interviewers (Name <email>, separated by ;)", default="", show_default=False, type=TEXT
            )
            interviewers = tuple(part.strip() for part in raw.split(";") if part.strip())
        if decision_by is None:
            decision_by = click.prompt(  # a date that does not read is asked again
                "When did they say they would decide (blank if they didn't)",
                default="",
                show_default=False,
                type=FUTURE_DATE_OR_NONE,
            )
        if not weak:
            answer = click.prompt(
                "Anything you felt you answered weakly (blank for none)",
                default="",
                show_default=False,
                type=TEXT,
            )
            weak = (answer,) if answer.strip() else ()
    return company, role, interview_at, interviewers, decision_by, weak


@click.command()
@click.option("--company", type=TEXT, help="The employer's name.")
@click.option("--role", type=TEXT, help="The job you interviewed for.")
@click.option(
    "--interview-at", "interview_at", type=WHEN, metavar="WHEN", help="When the interview was (default: now)."
)
@click.option("--stage", type=TEXT, help="Which interview: phone screen, onsite, final...")
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    type=TEXT,
    metavar='"NAME <EMAIL>"',
    help="Someone who interviewed you; repeat for each.",
)
@click.option("--decision-by", type=FUTURE_DATE, metavar="DATE", help="When they said they would decide.")
@click.option(
    "--weak-answer",
    "weak_answers",
    multiple=True,
    type=TEXT,
    metavar="TEXT",
    help="A question you feel you answered weakly (for the thank-you note); repeatable.",
)
@click.option("--notes", type=TEXT, help="Anything else worth remembering.")
@click.option("--applied", is_flag=True, help="Record an application with no interview yet.")
@click.option(
    "--app",
    "app_ref",
    type=TEXT,
    metavar="ID",
    shell_complete=complete_app,
    help="Add a further interview round to this application.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the application as JSON.")
def add(
    company: str | None,
    role: str | None,
    interview_at: Any,
    stage: str | None,
    interviewers: tuple[str, ...],
    decision_by: date | None,
    weak_answers: tuple[str, ...],
    notes: str | None,
    applied: bool,
    app_ref: str | None,
    as_json: bool,
) -> None:
    """Record an application and its interview, right after the interview."""
    from followup.app import track as service
    from followup.people import parse_person

    state = current_state()
    if applied and (interview_at or interviewers or stage or weak_answers):
        raise click.UsageError(
            "--applied records an application with no interview; drop the interview options"
        )
    if applied and app_ref:
        raise click.UsageError("--applied and --app cannot be combined")
    if app_ref is None and (not company or not role):
        if terminal.interactive():
            company, role, interview_at, interviewers, decision_by, weak_answers = _prompt_missing(
                company, role, interview_at, interviewers, decision_by, weak_answers, applied
            )
        else:
            missing = " and ".join(flag for flag, v in (("--company", company), ("--role", role)) if not v)
            raise click.UsageError(f"missing {missing} (or run `followup add` in a terminal to be asked)")
    people = tuple(parse_person(text) for text in interviewers)
    interview = None
    if not applied:
        at, _ = (
            interview_at if interview_at is not None else (state.now.replace(second=0, microsecond=0), True)
        )
        interview = service.NewInterview(
            at=at,
            stage=stage,
            interviewers=people,
            weak_answers=weak_answers,
            notes=notes if app_ref else None,
        )
    app, nxt = service.add_application(state.ctx, company, role, interview, decision_by, notes, app_ref)
    if as_json:
        from followup.output.plain import app_json, emit_json

        emit_json(app_json(app))
        return
    from followup.dates import human_date
    from followup.kinds import ActionKind, ActionState
    from followup.output.plain import title

    click.echo(app.id)
    hint = ""
    if nxt is not None and nxt.action is ActionKind.INTERVIEW:
        hint = f" Next: {title(nxt)} ({human_date(nxt.due, state.today)})."
    elif nxt is not None:
        when = "overdue since" if nxt.state(state.today) is ActionState.OVERDUE else "by"
        hint = f" Next: {title(nxt)}, {when} {human_date(nxt.due, state.today)}."
    say(f"Recorded {app.company} · {app.role} as {app.id}.{hint}", err=True)


# log-contact ---------------------------------------------------------------------------------------


@click.command("log-contact")
@APP_ID
@click.option(
    "--kind",
    type=click.Choice(EVENT_KINDS),
    default=None,
    help="What the contact was (default follow-up, or reply when it answers their message of the last"
    " few days; reply with --outcome).",
)
@click.option("--channel", type=click.Choice(CHANNELS), default="email", show_default=True, help="How.")
@click.option("--inbound", is_flag=True, help="They contacted you (default: you contacted them).")
@with_option(
    "Who: an interviewer or a contact, by full name, email or first name; again for each person"
    " (default: everyone concerned).",
    multiple=True,
)
@click.option(
    "--new", is_flag=True, help="The --with people are new to followup: record their names as typed."
)
@click.option("--note", type=TEXT, help="What was said.")
@click.option("--on", type=PAST_DATE, metavar="DATE", help="When (default today).")
@click.option(
    "--decision-by", type=FUTURE_DATE, metavar="DATE", help="A new date they gave for their decision."
)
@click.option(
    "--outcome",
    type=click.Choice(("offer", "rejected")),
    help="They told you their decision (implies --inbound and sets the status).",
)
@click.option(
    "--respond-by",
    type=FUTURE_DATE,
    metavar="DATE",
    help="With an offer: the date they want your answer by.",
)
def log_contact(
    app_ref: str,
    kind: str | None,
    channel: str,
    inbound: bool,
    with_: tuple[str, ...],
    new: bool,
    note: str | None,
    on: date | None,
    decision_by: date | None,
    outcome: str | None,
    respond_by: date | None,
) -> None:
    """Record an email, call or message to or from an employer, reference or contact."""
    from followup.app import track as service
    from followup.kinds import Channel, EventKind, Outcome

    state = current_state()
    logged = service.log_contact(
        state.ctx,
        app_ref,
        EventKind(kind) if kind else None,
        Channel(channel),
        inbound,
        with_,
        note,
        on,
        decision_by,
        Outcome(outcome) if outcome else None,
        respond_by,
        new,
    )
    from followup.output.plain import logged_text

    say(logged_text(logged, state.today))
    if respond_by is not None:
        say(f"They want your answer to the offer by {respond_by.isoformat()}.")
    app = logged.app
    if logged.reopened_from is not None:
        say(f"Reopened: {app.company} ({app.id}) was {logged.reopened_from}; it is {app.status} again.")
    elif logged.stays_closed is not None:
        say(
            f"{app.company} ({app.id}) stays {app.status}: {logged.stays_closed}"
            f" (`followup status {app.id} interviewing` reopens it)."
        )
    if logged.reply_to is not None:
        say(
            f"Counted as a reply to their message of {logged.reply_to.isoformat()}, not a follow-up"
            " (give --kind follow-up if it was one)."
        )
    if logged.warning:
        say(f"Warning: {logged.warning}.", err=True)


class Doable(click.Choice):
    """The actions `done` ticks off; another action's kind says what closes it instead."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        hint = next((s.done_hint for kind, s in SPECS.items() if kind == value and s.done_hint), None)
        if hint is not None:  # the message `done` itself would give, not Click's "invalid value"
            raise UsageError(f"{value} is not ticked off with `done`: {hint}")
        return super().convert(value, param, ctx)


# status, done, review -----------------------------------------------------------------------------


@click.command()
@APP_ID
@click.argument("new_status", metavar="STATUS", type=click.Choice(STATUSES))
@click.option("--on", type=PAST_DATE, metavar="DATE", help="When it happened (default today).")
@click.option(
    "--reapply-after",
    type=FUTURE_DATE,
    metavar="DATE",
    help="With rejected, withdrawn or ghosted: remind you to apply there again from DATE.",
)
@click.option(
    "--respond-by",
    type=FUTURE_DATE,
    metavar="DATE",
    help="With offer: the date they want your answer by.",
)
def status(
    app_ref: str, new_status: str, on: date | None, reapply_after: date | None, respond_by: date | None
) -> None:
    """Set an application's status.

    STATUS is one of applied, interviewing, offer, accepted, rejected, withdrawn, ghosted.
    """
    from followup.app import track as service
    from followup.kinds import Status

    state = current_state()
    app, changed = service.set_status(state.ctx, app_ref, Status(new_status), on, reapply_after, respond_by)
    if changed and reapply_after is not None:
        say(f"{app.company} ({app.id}) is now {app.status}; apply again from {reapply_after.isoformat()}.")
    elif changed and respond_by is not None:
        say(f"{app.company} ({app.id}) is now {app.status}; answer it by {respond_by.isoformat()}.")
    elif changed:
        say(f"{app.company} ({app.id}) is now {app.status}.")
    else:
        say(f"{app.company} ({app.id}) was already {app.status}; nothing changed.")


@click.command()
@APP_ID
@click.argument("action", metavar="ACTION", type=Doable(DONE_KINDS))
@with_option("The person it was for (default: all).")
def done(app_ref: str, action: str, with_: str | None) -> None:
    """Tick off an action done outside the log (you thanked them in person, say)."""
    from followup.app import track as service
    from followup.kinds import ActionKind

    closed = service.mark_done(current_state().ctx, app_ref, ActionKind(action), with_)
    for item in closed:
        who = f" ({item.person})" if item.person else ""
        say(f"Done: {item.action}{who} for {item.company} ({item.app}).")


REVIEW_TEMPLATE = """# What went well in the interview? Write below this line.

# What would you do better next time? Write below this line.

# Lines starting with # are ignored. Save and close to record the review.
"""


def _review_from_editor() -> tuple[str | None, str | None]:
    text = terminal.edit(REVIEW_TEMPLATE, "nothing was recorded")
    if text is None:
        raise FollowupError("review not saved in the editor; nothing was recorded")
    sections: list[list[str]] = [[], []]
    index = -1
    for line in text.splitlines():
        if line.startswith("#"):
            if "went well" in line:
                index = 0
            elif "better" in line:
                index = 1
            continue
        if index >= 0:
            sections[index].append(line)
    well, improve = ("\n".join(part).strip() or None for part in sections)
    if well is None and improve is None:
        raise FollowupError("the review is empty; nothing was recorded")
    return well, improve


@click.command()
@APP_ID
@click.option("--went-well", type=TEXT, metavar="TEXT", help="What worked.")
@click.option("--improve", type=TEXT, metavar="TEXT", help="What to do better next time.")
def review(app_ref: str, went_well: str | None, improve: str | None) -> None:
    """Write down what went well and what to do better.

    Without --went-well or --improve, opens $EDITOR on a short form.
    """
    from followup.app import track as service
    from followup.app.context import load_naming

    state = current_state()
    if went_well is None and improve is None:
        if not terminal.interactive():
            raise click.UsageError("give --went-well and/or --improve (or run in a terminal to use $EDITOR)")
        load_naming(state.ctx, app_ref)  # fail before opening the editor
        went_well, improve = _review_from_editor()
    app = service.add_review(state.ctx, app_ref, went_well, improve)
    say(f"Review of {app.company} ({app.id}) recorded.")


done.help = one_of(done.help or "", "ACTION", DONE_KINDS)


def register(group: click.Group) -> None:
    """Add these commands to the root `followup` group."""
    for command in (add, log_contact, status, done, review):
        group.add_command(command)
