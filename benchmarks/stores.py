"""What the runners share about a store made by make_store.py: its files, and what to write to it."""

from __future__ import annotations

import json
from pathlib import Path


def store_files(store: Path) -> list[Path]:
    """The store file and the archive beside it (when there is one): what a copy of a store takes."""
    archive = store.with_name(store.name + ".archive")
    return [store, archive] if archive.exists() else [store]


OPEN_STATUSES = ("applied", "interviewing", "offer")


def live_application(store: Path) -> str:
    """The id of an open application kept in the store file itself (not archived): what a
    `log-contact` of the day is about. The first such one, so that every run picks the same."""
    document = json.loads(store.read_bytes())
    for app in document["applications"]:
        if app["status"] in OPEN_STATUSES:
            return str(app["id"])
    raise SystemExit(f"{store}: no open application in the file")


def log_argv(store: Path) -> list[str]:
    return ["log-contact", live_application(store), "--kind", "other", "--note", "benchmark"]
