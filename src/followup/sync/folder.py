"""A store in a shared folder (Syncthing, Nextcloud, Dropbox): the conflict copies such a tool leaves
beside the store when two machines changed it at once are found, merged into the store with
followup's own merge, and removed only once the merged store is written.

A copy shares no recorded ancestor with the store, so the merge is two-way, helped by the store's
change history: an application or contact of the copy that the history shows as an earlier state of
this store's is the ancestor of that record (so this machine's later changes, deletions included,
win over it). Any other record is merged field by field, by the merge's fixed rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followup.store import Store, history, records
from followup.store.copies import conflict_copies
from followup.sync import stores
from followup.sync.merge import MISSING, Resolution, canonical


def _known_states(store: Store, raw: bytes | None) -> dict[tuple[str, str], set[str]]:
    """Every state of a record the store's history saw it in, by (list, key)."""
    known: dict[tuple[str, str], set[str]] = {}
    for entry in history.entries(store.path, raw):
        for change in entry.records:
            for state in (change.before, change.after):
                if state is not None:
                    known.setdefault((change.list, change.key), set()).add(canonical(state))
    return known


def _ancestor(store: Store, raw: bytes | None, theirs: dict[str, Any]) -> Any:
    """The records of the copy that this store's history saw: the part of the ancestor known."""
    known = _known_states(store, raw)
    if not known:
        return MISSING
    ancestor: dict[str, Any] = {"version": theirs.get("version")}
    for name in records.LISTS:
        items = theirs.get(name)
        if not isinstance(items, list):
            continue
        keys = records.keys_of(name, items)
        ancestor[name] = [
            item
            for key, item in zip(keys, items, strict=True)
            if canonical(item) in known.get((name, key), ())
        ]
    return ancestor


def merge_copies(store: Store) -> tuple[list[Path], list[Resolution]]:
    """Merge every conflict copy into the store, one by one, each removed once the store holding it
    is written; the copies merged and what was resolved."""
    merged: list[Path] = []
    resolutions: list[Resolution] = []
    for copy in conflict_copies(store.path):
        for _ in range(3):  # the store changed between reading and writing: read it again
            live = store.read_bytes()  # what the history's digests are of
            raw = store.read_logical()
            copy_raw = Store(copy).read_bytes()
            if copy_raw is None:
                break  # gone meanwhile
            theirs = stores.document_of(copy_raw, copy, store)
            base = _ancestor(store, live, theirs)
            outcome = stores.merged_documents(store, base, raw, theirs)
            if stores.write(store, raw, outcome.raw) is not None:
                copy.unlink(missing_ok=True)
                merged.append(copy)
                resolutions.extend(outcome.resolutions)
                break
    return merged, resolutions
