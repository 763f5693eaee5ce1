"""The change history beside the store: `followup.json.history`, one JSON line per change (0600).

Each write of the store is journalled here by `Store.transaction`, under the store's lock: the line is
appended and fsynced *before* the store is replaced. A line holds the change's sequence number, the
sha256 of the store bytes before and after, the time and the command line that made it (`Label`,
given by the CLI), and what changed record by record: each application (by id) and contact (by name,
normalized) whose JSON differs, before and after (null when added or removed), with its position in
the list before and after, and the top-level keys that changed.

A line is believed only where it chains up to the store as it is: walking back from the file's own
digest, a line whose `after` is not the digest expected there while its `before` is, is a write that
never happened (a crash or a disk error between the append and the rename) and is ignored.

Records are cut from the store's bytes as `codec.encode_data` lays them out (2-space indent, one
record per `    {` ... `    }` block), so a write costs a byte comparison of the records, not a parse
of the file; only the records that differ are parsed. Bytes laid out otherwise (written by hand, or
in an older format) are not cut: the data as read is encoded again for the `before` side.

Nothing here knows what a record means; app/correct.py reads the entries and undoes them.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

KEEP = 200  # changes kept; older ones are dropped
_SLACK = 20  # lines beyond KEEP before the file is written again, shorter
LISTS = ("applications", "contacts")  # the record lists, keyed by id and by normalized name

_HEADER = re.compile(rb'\{"seq": (\d+), "before": (null|"[0-9a-f]{64}"), "after": "([0-9a-f]{64})"')
_MEMBER = re.compile(rb'  ("(?:[^"\\\n]|\\.)*"): ')
_MEMBER_START = b'\n  "'
_APPS = b',\n  "applications": '
_CONTACTS = b',\n  "contacts": '
_RECORD_START = b"[\n    {\n"
_RECORD_END = b"\n    }\n  ]"
_RECORD_SEP = b"\n    },\n    {\n"


@dataclass(frozen=True)
class Label:
    """What the CLI says about the change being made: its command line and when it ran; `undoes`
    when the change undoes an earlier one."""

    command: str
    at: datetime
    undoes: int | None = None


@dataclass(frozen=True)
class RecordChange:
    list: str  # one of LISTS
    key: str
    before: Any  # the record's JSON, None when the change added it
    after: Any  # None when the change removed it
    index_before: int | None
    index_after: int | None


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
    from followup.store import cache  # which keeps the digest of the bytes it was last asked about

    return None if raw is None else cache.sha256_of(raw)


# Cutting the store's bytes into records ------------------------------------------------------------


@dataclass
class Layout:
    """The top-level members of a store file as bytes, and the record lists cut into records."""

    members: dict[str, bytes] = field(default_factory=dict)
    records: dict[str, list[bytes]] = field(default_factory=dict)


def layout(raw: bytes | None) -> Layout | None:
    """The file cut into members and records; None when it is not laid out as followup writes it.

    The applications, nearly all of the file, are cut by one `split` of the whole file, which copies
    it once: a slice of them first would copy it twice. The rest is cut apart on its own.
    """
    if raw is None:
        return Layout({}, {name: [] for name in LISTS})
    at = raw.find(_APPS, 0, 100)
    contacts_at = raw.rfind(_CONTACTS)
    if at < 0 or contacts_at < at:
        return _cut(raw)
    start = at + len(_APPS)
    result = _cut(raw[:start] + b"[]" + raw[contacts_at:])
    if result is None or (raw.startswith(b"[]", start) and start + 2 == contacts_at):
        return result
    first, last = start + len(_RECORD_START), contacts_at - len(_RECORD_END)
    if not (raw.startswith(_RECORD_START, start) and raw.endswith(_RECORD_END, 0, contacts_at)):
        return None
    pieces = raw.split(_RECORD_SEP)
    end, k = len(raw), len(pieces) - 1
    while end - len(pieces[k]) > last:  # a contact's record, after the applications
        end -= len(pieces[k]) + len(_RECORD_SEP)
        k -= 1
    if k == 0:
        pieces = [raw[first:last]]
    else:
        pieces = pieces[: k + 1]
        pieces[0] = raw[first : len(pieces[0])]
        pieces[k] = raw[end - len(pieces[k]) : last]
    result.records["applications"] = pieces
    return result


def _cut(raw: bytes) -> Layout | None:
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}\n")):
        return None
    # A member starts a line with exactly two spaces: every line nested deeper has four or more.
    body = b"\n" + raw[2:-3]
    starts = []
    at = body.find(_MEMBER_START)
    while at != -1:
        starts.append(at + 1)
        at = body.find(_MEMBER_START, at + 1)
    if not starts or starts[0] != 1:
        return None
    result = Layout()
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(body)
        text = body[start:end]
        if i + 1 < len(starts):
            if not text.endswith(b","):
                return None
            text = text[:-1]
        match = _MEMBER.match(text)
        if match is None:
            return None
        try:
            key = json.loads(match.group(1))
        except ValueError:
            return None
        result.members[key] = text[match.end() :]
    for name in LISTS:
        value = result.members.pop(name, b"[]")
        if value == b"[]":
            result.records[name] = []
        elif value.startswith(_RECORD_START) and value.endswith(_RECORD_END):
            inner = value[len(_RECORD_START) : -len(_RECORD_END)]
            result.records[name] = inner.split(_RECORD_SEP)
        else:
            return None
    return result


def _parse(chunk: bytes) -> Any:
    return json.loads(b"{\n" + chunk + b"\n}")


def _name_key(record: Any) -> str:
    name = record.get("name") if isinstance(record, dict) else None
    return " ".join(name.casefold().split()) if isinstance(name, str) else ""


def keys_of(list_name: str, records: list[Any]) -> list[str]:
    """The key of each record: an application's id, a contact's normalized name; a name met again
    gets `#2`, `#3`... in list order."""
    keys = []
    seen: dict[str, int] = {}
    for record in records:
        if list_name == "applications":
            key = str(record.get("id")) if isinstance(record, dict) else ""
        else:
            key = _name_key(record)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def _diff_list(name: str, before: list[bytes], after: list[bytes]) -> list[RecordChange]:
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    tail = 0
    while tail < limit - start and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    if start == len(before) == len(after):
        return []
    if name == "applications":  # ids are unique: only the records in between need parsing
        b_middle = [_parse(c) for c in before[start : len(before) - tail]]
        a_middle = [_parse(c) for c in after[start : len(after) - tail]]
        b_keys, a_keys = keys_of(name, b_middle), keys_of(name, a_middle)
        b_chunks, a_chunks = before[start : len(before) - tail], after[start : len(after) - tail]
        offset = start
    else:  # names may repeat: the keys count over the whole list (a few dozen contacts)
        b_middle, a_middle = [_parse(c) for c in before], [_parse(c) for c in after]
        b_keys, a_keys = keys_of(name, b_middle), keys_of(name, a_middle)
        b_chunks, a_chunks = before, after
        offset = 0
    b_at = {key: i for i, key in enumerate(b_keys)}
    a_at = {key: i for i, key in enumerate(a_keys)}
    same = [k for k in b_keys if k in a_at and b_chunks[b_at[k]] == a_chunks[a_at[k]]]
    # Undo puts the changed records back around the others, which must therefore keep their order.
    keep_order = same == [k for k in a_keys if k in set(same)]
    unchanged = set(same) if keep_order else set()
    changes = []
    for key in [*b_keys, *(k for k in a_keys if k not in b_at)]:
        if key in unchanged:
            continue
        bi, ai = b_at.get(key), a_at.get(key)
        changes.append(
            RecordChange(
                name,
                key,
                None if bi is None else b_middle[bi],
                None if ai is None else a_middle[ai],
                None if bi is None else bi + offset,
                None if ai is None else ai + offset,
            )
        )
    return changes


def diff(before: Layout, after: Layout) -> tuple[list[RecordChange], dict[str, tuple[list[Any], list[Any]]]]:
    records = [c for name in LISTS for c in _diff_list(name, before.records[name], after.records[name])]
    top: dict[str, tuple[list[Any], list[Any]]] = {}
    for key in sorted({*before.members, *after.members} - {"version"}):
        old, new = before.members.get(key), after.members.get(key)
        if old != new:
            top[key] = ([] if old is None else [json.loads(old)], [] if new is None else [json.loads(new)])
    return records, top


# Reading the journal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    seq: int
    before: str | None
    after: str
    text: bytes


def _read_lines(path: Path) -> tuple[list[_Line], bytes]:
    """The lines of the journal that look like entries (a line cut short by a crash does not), and
    the file's bytes."""
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return [], b""
    except OSError as err:
        from followup.errors import StoreError

        raise StoreError(f"cannot read {path}: {err.strerror or err}") from None
    lines = []
    for text in raw.split(b"\n"):
        match = _HEADER.match(text)
        if match and text.endswith(b"}"):
            before = None if match.group(2) == b"null" else match.group(2)[1:-1].decode()
            lines.append(_Line(int(match.group(1)), before, match.group(3).decode(), text))
    return lines, raw


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


def _entry(line: _Line) -> Entry | None:
    try:
        obj = json.loads(line.text)
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
    lines, _ = _read_lines(history_path(store_path))
    found = (_entry(line) for line in _chain(lines, digest(raw)))
    return [entry for entry in found if entry is not None]


# Writing the journal ------------------------------------------------------------------------------


@dataclass
class Pending:
    """What was known before the caller changed the data: the bytes cut up, and the journal's lines."""

    before: Layout
    before_digest: str | None
    lines: list[_Line]  # those that chain up to the store
    line_count: int  # all of them, ignored ones too
    raw_journal: bytes


def prepare(store_path: Path, raw: bytes | None, canonical: Any) -> Pending:
    """Called under the lock before the data is changed. `canonical()` gives the bytes the data as read
    would be written as; it is asked only when `raw` cannot be cut (or is not known to be ours)."""
    lines, raw_journal = _read_lines(history_path(store_path))
    before_digest = digest(raw)
    chain = _chain(lines, before_digest)
    cut = layout(raw) if raw is None or (chain and chain[-1].after == before_digest) else None
    if cut is None:
        cut = layout(canonical())
    empty = Layout({}, {name: [] for name in LISTS})
    return Pending(cut or empty, before_digest, chain, len(lines), raw_journal)


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


def append(store_path: Path, pending: Pending, new: bytes, label: Label | None) -> None:
    """Journal the change from `pending` to `new` and fsync it; called before the store is replaced."""
    after = layout(new)
    if after is None:  # encode_data always lays the file out this way; a change is never lost for it
        return
    changes = diff(pending.before, after)
    if not changes[0] and not changes[1]:
        return  # the same records in other bytes (a file laid out by hand): nothing to undo
    seq = (pending.lines[-1].seq if pending.lines else 0) + 1
    line = _line(seq, pending, new, label, changes)
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

        kept = [old.text for old in pending.lines[-(KEEP - 1) :]]
        write_atomic(store_path, path, b"\n".join([*kept, line]) + b"\n", "history")
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        # A line cut short by a crash stays a line of its own, which reading skips.
        payload = line + b"\n"
        if pending.raw_journal and not pending.raw_journal.endswith(b"\n"):
            payload = b"\n" + payload
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


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


def record_json(record: Any) -> Any:
    """A record (an Application, a Contact) as the store writes it, as JSON values."""
    from followup.store.codec import encode_data

    return json.loads(encode_data(record))
