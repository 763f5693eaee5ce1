"""A cache of the agenda, so that `followup today` on an unchanged store starts at once.

An entry is trusted only for byte-identical input to the run that built it, after that run had read
and fully validated the store: it is keyed on a hash of the store's bytes, of the config file's bytes,
on today's date, `--days`, the program's version and the size and time of every file of the package
(so a changed rule is a miss even within one version), and the Python and pydantic it ran on.
Anything else (a symlinked or unreadable store, a corrupt store, a foreign or damaged entry) is a
miss, and the command takes the full path, which reports what is wrong. A cache that cannot be read
or written is ignored, never fatal.

Entries live in the platform's cache folder (or $FOLLOWUP_CACHE; `off` turns the cache off), one
file per store, readable by you alone (0600 in a 0700 folder). This module imports neither pydantic
nor Rich.

Nothing here decides whether a store is valid: every read of the store runs the strict decoder and
the models (store/__init__.py), whatever this folder holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from followup import __version__
from followup.store.codec import MAX_BYTES  # not followup.store: a hit needs none of its imports

CACHE_ENV = "FOLLOWUP_CACHE"
FORMAT = 3  # bump when the entry's layout changes (3: the titles of the actions)
MAX_ENTRY_BYTES = 64 * 1024 * 1024
ITEM_KEYS = frozenset({"app", "company", "role", "action", "state", "start", "due", "person", "reason"})
STATES = frozenset({"overdue", "due", "upcoming", "waiting"})


def cache_dir() -> Path | None:
    """$FOLLOWUP_CACHE, else the platform's cache folder; None when the cache is turned off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        if env.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("followup")


def _source_stamp() -> list[str]:
    """What the program is: version, Python, and the size and mtime of each of its files."""
    package = Path(__file__).resolve().parent
    stamp = [__version__, sys.version]
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(root, name))
                stamp.append(
                    f"{os.path.relpath(os.path.join(root, name), package)}:{info.st_size}:{info.st_mtime_ns}"
                )
    import importlib.util

    for dependency in ("pydantic", "pydantic_core"):  # an upgrade may validate differently
        spec = importlib.util.find_spec(dependency)
        if spec is not None and spec.origin:
            info = os.stat(spec.origin)
            stamp.append(f"{dependency}:{info.st_size}:{info.st_mtime_ns}")
    return stamp


def _file_digest(path: Path, limit: int) -> str | None:
    """sha256 of a regular file read without following a symlink; None when it is anything else."""
    try:
        # Non-blocking: a FIFO at the path must not hang `today` before it is found not to be a file.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return "absent"
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _is_private(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def _store_key(store: Path) -> str:
    return hashlib.sha256(os.path.abspath(store).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _private_folder(folder: Path, create: bool) -> bool:
    """Whether `folder` is a folder of ours that no one else can read or write (made so if asked)."""
    if create and not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    return stat.S_ISDIR(info.st_mode) and _is_private(info)


def _read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of a private regular file of ours at `path` (not followed if a symlink), else None."""
    if not _private_folder(path.parent, create=False):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _is_private(info) or info.st_size > limit:
            return None
        return handle.read(limit + 1)


def _write_private(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload`, 0600 in a 0700 folder; nothing is written into a shared folder."""
    import tempfile

    folder = path.parent
    if not _private_folder(folder, create=True):
        return  # never write into a folder others can read or write
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name.partition('-')[0]}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(payload)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@dataclass(frozen=True)
class Entry:
    """A worked-out agenda: its JSON form (`views.agenda_json`), the days it looks ahead, the store size."""

    document: dict[str, Any]
    days: int
    applications: int
    # Each action's title ("Thank Jane Doe"), so that a hit shows them without loading the rules.
    titles: tuple[str, ...] = ()


def _check_entry(value: Any, today: date) -> Entry | None:
    """The entry if it has exactly the shape `put` writes, else None."""
    if not isinstance(value, dict):
        return None
    document, days, applications = value.get("agenda"), value.get("days"), value.get("applications")
    if type(days) is not int or type(applications) is not int or not isinstance(document, dict):
        return None
    titles = value.get("titles")
    if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        return None
    if set(document) - {"inbox"} != {"date", "actions"} or document["date"] != today.isoformat():
        return None
    if "inbox" in document and (type(document["inbox"]) is not int or document["inbox"] < 1):
        return None
    items = document["actions"]
    if not isinstance(items, list) or len(items) != len(titles):
        return None
    for item in items:
        if not isinstance(item, dict) or set(item) != ITEM_KEYS:
            return None
        if not all(v is None or isinstance(v, str) for v in item.values()):
            return None
        if item["state"] not in STATES or not isinstance(item["action"], str) or not item["reason"]:
            return None
        date.fromisoformat(item["start"])
        date.fromisoformat(item["due"])
    return Entry(document, days, applications, tuple(titles))


class AgendaCache:
    """The cache entry of one store for one day, options and settings."""

    def __init__(self, store: Path, config: Path, today: date, days: int | None) -> None:
        self.folder = cache_dir()
        self.store = store
        self.config = config
        self.today = today
        self.days = days
        self.path = self.folder / f"agenda-{_store_key(store)}.json" if self.folder else None
        self._context = self._read_context()

    def _read_context(self) -> list[Any] | None:
        """Everything but the store that the agenda depends on; None when it cannot be known."""
        if self.folder is None:
            return None
        try:
            config = _file_digest(self.config, MAX_BYTES)
            if config is None:
                return None
            return [FORMAT, _source_stamp(), config, self.today.isoformat(), self.days]
        except Exception:
            return None

    def _key(self, store_digest: str, context: list[Any]) -> str:
        text = json.dumps([store_digest, context], ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    @property
    def enabled(self) -> bool:
        return self.path is not None and self._context is not None

    def get(self) -> Entry | None:
        """The cached agenda if it was built from exactly this store, config, program and day."""
        try:
            return self._get()
        except Exception:  # a broken cache is a miss
            return None

    def _get(self) -> Entry | None:
        if self.path is None or self._context is None:
            return None
        if not _private_folder(self.path.parent, create=False):
            return None
        store_digest = _file_digest(self.store, MAX_BYTES)
        if store_digest is None or store_digest == "absent":
            return None
        payload = _read_private(self.path, MAX_ENTRY_BYTES)
        if payload is None:
            return None
        value = json.loads(payload)
        entries = value.get("entries") if isinstance(value, dict) else None
        if not isinstance(entries, list):
            return None
        key = self._key(store_digest, self._context)
        for item in entries:
            if isinstance(item, dict) and item.get("key") == key:
                return _check_entry(item, self.today)
        return None

    def put(self, source: bytes, entries: list[Entry]) -> None:
        """Remember the agendas worked out from `source`, the store bytes that were validated: today's,
        and the next days' too, so that a store left unchanged overnight is a hit in the morning."""
        with contextlib.suppress(Exception):  # a cache that cannot be written is no cache
            self._put(source, entries)

    def _put(self, source: bytes, entries: list[Entry]) -> None:
        if self.path is None or self._context is None:
            return
        if self._read_context() != self._context:
            return  # the config or the program changed while the agenda was worked out
        digest = hashlib.sha256(source).hexdigest()
        values = []
        for entry in entries:
            # The same context but for the entry's own day (the date is its fourth part).
            context = [*self._context[:3], entry.document["date"], *self._context[4:]]
            values.append(
                {
                    "key": self._key(digest, context),
                    "agenda": entry.document,
                    "days": entry.days,
                    "applications": entry.applications,
                    "titles": list(entry.titles),
                }
            )
        payload = json.dumps({"entries": values}, ensure_ascii=False).encode("utf-8")
        _write_private(self.path, payload)
