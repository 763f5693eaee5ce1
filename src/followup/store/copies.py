"""The conflict copies a shared folder's tool (Syncthing, Nextcloud, Dropbox) leaves beside a file
when two machines changed it at once. Standard library only: `followup today` looks for them.
"""

from __future__ import annotations

import os
from pathlib import Path


def is_conflict_copy(name: str, store_name: str) -> bool:
    """`followup.sync-conflict-20260303-101010-ABC1234.json` (Syncthing), `followup (conflicted
    copy 2026-03-03 101010).json` (Nextcloud), `followup (Sam's conflicted copy 2026-03-03).json`
    (Dropbox), for the store `followup.json`."""
    stem, dot, suffix = store_name.rpartition(".")
    if not dot:
        stem, suffix = store_name, ""
    end = f".{suffix}" if dot else ""
    if name == store_name or not name.startswith(stem) or not name.endswith(end):
        return False
    middle = name[len(stem) : len(name) - len(end)]
    return middle.startswith(".sync-conflict-") or (
        middle.startswith(" (") and "conflicted copy" in middle.casefold()
    )


def conflict_copies(store_path: Path) -> list[Path]:
    """The conflict copies beside the store, oldest name first; a folder that cannot be listed has none."""
    try:
        names = os.listdir(store_path.parent)
    except OSError:
        return []
    found = [store_path.with_name(name) for name in names if is_conflict_copy(name, store_path.name)]
    return sorted(path for path in found if path.is_file() and not path.is_symlink())
