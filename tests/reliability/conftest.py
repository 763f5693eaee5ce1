"""Helpers for the reliability suite: run followup as a real process, read the store raw, and
collect the figures the suite measures (printed at the end of the run; docs/reliability.md quotes them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import faults

TODAY = "2026-03-10"
FIGURES: dict[str, str] = {}


def followup_command() -> list[str]:
    """The installed `followup` next to this Python, else `python -m followup`."""
    script = Path(sys.executable).with_name("followup")
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup"]


def followup_env(store: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update(
        FOLLOWUP_STORE=str(store),
        FOLLOWUP_CONFIG=str(store.parent.parent / "config.toml"),
        FOLLOWUP_CACHE=str(store.parent.parent / "cache"),  # the test's own, as in tests/conftest.py
        FOLLOWUP_TODAY=TODAY,
        NO_COLOR="1",
        COLUMNS="200",
    )
    env.update(extra)
    return env


def run_followup(
    store: Path,
    *args: str | bytes,
    env: dict[str, str] | None = None,
    fault: str | None = None,
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    """One real `followup` process; output kept as bytes so that every byte can be checked.

    With `fault` (see tests/reliability/faults.py), the process breaks its write as told."""
    return subprocess.run(
        [*(faults.command(fault) if fault else followup_command()), *args],
        env=env or followup_env(store),
        capture_output=True,
        check=False,
        **{"stdin": subprocess.DEVNULL, "timeout": 60, **kwargs},
    )


def record(name: str, value: str) -> None:
    """Keep a measured figure for the summary at the end of the run."""
    FIGURES[name] = value


def events_of(store: Path, app: str = "acme") -> list[dict[str, Any]]:
    document = json.loads(store.read_bytes())
    return next(a for a in document["applications"] if a["id"] == app)["events"]


def temp_files(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f".{store.name}.*.tmp"))


def assert_one_line_error(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("Error: "), text


@pytest.fixture
def store_with_app(store_file: Path, invoke: Any) -> Path:
    """A store holding one application, `acme`, with an interview and an event."""
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Developer",
        "--interview-at",
        "2026-03-02T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--decision-by",
        "2026-03-20",
        today="2026-03-02",
    )
    invoke("log-contact", "acme", "--kind", "thank-you", "--on", "2026-03-03", today=TODAY)
    return store_file


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("reliability figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
    target = os.environ.get("RELIABILITY_FIGURES_FILE")  # set by scripts/reliability_table.py
    if target:
        Path(target).write_text(json.dumps(FIGURES, indent=1) + "\n")
