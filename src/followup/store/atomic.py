"""The low-level steps of a store write, so that a crash, a full disk or a swapped file loses nothing.

A write is prepared, then committed. Preparing makes a temp file in the store's folder holding the
next content of its target (the store or one of its backups, all in that folder): written and
fsynced (`prepare_copy`), or, for the backup, a hard link to the file as it was read
(`_prepare_link`). Committing renames the temp file over its target; the folder is fsynced after
the store's rename. Leftover temp files of a killed write are removed by the next one. The Store
class in `store/__init__.py` takes the lock and decides what to write; nothing here reads,
validates or encodes the data.

tests/reliability/faults.py breaks these steps from outside (a full disk, an I/O error, a kill)
to prove that each leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

# Errors saying that this file system cannot make a hard link here (rather than that the disk failed):
# the backup is then copied.
_CANNOT_LINK = frozenset(
    {errno.EPERM, errno.EACCES, errno.EMLINK, errno.EXDEV, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
)


class _Swapped(Exception):
    """The file at the store path is no longer the one that was read."""


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def _temp_prefix(store: Path) -> str:
    return f".{store.name}."


def clean_temp_files(store: Path) -> None:
    """Remove the temp files a killed write left next to the store.

    Only this store's: `.followup.json.<random>.tmp`, with no dot in the random part. A store next
    to it whose name goes on (`followup.json.old`) has temp files that match the same wildcard
    (`.followup.json.old.<random>.tmp`) and may be in the middle of its own write, under its own lock.
    """
    prefix = _temp_prefix(store)
    for leftover in store.parent.glob(prefix + "*.tmp"):
        if "." in leftover.name[len(prefix) : -len(".tmp")]:
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def ensure_folder(folder: Path) -> None:
    """`folder` and its missing parents, made private (0700)."""
    if folder.is_dir():
        return
    missing = [folder, *(parent for parent in folder.parents if not parent.exists())]
    try:
        for created in reversed(missing):
            with contextlib.suppress(FileExistsError):
                created.mkdir(mode=0o700)
                os.chmod(created, 0o700)  # mkdir's mode is filtered by the umask
    except OSError as err:
        from followup.errors import StoreError

        raise StoreError(f"cannot create {folder}: {err.strerror or err}") from None


def append_synced(path: Path, payload: bytes) -> None:
    """`payload` added at the end of `path` (made 0600 when missing) and fsynced. After a last line
    cut short by a write that stopped, a newline first, so that it stays a line of its own."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            payload = b"\n" + payload
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def fsync_folder(folder: Path) -> None:
    """Make the renames durable. Called after the store was replaced, so it cannot fail the write."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the new file is in place either way


class Pending(NamedTuple):
    """A temp file in the store's folder, complete on disk, that is to replace `target`."""

    temp: Path
    target: Path


def _new_temp(store: Path) -> tuple[int, Path]:
    import tempfile

    fd, name = tempfile.mkstemp(dir=store.parent, prefix=_temp_prefix(store), suffix=".tmp")
    return fd, Path(name)


def prepare_copy(store: Path, target: Path, payload: bytes | Iterable[bytes]) -> Pending:
    """`payload` (or its pieces, one after the other) in a new temp file next to the store, written
    and fsynced, private (0600)."""
    fd, temp = _new_temp(store)
    try:
        try:
            os.fchmod(fd, 0o600)
            for piece in [payload] if isinstance(payload, bytes) else payload:
                view = memoryview(piece)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Pending(temp, target)


def commit(pending: Pending) -> None:
    """Rename the temp file over its target: the one step that makes the change."""
    os.replace(pending.temp, pending.target)


def discard(pending: Pending) -> None:
    """Remove the temp file of a write that stopped (gone already once it was committed)."""
    with contextlib.suppress(OSError):
        os.unlink(pending.temp)


def write_atomic(store: Path, target: Path, payload: bytes | Iterable[bytes]) -> None:
    """`payload` as the new content of `target`, complete or not at all."""
    pending = prepare_copy(store, target, payload)
    try:
        commit(pending)
    except BaseException:
        discard(pending)
        raise


def _link_to_temp(store: Path, source: Path | None = None) -> Path | None:
    """A new temp name for the store file, or for `source` beside it (a hard link); None when the
    file system cannot link."""
    while True:
        temp = store.with_name(f"{_temp_prefix(store)}{os.urandom(6).hex()}.tmp")
        try:
            os.link(source or store, temp, follow_symlinks=False)
            return temp
        except FileExistsError:
            continue
        except OSError as err:
            if err.errno in _CANNOT_LINK:
                return None
            raise


class _AlreadyKept(Exception):
    """The backup is the file that was read already (a write that got no further linked it)."""


def _prepare_link(store: Path, target: Path, read: os.stat_result) -> Pending | None:
    """The file as it was read under a second, temp name, to become `followup.json.bak`: no copy.

    followup never changes a file in place, it only replaces it, so the linked file keeps these
    bytes; they were fsynced when they were written as the store. None, and the caller copies
    the bytes instead, when the file at the path is no longer the one read, is not a private
    file of ours (a link keeps its mode) or the file system cannot link.
    """
    try:
        now = os.lstat(store)
    except OSError:
        return None
    if not (
        stat.S_ISREG(now.st_mode)
        and _same_file(now, read)
        and now.st_uid == os.getuid()
        and stat.S_IMODE(now.st_mode) == 0o600
    ):
        return None
    with contextlib.suppress(OSError):
        if os.path.samestat(os.lstat(target), now):
            raise _AlreadyKept
    temp = _link_to_temp(store)
    if temp is None:
        return None
    try:
        if not _same_file(os.lstat(temp), read):
            raise _Swapped  # another file was put at the path meanwhile
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, _Swapped):
            return None
        raise
    return Pending(temp, target)


def prepare_backup(store: Path, backup: Path, old: bytes, read: os.stat_result | None) -> Pending | None:
    """The file as it was read (`old`, `read`), ready to become the backup: a hard link, or a copy
    where a link would not do; None when the backup is that file already."""
    try:
        linked = _prepare_link(store, backup, read) if read is not None else None
    except _AlreadyKept:
        return None
    return linked or prepare_copy(store, backup, old)


def replace_keeping_backup(
    store: Path, backup: Path, old: bytes | None, read: os.stat_result | None, new: bytes
) -> None:
    """Write `new` over the store, keeping the file as it was read (`old`) as `backup`.

    Both temp files are made first, so that a full disk or an I/O error while writing them leaves
    the store and its backup as they were; then the backup is renamed into place, then the store.
    The backup before is kept aside under a temp name (a hard link) until the store's rename has
    worked, and put back if that rename fails, so that the version before is not lost to it.
    """
    main = prepare_copy(store, store, new)
    kept: Pending | None = None
    aside: Path | None = None
    try:
        kept = prepare_backup(store, backup, old, read) if old is not None else None
        if kept is not None:
            had_backup = os.path.lexists(backup)
            aside = _link_to_temp(store, backup) if had_backup else None
            commit(kept)
            try:
                commit(main)
            except BaseException:
                if os.path.lexists(main.temp):  # the rename did not happen (an interrupt may come after it)
                    _put_back(backup, aside, had_backup)
                    aside = None
                raise
        else:
            commit(main)
    except BaseException:
        discard(main)
        if kept is not None:
            discard(kept)
        raise
    finally:
        if aside is not None:
            with contextlib.suppress(OSError):
                os.unlink(aside)
    fsync_folder(store.parent)


def _put_back(backup: Path, aside: Path | None, had_backup: bool) -> None:
    """The backup as it was before this write: the file kept aside, or none if there was none.
    Where the file system could not link (`aside` None though there was a backup), nothing can be
    put back."""
    with contextlib.suppress(OSError):
        if aside is not None:
            os.replace(aside, backup)
        elif not had_backup:
            os.unlink(backup)


@contextlib.contextmanager
def held_alone(lock: Path, busy: str, error: type[Exception], where: Path | None = None) -> Iterator[None]:
    """Hold the lock file `lock` (made 0600 if missing) for one run of a command that must not run
    twice at once (`caldav sync`, `sync`): a second run is refused at once with `busy`, raised as
    `error`, never kept waiting. `where` names what is locked in the error of a lock that cannot be
    made (the lock file itself by default)."""
    import fcntl

    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as err:
        raise error(f"cannot lock {where or lock}: {err.strerror or err}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise error(busy) from None
        yield
    finally:
        os.close(fd)
