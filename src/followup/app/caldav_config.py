"""The config's `[caldav]` table: which task list the actions go to, as whom, and the password command.

The password is asked of a command (as mbsync's `PassCmd`): it is never stored, printed or logged.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from followup.config import load_table
from followup.errors import ConfigError
from followup.passwords import run_password_command

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
    """The password of the CalDAV account, printed by its command (followup.passwords)."""
    return run_password_command(config.password_command, PASSWORD_TIMEOUT, "caldav.password_command")
