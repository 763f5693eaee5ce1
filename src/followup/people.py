"""People as the user names them: one way to compare names, what a `--with` value matches, and
`Name <email>` read into a Person.

Pure; the models are imported only to make a Person.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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
