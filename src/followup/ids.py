"""New application ids: `acme`, then `acme-2`, made from the company's name.

Pure and standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Any


def slugify(company: str) -> str:
    """`Acme Corp.` → `acme-corp`; a name with no Latin letters or digits → `app`."""
    ascii_text = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].strip("-") or "app"


def new_id(data: Any, company: str, reserved: Collection[str] = ()) -> str:
    """A free id from the company's name; `reserved` ids (claimed by rows still to come) are avoided too,
    and so are those of the archive when `data` is the store file's with its index of it."""
    base = slugify(company)
    taken = {a.id for a in data.applications} | set(reserved)
    index = getattr(data, "archive", None)
    if index is not None:
        taken.update(index.apps)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
