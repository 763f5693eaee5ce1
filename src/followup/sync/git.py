"""The git repository of `followup sync`: a bare repository beside the store, `followup.json.sync/`,
whose commits hold the store (sync/tree.py: a blob per application; never its lock, backups,
history, archive or cache).

Everything goes through the `git` command (no shell, no terminal prompt, a timeout) and git's
plumbing: blobs are written by one `fast-import` and read by one `cat-file --batch`, trees made by
`mktree` and commits by `commit-tree`, so there is no working copy to keep in step, and git never
merges text: followup merges the stores (sync/merge.py) and records the result as a merge commit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from followup.errors import FollowupError

TIMEOUT = 60.0  # seconds for one git command; a remote that does not answer by then is unreachable
BRANCH = "refs/heads/main"
FETCHED = "refs/remotes/origin/main"
_NO_COMMIT = "0" * 40
# What a git hook or a caller's shell may have set, and that would point git at another repository.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


class SyncError(FollowupError):
    """`followup sync` cannot go on; nothing of the store was lost."""


class Unreachable(SyncError):
    """The remote did not answer (offline, wrong URL, no permission)."""


class Rejected(Exception):
    """The remote moved on since the fetch: fetch and merge again."""


def _no_git() -> SyncError:
    return SyncError("git is not installed; `followup sync` needs it (apt-get install git)")


def repo_folder(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".sync")


def _reason(output: bytes) -> str:
    """git's own first fatal line (`'/x' does not appear to be a git repository`), else its last."""
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    said = [line for line in lines if line.startswith(("fatal: ", "error: "))] or lines[-1:]
    return said[0].removeprefix("fatal: ").removeprefix("error: ") if said else "git gave no reason"


@dataclass
class Repo:
    folder: Path
    file_name: str  # the store's file name: the one file of a commit of sync format 1
    _format: str | None = field(default=None, repr=False, compare=False)  # of object ids: sha1, sha256

    @classmethod
    def beside(cls, store_path: Path) -> Repo:
        return cls(repo_folder(store_path), store_path.name)

    def exists(self) -> bool:
        return (self.folder / "HEAD").is_file() and (self.folder / "objects").is_dir()

    def git(
        self, *args: str, data: bytes | None = None, repo: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", *args],
                input=data,
                stdin=None if data is not None else subprocess.DEVNULL,
                capture_output=True,
                env=self._env(repo),
                timeout=TIMEOUT,
                check=False,
            )
        except FileNotFoundError:
            raise _no_git() from None
        except subprocess.TimeoutExpired:
            raise Unreachable(f"git {args[0]} got no answer within {TIMEOUT:.0f} s") from None

    def _env(self, repo: bool = True) -> dict[str, str]:
        """The environment of a git command: no terminal prompt, C messages, this repository."""
        env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
        env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C")
        if repo:
            env["GIT_DIR"] = str(self.folder)
        return env

    def _ok(self, *args: str, data: bytes | None = None) -> str:
        done = self.git(*args, data=data)
        if done.returncode != 0:
            raise SyncError(f"git {args[0]} failed in {self.folder}: {_reason(done.stderr)}")
        return done.stdout.decode("utf-8", "replace").strip()

    # Setting up ------------------------------------------------------------------------------------

    def create(self, remote: str) -> str | None:
        """Make the repository (or point it at another remote); the remote it had before, if any."""
        previous = None
        if self.exists():
            previous = self.remote_url()
        else:
            try:
                self.folder.mkdir(mode=0o700, parents=False, exist_ok=True)
                os.chmod(self.folder, 0o700)
            except OSError as err:
                raise SyncError(f"cannot make {self.folder}: {err.strerror or err}") from None
            done = self.git("init", "-q", "--bare", str(self.folder), repo=False)
            if done.returncode != 0:
                raise SyncError(f"cannot make a git repository in {self.folder}: {_reason(done.stderr)}")
            self._ok("symbolic-ref", "HEAD", BRANCH)
            self._ok("config", "commit.gpgsign", "false")  # a signing prompt would stop every sync
        if previous is not None and previous != remote:
            self.git("update-ref", "-d", FETCHED)  # what the old remote held says nothing of the new one
        self._ok("config", "remote.origin.url", remote)
        self._ok("config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
        if self.git("config", "--get", "user.email").returncode != 0:  # no identity anywhere
            self._ok("config", "user.name", "followup")
            self._ok("config", "user.email", f"followup@{platform.node() or 'localhost'}")
        return previous

    def remote_url(self) -> str | None:
        done = self.git("config", "--get", "remote.origin.url")
        return done.stdout.decode("utf-8", "replace").strip() or None if done.returncode == 0 else None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One `followup sync` at a time on this machine."""
        from followup.store.atomic import held_alone

        busy = "another `followup sync` is running; try again when it is done"
        with held_alone(self.folder / "followup-sync.lock", busy, SyncError, where=self.folder):
            yield

    # Reading ---------------------------------------------------------------------------------------

    def commit_of(self, ref: str) -> str | None:
        done = self.git("rev-parse", "--verify", "-q", f"{ref}^{{commit}}")
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.git("merge-base", "--is-ancestor", older, newer).returncode == 0

    def merge_base(self, one: str, other: str) -> str | None:
        done = self.git("merge-base", one, other)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    # Writing ---------------------------------------------------------------------------------------

    def commit_tree(self, tree: str, parents: list[str], message: str) -> str:
        """A commit of `tree` on `parents`; the branch is not moved."""
        args = [arg for parent in parents for arg in ("-p", parent)]
        return self._ok("commit-tree", tree, *args, "-m", message)

    def move_branch(self, new: str, old: str | None) -> None:
        """Point the branch at `new`, only if it is still at `old` (None: not made yet)."""
        self._ok("update-ref", BRANCH, new, old or _NO_COMMIT)

    # Trees and blobs (sync format 2: sync/tree.py) ----------------------------------------------------

    def blob_id(self, content: bytes) -> str:
        """The id git gives a blob of `content`, worked out here (the repository's object format)."""
        if self._format is None:
            done = self.git("rev-parse", "--show-object-format")
            self._format = done.stdout.decode().strip() if done.returncode == 0 else "sha1"
        digest = hashlib.new(self._format or "sha1", b"blob %d\0" % len(content))
        digest.update(content)
        return digest.hexdigest()

    def tree_of(self, commit: str) -> str:
        return self._ok("rev-parse", "--verify", "-q", f"{commit}^{{tree}}")

    def ls_tree(self, treeish: str) -> dict[str, str]:
        """The entries of a tree (not its subtrees'), name → object id."""
        done = self.git("ls-tree", "-z", "--full-tree", treeish)
        if done.returncode != 0:
            raise SyncError(f"git ls-tree failed in {self.folder}: {_reason(done.stderr)}")
        entries = {}
        for item in done.stdout.split(b"\0"):
            if item:
                info, _, name = item.partition(b"\t")
                entries[name.decode("utf-8", "surrogateescape")] = info.split()[2].decode()
        return entries

    def mktree(self, entries: Iterable[tuple[str, str, str]]) -> str:
        """A tree of (type, object id, name) entries, each object in the repository already."""
        mode = {"blob": "100644", "tree": "040000"}
        listing = b"".join(f"{mode[kind]} {kind} {oid}\t{name}\0".encode() for kind, oid, name in entries)
        return self._ok("mktree", "-z", data=listing)

    def _process(self, *args: str) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                ["git", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self._env(),
            )
        except FileNotFoundError:
            raise _no_git() from None

    @contextlib.contextmanager
    def writing_blobs(self, known: Iterable[str] = ()) -> Iterator[Callable[[bytes], str]]:
        """A function that keeps a blob and gives its id: those not in `known` (nor kept already) go to
        one `git fast-import`, which has written them all once the block ends."""
        have = set(known)
        process: subprocess.Popen[bytes] | None = None

        def write(content: bytes) -> str:
            nonlocal process
            oid = self.blob_id(content)
            if oid not in have:
                if process is None:
                    process = self._process("fast-import", "--quiet", "--done")
                assert process.stdin is not None
                with contextlib.suppress(BrokenPipeError):  # git stopped: its error is read at the end
                    process.stdin.write(b"blob\ndata %d\n" % len(content) + content + b"\n")
                have.add(oid)
            return oid

        try:
            yield write
        except BaseException:
            if process is not None:
                process.kill()
                process.wait()
            raise
        if process is not None:
            assert process.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                process.stdin.write(b"done\n")
            try:
                _, err = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise SyncError(f"git fast-import got no answer within {TIMEOUT:.0f} s") from None
            if process.returncode != 0:
                raise SyncError(f"git fast-import failed in {self.folder}: {_reason(err)}")

    @contextlib.contextmanager
    def reading_blobs(self) -> Iterator[Callable[[str], bytes]]:
        """A function that gives a blob's bytes, from one `git cat-file --batch` for the block."""
        process: subprocess.Popen[bytes] | None = None

        def read(oid: str) -> bytes:
            nonlocal process
            if process is None:
                process = self._process("cat-file", "--batch")
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(oid.encode() + b"\n")
                process.stdin.flush()
                header = process.stdout.readline().split()
            except BrokenPipeError:
                header = []
            if len(header) != 3 or header[1] != b"blob":
                raise SyncError(f"git cat-file found no blob {oid} in {self.folder}")
            content = process.stdout.read(int(header[2]) + 1)[:-1]
            return content

        try:
            yield read
        finally:
            if process is not None:
                with contextlib.suppress(OSError):
                    assert process.stdin is not None
                    process.stdin.close()
                try:
                    process.wait(timeout=TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    # The remote ------------------------------------------------------------------------------------

    def fetch(self) -> None:
        done = self.git("fetch", "-q", "--prune", "--no-tags", "origin")
        if done.returncode != 0:
            raise Unreachable(_reason(done.stderr))

    def push(self) -> None:
        done = self.git("push", "-q", "--porcelain", "origin", f"{BRANCH}:{BRANCH}")
        if done.returncode != 0:
            said = (done.stdout + done.stderr).decode("utf-8", "replace")
            if "[rejected]" in said or "non-fast-forward" in said or "fetch first" in said:
                raise Rejected
            raise Unreachable(_reason(done.stderr))
        self._ok("update-ref", FETCHED, self._ok("rev-parse", BRANCH))


def machine_name() -> str:
    return platform.node() or "this machine"
