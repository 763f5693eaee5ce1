"""People as the user names them: one way to compare names, what a `--with` value matches, and
`Name <email>` read into a Person.

Pure; the models are imported only to make a Person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from followup.errors import UsageError

if TYPE_CHECKING:
    from followup.models import Person


def normalize(text: str) -> str:
    """`  Jane   DOE ` → `jane doe`: how names and companies are compared."""
    return " ".join(text.casefold().split())


def person_matches(given: str | None, name: str | None, email: str | None = None) -> bool:
    """Does a `--with` value name this person? No value means everyone; a first name will do."""
    if given is None:
        return True
    if name is None:
        return False
    wanted = normalize(given)
    full = normalize(name)
    if wanted == full or (email is not None and wanted == email.casefold()):
        return True
    return bool(wanted) and full.startswith(wanted + " ")


def parse_person(text: str) -> Person:
    """`Jane Doe <jane@acme.example>` → Person; a bare name or a bare email also works."""
    from followup.models import Person

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


class Known(NamedTuple):
    """Someone an application knows: an interviewer, or a contact in your book."""

    name: str
    email: str | None
    about: str  # "interviewer at Acme", "reference", … for the list of candidates


def pick(given: str, known: Sequence[Known], where: str) -> Known:
    """The one person `given` names among `known`: their full name or email, else the start of their
    name (a first name) when only one name starts so. Anyone else is an error that lists who is known;
    `where` says whose people they are ("Acme (acme)")."""
    from followup.errors import AmbiguousError, NotFoundError

    wanted = normalize(given)
    if not wanted:
        raise UsageError("--with needs a name")
    exact = [p for p in known if normalize(p.name) == wanted or (p.email or "").casefold() == wanted]
    found = exact or [p for p in known if normalize(p.name).startswith(wanted)]
    unique = list({normalize(p.name): p for p in found}.values())
    if len(unique) == 1:
        return unique[0]
    if unique:
        names = ", ".join(f"{p.name} ({p.about})" for p in unique)
        raise AmbiguousError(f"{given!r} could be {names}; give the full name or the email")
    listed = ", ".join(f"{p.name} ({p.about})" for p in known) or "nobody yet"
    raise NotFoundError(f"no one called {given!r} at {where}; known: {listed} (or add --new for someone new)")
