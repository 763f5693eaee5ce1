"""Input that cannot be meant is refused with one clear line, exit 2, and the store left as it was."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, as_json


def _add(invoke: Invoke) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03", today="2026-03-03")


def test_a_reapply_date_before_the_rejection_is_refused(invoke: Invoke, store_file: Path) -> None:
    _add(invoke)
    before = store_file.read_bytes()
    result = invoke(
        "status", "acme", "rejected", "--reapply-after", "2026-01-01", today="2026-03-10", ok=False
    )
    assert result.exit_code == 2
    assert (
        result.stderr == "Error: --reapply-after 2026-01-01 is not after 2026-03-10, when it was rejected\n"
    )
    assert store_file.read_bytes() == before
    later = invoke("status", "acme", "rejected", "--reapply-after", "2026-09-01", today="2026-03-10")
    assert "apply again from 2026-09-01" in later.stdout


def test_two_rounds_in_a_day_with_the_same_interviewer_ask_for_one_note_and_one_review(
    invoke: Invoke,
) -> None:
    day = "2026-03-05"
    invoke("add", "--company", "Initech", "--role", "Dev", "--interview-at", f"{day}T09:00",
           "--interviewer", "Peter", today=day)  # fmt: skip
    invoke("add", "--app", "initech", "--interview-at", f"{day}T15:00", "--stage", "onsite",
           "--interviewer", "Peter", "--interviewer", "Joanna", today=day)  # fmt: skip
    open_actions = [
        (a["action"], a["person"]) for a in as_json(invoke("show", "initech", "--json", today=day))["actions"]
    ]
    assert sorted(a for a in open_actions if a[0] in ("thank-you", "review")) == [
        ("review", None),
        ("thank-you", "Joanna"),
        ("thank-you", "Peter"),
    ]
    done = invoke("done", "initech", "thank-you", "--with", "Peter", today=day)
    assert done.stdout == "Done: thank-you (Peter) for Initech (initech).\n"


def test_importing_a_spreadsheet_with_no_rows_says_so(invoke: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "jobs.csv"
    empty.write_text("company,role\n", encoding="utf-8")
    result = invoke("import", str(empty), today="2026-03-03")
    assert result.stderr == "Nothing to import: the file holds no applications.\n"
