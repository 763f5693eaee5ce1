"""A followup killed at any step of a write leaves a history that tells the truth: the killed change is
listed (and undone) only if the store was replaced, and undo gives back the exact previous bytes."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from followup.store import history
from tests.conftest import Invoke
from tests.reliability.conftest import TODAY, record, run_followup
from tests.reliability.test_crash import STEPS


@pytest.mark.parametrize("step", STEPS)
def test_a_write_killed_at_any_step_leaves_a_true_history(
    store_file: Path, invoke: Invoke, step: str
) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-02T10:00", today=TODAY)
    first = store_file.read_bytes()
    invoke("log-contact", "acme", "--kind", "thank-you", today=TODAY)
    second = store_file.read_bytes()

    killed = run_followup(store_file, "status", "acme", "rejected", fault=f"{step}:kill")
    assert killed.returncode == -signal.SIGKILL

    landed = step == "main.replace"
    assert (store_file.read_bytes() == second) is not landed
    assert len(history.history_path(store_file).read_bytes().splitlines()) == 3  # appended before the kill
    listed = run_followup(store_file, "undo", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    numbers = [change["number"] for change in json.loads(listed.stdout)]
    assert numbers == ([3, 2, 1] if landed else [2, 1])

    undone = run_followup(store_file, "undo")
    assert undone.returncode == 0, undone.stderr
    assert store_file.read_bytes() == (second if landed else first)
    record(
        "undo after a kill",
        f"SIGKILL at {len(STEPS)} write steps: the killed change listed only when the store was replaced,"
        " undo restored the exact previous bytes each time",
    )
