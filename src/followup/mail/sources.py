"""Where messages come from, read-only always: a Maildir folder, an mbox file, one message file,
standard input (`-`), and, in their own modules, notmuch (`notmuch:QUERY`) and IMAP (`imaps://...`).

Every source has the same interface, `read(spec, cursor, options)`: it yields (a key unique within
the source, the message's first `options.limit_bytes` bytes) for each message not yet seen according
to `cursor`, and updates `cursor` in place as it goes, so that the next scan reads only what is new.
A cursor is plain JSON values; a lost one only costs a re-read (the Message-ID check in app/mail.py
still keeps a message from being proposed twice).

Nothing is ever moved, flagged, renamed, locked or created: a Maildir is listed and its files
opened for reading; an mbox is read with plain `open(..., "rb")`, not `mailbox.mbox`, which may
lock or create the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from followup.errors import FollowupError

DEFAULT_LIMIT = 256 * 1024  # bytes read of each message: headers and the text, not a whole attachment
_HEAD = 4096  # bytes of an mbox whose digest tells that it is still the same file


@dataclass(frozen=True)
class SourceOptions:
    """What a source needs beside its name: the command that prints an IMAP password (never stored
    by followup), how many bytes of each message to read (the first ones: the headers and the text
    come before any attachment), and how long to wait for a server or a command."""

    password_command: str | None = None
    limit_bytes: int = DEFAULT_LIMIT
    timeout: float = 30.0


class SourceError(FollowupError):
    """A source that cannot be read at all (a missing folder, a file that is no mailbox)."""


def kind_of(spec: str) -> str:
    """`imap`, `notmuch`, `stdin`, `maildir`, `mbox` or `message`: told apart by the name for the
    first three, by the content for a path."""
    if spec.startswith("imaps://") or spec.startswith("imap://"):
        return "imap"
    if spec.startswith("notmuch:"):
        return "notmuch"
    if spec == "-":
        return "stdin"
    path = Path(spec).expanduser()
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return "maildir"
        raise SourceError(f"{spec} is a folder but not a Maildir (it has no cur and new folders)")
    try:
        with open(path, "rb") as handle:
            start = handle.read(5)
    except FileNotFoundError:
        raise SourceError(f"{spec}: no such file or folder") from None
    except OSError as err:
        raise SourceError(f"cannot read {spec}: {err.strerror or err}") from None
    return "mbox" if start == b"From " else "message"


def cursor_name(spec: str) -> str | None:
    """The name a source's cursor is kept under (an absolute path for a file or folder); None for
    standard input and a single message, which have none."""
    kind = kind_of(spec)
    if kind in ("stdin", "message"):
        return None
    if kind in ("maildir", "mbox"):
        return f"{kind}:{os.path.abspath(Path(spec).expanduser())}"
    return spec


def read(spec: str, cursor: dict[str, Any], options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    """The messages of the source `spec` not yet seen according to `cursor` (updated in place)."""
    kind = kind_of(spec)
    if kind in ("imap", "notmuch"):
        try:
            module: Any = importlib.import_module(f"followup.mail.{kind}")
        except ModuleNotFoundError as err:
            if err.name != f"followup.mail.{kind}":
                raise
            raise SourceError(f"{spec}: this source is not supported yet") from None
        return module.read(spec, cursor, options)
    if kind == "maildir":
        return read_maildir(Path(spec).expanduser(), cursor, options)
    if kind == "mbox":
        return read_mbox(Path(spec).expanduser(), cursor, options)
    if kind == "stdin":
        return _one("-", sys.stdin.buffer, options)
    return _message_file(Path(spec).expanduser(), options)


def _capped(handle: BinaryIO, options: SourceOptions) -> bytes:
    return handle.read(options.limit_bytes)


def _one(key: str, handle: BinaryIO, options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    yield key, _capped(handle, options)


def _message_file(path: Path, options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    with open(path, "rb") as handle:
        yield str(path), _capped(handle, options)


# Maildir --------------------------------------------------------------------------------------------


def _maildir_files(path: Path) -> dict[str, str]:
    """Each message of new and cur by its key (its file name before the flags, the key
    `mailbox.Maildir` gives it): the file's path under `path`. A message that a client flags, or
    moves from new to cur, keeps its key."""
    files = {}
    for sub in ("new", "cur"):
        with contextlib.suppress(FileNotFoundError):
            for name in os.listdir(path / sub):
                if not name.startswith("."):
                    files[name.split(":")[0]] = f"{sub}/{name}"
    return files


def read_maildir(path: Path, cursor: dict[str, Any], options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    """The messages whose key is not in `cursor["seen"]`, oldest first (delivery names start with
    the time).

    The folders are listed and the new files opened for reading, nothing else: no message is moved
    from new to cur, flagged or renamed, no file created. (`mailbox.Maildir(path, create=False)`
    would do the same, at the price of a stat of every message of the folder at each scan.)
    """
    seen = set(cursor.get("seen") or [])
    cursor["seen"] = sorted(seen)
    files = _maildir_files(path)
    for key in sorted(k for k in files if k not in seen):
        raw = _read_capped(path / files[key], options)
        if raw is None:  # flagged or moved to cur since the listing
            moved = _maildir_files(path).get(key)
            raw = _read_capped(path / moved, options) if moved is not None else None
        if raw is None:
            continue  # gone: read by the next scan if it comes back
        seen.add(key)
        cursor["seen"].append(key)
        yield key, raw


def _read_capped(path: Path, options: SourceOptions) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return _capped(handle, options)
    except FileNotFoundError:
        return None


# mbox -----------------------------------------------------------------------------------------------


def _head_digest(handle: BinaryIO, length: int) -> str:
    handle.seek(0)
    return hashlib.sha256(handle.read(length)).hexdigest()


def read_mbox(path: Path, cursor: dict[str, Any], options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    """The messages after `cursor["offset"]`, when the file is still the one read then (its first
    bytes have the same digest and it has not shrunk): an mbox only grows at its end. Otherwise from
    the start. Each message's first `limit_bytes` are kept; the rest is skipped over, not kept."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        offset, length = cursor.get("offset"), cursor.get("head_bytes")
        start = 0
        if isinstance(offset, int) and isinstance(length, int) and 0 <= length <= offset <= size:
            start = offset if _head_digest(handle, length) == cursor.get("head") else 0
        handle.seek(start)
        at = start
        current: bytearray | None = None
        current_at = start
        kept = 0
        previous_blank = True
        for line in handle:
            size_of_line = len(line)
            if line.startswith(b"From ") and previous_blank:
                if current is not None:
                    _advance(cursor, handle, at)
                    yield f"offset {current_at}", bytes(current)
                    handle.seek(at + size_of_line)
                current, current_at, kept = bytearray(), at, 0
            elif current is not None and kept < options.limit_bytes:
                if line.startswith(b">From "):  # mboxrd's escaped From line
                    line = line[1:]
                current += line[: options.limit_bytes - kept]
                kept += len(line)
            previous_blank = line in (b"\n", b"\r\n")
            at += size_of_line
        _advance(cursor, handle, at)
        if current is not None:
            yield f"offset {current_at}", bytes(current)


def _advance(cursor: dict[str, Any], handle: BinaryIO, offset: int) -> None:
    """The cursor past the messages before `offset`, with the digest of the file's first bytes."""
    length = min(_HEAD, offset)
    cursor.update(offset=offset, head_bytes=length, head=_head_digest(handle, length))
