"""Meeting people in their other tools: calendar (iCalendar), spreadsheet (CSV) and backup (JSON).

One module per format, each listed once in FORMATS: what it can do (export, import) and the functions
that do it. Exports are functions of the stored data and the day; an import reads and validates the
whole file first (`read`), then adds it to the data (`merge`), so a bad file changes nothing. Nothing
here opens the store or prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from followup.formats.common import EXPORT_FORMAT, ImportFileError, ImportReport

DEFAULT_ICS_DAYS = 30  # how far ahead the calendar looks


@dataclass(frozen=True)
class ExportOptions:
    today: date
    settings: Any  # followup.models.Settings
    now: datetime  # when the file is made (the calendar's DTSTAMP)
    days: int | None = None  # how far ahead the calendar looks; None for its default
    # Every application with its place among them, one at a time, when the data holds the store
    # file's alone (`Store.each_application`): for an export that lists them all ("stream" below).
    applications: Iterable[tuple[int, Any]] | None = None


@dataclass(frozen=True)
class Format:
    name: str
    export: Callable[[Any, ExportOptions], bytes]  # StoreData → the file's bytes
    read: Callable[[bytes, str, datetime], tuple[Any, list[str]]] | None = (
        None  # bytes → (incoming, warnings)
    )
    merge: Callable[[Any, Any, date, bool, ImportReport], None] | None = None  # into the data, in place
    # What the export is made from: "all" the data; the store "file" and its index of the archive
    # (the calendar's open actions and coming interviews are never of a settled application); or
    # that and the applications one at a time ("stream": a row for each, in their order).
    reads: Literal["all", "file", "stream"] = "all"
    # The export's bytes a piece at a time, for a file too large to hold whole (json: ~47 MB at 10,000
    # applications); `export` gives the same bytes at once.
    pieces: Callable[[Any, ExportOptions], Iterator[bytes]] | None = None


def _ics(data: Any, options: ExportOptions) -> bytes:
    from followup.formats.calendar import export_ics

    days = DEFAULT_ICS_DAYS if options.days is None else options.days
    return export_ics(data, options.today, options.settings, days, options.now)


def _csv(data: Any, options: ExportOptions) -> bytes:
    from followup.formats.spreadsheet import export_csv

    return export_csv(data, options.today, options.settings, options.applications)


def _read_csv(raw: bytes, name: str, now: datetime) -> tuple[Any, list[str]]:
    from followup.formats.spreadsheet import read_csv

    return read_csv(raw, name, now)


def _merge_csv(data: Any, rows: Any, today: date, replace: bool, report: ImportReport) -> None:
    from followup.formats.spreadsheet import add_rows

    add_rows(data, rows, today, report)


def _json(data: Any, options: ExportOptions) -> bytes:
    return b"".join(_json_pieces(data, options))


def _json_pieces(data: Any, options: ExportOptions) -> Iterator[bytes]:
    from followup.formats.backup import export_pieces

    return export_pieces(data, options.applications)


def _read_json(raw: bytes, name: str, now: datetime) -> tuple[Any, list[str]]:
    from followup.formats.backup import read_export

    return read_export(raw, name), []


def _merge_json(data: Any, incoming: Any, today: date, replace: bool, report: ImportReport) -> None:
    from followup.formats.backup import merge

    merge(data, incoming, replace, report)


FORMATS: dict[str, Format] = {
    "ics": Format("ics", _ics, reads="file"),
    "csv": Format("csv", _csv, _read_csv, _merge_csv, reads="stream"),
    "json": Format("json", _json, _read_json, _merge_json, reads="stream", pieces=_json_pieces),
}
EXPORTS = tuple(FORMATS)
IMPORTS = tuple(name for name, f in FORMATS.items() if f.read is not None)

__all__ = [
    "DEFAULT_ICS_DAYS",
    "EXPORTS",
    "EXPORT_FORMAT",
    "FORMATS",
    "IMPORTS",
    "ExportOptions",
    "Format",
    "ImportFileError",
    "ImportReport",
]
