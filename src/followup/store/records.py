"""A store file's bytes cut into its records, and what changed between two of them.

Records are cut from the bytes as `codec.encode_data` lays them out (2-space indent, one record per
`    {` ... `    }` block), so comparing two versions of the file costs a byte comparison of the
records, not a parse of the file; only the records that differ are parsed. store/history.py journals
the differences. Nothing here knows what a record means.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# The record lists: applications and the inbox's proposals keyed by id, contacts by normalized name.
LISTS = ("applications", "contacts", "inbox")
_BY_ID = frozenset({"applications", "inbox"})
_MEMBER = re.compile(rb'  ("(?:[^"\\\n]|\\.)*"): ')
_MEMBER_START = b'\n  "'
_APPS = b',\n  "applications": '
_CONTACTS = b',\n  "contacts": '
_RECORD_START = b"[\n    {\n"
_RECORD_END = b"\n    }\n  ]"
_RECORD_SEP = b"\n    },\n    {\n"


@dataclass(frozen=True)
class RecordChange:
    list: str  # one of LISTS
    key: str
    before: Any  # the record's JSON, None when the change added it
    after: Any  # None when the change removed it
    index_before: int | None
    index_after: int | None


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
        if list_name in _BY_ID:
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
    if name in _BY_ID:  # ids are unique: only the records in between need parsing
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
    # The archive's index says where applications are kept, not what they hold: store/moves.py tells
    # the history what a move changed.
    for key in sorted({*before.members, *after.members} - {"version", "archive"}):
        old, new = before.members.get(key), after.members.get(key)
        if old != new:
            top[key] = ([] if old is None else [json.loads(old)], [] if new is None else [json.loads(new)])
    return records, top


def record_json(record: Any) -> Any:
    """A record (an Application, a Contact) as the store writes it, as JSON values."""
    from followup.store.codec import encode_data

    return json.loads(encode_data(record))
