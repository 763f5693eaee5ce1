"""The change history beside the store: `followup.json.history`, one JSON line per change (0600).

Each write of the store is journalled here by `Store.transaction`, under the store's lock: the line is
appended and fsynced *before* the store is replaced. A line holds the change's sequence number, the
sha256 of the store bytes before and after, the time and the command line that made it (`Label`,
given by the CLI), and what changed record by record: each application (by id), contact (by name,
normalized) and proposal of the inbox (by id) whose JSON differs, before and after (null when added
or removed), with its position in the list before and after, and the top-level keys that changed.

A line is believed only where it chains up to the store as it is: walking back from the file's own
digest, a line whose `after` is not the digest expected there while its `before` is, is a write that
never happened (a crash or a disk error between the append and the rename) and is ignored.

The records are cut from the bytes and compared by store/records.py. Bytes laid out otherwise than
followup writes them (by hand, or in an older format) are not cut: the data as read is encoded
again for the `before` side.

Nothing here knows what a record means; app/correct.py reads the entries and undoes them.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from followup.store.label import Label
from followup.store.records import LISTS, Layout, RecordChange, diff, layout

KEEP = 200  # changes kept; older ones are dropped
_SLACK = 20  # lines beyond KEEP before the file is written again, shorter

_HEADER = re.compile(rb'\{"seq": (\d+), "before": (null|"[0-9a-f]{64}"), "after": "([0-9a-f]{64})"')


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    command: str
    before: str | None  # sha256 of the store bytes (None: there was no file)
    after: str
    records: list[RecordChange]
    top: dict[str, tuple[list[Any], list[Any]]]  # key -> ([value] or [] if absent, same after)
    undoes: int | None = None

    def touches(self) -> set[tuple[str, str]]:
        return {(r.list, r.key) for r in self.records} | {("", key) for key in self.top}


def history_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".history")


def digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


# Reading the journal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    seq: int
    before: str | None
    after: str
    offset: int  # where its text is in the journal, and how long it is (without its line break)
    length: int


_HEAD = 4096  # bytes of a line read to find its header; the rest is read in pieces and passed over
_PIECE = 1 << 20


def _read_lines(path: Path) -> list[_Line]:
    """The lines of the journal that look like entries (a line cut short by a crash does not), where
    they are: read a piece at a time, so that a change of every application does not sit in memory
    for each later write."""
    try:
        handle = open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb")  # noqa: SIM115
    except FileNotFoundError:
        return []
    except OSError as err:
        raise _unreadable(path, err) from None
    lines = []
    offset = 0
    with handle:
        try:
            while head := handle.readline(_HEAD):
                piece, length, last = head, 0, b""
                while True:
                    length += len(piece)
                    body = piece[:-1] if piece.endswith(b"\n") else piece
                    last = body[-1:] or last
                    if piece.endswith(b"\n"):
                        break
                    piece = handle.readline(_PIECE)
                    if not piece:
                        break
                ended = piece.endswith(b"\n")
                match = _HEADER.match(head)
                if match and last == b"}":
                    before = None if match.group(2) == b"null" else match.group(2)[1:-1].decode()
                    text_length = length - 1 if ended else length
                    lines.append(
                        _Line(int(match.group(1)), before, match.group(3).decode(), offset, text_length)
                    )
                offset += length
        except OSError as err:
            raise _unreadable(path, err) from None
    return lines


def _unreadable(path: Path, err: OSError) -> Exception:
    from followup.errors import StoreError

    return StoreError(f"cannot read {path}: {err.strerror or err}")


def _texts(path: Path, lines: list[_Line]) -> Iterator[bytes]:
    """The text of each of `lines`, read from the journal one at a time."""
    if not lines:
        return
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
            for line in lines:
                handle.seek(line.offset)
                yield handle.read(line.length)
    except OSError as err:
        raise _unreadable(path, err) from None


def _chain(lines: list[_Line], current: str | None) -> list[_Line]:
    """The lines that led to the store as it is (`current` is its digest), oldest first.

    Walking back from the newest: a line whose `after` is the digest expected there happened; one whose
    `before` is, while its `after` is not, was never written to the store (ignored); any other line
    follows a change made outside followup (a hand edit), and is kept: undo then compares records.
    """
    kept = []
    expected = current
    for line in reversed(lines):
        if line.after != expected and line.before == expected:
            continue
        kept.append(line)
        expected = line.before
    kept.reverse()
    return kept


def _entry(text: bytes) -> Entry | None:
    try:
        obj = json.loads(text)
        records = [
            RecordChange(r["list"], r["key"], r["before"], r["after"], r["index_before"], r["index_after"])
            for r in obj["records"]
        ]
        top = {key: (value[0], value[1]) for key, value in obj["top"].items()}
        return Entry(
            obj["seq"], obj["at"], obj["command"], obj["before"], obj["after"], records, top, obj["undoes"]
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def entries(store_path: Path, raw: bytes | None) -> list[Entry]:
    """The changes that led to the store whose bytes are `raw`, oldest first."""
    path = history_path(store_path)
    found = (_entry(text) for text in _texts(path, _chain(_read_lines(path), digest(raw))))
    return [entry for entry in found if entry is not None]


# Writing the journal ------------------------------------------------------------------------------


@dataclass
class Pending:
    """What was known before the caller changed the data: the bytes cut up, and the journal's lines."""

    before: Layout
    before_digest: str | None
    lines: list[_Line]  # those that chain up to the store
    line_count: int  # all of them, ignored ones too


def prepare(store_path: Path, raw: bytes | None, canonical: Any) -> Pending:
    """Called under the lock before the data is changed. `canonical()` gives the bytes the data as read
    would be written as; it is asked only when `raw` cannot be cut (or is not known to be ours)."""
    lines = _read_lines(history_path(store_path))
    before_digest = digest(raw)
    chain = _chain(lines, before_digest)
    cut = layout(raw) if raw is None or (chain and chain[-1].after == before_digest) else None
    if cut is None:
        cut = layout(canonical())
    empty = Layout({}, {name: [] for name in LISTS})
    return Pending(cut or empty, before_digest, chain, len(lines))


def _line(seq: int, pending: Pending, new: bytes, label: Label | None, changes: Any) -> bytes:
    records, top = changes
    at = label.at if label is not None else datetime.now()
    obj = {
        "seq": seq,
        "before": pending.before_digest,
        "after": digest(new),
        "at": at.isoformat(timespec="seconds"),
        "command": label.command if label is not None else "",
        "undoes": label.undoes if label is not None else None,
        "records": [
            {
                "list": r.list,
                "key": r.key,
                "index_before": r.index_before,
                "index_after": r.index_after,
                "before": r.before,
                "after": r.after,
            }
            for r in records
        ],
        "top": {key: [old, new_] for key, (old, new_) in top.items()},
    }
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8")


Changes = tuple[list[RecordChange], dict[str, tuple[list[Any], list[Any]]]]


def changes(
    pending: Pending, new: bytes, adjust: Callable[[list[RecordChange]], list[RecordChange]] | None = None
) -> Changes | None:
    """What changed from `pending` to `new`, record by record (`adjust` adds what the bytes do not
    show: the archive's applications); None when `new` cannot be cut."""
    after = layout(new)
    if after is None:  # encode_data always lays the file out this way; a change is never lost for it
        return None
    records, top = diff(pending.before, after)
    return (adjust(records) if adjust is not None else records), top


def append(
    store_path: Path, pending: Pending, new: bytes, label: Label | None, found: Changes | None = None
) -> None:
    """Journal the change from `pending` to `new` (`found`: as `changes` gave it) and fsync it; called
    before the store is replaced."""
    if found is None:
        found = changes(pending, new)
    if found is None or (not found[0] and not found[1]):
        return  # the same records in other bytes (a file laid out by hand): nothing to undo
    seq = (pending.lines[-1].seq if pending.lines else 0) + 1
    line = _line(seq, pending, new, label, found)
    path = history_path(store_path)
    try:
        _write(store_path, path, pending, line)
    except OSError as err:
        from followup.errors import StoreError

        reason = "the disk is full" if err.errno == errno.ENOSPC else (err.strerror or str(err))
        raise StoreError(f"could not write {path}: {reason}; the store was left as it was") from None


def _write(store_path: Path, path: Path, pending: Pending, line: bytes) -> None:
    if pending.line_count >= KEEP + _SLACK:
        from followup.store.atomic import write_atomic

        kept = itertools.chain(_texts(path, pending.lines[-(KEEP - 1) :]), [line])
        write_atomic(store_path, path, (piece for text in kept for piece in (text, b"\n")))
        return
    from followup.store.atomic import append_synced

    append_synced(path, line + b"\n")  # a line cut short by a crash stays a line of its own


def current_entries(store_path: Path) -> list[Entry]:
    """The changes that led to the store file as it is now (read under the lock by a writer)."""
    try:
        with open(os.open(store_path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
            raw: bytes | None = handle.read()
    except FileNotFoundError:
        raw = None
    except OSError as err:
        from followup.errors import StoreError

        raise StoreError(f"cannot read {store_path}: {err.strerror or err}") from None
    return entries(store_path, raw)
