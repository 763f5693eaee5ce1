"""What the imports and exports share: the report of an import, its errors, reading text."""

from __future__ import annotations

from dataclasses import dataclass, field

from followup.errors import FollowupError
from followup.models import Application, Contact

EXPORT_FORMAT = "followup-export"


class ImportFileError(FollowupError):
    """A file to import is unreadable or holds a bad row; nothing was imported."""


@dataclass
class ImportReport:
    """What an import added, skipped or replaced, and what it warns about."""

    added: list[Application] = field(default_factory=list)
    replaced: list[Application] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    contacts_added: list[Contact] = field(default_factory=list)
    contacts_replaced: list[Contact] = field(default_factory=list)
    contacts_skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


def _decode(raw: bytes, name: str, hint: str | None = None) -> str:
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a spreadsheet is fine
    except UnicodeDecodeError as err:
        how = f" ({hint})" if hint else ""
        raise ImportFileError(f"{name}: not UTF-8 at byte {err.start}{how}; nothing was imported") from None
    if "\x00" in text:
        raise ImportFileError(f"{name}: contains NUL bytes; nothing was imported")
    return text
