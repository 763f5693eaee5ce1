"""The task list on the CalDAV server, through the `caldav` library: read every to-do with its ETag in
one REPORT, and write one with a PUT guarded by If-Match (or If-None-Match for a new one), so that a
to-do changed on the phone meanwhile is never overwritten blindly.

Imported only by `followup caldav sync`: the library and its HTTP stack cost time every other
command does not pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from followup.errors import FollowupError

TIMEOUT = 30  # seconds per request

# RFC 4791 §7.8: every VTODO of the collection, with its ETag and its data.
_TODO_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"/></C:comp-filter></C:filter>
</C:calendar-query>"""


# Is the URL a task list? Its resource type and the components it takes (RFC 4791 §5.2.3).
_LIST_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:resourcetype/><C:supported-calendar-component-set/></D:prop>
</D:propfind>"""
_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_COMPONENTS = "{urn:ietf:params:xml:ns:caldav}supported-calendar-component-set"


class ServerError(FollowupError):
    """The server cannot be reached, refused the login, or answered what a task list does not."""


@dataclass(frozen=True)
class Remote:
    href: str  # absolute URL of the object
    etag: str | None
    text: str


class Changed(Exception):
    """The object changed on the server since it was read (HTTP 412): it is left for the next sync."""


class TaskList:
    """One CalDAV collection of to-dos."""

    def __init__(self, url: str, user: str, password: str) -> None:
        import logging

        from caldav.davclient import DAVClient

        # The library's warnings would reach stderr as loose lines; followup says what went wrong itself.
        logging.getLogger("caldav").addHandler(logging.NullHandler())
        self.url = url
        self._client: Any = DAVClient(url, username=user, password=password, timeout=TIMEOUT)

    def _where(self) -> str:
        parts = urlsplit(self.url)
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"

    def _request(self, call: Any) -> Any:
        """Run one request; what can go wrong on the wire becomes one line naming the server."""
        from caldav.lib import error

        try:
            return call()
        except error.AuthorizationError:
            raise ServerError(
                f"{self._where()} refused the login (check caldav.user and the password)"
            ) from None
        except error.DAVError as err:
            raise ServerError(
                f"{self._where()}: {type(err).__name__}: {str(err).splitlines()[0][:200]}"
            ) from None
        except OSError as err:  # the HTTP library's connection errors are OSErrors
            reason = type(err).__name__
            raise ServerError(f"cannot reach {self._where()} ({reason})") from None

    def check(self) -> None:
        """Refuse a URL that is not a task list (the server's root, an account, a calendar of events
        only) before anything is written there."""
        response = self._request(lambda: self._client.propfind(self.url, _LIST_QUERY, depth=0))
        if response.status == 404:
            raise ServerError(f"{self._where()} is not a task list on that server (404)")
        if response.status not in (200, 207):
            raise ServerError(f"{self._where()} answered {response.status} to asking what it is")
        found = response.parse_propfind()
        properties = found[0].properties if found else {}
        kinds = properties.get("{DAV:}resourcetype") or []
        if _CALENDAR not in kinds:
            raise ServerError(
                f"{self._where()} is not a calendar collection; give the task list's own URL (docs/caldav.md)"
            )
        components = properties.get(_COMPONENTS)
        if isinstance(components, list) and components and "VTODO" not in components:
            raise ServerError(f"{self._where()} takes no to-dos (VTODO); make a task list and give its URL")

    def todos(self) -> list[Remote]:
        """Every to-do of the list."""
        response = self._request(lambda: self._client.report(self.url, _TODO_QUERY, depth=1))
        if response.status == 404:
            raise ServerError(f"{self._where()} is not a task list on that server (404)")
        if response.status not in (200, 207):
            raise ServerError(f"{self._where()} answered {response.status} to the to-do query")
        found = []
        for result in response.parse_calendar_query():
            if result.status == 200 and result.calendar_data:
                found.append(Remote(urljoin(self.url, result.href), result.etag, result.calendar_data))
        return found

    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Write one object; `etag` None creates it (and refuses to replace one that exists). Returns
        the new ETag when the server gives it; raises Changed when it was changed meanwhile."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        response = self._request(lambda: self._client.put(href, text, headers))
        if response.status == 412:
            raise Changed(href)
        if response.status not in (200, 201, 204):
            raise ServerError(f"{self._where()} answered {response.status} to writing a to-do")
        new: str | None = response.headers.get("ETag")
        return new

    def href_for(self, uid: str) -> str:
        """Where a new to-do goes: its UID as the file name (RFC 4791 §5.3.2 leaves the name free)."""
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in uid)
        return urljoin(self.url, f"{safe}.ics")
