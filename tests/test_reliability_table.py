"""scripts/reliability_table.py lays the suite's figures out as the docs' Markdown table."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _script():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parent.parent / "scripts" / "reliability_table.py"
    spec = importlib.util.spec_from_file_location("reliability_table", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_figure_is_one_row_and_a_bar_cannot_split_it() -> None:
    text = _script().table({"kills": "280 SIGKILLs, 0 lost", "odd": "a | b"})
    assert text.splitlines() == [
        "| What | Result |",
        "|------|--------|",
        "| kills | 280 SIGKILLs, 0 lost |",
        "| odd | a / b |",
    ]
