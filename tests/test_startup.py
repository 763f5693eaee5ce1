"""What the entry point sets up before a command runs, and what an uncached `today` leaves unloaded
(docs/performance.md, "Start-up of the uncached path")."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup import cli

PROBE = (
    "import gc, os, sys, runpy\n"
    "sys.argv = ['followup', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('followup', run_name='__main__')\n"
    "except SystemExit as stop:\n"
    "    print('EXIT', stop.code, file=sys.stderr)\n"
    "unneeded = ('followup.store.history', 'rich', 'importlib.metadata')\n"
    "print('LOADED', [m for m in unneeded if m in sys.modules], file=sys.stderr)\n"
    "print('PLUGINS', os.environ.get('PYDANTIC_DISABLE_PLUGINS'), file=sys.stderr)\n"
    "print('THRESHOLD', gc.get_threshold()[0], file=sys.stderr)\n"
)


def isolated_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a followup run on its own store in `tmp_path`, with no cache (`extra` wins)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PYDANTIC_"))}
    env.update(
        FOLLOWUP_STORE=str(tmp_path / "s" / "followup.json"),
        FOLLOWUP_CONFIG=str(tmp_path / "config.toml"),
        FOLLOWUP_CACHE="off",
        FOLLOWUP_TODAY="2026-03-03",
        NO_COLOR="1",
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)


def test_an_uncached_today_reads_the_store_without_the_history_and_with_the_start_up_settings(
    tmp_path: Path,
) -> None:
    env = isolated_env(tmp_path)
    add = ["add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00"]
    added = _run([*add, "--interviewer", "Jane"], env)
    assert "EXIT 0" in added.stderr, added.stderr

    result = _run(["today"], env)  # the cache is off: the store is read and validated
    assert "EXIT 0" in result.stderr, result.stderr
    assert "Thank Jane" in result.stdout
    assert "LOADED []" in result.stderr  # only a write loads the change history
    assert "PLUGINS __all__" in result.stderr
    assert f"THRESHOLD {cli._START_UP_THRESHOLD}" in result.stderr


def test_pydantic_plugins_a_user_turns_on_are_still_looked_for(tmp_path: Path) -> None:
    result = _run(["today"], isolated_env(tmp_path, PYDANTIC_DISABLE_PLUGINS="logfire"))
    assert "EXIT 0" in result.stderr, result.stderr
    assert "'importlib.metadata'" in result.stderr  # pydantic's own loader scanned the entry points
    assert "PLUGINS logfire" in result.stderr


def test_the_stand_in_plugin_loader_gives_no_plugins_and_the_real_module_for_the_rest() -> None:
    probe = (
        "import sys\n"
        "from followup.plugins_off import LOADER, install\n"
        "install()\n"
        "import followup.models\n"
        "print(type(sys.modules[LOADER]).__name__, list(sys.modules[LOADER].get_plugins()),"
        " 'importlib.metadata' in sys.modules)\n"
        "print(sys.modules[LOADER].PYDANTIC_ENTRY_POINT_GROUP, type(sys.modules[LOADER]).__name__)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYDANTIC_")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["_PluginsOff [] False", "pydantic module"]


def test_the_label_of_a_write_still_reaches_the_history(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    add = ["add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00"]
    assert "EXIT 0" in _run(add, env).stderr
    listed = _run(["undo", "--list"], env)
    assert "EXIT 0" in listed.stderr, listed.stderr
    assert "add --company Acme --role Dev" in listed.stdout


@pytest.fixture
def threshold_restored() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("threshold_restored")
def test_a_users_own_plugin_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    cli._quick_start()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"


@pytest.mark.usefixtures("threshold_restored")
def test_start_up_raises_only_the_youngest_generations_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # so that the test's own process gets it back
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")
    gc.set_threshold(700, 10, 10)
    cli._quick_start()
    assert gc.get_threshold() == (cli._START_UP_THRESHOLD, 10, 10)
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
