"""The low-level steps of a store write, so that a crash, a full disk or a swapped file loses nothing.

A temp file in the store's folder, written, fsynced and renamed over its target (the store or one of
its backups, all in that folder); the folder fsynced; the file as it was kept as the backup by a
hard link; leftover temp files removed. The Store class in store.py takes the lock and decides when
each step is done; nothing here reads, validates or encodes the data.

The test-only fault hooks that tests/reliability uses to break these steps live here too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
from pathlib import Path

# Test-only fault hooks ------------------------------------------------------------------------------
# tests/reliability sets these to prove that a crash, a full disk or a missing lock loses nothing.
# They cost one environment look-up per write step and do nothing unless set; users never set them.
#
# FOLLOWUP_TEST_FAULT="TARGET.PHASE:ACTION"
#   TARGET  main (followup.json), backup (followup.json.bak) or migration (followup.json.v{N}.bak)
#   PHASE   write (the temp file's bytes), fsync (the temp file) or replace (the rename over TARGET)
#           (a backup kept by a hard link: write is the link, fsync the point right after it)
#   ACTION  kill: SIGKILL right after the phase; interrupt: Ctrl+C right after it;
#           enospc / eio: the phase itself fails with that OSError (a write first writes half).
# FOLLOWUP_TEST_NO_LOCK=1 writes without taking the lock, to show that the concurrency test
#   notices lost writes.
TEST_FAULT_ENV = "FOLLOWUP_TEST_FAULT"
TEST_NO_LOCK_ENV = "FOLLOWUP_TEST_NO_LOCK"
_FAULT_ERRORS = {"enospc": errno.ENOSPC, "eio": errno.EIO}


def _test_fault(step: str) -> str | None:
    """The fault FOLLOWUP_TEST_FAULT asks for at `step`, if any (test-only)."""
    spec = os.environ.get(TEST_FAULT_ENV)
    if not spec:
        return None
    where, _, action = spec.partition(":")
    return action if where == step else None


def _fail_if_asked(action: str | None) -> None:
    if action in _FAULT_ERRORS:
        code = _FAULT_ERRORS[action]
        raise OSError(code, os.strerror(code))


def _crash_if_asked(action: str | None) -> None:
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if action == "interrupt":
        raise KeyboardInterrupt


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


def write_atomic(store: Path, target: Path, payload: bytes, role: str) -> None:
    """Temp file in the store's folder, fsync, rename over `target`; `role` names the test-only steps."""
    import tempfile

    fd, temp_name = tempfile.mkstemp(dir=store.parent, prefix=_temp_prefix(store), suffix=".tmp")
    try:
        try:
            os.fchmod(fd, 0o600)
            fault = _test_fault(f"{role}.write")
            view = memoryview(payload)
            if fault in _FAULT_ERRORS:
                view = view[: len(payload) // 2]  # a full disk takes part of the data first
            while view:
                written = os.write(fd, view)
                view = view[written:]
            _fail_if_asked(fault)
            _crash_if_asked(fault)
            fault = _test_fault(f"{role}.fsync")
            _fail_if_asked(fault)
            os.fsync(fd)
            _crash_if_asked(fault)
        finally:
            os.close(fd)
        fault = _test_fault(f"{role}.replace")
        _fail_if_asked(fault)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _crash_if_asked(fault)


def _link_to_temp(store: Path, fault: str | None) -> Path | None:
    """A new temp name for the store file (a hard link); None when the file system cannot link."""
    while True:
        temp = store.with_name(f"{_temp_prefix(store)}{os.urandom(6).hex()}.tmp")
        try:
            _fail_if_asked(fault)
            os.link(store, temp, follow_symlinks=False)
            return temp
        except FileExistsError:
            continue
        except OSError as err:
            if err.errno in _CANNOT_LINK:
                return None
            raise


def link_backup(store: Path, backup: Path, read: os.stat_result) -> bool:
    """Keep the file as it was read as `followup.json.bak` by giving it that second name: no copy.

    followup never changes a file in place, it only replaces it, so the linked file keeps these
    bytes; they were fsynced when they were written as the store. False, and the caller copies
    the bytes instead, when the file at the path is no longer the one read, is not a private
    file of ours (a link keeps its mode) or the file system cannot link.
    """
    try:
        now = os.lstat(store)
    except OSError:
        return False
    if not (
        stat.S_ISREG(now.st_mode)
        and _same_file(now, read)
        and now.st_uid == os.getuid()
        and stat.S_IMODE(now.st_mode) == 0o600
    ):
        return False
    with contextlib.suppress(OSError):
        if os.path.samestat(os.lstat(backup), now):
            return True  # it is the backup already (a write that got no further linked it)
    fault = _test_fault("backup.write")
    temp = _link_to_temp(store, fault)
    if temp is None:
        return False
    try:
        if not _same_file(os.lstat(temp), read):
            raise _Swapped  # another file was put at the path meanwhile
        _crash_if_asked(fault)
        fault = _test_fault("backup.fsync")  # nothing to sync: see above; the step stays testable
        _fail_if_asked(fault)
        _crash_if_asked(fault)
        fault = _test_fault("backup.replace")
        _fail_if_asked(fault)
        os.replace(temp, backup)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, _Swapped):
            return False
        raise
    _crash_if_asked(fault)
    return True
