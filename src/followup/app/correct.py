"""`followup undo`: the recent changes, and undoing one of them.

A change is undone by putting back, in their places, the records it changed (store/history.py keeps
them before and after), and only when each is still as that change left it; the undo is a change of
its own, in the history, and undoing it does the change again. Nothing here prints or reads the clock.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from followup.app.context import Context, changing
from followup.app.summary import short_command, summary
from followup.errors import FollowupError, NeedsArchive, NotFoundError
from followup.models import Application, Contact, Proposal, StoreData
from followup.store import history
from followup.store.history import Entry, Label
from followup.store.records import LISTS, RecordChange, keys_of, record_json


@dataclass(frozen=True)
class Change:
    """One change as `followup undo --list` shows it."""

    seq: int
    at: str
    command: str
    summary: str
    undoes: int | None  # the change this one undid
    undone_by: int | None  # the undo, in effect, that undid this one


def _changes(found: list[Entry]) -> list[Change]:
    commands = {entry.seq: entry.command for entry in found}
    cancelled = _cancelled(found)
    return [
        Change(e.seq, e.at, e.command, summary(e, commands), e.undoes, cancelled.get(e.seq)) for e in found
    ]


def list_changes(ctx: Context) -> list[Change]:
    """The recent changes, newest first (at most history.KEEP)."""
    # A store that cannot be read is reported as by every command; the archive is not needed.
    _, raw = ctx.store.load_with_bytes(full=False)
    return list(reversed(_changes(history.entries(ctx.store.path, raw))))


def _name(entry: Entry) -> str:
    return f"{entry.seq} ({short_command(entry.command) or 'a change'})"


def _what(keys: set[tuple[str, str]], records: list[RecordChange]) -> str:
    """The records named as the user knows them: `acme`, `contact Jane Doe`."""
    names = []
    for change in records:
        if (change.list, change.key) in keys:
            record = change.after if change.after is not None else change.before
            if change.list == "contacts":
                names.append(f"contact {record.get('name', change.key)}")
            elif change.list == "inbox":
                names.append(f"proposal {change.key} of the inbox")
            else:
                names.append(change.key)
    names += sorted(key for where, key in keys if where == "")
    return ", ".join(dict.fromkeys(names))


_MODELS: dict[str, Any] = {"applications": Application, "contacts": Contact, "inbox": Proposal}


def _current(data: StoreData, name: str) -> tuple[list[Any], list[str]]:
    records = getattr(data, name)
    return records, keys_of(name, [_raw_key(name, r) for r in records])


def _raw_key(name: str, record: Any) -> dict[str, Any]:
    """Just what `keys_of` reads of a record, without writing it out as JSON."""
    return {"name": record.name} if name == "contacts" else {"id": record.id}


def _changed_outside(target: Entry, data: StoreData) -> set[tuple[str, str]]:
    """The records (and top-level keys) of `target` that are no longer as it left them."""
    differ = set()
    for name in LISTS:
        records, keys = _current(data, name)
        at = dict(zip(keys, records, strict=True))
        for change in (c for c in target.records if c.list == name):
            now = at.get(change.key)
            if (None if now is None else record_json(now)) != change.after:
                differ.add((name, change.key))
    extra = data.__pydantic_extra__ or {}
    for key, (_, after) in target.top.items():
        if ([extra[key]] if key in extra else []) != after:
            differ.add(("", key))
    return differ


def _revert(data: StoreData, target: Entry) -> None:
    """Put back the records of `target` as they were before it, in their places."""
    for name in LISTS:
        changes = [c for c in target.records if c.list == name]
        if not changes:
            continue
        records, keys = _current(data, name)
        gone = {c.key for c in changes if c.after is not None}
        kept = [record for record, key in zip(records, keys, strict=True) if key not in gone]
        back = sorted((c for c in changes if c.before is not None), key=lambda c: c.index_before or 0)
        for change in back:
            kept.insert(min(change.index_before or 0, len(kept)), _MODELS[name].model_validate(change.before))
        setattr(data, name, kept)
    extra = data.__pydantic_extra__
    for key, (before, _) in target.top.items():
        if extra is None:
            break
        if before:
            extra[key] = before[0]
        else:
            extra.pop(key, None)


def _cancelled(found: list[Entry]) -> dict[int, int]:
    """The changes undone, each with the undo that undid it: an undo counts while it is not undone."""
    cancelled: dict[int, int] = {}
    for entry in reversed(found):  # an undo comes after what it undoes
        if entry.seq not in cancelled and entry.undoes is not None:
            cancelled[entry.undoes] = entry.seq
    return cancelled


def _latest(found: list[Entry]) -> Entry:
    """What `followup undo` undoes: the latest change in effect, an undo that was undone (a redo) being
    the change it redid. Repeated, it walks back to the oldest change kept."""
    cancelled = _cancelled(found)
    by_seq = {entry.seq: entry for entry in found}
    for entry in reversed(found):
        if entry.seq in cancelled:
            continue
        if entry.undoes is None:
            return entry
        # An undo in effect: a redo when what it undid is an undo of a change (its base) in effect.
        base: Entry | None = entry
        undos = 0
        while base is not None and base.undoes is not None:
            base = by_seq.get(base.undoes)
            undos += 1
        # A redo is in effect only while its change was not undone again after it (`undo N` of the
        # change itself, after the redo).
        if base is not None and undos % 2 == 0 and cancelled.get(base.seq, 0) < entry.seq:
            return entry
    raise FollowupError("nothing to undo: every change in the history is undone already")


def _touched_since(found: list[Entry], target: Entry) -> Entry | None:
    """The latest change after `target`, still in effect, to a record `target` changed: undone first,
    even when the record happens to be as `target` left it again. A change undone, and the undo that
    undid it, cancel out."""
    cancelled = _cancelled(found)
    touched = target.touches()
    for entry in reversed(found[found.index(target) + 1 :]):
        neutral = entry.seq in cancelled or (
            entry.undoes is not None and cancelled.get(entry.undoes) == entry.seq
        )
        if not neutral and entry.touches() & touched:
            return entry
    return None


def _refusal(found: list[Entry], target: Entry, differ: set[tuple[str, str]]) -> FollowupError:
    """Why `target` cannot be undone, its records in `differ` being no longer as it left them."""
    undone_by = _cancelled(found).get(target.seq)
    if undone_by is not None:
        return FollowupError(
            f"change {_name(target)} is undone already, by change {undone_by};"
            f" `followup undo {undone_by}` does it again"
        )
    for entry in reversed(found[found.index(target) + 1 :]):
        common = entry.touches() & differ
        if common:
            return FollowupError(
                f"cannot undo {_name(target)}: change {_name(entry)} changed"
                f" {_what(common, entry.records)} since; undo {entry.seq} first"
            )
    return FollowupError(
        f"cannot undo {_name(target)}: {_what(differ, target.records)} changed since"
        " outside followup (by hand?); nothing was undone"
    )


def _fetching(data: StoreData, target: Entry) -> None:
    """Raise NeedsArchive for the archived applications `target` changed, which data read without
    the archive lacks (app/context.changing fetches them and runs the undo again)."""
    index = data.archive
    if index is None:
        return
    wanted = tuple(c.key for c in target.records if c.list == "applications" and c.key in index.apps)
    if wanted:
        raise NeedsArchive(wanted)


def undo(ctx: Context, seq: int | None = None) -> Change:
    """Undo change `seq` (when None, the latest change not undone yet); returns it as the history
    listed it.

    Refused, changing nothing, when one of its records is no longer as it left it: a later change
    touched it (the latest such is named, to be undone first) or something outside followup did.
    """
    kept = ctx.store.label

    def change(data: StoreData) -> Change:
        found = history.current_entries(ctx.store.path)
        if not found:
            raise FollowupError("nothing to undo: no change has been recorded yet")
        if seq is None:
            target = _latest(found)
        else:
            matching = [entry for entry in found if entry.seq == seq]
            if not matching:
                raise NotFoundError(
                    f"no change {seq} in the history (the last {history.KEEP} are kept);"
                    " `followup undo --list` shows them"
                )
            target = matching[0]
        _fetching(data, target)
        differ = _changed_outside(target, data)
        if differ or target.seq in _cancelled(found):
            raise _refusal(found, target, differ)
        later = _touched_since(found, target)
        if later is not None:
            common = target.touches() & later.touches()
            raise FollowupError(
                f"cannot undo {_name(target)}: change {_name(later)} changed"
                f" {_what(common, later.records)} since; undo {later.seq} first"
            )
        _revert(data, target)
        label = kept or Label("undo", ctx.now)
        ctx.store.label = dataclasses.replace(label, undoes=target.seq)
        return _changes(found)[found.index(target)]

    try:
        return changing(ctx, change)
    finally:
        ctx.store.label = kept  # the next change of this run is not an undo
