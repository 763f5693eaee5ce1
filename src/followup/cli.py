"""The command line: parse, call a service function, hand the result to render.

Heavy modules (pydantic, rich, dateutil) are imported inside the commands that need them, so that
`followup --help` and `followup --version` start at once.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from followup import __version__
from followup.cli_params import (
    ACTION_KINDS,
    APP_ID,
    CHANNELS,
    EVENT_KINDS,
    FUTURE_DATE,
    PAST_DATE,
    RELATIONS,
    STATUSES,
    TEXT,
    TODAY_ENV,
    WHEN,
    State,
    complete_app,
    current_state,
    interactive,
    today_option,
    with_option,
)
from followup.echo import say
from followup.errors import EXIT_ERROR, EXIT_USAGE, FollowupError

if TYPE_CHECKING:
    pass

_debug = False


class _Failure(click.ClickException):
    """A FollowupError on its way out: Click prints `Error: message` on stderr and exits 1."""

    exit_code = EXIT_ERROR


class _UsageFailure(_Failure):
    exit_code = EXIT_USAGE


# Commands defined in modules of their own, imported only when one of them runs (or for completion),
# so that `followup --help` does not pay for them. Their one-line help is listed here for `--help`;
# tests/test_docs.py checks it against each command's own.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "draft": (
        "followup.cli_extras",
        "Draft a short message: thank-you, follow-up, reference, network or reply.",
    ),
    "why": (
        "followup.cli_extras",
        "Explain every rule that bears on an application: what it decided, why, and from which dates.",
    ),
    "snooze": (
        "followup.cli_extras",
        "Put an action off: it leaves the agenda until DATE and comes back then, due, not overdue.",
    ),
    "unsnooze": ("followup.cli_extras", "Bring a snoozed action back onto the agenda now."),
    "dismiss": ("followup.cli_extras", "Drop an action for good (`followup show ID` still lists it)."),
    "stats": (
        "followup.cli_extras",
        "Your own numbers: the funnel, response rate, time to a decision, silence, follow-ups, and how"
        " many applications you keep active.",
    ),
    "export": (
        "followup.cli_interop",
        "Export to your calendar (ics), a spreadsheet (csv) or a backup (json).",
    ),
    "import": (
        "followup.cli_interop",
        "Add applications from a spreadsheet (csv) or a `followup export` (json).",
    ),
    "completion": ("followup.cli_interop", "Print the shell completion script for bash, zsh or fish."),
    "config": (
        "followup.cli_interop",
        "The settings in config.toml: every number the rules use (see docs/rules.md).",
    ),
}


class FollowupGroup(click.Group):
    """The one place that decides how a domain error reaches the user (see errors.py for codes),
    and that loads the commands of LAZY_COMMANDS when they are needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            module: Any = importlib.import_module(LAZY_COMMANDS[cmd_name][0])
            module.register(self)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = [n for n in self.list_commands(ctx) if n in LAZY_COMMANDS or not self.commands[n].hidden]
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                stand_in = click.Command(name, help=LAZY_COMMANDS[name][1])  # shortened as Click would
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FollowupError as err:
            if _debug:
                raise
            failure = _UsageFailure if err.exit_code == EXIT_USAGE else _Failure
            from followup.echo import literal  # data in a message must not reach the terminal raw

            raise failure(literal(str(err))) from err


@click.group(
    cls=FollowupGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.option(
    "--store",
    metavar="PATH",
    envvar="FOLLOWUP_STORE",
    type=TEXT,
    help="The data file (default: followup.json in your platform's data folder).",
)
@click.option(
    "--today",
    "today",
    metavar="DATE",
    envvar=TODAY_ENV,
    callback=today_option,
    expose_value=True,
    help="Pretend that today is DATE, to plan ahead or look back.",
)
@click.option("--no-color", is_flag=True, help="Plain output without colours (NO_COLOR does the same).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.version_option(__version__, "--version", prog_name="followup", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, store: str | None, today: date | None, no_color: bool, debug: bool) -> None:
    """What to do after the interview, and when.

    \b
      followup add              right after an interview
      followup today            each morning: what to do, and why
      followup log-contact ID   after each email or call to an employer
    """
    global _debug
    _debug = debug
    now = datetime.now()
    if today is not None:
        now = datetime.combine(today, now.time())
    ctx.obj = State(store, now.date(), now, no_color)


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
            answer = click.prompt(
                "When did they say they would decide (blank if they didn't)",
                default="",
                show_default=False,
                type=TEXT,
            )
            decision_by = FUTURE_DATE.convert(answer, None, None) if answer.strip() else None
        if not weak:
            answer = click.prompt(
                "Anything you felt you answered weakly (blank for none)",
                default="",
                show_default=False,
                type=TEXT,
            )
            weak = (answer,) if answer.strip() else ()
    return company, role, interview_at, interviewers, decision_by, weak


@cli.command()
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
    from followup import service

    state = current_state()
    if applied and (interview_at or interviewers or stage or weak_answers):
        raise click.UsageError(
            "--applied records an application with no interview; drop the interview options"
        )
    if applied and app_ref:
        raise click.UsageError("--applied and --app cannot be combined")
    if app_ref is None and (not company or not role):
        if interactive():
            company, role, interview_at, interviewers, decision_by, weak_answers = _prompt_missing(
                company, role, interview_at, interviewers, decision_by, weak_answers, applied
            )
        else:
            missing = " and ".join(flag for flag, v in (("--company", company), ("--role", role)) if not v)
            raise click.UsageError(f"missing {missing} (or run `followup add` in a terminal to be asked)")
    people = tuple(service.parse_person(text) for text in interviewers)
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
    app = service.add_application(state.ctx, company, role, interview, decision_by, notes, app_ref)
    if as_json:
        from followup.views import app_json, emit_json

        emit_json(app_json(app))
        return
    from followup.dates import human_date
    from followup.echo import literal
    from followup.views import title

    click.echo(app.id)
    nxt = service.rules.next_action(app, [], state.today, state.ctx.settings)
    hint = f" Next: {title(nxt)}, by {human_date(nxt.due, state.today)}." if nxt else ""
    click.echo(literal(f"Recorded {app.company} · {app.role} as {app.id}.{hint}"), err=True)


# today --------------------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    default=None,
    metavar="N",
    help="How many days ahead to show (default 7, or agenda_days in the config).",
)
@click.option("--all", "show_all", is_flag=True, help="List every upcoming and waiting item, not a summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON.")
def today(days: int | None, show_all: bool, as_json: bool) -> None:
    """What to do today, what is coming up, and what you are waiting for."""
    # On an unchanged store the agenda comes from the cache (see cache.py) without the models or Rich.
    from followup import cache, views
    from followup.paths import config_path, store_path

    state = current_state()
    agenda_cache = cache.AgendaCache(store_path(state.store_override), config_path(), state.today, days)
    entry = agenda_cache.get()
    if entry is None:
        from followup import service

        # With a cache, tomorrow's agenda is worked out too: tomorrow's first run is then a hit,
        # unless the store, the config or the program changes in between.
        dates = [state.today, state.today + timedelta(days=1)] if agenda_cache.enabled else [state.today]
        agendas = service.agendas(state.ctx, days, dates)
        worked_out = [cache.Entry(views.agenda_json(a), a.days, a.applications) for a in agendas]
        entry = worked_out[0]
        if agendas[0].source is not None:
            agenda_cache.put(agendas[0].source, worked_out)
    if as_json:
        views.emit_json(entry.document)
        return
    lines = views.agenda_lines(entry.document, entry.days, show_all)
    if views.wants_plain(sys.stdout):
        click.echo(views.agenda_text(lines, views.plain_width()), nl=False)
    else:
        from followup.render import render_agenda

        render_agenda(state.console(), lines)


# log-contact ---------------------------------------------------------------------------------------


@cli.command("log-contact")
@APP_ID
@click.option(
    "--kind",
    type=click.Choice(EVENT_KINDS),
    default=None,
    help="What the contact was (default follow-up; reply with --outcome).",
)
@click.option("--channel", type=click.Choice(CHANNELS), default="email", show_default=True, help="How.")
@click.option("--inbound", is_flag=True, help="They contacted you (default: you contacted them).")
@with_option("Who (default: everyone concerned).")
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
def log_contact(
    app_ref: str,
    kind: str | None,
    channel: str,
    inbound: bool,
    with_: str | None,
    note: str | None,
    on: date | None,
    decision_by: date | None,
    outcome: str | None,
) -> None:
    """Record an email, call or message to or from an employer, reference or contact."""
    from followup import service
    from followup.models import Channel, EventKind, Outcome

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
    )
    event = logged.event
    direction = "from" if event.inbound else "with"
    say(f"Logged {event.kind} {direction} {logged.app.company} ({logged.app.id}) on {event.on.isoformat()}.")
    if logged.warning:
        say(f"Warning: {logged.warning}.", err=True)


# status, done, review -----------------------------------------------------------------------------


@cli.command()
@APP_ID
@click.argument("new_status", metavar="STATUS", type=click.Choice(STATUSES))
@click.option("--on", type=PAST_DATE, metavar="DATE", help="When it happened (default today).")
@click.option(
    "--reapply-after",
    type=FUTURE_DATE,
    metavar="DATE",
    help="With rejected, withdrawn or ghosted: remind you to apply there again from DATE.",
)
def status(app_ref: str, new_status: str, on: date | None, reapply_after: date | None) -> None:
    """Set an application's status.

    STATUS is one of applied, interviewing, offer, accepted, rejected, withdrawn, ghosted.
    """
    from followup import service
    from followup.models import Status

    state = current_state()
    app, changed = service.set_status(state.ctx, app_ref, Status(new_status), on, reapply_after)
    if changed and reapply_after is not None:
        say(f"{app.company} ({app.id}) is now {app.status}; apply again from {reapply_after.isoformat()}.")
    elif changed:
        say(f"{app.company} ({app.id}) is now {app.status}.")
    else:
        say(f"{app.company} ({app.id}) was already {app.status}; nothing changed.")


@cli.command()
@APP_ID
@click.argument("action", type=click.Choice(ACTION_KINDS))
@with_option("The person it was for (default: all).")
def done(app_ref: str, action: str, with_: str | None) -> None:
    """Tick off an action done outside the log (you thanked them in person, say)."""
    from followup import service
    from followup.models import ActionKind

    closed = service.mark_done(current_state().ctx, app_ref, ActionKind(action), with_)
    for item in closed:
        who = f" ({item.person})" if item.person else ""
        say(f"Done: {item.action}{who} for {item.company} ({item.app}).")


REVIEW_TEMPLATE = """# What went well in the interview? Write below this line.

# What would you do better next time? Write below this line.

# Lines starting with # are ignored. Save and close to record the review.
"""


def _review_from_editor() -> tuple[str | None, str | None]:
    text = click.edit(REVIEW_TEMPLATE, extension=".txt")
    if text is None:
        raise click.UsageError("review not saved; nothing was recorded")
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
    return well, improve


@cli.command()
@APP_ID
@click.option("--went-well", type=TEXT, metavar="TEXT", help="What worked.")
@click.option("--improve", type=TEXT, metavar="TEXT", help="What to do better next time.")
def review(app_ref: str, went_well: str | None, improve: str | None) -> None:
    """Write down what went well and what to do better.

    Without --went-well or --improve, opens $EDITOR on a short form.
    """
    from followup import service

    state = current_state()
    if went_well is None and improve is None:
        if not interactive():
            raise click.UsageError("give --went-well and/or --improve (or run in a terminal to use $EDITOR)")
        service.resolve(state.ctx.store.load(), app_ref)  # fail before opening the editor
        went_well, improve = _review_from_editor()
    app = service.add_review(state.ctx, app_ref, went_well, improve)
    say(f"Review of {app.company} ({app.id}) recorded.")


# contacts -----------------------------------------------------------------------------------------


@cli.group()
def contact() -> None:
    """Your references and networking contacts."""


@contact.command("add")
@click.argument("name", type=TEXT)
@click.option("--email", type=TEXT, help="Their email address.")
@click.option("--phone", type=TEXT, help="Their phone number.")
@click.option("--company", type=TEXT, help="Where they work (network contacts are matched on it).")
@click.option(
    "--relation",
    type=click.Choice(RELATIONS),
    default="other",
    show_default=True,
    help="reference: may be called by employers; network: can put in a good word.",
)
def contact_add(name: str, email: str | None, phone: str | None, company: str | None, relation: str) -> None:
    """Add a reference or a contact."""
    from followup import service
    from followup.models import Relation

    added = service.add_contact(current_state().ctx, name, email, phone, company, Relation(relation))
    say(f"Added {added.name} ({added.relation}).")


@contact.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the contacts as JSON.")
def contact_list(as_json: bool) -> None:
    """List your contacts."""
    from followup import render, service, views

    state = current_state()
    contacts = service.list_contacts(state.ctx)
    if as_json:
        views.emit_json([views.contact_json(c) for c in contacts])
    else:
        render.render_contacts(state.console(), contacts)


# list, show ---------------------------------------------------------------------------------------


@cli.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include closed applications.")
@click.option("--json", "as_json", is_flag=True, help="Print the applications as JSON.")
def list_(show_all: bool, as_json: bool) -> None:
    """List your applications (the active ones unless --all)."""
    from followup import render, service, views

    state = current_state()
    rows = service.list_applications(state.ctx, show_all)
    if as_json:
        items = []
        for row in rows:
            item = views.app_json(row.app)
            item["next_action"] = row.next_action.to_json(state.today) if row.next_action else None
            items.append(item)
        views.emit_json(items)
    else:
        render.render_rows(state.console(), rows, state.today)


@cli.command()
@APP_ID
@click.option("--json", "as_json", is_flag=True, help="Print the application as JSON.")
def show(app_ref: str, as_json: bool) -> None:
    """Show one application: its timeline and open actions."""
    from followup import render, service, views

    state = current_state()
    detail = service.show_application(state.ctx, app_ref)
    if as_json:
        item = views.app_json(detail.app)
        item["actions"] = [a.to_json(state.today) for a in detail.actions]
        views.emit_json(item)
    else:
        render.render_detail(state.console(), detail, state.today)


# entry point --------------------------------------------------------------------------------------


def main() -> None:
    """Run the CLI. Domain errors were already turned into one line and an exit code by the group;
    anything unexpected is still one line, never a traceback (unless --debug)."""
    try:
        cli.main(prog_name="followup")
    except Exception as err:
        if _debug:
            raise
        say(f"Error: unexpected {type(err).__name__}: {err} (run with --debug for details)", err=True)
        sys.exit(EXIT_ERROR)
