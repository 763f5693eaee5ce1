"""What `followup caldav sync` remembers on this machine between runs, beside the store as
`followup.json.caldav.json` (private, written atomically): for each to-do it wrote, where it is on the
server (href, ETag), which action it stands for, and what it last wrote (due date, title, status), so
that the next run can tell what the phone changed since.

It is a cache of the server, not part of the history: the store never depends on it. A lock
(`…caldav.json.lock`) keeps two syncs of the same store from running at once.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from followup.errors import StoreError
from followup.store.atomic import clean_temp_files, held_alone, write_atomic

STATE_VERSION = 1


@dataclass
class Written:
    """One to-do as followup last wrote it (or last saw it, for the ETag)."""

    href: str
    etag: str | None
    app: str | None
    kind: str
    person: str | None
    due: str  # ISO date
    summary: str
    status: str  # NEEDS-ACTION or COMPLETED


@dataclass
class SyncState:
    """The to-dos of one task list (its URL), by UID."""

    url: str
    todos: dict[str, Written] = field(default_factory=dict)


def state_path(store: Path) -> Path:
    return store.with_name(store.name + ".caldav.json")


def _lists(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        document = json.loads(raw)
        if document.get("version") != STATE_VERSION or not isinstance(document.get("lists"), dict):
            raise ValueError("unknown format")
        return dict(document["lists"])
    except (ValueError, AttributeError, UnicodeDecodeError):
        raise StoreError(
            f"{path} is not a caldav sync state this followup reads; move it away to sync afresh"
            " (to-dos then take followup's side once)"
        ) from None


def load_state(path: Path, url: str) -> SyncState:
    """The state kept for the task list at `url` (empty the first time)."""
    todos = _lists(path).get(url, {})
    try:
        return SyncState(url, {uid: Written(**entry) for uid, entry in todos.items()})
    except TypeError:
        raise StoreError(f"{path}: a to-do's entry is not one this followup wrote") from None


def save_state(path: Path, state: SyncState) -> None:
    """Write `state` over its list's entry, the other lists kept; complete or not at all, 0600."""
    lists = _lists(path)
    lists[state.url] = {uid: asdict(entry) for uid, entry in sorted(state.todos.items())}
    payload = json.dumps({"version": STATE_VERSION, "lists": lists}, indent=1, sort_keys=True).encode()
    try:
        write_atomic(path, path, payload + b"\n")
    except OSError as err:
        raise StoreError(f"could not write {path}: {err.strerror or err}") from None


@contextlib.contextmanager
def state_lock(path: Path) -> Iterator[None]:
    """Hold the sync's own lock; a second sync of the same store is refused at once."""
    lock = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot lock {lock}: {err.strerror or err}") from None
    busy = "another `followup caldav sync` is running for this store; try again"
    with held_alone(lock, busy, StoreError):
        clean_temp_files(path)  # a killed sync's half-written state
        yield
