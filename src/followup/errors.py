"""Domain errors. The core raises them; `cli.main` turns them into one line and an exit code."""

from __future__ import annotations

# Exit codes, documented in README.md.
EXIT_OK = 0
EXIT_ERROR = 1  # a domain error: not found, ambiguous, corrupt store, bad config...
EXIT_USAGE = 2  # the command line itself is wrong (Click's own code for usage errors)
EXIT_INTERRUPTED = 130  # Ctrl+C: 128 + SIGINT, as shells report a command stopped that way


class FollowupError(Exception):
    """Base of every error a user may see; the message is one line."""

    exit_code = EXIT_ERROR


class NotFoundError(FollowupError):
    """No application or contact matches what the user typed."""


class AmbiguousError(FollowupError):
    """More than one application matches what the user typed."""


class StoreError(FollowupError):
    """The data file cannot be read or written safely."""


class CorruptStoreError(StoreError):
    """The data file does not parse or validate; it is left as it is."""


class NewerStoreError(StoreError):
    """The data file was written by a newer followup."""


class ConfigError(FollowupError):
    """The config file is unreadable or holds a bad value."""


class UsageError(FollowupError):
    """Bad input found after parsing (a date, a name that matches nothing)."""

    exit_code = EXIT_USAGE


class NeedsArchive(Exception):
    """What the user named is (or its answer reads) applications of the archive, which the data at
    hand lacks: the command is to run again with those (`ids`) fetched, or on all the data when
    `ids` is None (app/context.py). Never reaches the user."""

    def __init__(self, ids: tuple[str, ...] | None = None) -> None:
        super().__init__(ids)
        self.ids = ids
