"""What every mail source is told besides its address: how to get a password, how much to read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceOptions:
    """`password_command` prints the IMAP password (never stored); `limit_bytes` is the largest
    message read, bigger ones are skipped; `timeout` bounds every network wait and outside command."""

    password_command: str | None = None
    limit_bytes: int = 10 * 1024 * 1024
    timeout: float = 30.0
