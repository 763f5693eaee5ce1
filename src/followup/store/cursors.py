"""Where each mail source's scan stopped, per machine: `mail-<store>.json` in the cache folder.

A cursor only saves re-reading: lose the file and the next `followup mail scan` reads every message
again, and proposes none twice (app/mail.py checks each Message-ID against the store). So it lives
with the cache (private, 0600 in a 0700 folder, written whole or not at all), not in the store, and
travels with no sync; with the cache turned off ($FOLLOWUP_CACHE=off) there are no cursors.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from followup.store import atomic
from followup.store.cache import _private_folder, _read_private, _store_key, cache_dir

MAX_BYTES = 64 * 1024 * 1024


def cursors_path(store: Path) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"mail-{_store_key(store)}.json"


def load(store: Path) -> dict[str, dict[str, Any]]:
    """Each source's cursor by name; a missing, foreign or damaged file is no cursors."""
    path = cursors_path(store)
    if path is None:
        return {}
    with contextlib.suppress(Exception):
        payload = _read_private(path, MAX_BYTES)
        value = json.loads(payload) if payload is not None else {}
        sources = value.get("sources") if isinstance(value, dict) else None
        if isinstance(sources, dict):
            return {k: v for k, v in sources.items() if isinstance(k, str) and isinstance(v, dict)}
    return {}


def save(store: Path, cursors: dict[str, dict[str, Any]]) -> None:
    """Write the cursors whole (a temp file renamed over the old one); a cache folder that cannot be
    written is no cursors, never a failure of the scan."""
    path = cursors_path(store)
    if path is None:
        return
    with contextlib.suppress(OSError):
        if not _private_folder(path.parent, create=True):
            return
        payload = json.dumps({"sources": cursors}, ensure_ascii=False, separators=(",", ":"))
        atomic.write_atomic(path, path, payload.encode("utf-8"))
