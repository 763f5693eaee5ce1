"""Faults injected into a store write from outside the program, to prove that each loses nothing.

A fault is `TARGET.PHASE:ACTION`:
  TARGET  main (followup.json), backup (followup.json.bak) or migration (followup.json.v{N}.bak)
  PHASE   write (the temp file's bytes), fsync (syncing the temp file) or replace (the rename over
          TARGET); for a backup kept by a hard link, write is making the link under a temp name and
          fsync the check right after it that the link is the file that was read
  ACTION  kill: SIGKILL right after the phase; interrupt: Ctrl+C right after it;
          enospc / eio: the phase itself fails with that OSError (a failing write writes half first).
or `no-lock`: writes take no lock, to show that the concurrency test notices lost writes.

The real system calls are wrapped (`os.write`, `os.fsync`, `os.link`, `os.lstat`, `os.replace`) and
act only on the temp file of TARGET, which wrapping the step functions of store/atomic.py that make
temp files tells apart; `no-lock` replaces `Store._acquire`. In this process: `install(fault,
monkeypatch.setattr)`. In a process of its own (to be killed, or to race another one), run this file:
`python tests/reliability/faults.py FAULT ARGS...` installs FAULT and then runs `followup ARGS...`
through `followup.cli.main()`. Nothing in followup itself knows about any of this.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ERRORS = {"enospc": errno.ENOSPC, "eio": errno.EIO}
STOPS = ("kill", "interrupt")
TARGETS = ("main", "backup", "migration")
PHASES = ("write", "fsync", "replace")
NO_LOCK = "no-lock"
SCRIPT = Path(__file__)

Patch = Callable[[Any, str, Any], None]


def _target_of(store: Path, target: Path) -> str:
    if target == store:
        return "main"
    return "backup" if target.name == store.name + ".bak" else "migration"


class _Fault:
    def __init__(self, spec: str) -> None:
        where, _, self.action = spec.partition(":")
        self.target, _, self.phase = where.partition(".")
        if self.target not in TARGETS or self.phase not in PHASES or self.action not in (*ERRORS, *STOPS):
            raise ValueError(f"not a fault: {spec!r}")
        self.preparing: str | None = None  # the target whose temp file is being made now
        self.temps: dict[str, str] = {}  # temp file made → its target
        self.link: str | None = None  # the temp name the backup was linked to

    def at(self, phase: str) -> bool:
        return self.preparing == self.target and self.phase == phase

    def fail(self) -> None:
        code = ERRORS[self.action]
        raise OSError(code, os.strerror(code))

    def stop(self) -> None:
        if self.action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise KeyboardInterrupt

    def install(self, patch: Patch) -> None:
        from followup.store import atomic

        real_write, real_fsync, real_link = os.write, os.fsync, os.link
        real_lstat, real_replace = os.lstat, os.replace

        def preparing(step: Callable[..., Any]) -> Callable[..., Any]:
            def prepare(store: Path, target: Path, *args: Any) -> Any:
                self.preparing = _target_of(store, target)
                try:
                    pending = step(store, target, *args)
                finally:
                    self.preparing = None
                if pending is not None:
                    self.temps[str(pending.temp)] = _target_of(store, target)
                return pending

            return prepare

        def write(fd: int, data: Any) -> int:
            if self.at("write") and self.action in ERRORS:
                real_write(fd, data[: len(data) // 2])  # a full disk takes part of the data first
                self.fail()
            return real_write(fd, data)

        def fsync(fd: int) -> None:
            if self.at("write") and self.action in STOPS:
                self.stop()  # the bytes are written, not yet synced
            if self.at("fsync") and self.action in ERRORS:
                self.fail()
            real_fsync(fd)
            if self.at("fsync"):
                self.stop()

        def link(src: Any, dst: Any, **kwargs: Any) -> None:
            if self.at("write") and self.action in ERRORS:
                self.fail()
            real_link(src, dst, **kwargs)
            if self.preparing == self.target:
                self.link = str(dst)

        def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
            if self.link is None or str(path) != self.link or self.preparing != self.target:
                return real_lstat(path, *args, **kwargs)
            if self.phase == "write":
                self.stop()  # right after the link was made
            if self.phase == "fsync" and self.action in ERRORS:
                self.fail()
            result = real_lstat(path, *args, **kwargs)
            if self.phase == "fsync":
                self.stop()
            return result

        def replace(src: Any, dst: Any, **kwargs: Any) -> None:
            here = self.phase == "replace" and self.temps.get(str(src)) == self.target
            if here and self.action in ERRORS:
                self.fail()
            real_replace(src, dst, **kwargs)
            if here:
                self.stop()

        patch(atomic, "prepare_copy", preparing(atomic.prepare_copy))
        patch(atomic, "_prepare_link", preparing(atomic._prepare_link))
        patch(os, "write", write)
        patch(os, "fsync", fsync)
        patch(os, "link", link)
        patch(os, "lstat", lstat)
        patch(os, "replace", replace)


def install(fault: str, patch: Patch) -> None:
    """Make `fault` happen in this process; `patch` is `monkeypatch.setattr` (or `setattr`)."""
    if fault == NO_LOCK:
        from followup.store import Store

        patch(Store, "_acquire", lambda store, fd: None)
        return
    _Fault(fault).install(patch)


def command(fault: str) -> list[str]:
    """The command line of a `followup` process in which `fault` happens."""
    return [sys.executable, str(SCRIPT), fault]


if __name__ == "__main__":
    install(sys.argv.pop(1), setattr)
    sys.argv[0] = "followup"
    from followup.cli import main

    main()
