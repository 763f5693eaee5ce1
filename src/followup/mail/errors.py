"""The mail sources' one error, and the one way they quote text that came from outside."""

from __future__ import annotations

from followup.errors import FollowupError

MAX_QUOTED = 200  # a server's or a command's complaint, cut to what fits on one line


class MailError(FollowupError):
    """A mail source cannot be read: bad address, unreachable server, refused login, missing tool."""


def one_line(text: str | bytes, *, hide: str | None = None) -> str:
    """Text from a server or a command, made one short line; `hide` (a password) never shows."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if hide:
        text = text.replace(hide, "***")
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"
