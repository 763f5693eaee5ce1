"""Finding what the user names: an application by id, by company, or by a unique prefix of either;
the one person a `--with` names among an application's people.

Pure: data in, values or a FollowupError out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from followup.errors import AmbiguousError, FollowupError, NeedsArchive, NotFoundError
from followup.models import Application, Contact, StoreData
from followup.people import Known, normalize, pick


def _candidates(apps: Sequence[Application]) -> str:
    return ", ".join(f"{a.id} ({a.company}, {a.role}, {a.status})" for a in apps)


def resolve(data: StoreData, ref: str) -> Application:
    """An application by exact id, then company name in any case, then unique prefix of either.

    Data read without all of the archive (`Store.load(full=False)`) answers as all of the data
    would, from the index's ids and companies: it raises NeedsArchive with the archived applications
    the answer needs (the one named, or those an error lists), to fetch and ask again."""
    for app in data.applications:
        if app.id == ref:
            return app
    index = data.archive
    if index is not None and ref in index.apps:
        raise NeedsArchive((ref,))
    named = _names(data)
    apps = {app.id: app for app in data.applications}
    found, error = _decide(named, ref)
    missing = tuple(app_id for app_id in found if app_id not in apps)
    if missing:
        raise NeedsArchive(missing)
    if error is None:
        return apps[found[0]]
    raise error([apps[app_id] for app_id in found], len(named))


def _names(data: StoreData) -> list[tuple[str, str]]:
    """(id, company as names are compared) of every application, in the order of all the data."""
    live = [(app.id, normalize(app.company)) for app in data.applications]
    index = data.archive
    if index is None or not index.apps:
        return live
    from followup.store.moves import interleave

    return interleave(live, [(int(entry[5]), (app_id, entry[4])) for app_id, entry in index.apps.items()])


_Error = Callable[[list[Application], int], FollowupError]


def _decide(named: list[tuple[str, str]], ref: str) -> tuple[list[str], _Error | None]:
    """Which applications `ref` names, by id, or the error and the applications it lists."""
    key = normalize(ref)
    if not key:
        return [], lambda apps, count: NotFoundError("no application given")
    for matches in (
        [app_id for app_id, company in named if company == key],
        [app_id for app_id, company in named if app_id.startswith(key) or company.startswith(key)],
    ):
        if len(matches) == 1:
            return matches, None
        if matches:
            return matches, lambda apps, count: AmbiguousError(
                f"{ref!r} matches several applications: {_candidates(apps)}"
            )
    if not named:
        return [], lambda apps, count: NotFoundError(
            f"no application {ref!r}: the store is empty (add one with `followup add`)"
        )
    close = _closest(key, named)
    if close:
        return close, lambda apps, count: NotFoundError(
            f"no application {ref!r}; did you mean {_candidates(apps)}?"
        )

    def unknown(apps: list[Application], count: int) -> FollowupError:
        more = f" and {count - 10} more" if count > 10 else ""
        return NotFoundError(f"no application {ref!r}; known: {_candidates(apps)}{more}")

    return sorted(app_id for app_id, _ in named)[:10], unknown


def _closest(key: str, named: list[tuple[str, str]], limit: int = 3) -> list[str]:
    """The applications whose id or company is spelled most like `key` (a typo: `acne` for `acme`)."""
    import difflib

    names: dict[str, str] = {}
    for app_id, company in named:
        names.setdefault(app_id, app_id)
        names.setdefault(company, app_id)
    found = difflib.get_close_matches(key, list(names), n=limit * 2, cutoff=0.7)
    return list(dict.fromkeys(names[name] for name in found))[:limit]


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
