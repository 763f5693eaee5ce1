"""Exit 0 means saved, whatever happens to the output afterwards; output never stops a command.

A change was written and then its confirmation could not be printed (a full disk, a reader gone, a
terminal whose encoding lacks a character): followup exited 1, so a script retried and recorded the
change twice. Real `followup` processes, since the terminal and the pipe are what is tested.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.reliability.conftest import (
    TODAY,
    assert_one_line_error,
    events_of,
    followup_command,
    followup_env,
)

# Each way the output can fail: extra environment, and where stdout goes.
NON_UTF8 = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    # The C locale without the coercion to UTF-8 (and without Python's UTF-8 mode): ASCII.
    "C locale": {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}


def _shows_oe(terminal: str, stdout: bytes) -> bool:
    """Œ escaped where the encoding lacks it; where the encoding is ASCII, Click writes UTF-8 instead."""
    if terminal == "latin-1":
        return "\\u0152uvre" in stdout.decode("latin-1")
    return b"\\u0152uvre" in stdout or "Œuvre".encode() in stdout


@pytest.fixture
def store_with_accents(store_file: Path, invoke: Invoke) -> Path:
    """An application whose names hold letters that neither ASCII nor latin-1 has (Œ, Ł)."""
    invoke(
        "add",
        "--company",
        "Acme Œuvre",
        "--role",
        "Développeur",
        "--interview-at",
        "2026-03-09T10:00",
        "--interviewer",
        "Zoë Łukasz <zoe@oeuvre.example>",
        today="2026-03-09",
    )
    return store_file


def _run(
    store: Path, *args: str, stdout: Any = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*followup_command(), *args],
        env=followup_env(store, **env),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )


def _into_closed_pipe(store: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """stdout is a pipe whose reader has gone (`| head -0` that has exited): every write is EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return _run(store, *args, stdout=write_end)
    finally:
        os.close(write_end)


def _into_full_disk(store: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    with open("/dev/full", "wb") as full:
        return _run(store, *args, stdout=full)


APP = "acme-uvre"
LOG = ("log-contact", APP, "--kind", "thank-you", "--note", "sent")


def test_a_saved_change_into_a_full_disk_exits_0_and_says_so(store_with_accents: Path) -> None:
    before = len(events_of(store_with_accents, APP))
    proc = _into_full_disk(store_with_accents, *LOG)
    assert proc.returncode == 0, proc.stderr
    assert len(events_of(store_with_accents, APP)) == before + 1
    assert proc.stderr.decode().splitlines() == [
        "Warning: the change was saved, but its output failed (No space left on device)."
    ]


def test_a_saved_change_whose_reader_is_gone_exits_0_quietly(store_with_accents: Path) -> None:
    before = len(events_of(store_with_accents, APP))
    proc = _into_closed_pipe(store_with_accents, *LOG)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert len(events_of(store_with_accents, APP)) == before + 1


@pytest.mark.parametrize("terminal", sorted(NON_UTF8))
def test_a_saved_change_on_a_terminal_without_utf8_exits_0(store_with_accents: Path, terminal: str) -> None:
    before = len(events_of(store_with_accents, APP))
    proc = _run(store_with_accents, *LOG, **NON_UTF8[terminal])
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert len(events_of(store_with_accents, APP)) == before + 1
    assert _shows_oe(terminal, proc.stdout)


@pytest.mark.parametrize("terminal", sorted(NON_UTF8))
@pytest.mark.parametrize(
    "command",
    [["today"], ["list"], ["show", APP], ["stats"], ["draft", APP, "thank-you"], ["why", APP]],
)
def test_reading_commands_work_on_a_terminal_without_utf8(
    store_with_accents: Path, command: list[str], terminal: str
) -> None:
    proc = _run(store_with_accents, *command, **NON_UTF8[terminal])
    assert proc.returncode == 0, proc.stderr
    assert b"Error" not in proc.stderr
    assert _shows_oe(terminal, proc.stdout) or command == ["stats"]


@pytest.mark.parametrize(
    "command",
    [["today"], ["list"], ["list", "--json"], ["show", APP], ["export", "--format", "csv"], ["--help"]],
)
def test_a_reader_that_goes_away_is_no_error(store_with_accents: Path, command: list[str]) -> None:
    proc = _into_closed_pipe(store_with_accents, *command)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_output_that_fails_when_nothing_was_saved_is_exit_1(store_with_accents: Path) -> None:
    before = store_with_accents.read_bytes()
    proc = _into_full_disk(store_with_accents, "today")
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert b"No space left on device" in proc.stderr

    proc = _into_full_disk(store_with_accents, "log-contact", "nosuch", "--on", TODAY)
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr)
    assert store_with_accents.read_bytes() == before


def test_a_saved_change_with_both_outputs_broken_exits_0(store_with_accents: Path) -> None:
    before = len(events_of(store_with_accents, APP))
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*followup_command(), *LOG],
            env=followup_env(store_with_accents),
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=full,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 0
    assert len(events_of(store_with_accents, APP)) == before + 1
