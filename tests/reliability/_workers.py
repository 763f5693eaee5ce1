"""Code run in separate processes by the concurrency tests (importable, so `spawn` can start it)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import time
from pathlib import Path
from threading import Event

import click


def log_contacts_in_process(env: dict[str, str], worker: str, count: int, fault: str | None = None) -> int:
    """`followup log-contact acme` `count` times through the CLI's own entry point; returns the successes.

    Runs in its own process (multiprocessing), so the lock is contended exactly as between two
    `followup` processes; it only saves the interpreter's start-up for each of the runs. `fault`
    (see faults.py) is installed in this process first.
    """
    os.environ.update(env)
    if fault:
        from tests.reliability.faults import install

        install(fault, setattr)
    from followup.cli import cli

    successes = 0
    for i in range(count):
        args = ["log-contact", "acme", "--kind", "other", "--note", f"{worker}-{i}"]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                cli.main(args, prog_name="followup", standalone_mode=False)
            except (click.ClickException, OSError):
                continue
        successes += 1
    return successes


def log_contacts_as_processes(command: list[str], env: dict[str, str], worker: str, count: int) -> int:
    """`count` real `followup log-contact` processes, one after the other; returns the successes."""
    successes = 0
    for i in range(count):
        proc = subprocess.run(
            [*command, "log-contact", "acme", "--kind", "other", "--note", f"{worker}-{i}"],
            env=env,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        successes += proc.returncode == 0
    return successes


class ReaderStats:
    def __init__(self) -> None:
        self.reads = 0
        self.failures: list[str] = []
        self.went_back = 0  # a read that saw fewer events than an earlier one


def read_without_lock(store: Path, stop: Event, stats: ReaderStats) -> None:
    """Parse the store in a loop, as `followup today --json` from cron would, taking no lock."""
    import json

    seen = 0
    while not stop.is_set():
        try:
            document = json.loads(store.read_bytes())
            events = len(document["applications"][0]["events"])
        except Exception as err:
            stats.failures.append(f"{type(err).__name__}: {err}")
        else:
            stats.went_back += events < seen
            seen = max(seen, events)
        stats.reads += 1
        time.sleep(0.001)  # leave the writers most of the CPU
