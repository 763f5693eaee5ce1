"""`followup sync` and `followup sync init`: the store shared with a second computer (docs/sync.md).

A thin layer: parse, call followup.app.sync, say what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from followup.cli.params import TEXT
from followup.cli.state import current_state
from followup.output.echo import say

if TYPE_CHECKING:
    from followup.app.sync import Synced


@click.group("sync", invoke_without_command=True)
@click.pass_context
def sync(click_ctx: click.Context) -> None:
    """Share the store with another computer: merge the other machine's changes into this one's and
    send this one's, through a git remote (after `followup sync init REMOTE`) or a shared folder
    (Syncthing, Nextcloud, Dropbox: their conflict copies of the store are merged and removed).
    Records added on both machines are all kept; a value changed on both is resolved by a fixed
    rule, and each such resolution is told (docs/sync.md)."""
    if click_ctx.invoked_subcommand is not None:
        return
    from followup.app import sync as service

    _tell(service.sync(current_state().ctx))


@sync.command("init")
@click.argument("remote", type=TEXT)
def sync_init(remote: str) -> None:
    """Sync with the git repository REMOTE: any git URL (ssh, https) or the path of a repository
    (a bare one on a disk, say). The history is kept in `followup.json.sync/` beside the store."""
    from followup.app import sync as service

    done = service.init(current_state().ctx, remote)
    if done.previous and done.previous != done.remote:
        say(f"Now syncing with {done.remote} (was {done.previous}).")
    else:
        say(f"Syncing with {done.remote}; the history is kept in {done.folder}.")
    say("Run `followup sync` on each computer to send and receive changes.")


def _tell(result: Synced) -> None:
    for copy in result.copies:
        say(f"Merged the conflict copy {copy.name} into the store and removed it.")
    for resolution in result.copy_resolutions:
        say(f"Resolved {resolution.describe('this store', 'the conflict copy')}.")
    report = result.remote
    if report is None:
        return
    for resolution in report.resolutions:
        say(f"Resolved {resolution.describe()}.")
    if report.sent and report.received:
        say(f"Synced with {report.remote}: sent this machine's changes and took the other machine's.")
    elif report.received:
        say(f"Synced with {report.remote}: took the other machine's changes.")
    elif report.sent:
        say(f"Synced with {report.remote}: sent this machine's changes.")
    else:
        say(f"Already in step with {report.remote}.")
    if report.unsent:
        say(
            f"Warning: the merge is saved here, but {report.remote} could not be reached to send it"
            f" ({report.unsent}); the next `followup sync` sends it.",
            err=True,
        )


def register(group: click.Group) -> None:
    """Add `sync` and `sync init` to the root group."""
    group.add_command(sync)
