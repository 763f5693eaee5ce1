"""Finding things the user names: an application by id, company or prefix; a person as typed; new ids.

Pure: data in, values or a FollowupError out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

from followup.errors import AmbiguousError, NotFoundError, UsageError
from followup.models import Application, Person, StoreData


def normalize(text: str) -> str:
    return " ".join(text.casefold().split())


def slugify(company: str) -> str:
    """`Acme Corp.` → `acme-corp`; a name with no Latin letters or digits → `app`."""
    ascii_text = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].strip("-") or "app"


def new_id(data: StoreData, company: str, reserved: Collection[str] = ()) -> str:
    """A free id from the company's name; `reserved` ids (claimed by rows still to come) are avoided too."""
    base = slugify(company)
    taken = {a.id for a in data.applications} | set(reserved)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _candidates(apps: Sequence[Application]) -> str:
    return ", ".join(f"{a.id} ({a.company}, {a.role}, {a.status})" for a in apps)


def resolve(data: StoreData, ref: str) -> Application:
    """An application by exact id, then company name in any case, then unique prefix of either."""
    apps = data.applications
    for app in apps:
        if app.id == ref:
            return app
    key = normalize(ref)
    if not key:
        raise NotFoundError("no application given")
    for matches in (
        [a for a in apps if normalize(a.company) == key],
        [a for a in apps if a.id.startswith(key) or normalize(a.company).startswith(key)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousError(f"{ref!r} matches several applications: {_candidates(matches)}")
    if not apps:
        raise NotFoundError(f"no application {ref!r}: the store is empty (add one with `followup add`)")
    known = _candidates(sorted(apps, key=lambda a: a.id)[:10])
    more = f" and {len(apps) - 10} more" if len(apps) > 10 else ""
    raise NotFoundError(f"no application {ref!r}; known: {known}{more}")


def parse_person(text: str) -> Person:
    """`Jane Doe <jane@acme.example>` → Person; a bare name or a bare email also works."""
    value = text.strip()
    match = re.fullmatch(r"(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>", value)
    if match:
        name, email = match["name"].strip().strip('"').strip(), match["email"]
        return Person(name=name or email, email=email)
    if "<" in value or ">" in value:
        raise UsageError(f"cannot read interviewer {text!r}; write it as 'Name <email>'")
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return Person(name=value, email=value)
    if not value:
        raise UsageError("an interviewer's name is empty")
    return Person(name=value)
