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


SMALL_FILE_BYTES = 1024 * 1024  # a config file or a template: far more than either needs


class NotAFile(OSError):
    """Something other than a regular file of bounded size, where one was wanted."""


def read_small_file(path: Path, limit: int = SMALL_FILE_BYTES) -> bytes:
    """The bytes of a regular file no larger than `limit`. A FIFO, a device (`/dev/zero`) or a folder
    is refused before anything is read, so nothing hangs or fills memory; FileNotFoundError passes."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise NotAFile(f"{path} is {kind}")
        if info.st_size > limit:
            raise NotAFile(f"{path} is larger than {limit // (1024 * 1024)} MB")
        data = bytearray()
        while chunk := os.read(fd, 1 << 16):  # it may grow while it is read
            data += chunk
            if len(data) > limit:
                raise NotAFile(f"{path} is larger than {limit // (1024 * 1024)} MB")
        return bytes(data)
    finally:
        os.close(fd)
