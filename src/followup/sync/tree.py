"""The store as the commits of `followup sync` hold it (sync format 2): a tree with one blob per
application, so that a sync sends, compares and merges the applications one by one, by their blob
ids, and reads only those that changed. Never all of them at once:

    followup.sync.json   {"sync": 2, "order": [every application's id, in order], "store": the rest}
    applications/NAME    one application, as compact JSON (as the archive keeps it); NAME is its id
                         when that is a plain name, else `~` and the hex of its UTF-8

A commit made by an older followup (sync format 1) holds the store as one file, `followup.json`: it
is read whole, once, and the commits made from then on are of format 2. An older followup meeting a
commit of format 2 finds no `followup.json` in it, says so, and changes nothing.

The merge is sync/merge.py's, record by record, on the applications that differ between the sides:
what one side changed is taken, an application changed on both is merged field by field, and the
order is the ancestor's with the applications added since after it, by date and then id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.store import Store
from followup.store.codec import current_version, decode, encode_data, encode_record
from followup.sync.git import Repo, SyncError
from followup.sync.merge import MISSING, Resolution, _date_of, _merge, merge
from followup.sync.stores import document_of

SYNC_FORMAT = 2
INDEX = "followup.sync.json"
APPS = "applications"
_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")

Read = Callable[[str], bytes]


def entry_name(app_id: str) -> str:
    """The name of an application's blob in the tree."""
    return app_id if _PLAIN.fullmatch(app_id) else "~" + app_id.encode("utf-8").hex()


@dataclass
class Side:
    """One store as a commit holds it, or as it is about to be committed."""

    order: list[str]  # the applications' ids, in order
    blobs: dict[str, str]  # the blob of each application, by id
    rest: dict[str, Any]  # the rest of the store, as this followup reads it (`applications` empty)
    tree: str | None = None  # the commit's tree; None for a commit of format 1
    held: dict[str, bytes] = field(default_factory=dict)  # blobs not in the repository, by id
    raw: bytes | None = None  # the store file this side was made from (a side of this machine's)


def _rest_of(document: dict[str, Any], where: Path) -> dict[str, Any]:
    """The rest of a store document (no applications, no archive index) as this followup reads it:
    checked, upgraded and written back in the current format, as each side of a merge is."""
    rest = {k: v for k, v in document.items() if k not in ("applications", "archive")}
    return document_of(json.dumps({**rest, "applications": []}).encode("utf-8"), where)


def _bad(where: Path, why: str) -> SyncError:
    return SyncError(f"{where} is not a followup store ({why}); nothing changed")


def read_side(repo: Repo, commit: str | None, where: Path, read: Read) -> Side | None:
    """The store `commit` holds (None: no commit, or none in it), its blobs read with `read`; errors
    name it `where`."""
    if commit is None:
        return None
    root = repo.ls_tree(commit)
    if INDEX not in root:
        if repo.file_name in root:
            return _format_1(repo, read(root[repo.file_name]), where)
        return None
    try:
        index = decode(read(root[INDEX]))
    except ValueError as err:
        raise _bad(where, str(err).splitlines()[0]) from None
    sync, order, rest = index.get("sync"), index.get("order"), index.get("store")
    if not isinstance(sync, int) or sync > SYNC_FORMAT:
        raise SyncError(
            f"{where} was written by a newer followup (sync format {sync}); update followup on this"
            " machine, then sync again; nothing changed"
        )
    if (
        not isinstance(order, list)
        or not all(isinstance(i, str) for i in order)
        or not isinstance(rest, dict)
    ):
        raise _bad(where, f"{INDEX} lists no applications")
    if len(set(order)) != len(order):
        raise _bad(where, "an application is listed twice")
    normal = _rest_of(rest, where)  # a store of a newer format is reported as such here
    if rest.get("version") != current_version():  # its applications would need upgrading one by one
        raise _bad(where, f"store format {rest.get('version')!r} in sync format {sync}")
    listing = repo.ls_tree(f"{commit}:{APPS}") if APPS in root else {}
    blobs = {}
    for app_id in order:
        blob = listing.get(entry_name(app_id))
        if blob is None:
            raise _bad(where, f"application {app_id!r} is listed but not there")
        blobs[app_id] = blob
    if len(listing) != len(order):
        raise _bad(where, "it holds an application it does not list")
    return Side(order, blobs, normal, repo.tree_of(commit))


def _format_1(repo: Repo, raw: bytes, where: Path) -> Side:
    """A commit of an older followup: the store as one file, read whole."""
    data = Store(where).parse(raw)
    side = Side(
        [], {}, _rest_of(json.loads(encode_data(data.model_copy(update={"applications": []}))), where)
    )
    for app in data.applications:
        content = encode_record(app)
        blob = repo.blob_id(content)
        side.order.append(app.id)
        side.blobs[app.id] = blob
        side.held[blob] = content
    return side


def store_side(store: Store, repo: Repo, known: Iterable[str] = ()) -> Side | None:
    """This machine's store as a commit holds it (None: there is no store file), its blobs and trees
    written to the repository (those of `known` are there already): the store file, then each
    archived application as its line is read, one at a time. A store that is not valid (or that a
    newer followup wrote) raises here, and is never sent."""
    data, raw = store.load_with_bytes(full=False)
    if raw is None:
        return None
    rest = json.loads(encode_data(data.model_copy(update={"applications": [], "archive": None})))
    placed: list[tuple[int, str]] = []
    blobs: dict[str, str] = {}
    with repo.writing_blobs(known) as write:
        for place, app in store.each_application(placed=True, data=data):
            placed.append((place, app.id))
            blobs[app.id] = write(encode_record(app))
        order = [app_id for _, app_id in sorted(placed)]
        stored = {k: v for k, v in rest.items() if k != "applications"}
        index = json.dumps(
            {"sync": SYNC_FORMAT, "order": order, "store": stored}, ensure_ascii=False, indent=1
        )
        index_blob = write(index.encode("utf-8") + b"\n")
    apps_tree = repo.mktree([("blob", blobs[app_id], entry_name(app_id)) for app_id in order])
    root = repo.mktree([("blob", index_blob, INDEX), ("tree", apps_tree, APPS)])
    return Side(order, blobs, _rest_of(rest, store.path), root, raw=raw)


@dataclass
class Merged:
    side: Side
    resolutions: list[Resolution] = field(default_factory=list)


def _normal(content: bytes) -> dict[str, Any]:
    """An application's JSON as this followup writes it."""
    from followup.models import Application

    document: dict[str, Any] = json.loads(encode_record(Application.model_validate(decode(content))))
    return document


def merge_sides(base: Side | None, ours: Side, theirs: Side, read: Read, repo: Repo, where: Path) -> Merged:
    """`ours` and `theirs`, two stores that grew from `base` (None: no ancestor), as one."""
    from pydantic import ValidationError

    from followup.models import Application

    out: list[Resolution] = []
    old = base.blobs if base is not None else {}
    result = Side([], {}, {})

    def one(app_id: str) -> None:
        b, o, t = old.get(app_id), ours.blobs.get(app_id), theirs.blobs.get(app_id)
        if o == t or b == t:
            kept = o
        elif b == o:
            kept = t
        else:
            try:
                sides = [MISSING if x is None else _normal(read(x)) for x in (b, o, t)]
            except (ValueError, ValidationError) as err:
                raise _bad(where, f"application {app_id!r}: {str(err).splitlines()[0]}") from None
            value = _merge(sides[0], sides[1], sides[2], ("applications", app_id), out)
            if value is MISSING:
                kept = None
            else:
                try:
                    content = encode_record(Application.model_validate(value))
                except ValidationError as err:
                    raise _bad(where, f"the merge of {app_id!r}: {str(err).splitlines()[0]}") from None
                kept = repo.blob_id(content)
                result.held[kept] = content
        if kept is not None:
            result.blobs[app_id] = kept

    base_order = base.order if base is not None else []
    for app_id in base_order:
        one(app_id)
    added = sorted((set(ours.blobs) | set(theirs.blobs)) - set(old))
    for app_id in added:
        one(app_id)
    kept_order = [app_id for app_id in base_order if app_id in result.blobs]
    dated = []
    for app_id in added:
        if app_id in result.blobs:
            blob = result.blobs[app_id]
            record = json.loads(result.held[blob] if blob in result.held else read(blob))
            dated.append((_date_of(record), app_id))
    result.order = kept_order + [app_id for _, app_id in sorted(dated)]
    rest = merge(MISSING if base is None else base.rest, ours.rest, theirs.rest)
    result.rest = rest.document
    return Merged(result, out + rest.resolutions)


class _Changed(Exception):
    """The store changed between reading it for the merge and writing the merge."""


class _Reordered(Exception):
    """A write of the store file's applications alone would not give the merge's order."""


def apply(store: Store, ours: Side | None, merged: Side, read: Read, where: Path) -> bool | None:
    """Write the merged store over this machine's, if it is still what `ours` was made of: the
    applications that differ, fetched from the archive when it holds them, and the rest. Whether it
    changed anything; None when the store changed meanwhile (merge again)."""
    from pydantic import ValidationError

    from followup.models import Application, StoreData
    from followup.store.moves import order_after

    mine = ours.blobs if ours is not None else {}
    changed = [app_id for app_id in merged.order if mine.get(app_id) != merged.blobs[app_id]]
    removed = [app_id for app_id in mine if app_id not in merged.blobs]
    same_order = ours is not None and ours.order == merged.order
    if not changed and not removed and same_order and ours is not None and ours.rest == merged.rest:
        return False
    new = {}
    for app_id in changed:
        blob = merged.blobs[app_id]
        try:
            app = Application.model_validate(decode(merged.held[blob] if blob in merged.held else read(blob)))
        except (ValueError, ValidationError) as err:
            raise _bad(where, f"application {app_id!r}: {str(err).splitlines()[0]}") from None
        if app.id != app_id:
            raise _bad(where, f"the application listed as {app_id!r} is {app.id!r}")
        new[app_id] = app
    try:
        rest = StoreData.model_validate({**merged.rest, "applications": []})
    except ValidationError as err:
        raise _bad(where, str(err).splitlines()[0]) from None
    for full in (False, True):
        try:
            with store.transaction(full=full, fetch=[*changed, *removed]) as data:
                if store.read_bytes() != (ours.raw if ours is not None else None):
                    raise _Changed
                apps = {app.id: app for app in data.applications}
                before = list(apps)
                apps.update(new)
                for app_id in removed:
                    apps.pop(app_id, None)
                now = [app_id for app_id in merged.order if app_id in apps]
                rest_index = data.archive.apps if data.archive is not None else {}
                if not full and order_after(now, before, rest_index) != merged.order:
                    raise _Reordered
                data.applications = [apps[app_id] for app_id in now]
                for name in StoreData.model_fields:
                    if name not in ("applications", "archive"):
                        setattr(data, name, getattr(rest, name))
                extra = data.__pydantic_extra__
                extra.clear()
                extra.update(rest.__pydantic_extra__ or {})
        except _Reordered:
            continue
        except _Changed:
            return None
        return True
    raise AssertionError("a full write takes any order")
