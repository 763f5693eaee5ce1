"""Scripting: `--json` is JSON alone on stdout; colour only on a terminal, and never with NO_COLOR."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke

FOLLOWUP = Path(sys.executable).parent / "followup"
ESC = b"\x1b["


@pytest.fixture
def seeded(invoke: Invoke, store_file: Path) -> Path:
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane Doe",
        today="2026-03-03",
    )
    invoke("contact", "add", "Bob Smith", "--relation", "reference")
    return store_file


@pytest.mark.parametrize(
    "argv",
    [
        ["today", "--json"],
        ["list", "--json"],
        ["list", "--all", "--json"],
        ["show", "acme", "--json"],
        ["contact", "list", "--json"],
        ["config", "show", "--json"],
        ["add", "--company", "Globex", "--role", "Ops", "--applied", "--json"],
    ],
)
def test_json_is_all_there_is_on_stdout(invoke: Invoke, seeded: Path, argv: list[str]) -> None:
    result = invoke(*argv, today="2026-03-04")
    json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert result.stdout.endswith("\n")


def _run_on_terminal(store: Path, args: list[str], **env: str) -> bytes:
    """Run the installed program with its stdout on a pseudo-terminal; return what it wrote."""
    controller, terminal = pty.openpty()
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    base.update(FOLLOWUP_STORE=str(store), TERM="xterm-256color", COLUMNS="100", **env)
    proc = subprocess.Popen([str(FOLLOWUP), "--today", "2026-03-04", *args], stdout=terminal, env=base)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closes when the program exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert proc.wait() == 0
    return b"".join(chunks)


def _colours(output: bytes) -> set[str]:
    """The SGR colour parameters (foreground 30-38, 90-97; background 40-48, 100-107) in output."""
    found = set()
    for params in re.findall(rb"\x1b\[([0-9;]*)m", output):
        for param in params.decode().split(";"):
            if param and (30 <= int(param) <= 48 or 90 <= int(param) <= 107):
                found.add(param)
    return found


def test_colour_on_a_terminal_plain_otherwise(seeded: Path) -> None:
    assert _colours(_run_on_terminal(seeded, ["today"]))
    # NO_COLOR (no-color.org) removes colour; Rich may keep bold and italics.
    assert _colours(_run_on_terminal(seeded, ["today"], NO_COLOR="1")) == set()
    assert ESC not in _run_on_terminal(seeded, ["--no-color", "today"])
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(FOLLOWUP_STORE=str(seeded), TERM="xterm-256color")
    piped = subprocess.run([str(FOLLOWUP), "--today", "2026-03-04", "today"], env=env, capture_output=True)
    assert piped.returncode == 0
    assert b"Thank Jane Doe" in piped.stdout
    assert ESC not in piped.stdout
