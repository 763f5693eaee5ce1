"""The only code that touches the data file.

Reads are lock-free: writes replace the file atomically, so a reader sees the old or the new
version, never a mix. Every write holds an exclusive lock on `followup.json.lock` across
read-modify-write, writes a temp file in the same folder, fsyncs it, keeps the previous version as
`followup.json.bak`, renames the temp file over the store and fsyncs the folder.

A file that does not parse or validate, or that a newer followup wrote, is reported and never
overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from followup.errors import CorruptStoreError, NewerStoreError, StoreError

MAX_BYTES = 50 * 1024 * 1024  # far beyond a lifetime of job hunting; refuse rather than exhaust memory
LOCK_TIMEOUT = 10.0  # seconds to wait for another followup to finish writing

# One step per format version: MIGRATIONS[n] turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _current_version() -> int:
    from followup.models import FORMAT_VERSION

    return FORMAT_VERSION


class _Invalid(ValueError):
    """Raised while decoding; turned into CorruptStoreError with the file's name."""


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Invalid(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise _Invalid(f"{name} is not a number followup writes")


def decode(raw: bytes) -> dict[str, Any]:
    """Bytes of a store file → its JSON object, or _Invalid saying why not."""
    if not raw.strip():
        raise _Invalid("the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Invalid(f"not UTF-8 at byte {err.start}") from None
    if "\x00" in text:
        raise _Invalid("the file contains NUL bytes")
    try:
        document = json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except _Invalid:
        raise
    except RecursionError:
        raise _Invalid("nested too deeply") from None
    except json.JSONDecodeError as err:
        raise _Invalid(f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except ValueError as err:  # e.g. an integer beyond Python's digit limit
        raise _Invalid(f"not valid JSON: {str(err).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise _Invalid(f"expected an object at the top, found {type(document).__name__}")
    return document


def encode(document: dict[str, Any]) -> bytes:
    """Stable key order and a 2-space indent, so the file diffs cleanly."""
    return (json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


class Store:
    """The JSON file at `path`, its lock and its backup."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _temp_prefix(self) -> str:
        return f".{self.path.name}."

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

    def _read_bytes(self) -> bytes | None:
        self._check_path()
        try:
            with open(self.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_BYTES:
                    raise self._corrupt(f"{size:,} bytes is over the {MAX_BYTES // (1024 * 1024)} MB limit")
                return handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreError(f"{self.path} is a folder, not a file") from None
        except PermissionError:
            raise StoreError(f"cannot read {self.path}: permission denied") from None
        except OSError as err:
            raise StoreError(f"cannot read {self.path}: {err.strerror or err}") from None

    def _parse(self, raw: bytes) -> tuple[dict[str, Any], int]:
        try:
            document = decode(raw)
        except _Invalid as err:
            raise self._corrupt(str(err)) from None
        version = document.get("version")
        if type(version) is not int:  # bool is an int subclass; "1" is not a version either
            raise self._corrupt("its 'version' is missing or not an integer")
        current = _current_version()
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
        seen: set[str] = set()
        for app in data.applications:
            if app.id in seen:
                raise self._corrupt(f"application id {app.id!r} appears twice")
            seen.add(app.id)
        return data

    def _migrate(self, document: dict[str, Any], version: int) -> dict[str, Any]:
        current = _current_version()
        while version < current:
            step = MIGRATIONS.get(version)
            if step is None:
                raise self._corrupt(f"no way to upgrade format version {version}")
            document = step(document)
            version += 1
            document["version"] = version
        return document

    def load(self) -> Any:
        """The data as it is on disk (an empty store when there is no file). Never writes."""
        return self.load_with_bytes()[0]

    def load_with_bytes(self) -> tuple[Any, bytes | None]:
        """The data and the exact bytes it was validated from (None when there is no file)."""
        from followup.models import StoreData

        raw = self._read_bytes()
        if raw is None:
            return StoreData(), None
        document, version = self._parse(raw)
        return self._validate(self._migrate(document, version)), raw

    # Writing ---------------------------------------------------------------------------------------

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if folder.is_dir():
            return
        try:
            folder.mkdir(parents=True, mode=0o700)
            os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
        except FileExistsError:
            pass
        except OSError as err:
            raise StoreError(f"cannot create {folder}: {err.strerror or err}") from None

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self._ensure_folder()
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as err:
            raise StoreError(f"cannot lock {self.path}: {err.strerror or err}") from None
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"{self.path} is being written by another followup; try again"
                        ) from None
                    time.sleep(0.01)
            yield
        finally:
            os.close(fd)  # closing releases the lock; a killed process releases it too

    def _clean_temp_files(self) -> None:
        prefix = self._temp_prefix()
        for leftover in self.path.parent.glob(prefix + "*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _fsync_folder(self) -> None:
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _write_atomic(self, target: Path, payload: bytes) -> None:
        import tempfile

        fd, temp_name = tempfile.mkstemp(dir=self.path.parent, prefix=self._temp_prefix(), suffix=".tmp")
        try:
            try:
                os.fchmod(fd, 0o600)
                view = memoryview(payload)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def _save(self, old: bytes | None, new: bytes) -> None:
        try:
            if old is not None:
                self._write_atomic(self.backup_path, old)
            self._write_atomic(self.path, new)
            self._fsync_folder()
        except OSError as err:
            reason = "the disk is full" if err.errno == errno.ENOSPC else (err.strerror or str(err))
            raise StoreError(f"could not write {self.path}: {reason}; it was left as it was") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """Lock, load, let the caller change the data, then write it back if it changed."""
        from followup.models import StoreData

        self._check_path()
        with self._lock():
            self._clean_temp_files()
            raw = self._read_bytes()
            if raw is None:
                data = StoreData()
            else:
                document, version = self._parse(raw)
                data = self._validate(self._migrate(document, version))
            yield data
            new = encode(data.model_dump(mode="json", by_alias=True, exclude_none=True))
            if new != raw:
                self._save(raw, new)
