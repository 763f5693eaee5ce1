"""The only code that touches the data file, with store/atomic.py for the low-level steps of a write.

Reads are lock-free: writes replace the file atomically, so a reader sees the old or the new
version, never a mix. Every write holds an exclusive lock on `followup.json.lock` across
read-modify-write, writes a temp file in the same folder, fsyncs it, keeps the previous version as
`followup.json.bak` (a second name for the old file, never changed in place), renames the temp file
over the store and fsyncs the folder (store/atomic.py).

A file that does not parse or validate, or that a newer followup wrote, is reported and never
overwritten. A file of an older format is upgraded in memory for reading, and on disk only by the
next write, under the lock, after a byte-identical copy is kept as `followup.json.v{N}.bak`.

Settled applications are kept in an archive beside the file (store/archive.py, store/moves.py,
imported when first needed): `load()` and `transaction()` give them all, as if there were one file;
`full=False` the file's own with its index of them, when that is exact for the day, and `fetch` adds
the archived ones a command names.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.errors import CorruptStoreError, NewerStoreError, StoreError
from followup.store.atomic import clean_temp_files, ensure_folder, replace_keeping_backup, write_atomic
from followup.store.codec import (
    MAX_BYTES,
    MIGRATIONS,
    InvalidDocument,
    NotText,
    Unwritable,
    collector_paused,
    current_version,
    decode,
    encode_data,
)

if TYPE_CHECKING:
    from followup.store.label import Label
    from followup.store.moves import Archiver, Joined, Split

# The names other modules and the tests import from here.
__all__ = ["LOCK_TIMEOUT", "MAX_BYTES", "Store"]

LOCK_TIMEOUT = 10.0  # seconds to wait for another followup to finish writing


class Store:
    """The JSON file at `path`, its lock and its backup."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # The data of this run's last write and the bytes it wrote: what reading the file now gives.
        self.written: tuple[Any, bytes] | None = None
        # The command line and time of the change being made, for the history (store/history.py).
        self.label: Label | None = None
        # Which applications are settled, on which day: the app sets it (app/archive.py). Without it
        # nothing is moved, and every read is a full one.
        self.archiver: Archiver | None = None
        self.archive_from: Path | None = None  # another archive to read (a conflict copy's store's)

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def archive_path(self) -> Path:
        return self.archive_from or self.path.with_name(self.path.name + ".archive")

    # Reading ---------------------------------------------------------------------------------------

    def _restore_hint(self) -> str:
        if self.backup_path.exists():
            return f"restore it from {self.backup_path} or fix it by hand"
        return "fix it by hand (there is no backup yet)"

    def _corrupt(self, why: str) -> CorruptStoreError:
        return CorruptStoreError(
            f"{self.path} is not a valid followup store ({why}); it was left untouched:"
            f" {self._restore_hint()}"
        )

    def _check_path(self) -> None:
        if self.path.is_symlink():
            raise StoreError(f"{self.path} is a symbolic link; followup only writes to a real file")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path} is not a regular file")

    def _read(self) -> tuple[bytes, os.stat_result] | None:
        """The file's bytes and what it was (to tell later whether it is still the same file)."""
        self._check_path()
        try:
            # O_NOFOLLOW: a symlink swapped in after the check above is refused too (ELOOP).
            with open(os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
                info = os.fstat(handle.fileno())
                if info.st_size > MAX_BYTES:
                    raise self._corrupt(
                        f"{info.st_size:,} bytes is over the {MAX_BYTES // (1024 * 1024)} MB limit"
                    )
                return handle.read(MAX_BYTES + 1), info
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreError(f"{self.path} is a folder, not a file") from None
        except PermissionError:
            raise StoreError(f"cannot read {self.path}: permission denied") from None
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise StoreError(
                    f"{self.path} is a symbolic link; followup only writes to a real file"
                ) from None
            raise StoreError(f"cannot read {self.path}: {err.strerror or err}") from None

    def read_bytes(self) -> bytes | None:
        """The file's bytes as they are (None when there is none), read with the checks of every
        read (a real file of ours, within the size cap) but neither parsed nor validated."""
        read = self._read()
        return None if read is None else read[0]

    def _parse(self, raw: bytes) -> tuple[dict[str, Any], int]:
        try:
            document = decode(raw)
        except InvalidDocument as err:
            raise self._corrupt(str(err)) from None
        version = document.get("version")
        if type(version) is not int:  # bool is an int subclass; "1" is not a version either
            raise self._corrupt("its 'version' is missing or not an integer")
        current = current_version()
        if version > current:
            raise NewerStoreError(
                f"{self.path} was written by a newer followup (format {version}; this one reads up to"
                f" {current}); upgrade followup to use it. The file was left untouched."
            )
        if version < 1:
            raise self._corrupt(f"unknown format version {version}")
        return document, version

    def _validate(self, document: dict[str, Any]) -> Any:
        from pydantic import ValidationError

        from followup.models import StoreData

        try:
            data = StoreData.model_validate(document)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "top level"
            raise self._corrupt(f"{where}: {first['msg']}") from None
        except RecursionError:
            raise self._corrupt("nested too deeply") from None
        self._check_ids(data)
        return data

    def _check_ids(self, data: Any) -> None:
        seen: set[str] = set()
        for app in data.applications:
            if app.id in seen:
                raise self._corrupt(f"application id {app.id!r} appears twice")
            seen.add(app.id)

    def _migrate(self, document: dict[str, Any], version: int) -> dict[str, Any]:
        current = current_version()
        while version < current:
            step = MIGRATIONS.get(version)
            if step is None:
                raise self._corrupt(f"no way to upgrade format version {version}")
            document = step(document)
            version += 1
            document["version"] = version
        return document

    def _load(self, raw: bytes) -> tuple[Any, int]:
        """Validated data from the file's bytes, and the format version they were in. Every read
        takes the one path: the strict decoder (duplicate keys, NaN, nesting, long integers,
        surrogates), the format checks, the migrations and then the models."""
        with collector_paused():
            document, version = self._parse(raw)
            data = self._validate(self._migrate(document, version))
            del document  # the dicts go before anything else is built
        return data, version

    def parse(self, raw: bytes) -> Any:
        """Validated (and upgraded) data, every application, from bytes read as the file is (another
        machine's copy of it, which finds archived ones in this store's archive); errors name it."""
        data = self._load(raw)[0]
        if data.archive is not None:
            self._join(data)
        return data

    def read_logical(self) -> bytes | None:
        """The bytes of a store file with every application, as this one would be without an archive
        (the file's own when it has none): what a shared folder's conflict copy is merged with."""
        raw = self.read_bytes()
        if raw is None or b'\n  "archive": ' not in raw:
            return raw
        return self._encode(self.parse(raw))

    def load(self, full: bool = True) -> Any:
        """The data as it is on disk (an empty store when there is no file). Never writes. With `full`
        every application; without, the file's own with its index of the archive when that is exact
        for the archiver's day (store/moves.live_is_enough), and all of them otherwise."""
        return self.load_with_bytes(full)[0]

    def each_application(self, placed: bool = False, data: Any = None) -> Iterator[Any]:
        """Every application of `data` (read with `full=False`; by default now), the archive's one at
        a time, never all at once; with `placed`, each as (its place among them all, it). An id both
        in the file and in its index is reported as a full read reports it."""
        from followup.store.moves import each_application

        data = self.load(full=False) if data is None else data
        if data.archive is not None and any(app.id in data.archive.apps for app in data.applications):
            self.load()  # raises: an application id appears twice
        return each_application(data, self.archive_path, self.path, placed)

    def load_with_bytes(self, full: bool = True) -> tuple[Any, bytes | None]:
        """The data and the exact bytes of the store file it was validated from (None: no file)."""
        from followup.models import StoreData

        read = self._read()
        if read is None:
            return StoreData(), None
        raw = read[0]
        data = self._load(raw)[0]
        if data.archive is not None and (full or not self._live_is_enough(data.archive)):
            try:
                self._join(data)
            except CorruptStoreError:  # the archive rewritten by writes since the file was read?
                if self.read_bytes() == raw:
                    raise
                return self.load_with_bytes(full)  # lock-free: read the new file and its archive
        return data, raw

    def _live_is_enough(self, index: Any, writing: bool = False) -> bool:
        from followup.store.moves import live_is_enough

        return live_is_enough(index, self.archiver, self.archive_path if writing else None)

    def _join(self, data: Any, ids: Iterable[str] | None = None) -> Joined | None:
        """Add the archived applications (those of `ids`, when given) to `data`, each in its place
        among them all, taken off the index."""
        from followup.store.moves import fetch, join

        with collector_paused():
            where = (self.archive_path, self.path, 4 * MAX_BYTES)
            joined = join(data, *where) if ids is None else fetch(data, ids, *where)
        self._check_ids(data)
        return joined

    def fetch(self, data: Any, ids: Iterable[str]) -> None:
        """Add the archived applications `ids` to data read without `full` (store/moves.fetch)."""
        if data.archive is not None:
            self._join(data, ids)

    # Writing ---------------------------------------------------------------------------------------

    def migration_backup_path(self, version: int) -> Path:
        """Where the file is kept, byte for byte, before format `version` is upgraded."""
        return self.path.with_name(f"{self.path.name}.v{version}.bak")

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        ensure_folder(self.path.parent)
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as err:
            raise StoreError(f"cannot lock {self.path}: {err.strerror or err}") from None
        try:
            self._acquire(fd)
            yield
        finally:
            os.close(fd)  # closing releases the lock; a killed process releases it too

    def _acquire(self, fd: int) -> None:
        """Wait for the exclusive lock on the open lock file `fd`, up to LOCK_TIMEOUT seconds."""
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path} is being written by another followup; try again") from None
                time.sleep(0.01)

    def _placed(self, data: Any, joined: Joined | None, before: list[str], moves: bool = True) -> Split:
        from followup.store.moves import split

        with self._refusing_unwritable():
            return split(data, joined, self.archiver, before, moves)

    def _keep_before_migration(self, old: bytes, version: int) -> None:
        """Copy the file to `followup.json.v1.bak` (`.v1.2.bak`... when that name holds something else):
        a backup is never overwritten."""
        candidate = self.migration_backup_path(version)
        n = 2
        while candidate.exists() or candidate.is_symlink():
            with contextlib.suppress(OSError):
                if not candidate.is_symlink() and candidate.read_bytes() == old:
                    return  # kept already, by a write that did not get further
            candidate = self.path.with_name(f"{self.path.name}.v{version}.{n}.bak")
            n += 1
        write_atomic(self.path, candidate, old)

    def _save(self, old: bytes | None, read: os.stat_result | None, new: bytes, old_version: int) -> None:
        try:
            if old is not None and old_version < current_version():
                self._keep_before_migration(old, old_version)
            replace_keeping_backup(self.path, self.backup_path, old, read, new)
        except OSError as err:
            reason = "the disk is full" if err.errno == errno.ENOSPC else (err.strerror or str(err))
            raise StoreError(f"could not write {self.path}: {reason}; it was left as it was") from None

    @contextlib.contextmanager
    def _refusing_unwritable(self) -> Iterator[None]:
        try:
            yield
        except NotText:
            raise StoreError(
                f"not writing {self.path}: the change holds text that is not valid Unicode"
                " (a lone surrogate); it was left as it was"
            ) from None
        except Unwritable as err:
            raise StoreError(f"not writing {self.path}: {err}; it was left as it was") from None

    def _encode(self, data: Any) -> bytes:
        with self._refusing_unwritable():
            new = encode_data(data)
        if len(new) > MAX_BYTES:  # every command would then refuse the file as too large to read
            raise StoreError(
                f"not writing {self.path}: the change would make it {len(new):,} bytes, over the"
                f" {MAX_BYTES // (1024 * 1024)} MB limit; it was left as it was"
            )
        return new

    def _holds(self, new: bytes) -> bool:
        try:
            return self.path.read_bytes() == new
        except OSError:
            return False

    @contextlib.contextmanager
    def transaction(self, full: bool = True, fetch: Iterable[str] = ()) -> Iterator[Any]:
        """Lock, load (`full` as for `load`; without it, the archived applications `fetch` too), let
        the caller change the data, then write it back if it changed, moving what the archiver calls
        settled to the archive unless nothing else changed.
        A file of an older format is upgraded here, by the first write, under the lock: two
        followups meeting an old file at once upgrade it once."""
        from followup.models import StoreData
        from followup.store import history  # writes only: a cached `today` never loads it

        self._check_path()
        with self._lock():
            clean_temp_files(self.path)
            read = self._read()
            raw, info = read if read is not None else (None, None)
            if raw is None:
                data, version = StoreData(), current_version()
            else:
                data, version = self._load(raw)
            pending = history.prepare(self.path, raw, lambda: self._encode(data))
            joined = None
            if data.archive is not None and (full or not self._live_is_enough(data.archive, writing=True)):
                joined = self._join(data)
            elif data.archive is not None and fetch:
                joined = self._join(data, fetch)
            before = [app.id for app in data.applications]
            yield data
            moved = self._placed(data, joined, before)
            new = self._encode(moved.live)
            if new == raw:
                return
            found = history.changes(pending, new, moved.journal)
            if moved.moved and found is not None and not found[0] and not found[1]:
                # A write that changes nothing moves nothing.
                moved = self._placed(data, joined, before, moves=False)
                new = self._encode(moved.live)
                if new == raw:
                    return
                found = history.changes(pending, new, moved.journal)
            moved.write(self.path, self.archive_path)
            history.append(self.path, pending, new, self.label, found)  # journalled before it is written
            try:
                self._save(raw, info, new, version)
            except BaseException:
                if self._holds(new):  # stopped (Ctrl+C) after the rename: the change is saved
                    self.written = (moved.live, new)
                raise
            self.written = (moved.live, new)
