"""`followup export` and `followup import`: the store through one of the formats of followup.formats.
Like every app module: load or change the data through the store, ask the pure modules, return data.
"""

from __future__ import annotations

from followup.app.context import Context
from followup.formats import FORMATS, ExportOptions, ImportReport


def export(ctx: Context, fmt: str, days: int | None = None) -> bytes:
    """The store as a file of format `fmt` (ics, csv, json)."""
    kind = FORMATS[fmt]
    data = ctx.store.load(full=kind.reads == "all")
    streamed = kind.reads == "stream" and data.archive is not None
    applications = ctx.store.each_application(placed=True) if streamed else None
    options = ExportOptions(ctx.today, ctx.settings, ctx.now.astimezone(), days, applications)
    return kind.export(data, options)


def import_file(
    ctx: Context, fmt: str, raw: bytes, name: str, replace: bool = False, dry_run: bool = False
) -> ImportReport:
    """Add what a file of format `fmt` holds; the whole file is read and checked before the store is
    touched. With `dry_run`, report what would be added and change nothing."""
    kind = FORMATS[fmt]
    assert kind.read is not None and kind.merge is not None, f"{fmt} cannot be imported"
    incoming, warnings = kind.read(raw, name, ctx.now)
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    if dry_run:
        kind.merge(ctx.store.load(), incoming, ctx.today, replace, report)
        return report
    with ctx.store.transaction() as data:
        kind.merge(data, incoming, ctx.today, replace, report)
    return report
