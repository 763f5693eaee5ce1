"""The archive beside the store: `followup.json.archive`, the applications that are settled (closed, and
past every window in which a rule can still act on them: rules/settled.py), the way Taskwarrior keeps
`completed.data` apart from `pending.data`. The daily commands never read it.

The file is a first line `{"followup_archive": 1}` and then one application per line, as compact
JSON, only ever appended to (and fsynced) by a write, under the store's lock. What counts is said by
the store file: its `archive` member (models.ArchiveIndex) lists each archived application's id with
the digest of its line, and a line counts only when it is listed so. Hence every step of a move is
safe to stop at:

- lines are appended before the store file that lists them is replaced, so a write that stops
  between the two leaves lines nobody lists, and the store as it was;
- an application moved back is listed no more by the new store file, its line left behind;
- lines listed by no one are dropped when the archive is written again whole (a full write, when they
  are as many as the others), by an atomic replace keeping every line the old or the new store lists.

A line that does not parse, a listed line that is missing, or an archive written by a newer followup
is reported, and the archive is then never written.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.errors import CorruptStoreError, NewerStoreError, StoreError

ARCHIVE_FORMAT = 1
_HEADER = b'{"followup_archive": 1}\n'
_HEADER_KEY = b'{"followup_archive": '


def archive_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".archive")


def line_digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:16]


@dataclass
class Lines:
    """The archive as read: every complete line by its digest, and how many lines it holds (a last
    line cut short by a write that stopped is not one)."""

    by_digest: dict[str, bytes] = field(default_factory=dict)
    count: int = 0


def corrupt(path: Path, why: str) -> CorruptStoreError:
    return CorruptStoreError(
        f"{path} is not a valid followup archive ({why}); it was left untouched: restore it from a"
        " backup or fix it by hand"
    )


def read(path: Path, limit: int) -> Lines | None:
    """The lines of the archive at `path`, or None when there is none."""
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise corrupt(path, f"over the {limit // (1024 * 1024)} MB limit")
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror or err}") from None
    check_header(raw[: len(_HEADER)], path)
    whole = raw[len(_HEADER) :].split(b"\n")[:-1]
    return Lines({line_digest(line): line for line in whole if line}, len(whole))


def check_header(first: bytes, path: Path) -> None:
    """`first`, the archive's first line, is this format's header (a newer one is reported)."""
    if first == _HEADER:
        return
    if first.startswith(_HEADER_KEY):
        version = first[len(_HEADER_KEY) : first.find(b"}")].strip()
        if version.isdigit() and int(version) > ARCHIVE_FORMAT:
            raise NewerStoreError(
                f"{path} was written by a newer followup (archive format {int(version)}); upgrade"
                " followup to use it. The file was left untouched."
            )
    raise corrupt(path, "its first line is not an archive's")


def each_line(path: Path) -> Iterator[bytes] | None:
    """The complete lines of the archive after its header, read one at a time; None when there is no
    archive."""
    try:
        handle = open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror or err}") from None

    def lines() -> Iterator[bytes]:
        with handle:
            check_header(handle.readline(), path)
            for line in handle:
                if line.endswith(b"\n"):  # the last line, cut short by a write that stopped, is not
                    yield line[:-1]

    return lines()


def _append_bytes(path: Path, payload: bytes) -> None:
    from followup.store.atomic import append_synced

    append_synced(path, payload)


def append(store_path: Path, path: Path, lines: list[bytes]) -> None:
    """Add `lines` at the end of the archive, and fsync it. An archive made here starts as its header
    alone, written whole by an atomic replace. After a line cut short by a write that stopped, a
    newline first, so that it stays a line of its own, listed by no one."""
    if not lines:
        return
    if not (path.exists() or path.is_symlink()):
        from followup.store.atomic import write_atomic

        write_atomic(store_path, path, _HEADER)
    _append_bytes(path, b"".join(line + b"\n" for line in lines))


def rewrite(store_path: Path, path: Path, lines: list[bytes]) -> None:
    """The archive holding just `lines`, replaced atomically."""
    from followup.store.atomic import write_atomic

    write_atomic(store_path, path, _HEADER + b"".join(line + b"\n" for line in lines))


def compact(store_path: Path, path: Path, keep: Collection[str], lines: list[bytes]) -> None:
    """The archive written again, by an atomic replace, with its lines whose digests are in `keep`
    (each once) and then `lines`, read and written a piece at a time: never the whole archive in
    memory."""
    from followup.store.atomic import write_atomic

    def pieces() -> Iterator[bytes]:
        yield _HEADER
        seen: set[str] = set()
        chunk: list[bytes] = []
        old = (line for line in each_line(path) or () if line_digest(line) in keep)
        for line in itertools.chain(old, lines):
            digest = line_digest(line)
            if digest not in seen:
                seen.add(digest)
                chunk.append(line + b"\n")
            if len(chunk) >= 1000:
                yield b"".join(chunk)
                chunk = []
        yield b"".join(chunk)

    write_atomic(store_path, path, pieces())


def listed(index: Any, lines: Lines | None, path: Path) -> dict[str, bytes]:
    """The line of each application the index lists, by id, in its order; a listed line that is not
    there is reported. A line appended on another machine at the same time as one here, in a shared
    folder, is in the conflict copy its tool left beside the archive: it is read from there (and kept
    by the next rewrite)."""
    found: dict[str, bytes] = {}
    by_digest = lines.by_digest if lines is not None else {}
    copies: dict[str, bytes] | None = None
    for app_id, entry in index.apps.items():
        line = by_digest.get(entry[0]) if entry else None
        if line is None:
            if copies is None:
                copies = _lines_of_copies(path)
            line = copies.get(entry[0])
        if line is None:
            where = f"{path} does not hold it" if lines is not None else f"there is no {path}"
            raise CorruptStoreError(
                f"the store lists application {app_id!r} as archived but {where}; nothing was changed:"
                " restore the archive from a backup"
            )
        found[app_id] = line
    return found


def _lines_of_copies(path: Path) -> dict[str, bytes]:
    from followup.store.copies import conflict_copies

    found: dict[str, bytes] = {}
    for copy in conflict_copies(path):
        with contextlib.suppress(StoreError):  # a copy that is not an archive holds no line of ours
            lines = read(copy, 1 << 30)
            if lines is not None:
                found.update(lines.by_digest)
    return found


def check_index(index: Any, path: Path) -> None:
    """Every entry of the index as `ArchiveIndex` describes it."""
    for app_id, entry in index.apps.items():
        if len(entry) != 6 or len(entry[0]) != 16 or not entry[5].isdigit():
            raise CorruptStoreError(
                f"{path} is not a valid followup store (archive.apps.{app_id}: not an archive entry);"
                " it was left untouched"
            )
