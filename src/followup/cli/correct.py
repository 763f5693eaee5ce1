"""Commands that correct what was recorded: undo (and the change history).

A thin layer like the other command modules: parse, call app/correct.py, print a line.
`register(group)` adds the commands to the root group.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from followup.output.echo import say


def _change_json(change: Any) -> dict[str, Any]:
    fields = dataclasses.asdict(change)
    return {"number": fields.pop("seq"), **fields}


@click.command()
@click.argument("number", metavar="[N]", type=click.IntRange(min=1), required=False)
@click.option("--list", "show_list", is_flag=True, help="Show the recent changes, newest first.")
@click.option("--json", "as_json", is_flag=True, help="With --list, print the changes as JSON.")
def undo(number: int | None, show_list: bool, as_json: bool) -> None:
    """Undo the last change, or change N of `followup undo --list`.

    Run again, it goes further back. An undo is a change too: `followup undo N` on it does the change
    again. A change is not undone while a later one changed the same application or contact (undo
    that one first).
    """
    from followup.app import correct
    from followup.cli.state import current_state

    state = current_state()
    if show_list:
        if number is not None:
            raise click.UsageError("--list shows every change; drop N")
        changes = correct.list_changes(state.ctx)
        if as_json:
            from followup.output.plain import emit_json

            emit_json([_change_json(c) for c in changes])
            return
        if not changes:
            say("No changes recorded yet.")
        for change in changes:
            when = change.at.replace("T", " ")[:16]
            mark = f" [undone by {change.undone_by}]" if change.undone_by is not None else ""
            say(f"{change.seq:>4}  {when}  {change.command}  ({change.summary}){mark}")
        return
    if as_json:
        raise click.UsageError("--json goes with --list")
    undone = correct.undo(state.ctx, number)
    if undone.undoes is not None:
        say(f"Undid change {undone.seq} ({undone.command}), which {undone.summary}.")
    else:
        say(f"Undid change {undone.seq} ({undone.command}): {undone.summary}.")


def register(group: click.Group) -> None:
    """Add these commands to the root `followup` group."""
    for command in (undo,):
        group.add_command(command)
