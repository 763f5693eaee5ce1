"""A store's bytes and another's document, with their ancestor's → the merged store's bytes, and
writing them through the Store (lock, atomic write, history), only if the file is still what was
merged: the merge of a shared folder's conflict copy (sync/folder.py), which holds the store whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.store import Store
from followup.store.codec import encode_data
from followup.sync.merge import Resolution, merge


@dataclass
class Outcome:
    """The merged store: its bytes and what was resolved on the way."""

    raw: bytes
    resolutions: list[Resolution] = field(default_factory=list)


def document_of(raw: bytes, where: Path, archive_of: Store | None = None) -> dict[str, Any]:
    """The JSON form of a store's bytes after the checks, the upgrade and the models, as followup
    would write it: both sides of a merge are compared in the same, current, format. A copy that
    lists archived applications (a shared folder's conflict copy) finds them in `archive_of`'s
    archive."""
    reader = Store(where)
    if archive_of is not None:
        reader.archive_from = archive_of.archive_path
    data = reader.parse(raw)
    document: dict[str, Any] = json.loads(encode_data(data))
    return document


def merged_documents(store: Store, base: Any, ours: bytes | None, theirs: dict[str, Any]) -> Outcome:
    """The merge of `ours` (this machine's store's bytes; None when it has none) and `theirs` (the
    other machine's document) with their ancestor's document `base` (MISSING: none known)."""
    if ours is None:
        return Outcome(_rewritten(store, theirs))
    result = merge(base, document_of(ours, store.path), theirs)
    return Outcome(_rewritten(store, result.document), result.resolutions)


def _rewritten(store: Store, document: dict[str, Any]) -> bytes:
    """The bytes the store writes for `document`, checked as any file is when read. (Compact JSON
    in between: `json.dumps` with an indent is the slow, pure-Python encoder.)"""
    compact = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return encode_data(store.parse(compact.encode("utf-8")))


class _Changed(Exception):
    """The store changed between reading it for the merge and writing the merge."""


def write(store: Store, expected: bytes | None, new: bytes) -> bytes | None:
    """Write `new` (a merged store's bytes) over the store, if it still holds `expected`: under
    the lock, atomically, journalled for `followup undo`. The bytes written (the file's bytes when
    nothing needed writing), or None when the store changed meanwhile (merge again). Bytes here
    are a store's with every application (`Store.read_logical`): the archive is this machine's
    own."""
    data_new = store.parse(new)
    try:
        with store.transaction() as data:
            if store.read_logical() != expected:
                raise _Changed
            _replace(data, data_new)
    except _Changed:
        return None
    if store.written is None:
        return new
    return store.read_logical()


def _replace(data: Any, new: Any) -> None:
    """Make the store's data `new`, every field and unknown key, in place (as the transaction
    writes the object it gave out)."""
    for name in type(new).model_fields:
        setattr(data, name, getattr(new, name))
    extra = data.__pydantic_extra__
    extra.clear()
    extra.update(new.__pydantic_extra__ or {})
