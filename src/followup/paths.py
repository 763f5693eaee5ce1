"""Where followup keeps its files: environment first, platformdirs second."""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "FOLLOWUP_STORE"
CONFIG_ENV = "FOLLOWUP_CONFIG"
STORE_NAME = "followup.json"


def store_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The data file: `--store`, then $FOLLOWUP_STORE, then the platform's data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("followup") / STORE_NAME


def config_path() -> Path:
    """The config file: $FOLLOWUP_CONFIG, then the platform's config folder."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("followup") / "config.toml"
