"""`followup sync` over a git remote: commit this machine's store, fetch, merge the other machine's
with followup's own merge, write the result through the Store, commit it, push; when the push is
rejected (the other machine pushed meanwhile), fetch and merge again.

The order keeps a sync that dies anywhere harmless: the store is written before the commit that
records it, and the next sync commits what the store holds and merges again, which gives the same
result (merging a merge with either side changes nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from followup.errors import FollowupError
from followup.store import Store
from followup.sync import tree
from followup.sync.git import FETCHED, Rejected, Repo, SyncError, Unreachable, machine_name
from followup.sync.merge import Resolution

ATTEMPTS = 4  # fetch-merge-push rounds before giving up on a remote that keeps moving
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/\\]+:")  # scheme://... or host:path (scp-like)


@dataclass
class Report:
    remote: str
    sent: bool = False  # this machine's changes went to the remote
    received: bool = False  # the store took changes from the other machine
    resolutions: list[Resolution] = field(default_factory=list)
    unsent: str | None = None  # why the merge written here could not be sent (the next sync sends it)


def remote_spec(remote: str) -> str:
    """A URL as given; a path made absolute (git would read it from inside the repository)."""
    text = remote.strip()
    if not text:
        raise FollowupError("the remote must not be empty: give a git URL or the path of a repository")
    if _URL.match(text) and not Path(text).exists():
        return text
    path = Path(text).expanduser().resolve()
    if not path.is_dir():  # a typo, or a disk not plugged in: said now rather than at every sync
        raise FollowupError(
            f"there is no repository at {path}: make one with `git init --bare {path}` (or plug in its"
            " disk), then run `followup sync init` again; nothing was set up"
        )
    return str(path)


def init(store_path: Path, remote: str) -> tuple[str, str | None, Path]:
    """Set up the repository beside the store: the remote as given, the one it replaced, the folder."""
    repo = Repo.beside(store_path)
    url = remote_spec(remote)
    if not store_path.parent.is_dir():
        store_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return url, repo.create(url), repo.folder


def sync(store: Store) -> Report:
    repo = Repo.beside(store.path)
    if not repo.exists():
        raise FollowupError("sync is not set up for this store; run `followup sync init REMOTE` first")
    report = Report(repo.remote_url() or "(no remote)")
    with repo.locked():
        for _ in range(ATTEMPTS):
            try:
                if _round(store, repo, report):
                    return report
            except Rejected:
                continue
    raise SyncError(f"the remote {report.remote} kept changing; run `followup sync` again")


def _round(store: Store, repo: Repo, report: Report) -> bool:
    """One commit-fetch-merge-write-push; False when it must be done again."""
    name = Path(f"the remote {report.remote}")
    held: dict[str, bytes] = {}  # blobs not in the repository: a commit of format 1's, a merge's

    with repo.reading_blobs() as read_blob:

        def read(oid: str) -> bytes:
            return held[oid] if oid in held else read_blob(oid)

        def side(commit: str | None, where: Path) -> tree.Side | None:
            found = tree.read_side(repo, commit, where, read_blob)
            if found is not None:
                held.update(found.held)
            return found

        head = repo.commit_of("HEAD")
        here = side(head, store.path)
        # Every application, the archive's too (each machine's archive is its own), one at a time: a
        # store that is not valid (or is newer) raises on the way, and is never sent.
        ours = tree.store_side(store, repo, _in_repository(here))
        if ours is not None and (here is None or ours.tree != here.tree):
            assert ours.tree is not None
            new = repo.commit_tree(ours.tree, [head] if head else [], f"followup on {machine_name()}")
            repo.move_branch(new, head)
            head = new
        try:
            repo.fetch()
        except Unreachable as err:
            raise Unreachable(
                f"the remote {report.remote} cannot be reached; nothing changed ({err})"
            ) from None
        theirs = repo.commit_of(FETCHED)
        if theirs is None or theirs == head or (head is not None and repo.is_ancestor(theirs, head)):
            return _send(repo, report, head, theirs, wrote=False)
        incoming = side(theirs, name)
        if incoming is None:
            raise SyncError(f"the remote {report.remote} holds no {repo.file_name}; nothing changed")
        if head is None or repo.is_ancestor(head, theirs):
            merged, parents = tree.Merged(incoming), [theirs]  # theirs grew from ours: it is theirs
        else:
            base = side(repo.merge_base(head, theirs), Path(f"the common ancestor of {name}"))
            mine = ours if ours is not None else here
            assert mine is not None  # head is a commit of this machine's store
            merged = tree.merge_sides(base, mine, incoming, read, repo, name)
            parents = [head, theirs]
        held.update(merged.side.held)
        wrote = tree.apply(store, ours, merged.side, read, name)
        if wrote is None:
            return False  # a command changed the store meanwhile: take it in, merge again
        report.received = wrote
        report.resolutions = merged.resolutions
        after = (
            tree.store_side(store, repo, [*_in_repository(ours), *_in_repository(incoming)])
            if wrote
            else ours
        )
        assert after is not None and after.tree is not None  # the store holds a merge of two stores
        if len(parents) == 1 and after.tree == incoming.tree:
            new = theirs  # a fast-forward: this machine had nothing the other lacked
        else:
            message = f"followup on {machine_name()}: merged with the other machine's changes"
            new = repo.commit_tree(after.tree, parents, message)
        repo.move_branch(new, head)
        return _send(repo, report, new, theirs, wrote=report.received)


def _in_repository(side: tree.Side | None) -> list[str]:
    """The blobs of `side` that the repository holds (a commit of format 1's are not there)."""
    if side is None or side.tree is None:
        return []
    return list(side.blobs.values())


def _send(repo: Repo, report: Report, head: str | None, theirs: str | None, wrote: bool) -> bool:
    if head is None or head == theirs:
        return True  # nothing here that the remote lacks
    try:
        repo.push()
    except Unreachable as err:
        if not wrote:
            raise Unreachable(
                f"the remote {report.remote} cannot be reached; nothing changed ({err})"
            ) from None
        report.unsent = str(err)  # the merge is saved here; the next sync sends it
        return True
    report.sent = True
    return True
