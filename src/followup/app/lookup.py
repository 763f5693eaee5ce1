"""Finding the application the user names: by id, by company, or by a unique prefix of either.

Pure: data in, values or a FollowupError out.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup.errors import AmbiguousError, NotFoundError
from followup.models import Application, StoreData
from followup.people import normalize


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
