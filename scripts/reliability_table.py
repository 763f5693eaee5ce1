"""Rerun the reliability suite and print its figures as the Markdown table of docs/reliability.md.

    python scripts/reliability_table.py [PYTEST ARGS...]

Runs `pytest tests/reliability` (kills, concurrent writers, disk faults, hostile input, special
files, size limits, undo after a kill), each test recording what it measured, and prints one row per
figure, to paste into the "Figures measured by the suite" section. Exit code: pytest's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def table(figures: dict[str, str]) -> str:
    rows = ["| What | Result |", "|------|--------|"]
    rows += [f"| {name} | {value.replace('|', '/')} |" for name, value in figures.items()]
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "figures.json"
        env = dict(os.environ, RELIABILITY_FIGURES_FILE=str(target))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/reliability", *argv]
        proc = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        figures = json.loads(target.read_text()) if target.exists() else {}
    if not figures:
        print("the reliability suite recorded no figures", file=sys.stderr)
        return proc.returncode or 1
    print(table(figures))
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
