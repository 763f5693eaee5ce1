"""Every test gets its own store and config, and a fixed terminal."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from followup.cli import cli


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in list(os.environ):
        if key.startswith("FOLLOWUP_"):
            monkeypatch.delenv(key)
    store = tmp_path / "data" / "followup.json"
    monkeypatch.setenv("FOLLOWUP_STORE", str(store))
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("FOLLOWUP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    return store


@pytest.fixture
def store_file(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run the CLI in-process: `invoke("today", "--json", today="2026-03-03")`.

    Success is asserted unless `ok=False`; unexpected exceptions surface as test errors.
    """

    def _invoke(*args: str, today: str | None = None, ok: bool = True, input: str | None = None) -> Result:
        argv = (["--today", today] if today else []) + list(args)
        runner = CliRunner()
        result = runner.invoke(cli, argv, input=input, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, f"{argv} -> {result.exit_code}\n{result.output}\n{result.stderr}"
        return result

    return _invoke


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def without_id(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as a test compares it: its random `id` (a 12-digit hex string) checked and left out."""
    assert re.fullmatch(r"[0-9a-f]{12}", record["id"]), record
    return {key: value for key, value in record.items() if key != "id"}
