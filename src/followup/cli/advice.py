"""Commands about the advice itself: draft what to send, explain why (`why`), put it off or drop it
(`snooze`, `unsnooze`, `dismiss`), and the numbers behind it (`stats`).

A thin layer: parse, call a function of followup.app, hand the result to followup.output. Only click
and the standard library are imported here at the top; everything else inside the commands, so
`followup --help` stays quick. `register(group)` adds the commands to the root group.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from followup.cli import state as terminal
from followup.cli.params import (
    APP_ID,
    FUTURE_DATE,
    PAST_DATE,
    TEXT,
    one_of,
    with_option,
)
from followup.cli.state import current_state
from followup.errors import FollowupError
from followup.kinds import DRAFT_KINDS
from followup.output.echo import say
from followup.rules import HOLDABLE_KINDS

WITH = with_option("The person it is for (default: everyone concerned).")


# draft --------------------------------------------------------------------------------------------


@click.command()
@APP_ID
@click.argument("kind", metavar="[KIND]", required=False, type=click.Choice(DRAFT_KINDS))
@click.option(
    "--with",
    "with_",
    type=TEXT,
    metavar="NAME",
    help="Whom to write to (default: the person the next open action is for).",
)
@click.option("--edit", is_flag=True, help="Open the draft in $EDITOR before printing it.")
@click.option("--mailto", is_flag=True, help="Print a mailto: link with the subject and body instead.")
def draft(app_ref: str, kind: str | None, with_: str | None, edit: bool, mailto: bool) -> None:
    """Draft a short message: thank-you, follow-up, reference, network, reply or withdraw.

    Without KIND, drafts what the application's next open action calls for. Templates are plain text
    files with $placeholders; put your own in `templates/` next to config.toml to override them.
    The draft goes to stdout; after sending it, record it with `followup log-contact`.
    """
    from dataclasses import replace

    from followup.app import compose as drafts
    from followup.app import drafts as extras

    state = current_state()
    result = extras.draft(state.ctx, app_ref, kind, with_)
    made = result.draft
    if mailto:
        made.mailto()  # no email address: fail before the editor opens
    if made.too_early is not None:  # said first; the draft is still printed, to keep for that day
        say(f"Too early to send: {made.too_early}. The draft follows.", err=True)
    if edit:
        edited = terminal.edit(made.text(), "nothing was printed")
        if edited is None:
            say("Draft not saved in the editor; printing it unchanged.", err=True)
        elif not edited.strip():  # emptied, as one cancels a commit message
            raise FollowupError("the draft was emptied in the editor; nothing was printed")
        else:
            subject, body = drafts.split_subject(edited)
            made = replace(made, subject=subject or made.subject, body=body)
    if mailto:
        say(made.mailto())
    else:
        say(made.text(), nl=False, hang=0, lines=True)  # paragraphs: wrapped lines stay at the margin
    if result.template_path is not None:
        say(f"(from your template {result.template_path})", err=True)
    for name in made.others:  # the commands stay whole on a terminal, to paste into the shell
        also = f"Also due for {name}: "
        say(f"{also}followup draft {made.app_id} {made.kind} --with {name!r}", err=True, keep_from=len(also))
    record = "After sending it, record it: "
    say(record + made.log_command(), err=True, keep_from=len(record))


# why ----------------------------------------------------------------------------------------------


@click.command()
@APP_ID
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def why(app_ref: str, as_json: bool) -> None:
    """Explain every rule that bears on an application: what it decided, why, and from which dates."""
    from followup.app import plan as extras
    from followup.output import plain as views
    from followup.output import terminal as render

    state = current_state()
    explanation = extras.why(state.ctx, app_ref)
    if as_json:
        views.emit_json(explanation.to_json())
    else:
        render.render_why(state.console(), explanation)


# snooze, unsnooze, dismiss --------------------------------------------------------------------------


def _describe(action: Any) -> str:
    who = f" ({action.person})" if action.person else ""
    return f"{action.action}{who} for {action.company} ({action.app})"


@click.command()
@APP_ID
@click.argument("action", metavar="ACTION", type=click.Choice(HOLDABLE_KINDS))
@click.option(
    "--until",
    type=FUTURE_DATE,
    metavar="DATE",
    required=True,
    help="The day it comes back on the agenda, due that day.",
)
@WITH
def snooze(app_ref: str, action: str, until: date, with_: str | None) -> None:
    """Put an action off: it leaves the agenda until DATE and comes back then, due, not overdue."""
    from followup.app import plan as extras
    from followup.kinds import ActionKind

    state = current_state()
    for item in extras.snooze(state.ctx, app_ref, ActionKind(action), until, with_):
        say(f"Snoozed {_describe(item)} until {until.isoformat()}.")


@click.command()
@APP_ID
@click.argument("action", metavar="ACTION", type=click.Choice(HOLDABLE_KINDS))
@WITH
def unsnooze(app_ref: str, action: str, with_: str | None) -> None:
    """Bring a snoozed action back onto the agenda now."""
    from followup.app import plan as extras
    from followup.kinds import ActionKind

    state = current_state()
    for item in extras.unsnooze(state.ctx, app_ref, ActionKind(action), with_):
        who = f" ({item.person})" if item.person else ""
        say(f"Unsnoozed {item.action}{who}; it is back on the agenda.")


@click.command()
@APP_ID
@click.argument("action", metavar="ACTION", type=click.Choice(HOLDABLE_KINDS))
@WITH
def dismiss(app_ref: str, action: str, with_: str | None) -> None:
    """Drop an action for good (`followup show ID` still lists it)."""
    from followup.app import plan as extras
    from followup.kinds import ActionKind

    state = current_state()
    for item in extras.dismiss(state.ctx, app_ref, ActionKind(action), with_):
        say(f"Dismissed {_describe(item)}.")


# stats --------------------------------------------------------------------------------------------


@click.command()
@click.option("--since", type=PAST_DATE, metavar="DATE", help="Count applications started from DATE on.")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def stats(since: date | None, as_json: bool) -> None:
    """Your own numbers: the funnel, response rate, time to a decision, silence, follow-ups, and how
    many applications you keep active."""
    from followup.app import stats as extras
    from followup.output import plain as views
    from followup.output import terminal as render

    state = current_state()
    numbers = extras.stats(state.ctx, since)
    if as_json:
        views.emit_json(numbers.to_json())
    else:
        render.render_stats(state.console(), numbers)


COMMANDS = (draft, why, snooze, unsnooze, dismiss, stats)


for _held in (snooze, unsnooze, dismiss):
    _held.help = one_of(_held.help or "", "ACTION", HOLDABLE_KINDS)


def register(group: click.Group) -> None:
    """Add the commands to the root group."""
    for command in COMMANDS:
        group.add_command(command)
