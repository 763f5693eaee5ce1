"""What a write keeps in the store file and what in the archive (store/archive.py), and what the change
history is told of it.

A move is not a change of the user's data: the history records the applications as they were and are,
wherever they are kept, so that `followup undo` of any change puts an application back as it was even
after it moved. Nothing here touches a file; the Store does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol, TypeVar

from followup.store import archive
from followup.store.archive import Lines, line_digest
from followup.store.records import RecordChange

T = TypeVar("T")


class Archiver(Protocol):
    """Which applications are settled on `today` (app/archive.py, asking the rules)."""

    @property
    def today(self) -> date: ...

    @property
    def horizon(self) -> int:
        """rules/settled.horizon of the settings."""
        ...

    def settled(self, data: Any) -> set[str]:
        """The ids of the applications of `data` to keep in the archive from today."""
        ...

    def entry(self, app: Any) -> list[str]:
        """What the index keeps of an archived application, after its line's digest."""
        ...


@dataclass
class Joined:
    """What a full read found of the archive."""

    index: Any  # the ArchiveIndex of the store file
    lines: Lines | None
    found: dict[str, bytes]  # the line of each archived application read, by id, in the index's order
    positions: dict[str, int]  # where each of them is among all the applications, by id
    partial: bool = False  # only those of `found` were read (`fetch`); the others stay in the index


def interleave(live: Sequence[T], placed: Iterable[tuple[int, T]]) -> list[T]:
    """The `live` items in their order, each of `placed` at its position among them (as far as there
    are items before it): the applications in the order they had before any moved."""
    result: list[T] = []
    at = 0
    for position, item in sorted(placed, key=lambda pair: pair[0]):
        take = max(0, min(position - len(result), len(live) - at))
        result.extend(live[at : at + take])
        at += take
        result.append(item)
    result.extend(live[at:])
    return result


def join(data: Any, archive_file: Path, store_file: Path, limit: int) -> Joined:
    """Add the applications of the archive that the store's index lists to `data`, each at the place
    it had, and take the index off: all the data, as if there were one file."""
    index = data.archive
    archive.check_index(index, store_file)
    lines = archive.read(archive_file, limit)
    found = archive.listed(index, lines, archive_file)
    placed = [
        (int(index.apps[app_id][5]), _application(line, app_id, archive_file))
        for app_id, line in found.items()
    ]
    data.applications = interleave(data.applications, placed)
    data.archive = None
    positions = {app.id: i for i, app in enumerate(data.applications) if app.id in found}
    return Joined(index, lines, found, positions)


def fetch(data: Any, ids: Iterable[str], archive_file: Path, store_file: Path, limit: int) -> Joined | None:
    """Add the archived applications `ids` (those of them the index lists) to the store file's
    `data`, each where it is among all of them, and take them off its index: what a command naming
    them needs, the archive read line by line for just their lines. When the archive itself does not
    hold them all (a line in a conflict copy), all of it is read (`join`); None when the index lists
    none of them."""
    index = data.archive
    wanted = {app_id: index.apps[app_id] for app_id in dict.fromkeys(ids) if app_id in index.apps}
    if not wanted:
        return None
    archive.check_index(index, store_file)
    digests = {entry[0]: app_id for app_id, entry in wanted.items()}
    # A line starts with its id, which JSON writes as it is when it is plain: the others are skipped
    # without working out their digests.
    plain = all(k.isascii() and k.isprintable() and not {'"', "\\"} & set(k) for k in wanted)
    marks = {app_id.encode() for app_id in wanted} if plain else None
    found: dict[str, bytes] = {}
    count = 0
    for line in archive.each_line(archive_file) or ():
        count += 1
        if marks is not None and line.startswith(b'{"id":"') and line[7 : line.find(b'"', 7)] not in marks:
            continue
        app_id = digests.get(line_digest(line))
        if app_id is not None:
            found[app_id] = line
    if len(found) < len(wanted):
        return join(data, archive_file, store_file, limit)
    order = interleave([app.id for app in data.applications], [(int(e[5]), k) for k, e in index.apps.items()])
    positions = {app_id: i for i, app_id in enumerate(order)}
    apps = {app.id: app for app in data.applications}
    apps.update((app_id, _application(found[app_id], app_id, archive_file)) for app_id in wanted)
    data.applications = [apps[app_id] for app_id in order if app_id in apps]
    rest = {app_id: entry for app_id, entry in index.apps.items() if app_id not in found}
    data.archive = index.model_copy(update={"apps": rest}) if rest else None
    ordered = {app_id: found[app_id] for app_id in index.apps if app_id in found}
    return Joined(index, Lines({}, count), ordered, {k: positions[k] for k in ordered}, partial=True)


def _application(line: bytes, app_id: str, archive_file: Path) -> Any:
    """The archived application of `line`, validated as the store's own are."""
    from pydantic import ValidationError

    from followup.models import Application
    from followup.store.codec import InvalidDocument, decode

    try:
        app = Application.model_validate(decode(line))
    except (InvalidDocument, ValidationError) as err:
        why = str(err).splitlines()[0]
        raise archive.corrupt(archive_file, f"application {app_id!r}: {why}") from None
    if app.id != app_id:
        raise archive.corrupt(archive_file, f"the line listed as {app_id!r} is {app.id!r}")
    return app


def each_archived(index: Any, archive_file: Path, store_file: Path) -> Iterator[Any]:
    """The applications the index lists, one at a time, read line by line: never all of them at once.
    A listed line that is not in the archive is looked for as `join` does, and reported."""
    archive.check_index(index, store_file)
    wanted = {entry[0]: app_id for app_id, entry in index.apps.items()}
    lines = archive.each_line(archive_file)
    for line in lines or ():
        app_id = wanted.pop(line_digest(line), None)
        if app_id is not None:
            yield _application(line, app_id, archive_file)
    if wanted:
        rest = SimpleNamespace(apps={app_id: index.apps[app_id] for app_id in wanted.values()})
        found = archive.listed(rest, Lines() if lines is not None else None, archive_file)
        for app_id, line in found.items():
            yield _application(line, app_id, archive_file)


def _places(live: Sequence[Any], entries: dict[str, list[str]]) -> dict[str, int]:
    """Where each application is among all of them, by id: those of the store file and, in their
    places, the archived ones (the order a full read gives them in)."""
    ids = interleave([app.id for app in live], [(int(entry[5]), app_id) for app_id, entry in entries.items()])
    return {app_id: i for i, app_id in enumerate(ids)}


def each_application(data: Any, archive_file: Path, store_file: Path, placed: bool) -> Iterator[Any]:
    """Every application of `data` (the store file's, with its index of the archive) and then each
    archived one, read one at a time; with `placed`, each as (its place among them all, it)."""
    index = data.archive
    places = _places(data.applications, index.apps if index is not None else {})
    for app in data.applications:
        yield (places[app.id], app) if placed else app
    if index is not None:
        for app in each_archived(index, archive_file, store_file):
            yield (places[app.id], app) if placed else app


@dataclass(frozen=True)
class _Side:
    digest: str
    line: bytes | None
    index: int


@dataclass
class Split:
    live: Any  # the data to write as the store file, with its index
    new_lines: list[bytes] = field(default_factory=list)  # to append to the archive
    rewrite: list[bytes] | None = None  # every line to keep, when the archive is written again whole
    compact: set[str] | None = None  # or the digests of its lines to keep (a write that fetched some)
    moved: bool = False  # some application changed place
    before: dict[str, _Side] = field(default_factory=dict)
    after: dict[str, _Side] = field(default_factory=dict)

    def write(self, store_file: Path, archive_file: Path) -> None:
        """The archive lines the new store file lists, written before it: appended, or the archive
        written again whole without the lines that neither the old nor the new file lists."""
        import errno

        from followup.errors import StoreError

        try:
            if self.rewrite is not None:
                archive.rewrite(store_file, archive_file, self.rewrite)
            elif self.compact is not None:
                archive.compact(store_file, archive_file, self.compact, self.new_lines)
            else:
                archive.append(store_file, archive_file, self.new_lines)
        except OSError as err:
            reason = "the disk is full" if err.errno == errno.ENOSPC else (err.strerror or str(err))
            raise StoreError(
                f"could not write {archive_file}: {reason}; the store was left as it was"
            ) from None

    def journal(self, records: list[RecordChange]) -> list[RecordChange]:
        """The history's record changes with the applications on both sides wherever they were kept: a
        move alone is no change, and an archived application changed or removed is one."""
        apps = {r.key: r for r in records if r.list == "applications"}
        result = []
        for key in dict.fromkeys([*apps, *self.before, *self.after]):
            r, b, a = apps.get(key), self.before.get(key), self.after.get(key)
            if r is None and (b.digest if b else None) == (a.digest if a else None):
                continue
            before, index_before = _side(r.before if r else None, r.index_before if r else None, b)
            after, index_after = _side(r.after if r else None, r.index_after if r else None, a)
            if before != after:
                result.append(RecordChange("applications", key, before, after, index_before, index_after))
        return result + [r for r in records if r.list != "applications"]


def _side(record: Any, index: int | None, kept: _Side | None) -> tuple[Any, int | None]:
    if record is not None or kept is None or kept.line is None:
        return record, index
    return json.loads(kept.line), kept.index


def _anchored(now: list[str], before: list[str], rest: dict[str, list[str]]) -> dict[str, int]:
    """Where each application is among all of them, by id, after a write that read `before` (the
    ids of the store file and those fetched, in their order) and leaves `now`: each one still in
    the archive (`rest`) follows the application it followed, or the one before that when that is
    gone, as in the one list of all the data a removal closes up over."""
    read = interleave(before, [(int(entry[5]), app_id) for app_id, entry in rest.items()])
    if now == before:
        return {app_id: i for i, app_id in enumerate(read)}
    kept = set(now)
    following: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for app_id in read:
        if app_id in rest:
            following.setdefault(anchor, []).append(app_id)
        elif app_id in kept:
            anchor = app_id
    order = list(following.get(None, ()))
    for app_id in now:
        order.append(app_id)
        order.extend(following.get(app_id, ()))
    return {app_id: i for i, app_id in enumerate(order)}


def order_after(now: list[str], before: list[str], rest: dict[str, list[str]]) -> list[str]:
    """Every application's id, in order, after a write that read `before` and leaves `now` in the
    store file, the archived ones of the index `rest` left where they were (`_anchored`)."""
    places = _anchored(now, before, rest)
    return sorted(places, key=places.__getitem__)


def split(
    data: Any, joined: Joined | None, archiver: Archiver | None, before: list[str], moves: bool = True
) -> Split:
    """The store file and the archive lines for `data`: all the applications when `joined` is a full
    read, else the store file's own (and those fetched) with the index of the others; `before`, the
    ids of the applications read, in their order. Without `moves` (or an archiver), every
    application stays where it was, one changed in the archive coming back to the file."""
    from followup.models import ArchiveIndex
    from followup.store.codec import encode_record

    full = joined is not None and not joined.partial
    fetched = joined.found if joined is not None and joined.partial else {}
    old = joined.index if joined is not None else data.archive
    old_apps: dict[str, list[str]] = old.apps if old is not None else {}
    settled = archiver.settled(data) if archiver is not None and moves else None
    known: dict[str, bytes] = {}
    borrowed = False  # a listed line read from elsewhere than the archive (archive.listed)
    if joined is not None:
        known = dict(joined.lines.by_digest) if joined.lines is not None else {}
        for app_id, line in joined.found.items():
            borrowed = borrowed or old_apps[app_id][0] not in known
            known.setdefault(old_apps[app_id][0], line)
    result = Split(None)
    if joined is not None:
        result.before = {
            app_id: _Side(old_apps[app_id][0], line, joined.positions[app_id])
            for app_id, line in joined.found.items()
        }
    entries = {} if full else {app_id: e for app_id, e in old_apps.items() if app_id not in fetched}
    live_apps = []
    lines: dict[str, bytes] = {}
    now = [app.id for app in data.applications]
    if full:
        positions = {app_id: i for i, app_id in enumerate(now)}
    elif now != before or settled or fetched:
        positions = _anchored(now, before, entries)
        entries = {app_id: [*entry[:5], str(positions[app_id])] for app_id, entry in entries.items()}
    else:
        positions = {}
    for app in data.applications:
        prior = old_apps.get(app.id) if full or app.id in fetched else None
        if settled is not None and app.id in settled:
            assert archiver is not None
            line = encode_record(app)
            entries[app.id] = [line_digest(line), *archiver.entry(app), str(positions[app.id])]
            lines[app.id] = line
        elif settled is None and prior is not None:
            line = encode_record(app)
            if line_digest(line) == prior[0]:
                entries[app.id] = [*prior[:5], str(positions[app.id])]  # unchanged: it stays
            else:
                live_apps.append(app)
        else:
            live_apps.append(app)
    live_ids = {app.id for app in live_apps}
    moved_out = any(k not in old_apps or not (full or k in fetched) for k in lines)
    result.moved = moved_out or any(k in live_ids for k in (old_apps if full else fetched))
    for app_id, entry in entries.items():
        if full or app_id in lines or app_id in fetched:
            held = lines.get(app_id) or known.get(entry[0])
            result.after[app_id] = _Side(entry[0], held, int(entry[5]))
    result.new_lines = [line for line in lines.values() if line_digest(line) not in known]
    if joined is not None and (full or fetched):
        # The lines the old or the new store file lists: a rewrite keeps them, once they are half.
        kept = dict.fromkeys(entry[0] for entry in [*old_apps.values(), *entries.values()])
        count = joined.lines.count if joined.lines is not None else 0
        if full and (borrowed or count >= 2 * len(kept) + 50):
            result.rewrite = [known[d] for d in kept if d in known] + result.new_lines
        elif not full and count + len(result.new_lines) >= 2 * len(kept) + 50:
            result.compact = set(kept)  # written again a line at a time: the others were not read
    index = old if entries == old_apps else None
    if entries and index is None:
        since = old.since if old is not None else None
        horizon = old.horizon if old is not None else 0
        if settled is not None and lines and archiver is not None:
            since = archiver.today if full or since is None else max(since, archiver.today)
            horizon = archiver.horizon
        index = ArchiveIndex(apps=entries, since=since, horizon=horizon)
    result.live = data.model_copy(update={"applications": live_apps, "archive": index})
    return result


def live_is_enough(index: Any, archiver: Archiver | None, writing: Path | None = None) -> bool:
    """Whether the store file with its index gives every rule what all the data would, on the
    archiver's day: a day before the latest move, or settings under which an archived application
    might not be settled, read it all (and so does a Store without an archiver). So does a write
    (`writing` the archive) while a shared folder's conflict copy of the archive is beside it: its
    lines are taken in, so that the copy can go."""
    if archiver is None:
        return False
    if writing is not None:
        from followup.store.copies import conflict_copies

        if conflict_copies(writing):
            return False
    return (index.since is None or index.since <= archiver.today) and index.horizon >= archiver.horizon
