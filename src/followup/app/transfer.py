"""`followup export` and `followup import`: the store through one of the formats of followup.formats.
Like every app module: load or change the data through the store, ask the pure modules, return data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from followup.app.context import Context, changing, reading
from followup.formats import FORMATS, ExportOptions, ImportReport
from followup.models import StoreData


def export(ctx: Context, fmt: str, days: int | None = None) -> bytes:
    """The store as a file of format `fmt` (ics, csv, json)."""
    return b"".join(export_pieces(ctx, fmt, days))


def export_pieces(ctx: Context, fmt: str, days: int | None = None) -> Iterator[bytes]:
    """The bytes of `export`, a piece at a time when the format writes them so (json): the store is
    read when the first piece is asked for, the archive's applications one at a time after it."""
    kind = FORMATS[fmt]
    data = ctx.store.load(full=kind.reads == "all")
    streamed = kind.reads == "stream" and data.archive is not None
    applications = ctx.store.each_application(placed=True, data=data) if streamed else None
    options = ExportOptions(ctx.today, ctx.settings, ctx.now.astimezone(), days, applications)
    if kind.pieces is not None:
        yield from kind.pieces(data, options)
    else:
        yield kind.export(data, options)


def import_file(
    ctx: Context, fmt: str, raw: bytes, name: str, replace: bool = False, dry_run: bool = False
) -> ImportReport:
    """Add what a file of format `fmt` holds; the whole file is read and checked before the store is
    touched. With `dry_run`, report what would be added and change nothing."""
    kind = FORMATS[fmt]
    assert kind.read is not None and kind.merge is not None, f"{fmt} cannot be imported"
    merge = kind.merge
    incoming, warnings = kind.read(raw, name, ctx.now)
    report = ImportReport(warnings=warnings, dry_run=dry_run)

    def add(data: StoreData) -> ImportReport:
        _fetching(data, fmt, incoming)  # before anything is added to the report
        merge(data, incoming, ctx.today, replace, report)
        return report

    return reading(ctx, add) if dry_run else changing(ctx, add)


def _fetching(data: StoreData, fmt: str, incoming: Any) -> None:
    """Raise NeedsArchive for the archived applications an import compares its own with, which data
    read without the archive lacks: a backup's by id; a spreadsheet row's of the same company (the
    same company and role is skipped), of the id it gives, or of the ids made from its company."""
    from followup.errors import NeedsArchive
    from followup.ids import slugify
    from followup.people import normalize

    index = data.archive
    if index is None:
        return
    if fmt == "json":
        wanted = [app.id for app in incoming.applications if app.id in index.apps]
    else:
        companies = {normalize(row.company) for row in incoming}
        ids = {row.id for row in incoming if row.id is not None}
        slugs = tuple({slugify(row.company) for row in incoming})
        wanted = [
            app_id
            for app_id, entry in index.apps.items()
            if entry[4] in companies or app_id in ids or app_id.startswith(slugs)
        ]
    if wanted:
        raise NeedsArchive(tuple(wanted))
