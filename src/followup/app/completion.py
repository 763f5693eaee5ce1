"""What shell completion offers (cli/complete.py): the applications an id or company starts with, and
the people of an application, from the store file and its index of the archive. At each Tab press
only the archived applications that can be among the answers are read, one line at a time, and only
what completion shows of each is kept (never the models of them all).

The answers are those of all the data, in its order: an archived application keeps its place among
them all (the index's last field), and one is read only when its id or its company (the index keeps
the company as names are compared) could match what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from followup.errors import FollowupError
from followup.models import StoreData
from followup.store import Store

Entry = list[str]  # an archived application's entry in the index (models.ArchiveIndex)


class _AnyDay:
    """The archiver of a Store that only names applications: no rule is asked, so the store file with
    its index serves on any day (store/moves.live_is_enough); nothing is ever written through it."""

    today = date.max
    horizon = 0

    def settled(self, data: Any) -> set[str]:
        return set()

    def entry(self, app: Any) -> list[str]:
        raise AssertionError("completion never writes the store")


@dataclass(frozen=True)
class Brief:
    """What completion reads of an application: what `lookup.resolve` compares and says, and the
    names of its interviewers."""

    id: str
    company: str
    role: str
    status: str
    interviewers: tuple[str, ...]

    @classmethod
    def of(cls, app: Any) -> Brief:
        names = tuple(p.name for interview in app.interviews for p in interview.interviewers)
        return cls(app.id, app.company, app.role, str(app.status), names)

    @classmethod
    def of_line(cls, line: bytes) -> Brief:
        """From an archive line as the store wrote it (models.Application as JSON)."""
        import json

        doc = json.loads(line)
        interviews = doc.get("interviews", [])
        names = tuple(p["name"] for interview in interviews for p in interview.get("interviewers", []))
        return cls(doc["id"], doc["company"], doc["role"], doc["status"], names)


class Names:
    """The store file's applications and contacts, and the archived ones fetched on demand."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.store.archiver = _AnyDay()
        self.data: StoreData = self.store.load(full=False)
        if self._entries():  # an archive missing, or not one of ours, offers nothing, as a full read
            self._check_archive()
        self.live = [Brief.of(app) for app in self.data.applications]
        self._places: dict[str, int] | None = None

    def _entries(self) -> dict[str, Entry]:
        index = self.data.archive
        return index.apps if index is not None else {}

    def _check_archive(self) -> None:
        from followup.errors import CorruptStoreError
        from followup.store import archive

        lines = archive.each_line(self.store.archive_path)
        if lines is None:
            raise CorruptStoreError(f"there is no {self.store.archive_path}")
        for _ in lines:  # the header line is read, and checked, before the first line after it
            break

    def place(self, app_id: str) -> int:
        """Where the application is among all of them (the order of a full read)."""
        if self._places is None:
            from followup.store.moves import interleave

            entries = self._entries()
            ordered = interleave([app.id for app in self.live], [(int(e[5]), k) for k, e in entries.items()])
            self._places = {key: i for i, key in enumerate(ordered)}
        return self._places[app_id]

    def archived(self, wanted: Callable[[str, Entry], bool]) -> Iterator[Brief]:
        """The archived applications whose id and entry `wanted` accepts, read one line at a time. A
        listed line the archive lacks is looked for, and reported, as every read does."""
        from followup.store import archive
        from followup.store.moves import each_archived

        chosen = {key: entry for key, entry in self._entries().items() if wanted(key, entry)}
        if not chosen:
            return
        archive.check_index(SimpleNamespace(apps=chosen), self.store.path)
        by_digest = {entry[0]: key for key, entry in chosen.items()}
        for line in archive.each_line(self.store.archive_path) or ():
            if by_digest.pop(archive.line_digest(line), None) is not None:
                yield Brief.of_line(line)
        if by_digest:  # in a conflict copy beside the archive, or missing: the store's own reading
            rest = SimpleNamespace(apps={key: chosen[key] for key in by_digest.values()})
            yield from (
                Brief.of(app) for app in each_archived(rest, self.store.archive_path, self.store.path)
            )

    def in_order(self, apps: Iterable[Brief]) -> list[Brief]:
        return sorted(apps, key=lambda app: self.place(app.id))


def _could_start(typed: str) -> Callable[[str, Entry], bool]:
    """Whether an archived application's id, or its company as the index keeps it, could start with
    `typed` (casefolded): a company starting with it is kept in the index starting with its words."""
    key = " ".join(typed.split())
    return lambda app_id, entry: app_id.startswith(typed) or entry[4].startswith(key)


def applications_starting(path: Path, typed: str) -> list[Brief]:
    """The applications whose id or company starts with `typed` (in any case), in their order."""
    names = Names(path)
    prefix = typed.casefold()
    found = [
        app
        for apps in (names.live, names.archived(_could_start(prefix)))
        for app in apps
        if app.id.startswith(prefix) or app.company.casefold().startswith(prefix)
    ]
    return names.in_order(found)


def _named(names: Names, ref: str) -> Brief:
    """The application `ref` names (app/lookup.resolve, on all the data), the archived ones the
    answer needs fetched into a copy of the data (app/context.reading)."""
    from followup.app.context import reading
    from followup.app.lookup import resolve

    ctx = cast(Any, SimpleNamespace(store=names.store))
    return Brief.of(reading(ctx, lambda data: resolve(data, ref), names.data.model_copy()))


def people_for(path: Path, words: list[str]) -> dict[str, str]:
    """Contact and interviewer names, each with who they are: the interviewers of the first of `words`
    that names an application (of every application when none does), then the contacts."""
    names = Names(path)
    apps: Iterable[Brief] | None = None
    for ref in words:
        try:
            apps = [_named(names, ref)]
            break
        except FollowupError:  # not an application (`thank-you`, say): try the next word
            continue
    if apps is None:
        apps = [*names.live, *names.archived(lambda app_id, entry: True)]
    found: dict[str, tuple[int, str]] = {}  # each as the first application in order has them
    for app in apps:
        place = names.place(app.id)
        for person in app.interviewers:
            if person not in found or place < found[person][0]:
                found[person] = (place, f"interviewer at {app.company}")
    about = {name: what for name, (_, what) in found.items()}
    for known in names.data.contacts:
        about.setdefault(known.name, str(known.relation))
    return about
