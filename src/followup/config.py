"""Settings from config.toml: every number the rules use, each with a default."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from followup.errors import ConfigError
from followup.models import Settings
from followup.paths import NotAFile, read_small_file


def read_config(path: Path) -> dict[str, Any]:
    """The raw keys of the config file; an absent file is an empty config."""
    try:
        return tomllib.loads(read_small_file(path).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except NotAFile as err:  # a FIFO or /dev/zero would hang every command
        raise ConfigError(f"{err}, not a config file") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8") from None
    except OSError as err:
        raise ConfigError(f"cannot read {path}: {err.strerror or err}") from None


# Tables of the config that belong to one feature each ([mail], [caldav], [sync]); the feature
# validates its own table with `load_table`, and the rules' settings never see them.
TABLES = ("mail", "caldav", "sync")


def load_table(path: Path, name: str) -> dict[str, Any]:
    """The keys of the config's `[name]` table; absent is empty, anything but a table an error."""
    value = read_config(path).get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {name} must be a table ([{name}])")
    return value


def load_settings(path: Path) -> Settings:
    """Settings from the file at `path`; a bad key or value names the key and the file."""
    from pydantic import ValidationError

    raw = {key: value for key, value in read_config(path).items() if key not in TABLES}
    try:
        return Settings.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{path}: unknown key {key!r}") from None
        raise ConfigError(f"{path}: {key}: {first['msg']}") from None
