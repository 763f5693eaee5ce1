"""`followup sync`: the store shared with another computer, through a git remote or a shared folder.

The work is in followup.sync (the merge, git, the conflict copies); here it meets the Context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from followup.errors import FollowupError

if TYPE_CHECKING:
    from followup.app.context import Context
    from followup.sync.merge import Resolution
    from followup.sync.remote import Report


@dataclass
class Synced:
    copies: list[Path] = field(default_factory=list)  # shared-folder conflict copies merged and removed
    copy_resolutions: list[Resolution] = field(default_factory=list)
    remote: Report | None = None  # None: no git remote set up


@dataclass
class SetUp:
    remote: str
    previous: str | None  # the remote it replaced
    folder: Path


def init(ctx: Context, remote: str) -> SetUp:
    from followup.sync import remote as git_sync

    url, previous, folder = git_sync.init(ctx.store.path, remote)
    return SetUp(url, previous, folder)


def sync(ctx: Context) -> Synced:
    """Merge the shared folder's conflict copies, if any, then sync with the git remote, if set up."""
    from followup.sync import folder
    from followup.sync import remote as git_sync
    from followup.sync.git import Repo

    copies, resolutions = folder.merge_copies(ctx.store)
    result = Synced(copies, resolutions)
    if Repo.beside(ctx.store.path).exists():
        result.remote = git_sync.sync(ctx.store)
    elif not copies:
        raise FollowupError(
            "sync is not set up for this store (and no shared-folder conflict copies of it were found);"
            " run `followup sync init REMOTE` first"
        )
    return result


def waiting_copies(store_path: Path) -> list[Path]:
    """The shared folder's conflict copies of the store that `followup sync` would merge."""
    from followup.store.copies import conflict_copies

    return conflict_copies(store_path)
