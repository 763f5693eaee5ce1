"""Finding what the user names: an application by id, by company, or by a unique prefix of either;
the one person a `--with` names among an application's people.

Pure: data in, values or a FollowupError out.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup.errors import AmbiguousError, NeedsArchive, NotFoundError
from followup.models import Application, Contact, StoreData
from followup.people import Known, normalize, pick


def _candidates(apps: Sequence[Application]) -> str:
    return ", ".join(f"{a.id} ({a.company}, {a.role}, {a.status})" for a in apps)


def resolve(data: StoreData, ref: str) -> Application:
    """An application by exact id, then company name in any case, then unique prefix of either.

    Data without its archive (`Store.load(full=False)`) raises NeedsArchive when the answer could
    differ with it: `ref` could name an archived application, or names none of the others."""
    index = data.archive
    if index is not None and index.apps and not any(app.id == ref for app in data.applications):
        if _may_be_archived(index.apps, ref):
            raise NeedsArchive
        try:
            return _resolve(data.applications, ref)
        except NotFoundError:
            raise NeedsArchive from None
    return _resolve(data.applications, ref)


def _may_be_archived(entries: dict[str, list[str]], ref: str) -> bool:
    if ref in entries:
        return True
    key = normalize(ref)
    return any(entry[4].startswith(key) or app_id.startswith(key) for app_id, entry in entries.items())


def _resolve(apps: Sequence[Application], ref: str) -> Application:
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
    close = closest(key, apps)
    if close:
        raise NotFoundError(f"no application {ref!r}; did you mean {_candidates(close)}?")
    known = _candidates(sorted(apps, key=lambda a: a.id)[:10])
    more = f" and {len(apps) - 10} more" if len(apps) > 10 else ""
    raise NotFoundError(f"no application {ref!r}; known: {known}{more}")


def closest(key: str, apps: Sequence[Application], limit: int = 3) -> list[Application]:
    """The applications whose id or company is spelled most like `key` (a typo: `acne` for `acme`)."""
    import difflib

    names: dict[str, Application] = {}
    for app in apps:
        names.setdefault(app.id, app)
        names.setdefault(normalize(app.company), app)
    found = difflib.get_close_matches(key, list(names), n=limit * 2, cutoff=0.7)
    return list({names[name].id: names[name] for name in found}.values())[:limit]


def known_people(app: Application, contacts: Sequence[Contact]) -> list[Known]:
    """Whom `--with` can name for an application: its interviewers, then the people in your contacts;
    an interviewer who is also a contact is one person."""
    found: dict[str, Known] = {}
    for interview in sorted(app.interviews, key=lambda i: i.at):
        for p in interview.interviewers:
            found.setdefault(normalize(p.name), Known(p.name, p.email, f"interviewer at {app.company}"))
    for contact in contacts:
        about = str(contact.relation) + (f" at {contact.company}" if contact.company else "")
        found.setdefault(normalize(contact.name), Known(contact.name, contact.email, about))
    return list(found.values())


def named_people(app: Application, contacts: Sequence[Contact], given: Sequence[str], new: bool) -> list[str]:
    """The full names of the people `--with` named (each once); with `new`, the names as typed."""
    if new:
        return list(dict.fromkeys(" ".join(name.split()) for name in given if name.strip()))
    known = known_people(app, contacts)
    return list(dict.fromkeys(pick(name, known, f"{app.company} ({app.id})").name for name in given))
