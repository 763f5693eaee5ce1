"""`followup mail scan` and `followup inbox`: read your mail, then decide what it proposes.

A thin layer: parse, call app/mail.py or app/inbox.py, print a line through `say` (which makes
anything from a message inert). `register(group)` adds both groups to the root group.
"""

from __future__ import annotations

import click

from followup.cli.params import EVENT_KINDS, TEXT, complete_app
from followup.cli.state import current_state
from followup.output.echo import say


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


@click.group()
def mail() -> None:
    """Read your own mail, locally, and propose what happened (see docs/mail.md)."""


@mail.command("scan")
@click.argument("sources", nargs=-1, type=TEXT, metavar="[SOURCE]...")
def mail_scan(sources: tuple[str, ...]) -> None:
    """Read new messages and propose the contacts they record; nothing is logged without your word.

    SOURCE is a Maildir folder, an mbox file, a message file, `-` for standard input,
    `notmuch:QUERY` or `imaps://user@host/FOLDER`; without one, the `sources` of the [mail] table
    of the config. Sources are only ever read: nothing is moved, flagged or deleted.
    """
    from followup.app import mail as service

    state = current_state()
    result = service.scan(state.ctx, sources)
    for line in result.skipped:
        say(line, err=True)
    parts = [_count(len(result.proposals), "new proposal")]
    if result.unmatched:
        parts.append(f"{result.unmatched} unmatched")
    if result.accepted:
        parts.append(f"{len(result.accepted)} accepted")
    summary = ", ".join(parts)
    if result.skipped:
        summary += f"; {_count(len(result.skipped), 'message')} skipped"
    waiting = len(result.proposals) - len(result.accepted)
    hint = " (`followup inbox` lists them)" if waiting else ""
    say(f"{summary}{hint}.")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the proposals as JSON.")
@click.option("--all", "show_all", is_flag=True, help="Include the proposals already accepted or rejected.")
@click.pass_context
def inbox(ctx: click.Context, as_json: bool, show_all: bool) -> None:
    """The messages `mail scan` read, waiting for your word: accept, reject or edit each."""
    if ctx.invoked_subcommand is not None:
        return
    from followup.app import inbox as service

    state = current_state()
    proposals = service.waiting(state.ctx, show_all)
    if as_json:
        from followup.output.inbox import proposal_json
        from followup.output.plain import emit_json

        emit_json({"proposals": [proposal_json(p) for p in proposals]})
        return
    from followup.output.inbox import render_inbox

    render_inbox(state.console(), proposals)


@inbox.command("accept")
@click.argument("ids", nargs=-1, type=TEXT, metavar="ID...")
@click.option(
    "--all", "everything", is_flag=True, help="Accept every waiting proposal matched to an application."
)
def inbox_accept(ids: tuple[str, ...], everything: bool) -> None:
    """Log what the proposals say, as `followup log-contact` would, with their Message-IDs."""
    from followup.app import inbox as service
    from followup.output.plain import logged_text

    state = current_state()
    if ids and everything:
        raise click.UsageError("give the ids or --all, not both")
    accepted, left = service.accept(state.ctx, ids, everything)
    for item in accepted:
        say(f"{item.proposal.id}: {logged_text(item.logged, state.today)}")
        if item.logged.warning:
            say(f"Warning: {item.logged.warning}.", err=True)
    if not accepted:
        say("Nothing to accept.")
    if left:
        say(f"{_count(left, 'unmatched proposal')} left: `followup inbox edit ID --app APP` matches one.")


@inbox.command("reject")
@click.argument("ids", nargs=-1, type=TEXT, metavar="ID...")
def inbox_reject(ids: tuple[str, ...]) -> None:
    """Drop proposals: nothing is logged, and their messages are not proposed again."""
    from followup.app import inbox as service

    rejected = service.reject(current_state().ctx, ids)
    say(f"Rejected {', '.join(str(p.id) for p in rejected)}.")


@inbox.command("edit")
@click.argument("ident", type=TEXT, metavar="ID")
@click.option(
    "--app", "app_ref", type=TEXT, metavar="APP", shell_complete=complete_app, help="The application."
)
@click.option("--kind", type=click.Choice(EVENT_KINDS), help="What the contact was.")
@click.option("--direction", type=click.Choice(("inbound", "outbound")), help="Who wrote: them or you.")
@click.option(
    "--outcome",
    type=click.Choice(("offer", "rejected", "none")),
    help="Their decision, or none for no decision.",
)
def inbox_edit(
    ident: str, app_ref: str | None, kind: str | None, direction: str | None, outcome: str | None
) -> None:
    """Correct a proposal before accepting it: its application, kind, direction or outcome."""
    from followup.app import inbox as service
    from followup.kinds import Direction, EventKind, Outcome
    from followup.output.inbox import application, proposed

    proposal = service.edit(
        current_state().ctx,
        ident,
        app_ref,
        EventKind(kind) if kind else None,
        Direction(direction) if direction else None,
        Outcome(outcome) if outcome and outcome != "none" else None,
        outcome == "none",
    )
    say(f"{proposal.id}: {application(proposal)}: {proposed(proposal)}.")


def register(group: click.Group) -> None:
    """Add `mail` and `inbox` to the root group."""
    group.add_command(mail)
    group.add_command(inbox)
