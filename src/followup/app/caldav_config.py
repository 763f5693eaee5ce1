"""The config's `[caldav]` table: which task list the actions go to, as whom, and the password command.

The password is asked of a command (as mbsync's `PassCmd`): it is never stored, printed or logged.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from followup.config import load_table
from followup.errors import ConfigError, FollowupError

PASSWORD_TIMEOUT = 30.0  # seconds: a password manager may ask for its own passphrase first


class CaldavConfig(BaseModel):
    """`[caldav]` in config.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str  # the task list's collection URL
    user: str
    password_command: str
    alarm_hour: int = Field(default=9, ge=0, le=23)  # the reminder on the due day, local time
    categories: tuple[str, ...] = ()  # added to every to-do, besides `followup` and its kind

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        if "@" in value.split("/")[2]:
            raise ValueError("must not hold a user or password: give caldav.user and caldav.password_command")
        return value if value.endswith("/") else value + "/"  # a collection: relative hrefs resolve in it

    @field_validator("user", "password_command")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


def load_caldav_config(path: Path) -> CaldavConfig:
    """The `[caldav]` table, validated; a missing table says what to add."""
    table = load_table(path, "caldav")
    if not table:
        raise ConfigError(f"{path}: no [caldav] table; add url, user and password_command (docs/caldav.md)")
    try:
        return CaldavConfig.model_validate(table)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{path}: unknown key caldav.{key}") from None
        if first["type"] == "missing":
            raise ConfigError(f"{path}: caldav.{key} is missing") from None
        raise ConfigError(f"{path}: caldav.{key}: {first['msg']}") from None


def read_password(config: CaldavConfig) -> str:
    """The first line the password command prints. It runs without a shell; a failure says how it
    ended, never what it printed (that may be the password)."""
    try:
        words = shlex.split(config.password_command)
    except ValueError as err:
        raise ConfigError(f"caldav.password_command cannot be split: {err}") from None
    if not words:
        raise ConfigError("caldav.password_command is empty")
    try:
        done = subprocess.run(
            words, stdin=subprocess.DEVNULL, capture_output=True, timeout=PASSWORD_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise FollowupError(f"caldav.password_command: {words[0]!r} was not found") from None
    except PermissionError:
        raise FollowupError(f"caldav.password_command: {words[0]!r} cannot be run") from None
    except subprocess.TimeoutExpired:
        raise FollowupError(
            f"caldav.password_command gave no password within {PASSWORD_TIMEOUT:.0f} seconds"
        ) from None
    except OSError as err:
        raise FollowupError(f"caldav.password_command could not start: {err.strerror or err}") from None
    if done.returncode != 0:
        raise FollowupError(f"caldav.password_command failed (exit status {done.returncode})")
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise FollowupError("caldav.password_command printed no password")
    return password
