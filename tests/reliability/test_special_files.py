"""A FIFO, a device or a folder where a file should be is refused at once: nothing hangs, nothing
fills memory, one line, exit 1. Each command runs as a real process with a timeout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def followup(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    base.update(
        FOLLOWUP_STORE=str(tmp_path / "data" / "followup.json"),
        FOLLOWUP_CONFIG=str(tmp_path / "config.toml"),
        FOLLOWUP_CACHE=str(tmp_path / "cache"),
        FOLLOWUP_TODAY="2026-03-03",
        NO_COLOR="1",
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "followup", *args], env=base, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_config_that_is_not_a_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        config = tmp_path / "config.toml"
        os.mkfifo(config)
    elif kind == "device":
        config = Path("/dev/zero")
    else:
        config = tmp_path / "folder"
        config.mkdir()
    result = followup(tmp_path, "today", FOLLOWUP_CONFIG=str(config))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {config} is ") and result.stderr.count("\n") == 1


def test_a_fifo_at_the_store_path_does_not_hang_today_even_with_a_cache(tmp_path: Path) -> None:
    assert followup(tmp_path, "add", "--company", "Acme", "--role", "Dev").returncode == 0
    assert followup(tmp_path, "today").returncode == 0  # the cache folder now has an entry
    store = tmp_path / "data" / "followup.json"
    store.rename(tmp_path / "data" / "kept.json")
    os.mkfifo(store)
    for _ in range(2):
        result = followup(tmp_path, "today")
        assert result.returncode == 1 and result.stderr == f"Error: {store} is not a regular file\n"


def test_a_template_that_is_not_a_file_is_refused_at_once(tmp_path: Path) -> None:
    assert (
        followup(tmp_path, "add", "--company", "Acme", "--role", "Dev", "--interviewer", "Jane").returncode
        == 0
    )
    templates = tmp_path / "templates"
    templates.mkdir()
    os.mkfifo(templates / "thank-you.txt")
    result = followup(tmp_path, "draft", "acme", "thank-you")
    assert result.returncode == 1
    assert result.stderr == f"Error: {templates / 'thank-you.txt'} is not a regular file, not a template\n"


def test_a_config_too_large_to_be_one_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    result = followup(tmp_path, "today")
    assert (
        result.returncode == 1
        and result.stderr == f"Error: {config} is larger than 1 MB, not a config file\n"
    )
