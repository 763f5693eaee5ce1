"""Text from the data cannot forge lines or reach a terminal or a calendar as control characters."""

from __future__ import annotations

import re

from tests.conftest import Invoke

DAY = "2026-03-03"
FORGED = "Acme\nError: forged\x0b\x0c\x1b[31m\x07\x7f"


def test_a_newline_in_a_name_cannot_forge_a_line_of_a_message(invoke: Invoke) -> None:
    added = invoke("add", "--company", FORGED, "--role", "Dev", "--interview-at", f"{DAY}T10:00", today=DAY)
    assert len(added.stderr.splitlines()) == 1  # "Recorded …" is one line, whatever the name holds
    assert "Acme\\nError: forged\\x0b\\x0c\\x1b[31m\\x07\\x7f" in added.stderr
    app_id = added.stdout.strip()
    logged = invoke("log-contact", app_id, "--kind", "thank-you", today=DAY)
    assert len(logged.stdout.splitlines()) == 1 and "\x1b" not in logged.stdout
    failed = invoke("status", app_id, "ghosted", "--reapply-after", "2026-01-01", today=DAY, ok=False)
    assert failed.exit_code == 2 and len(failed.stderr.splitlines()) == 1


def test_the_calendar_carries_no_control_character_from_the_data(invoke: Invoke) -> None:
    invoke("add", "--company", FORGED, "--role", "Dev\x07", "--interview-at", "2026-03-05T10:00",
           "--interviewer", "Jane\x1b Doe", today=DAY)  # fmt: skip
    ics = invoke("export", "--format", "ics", today=DAY).stdout_bytes
    body = ics.replace(b"\r\n", b"")  # the line ends of the format itself
    assert re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", body) is None
    from icalendar import Calendar

    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(ics).walk("VEVENT")]
    assert any("Acme\\nError: forged\\x0b" in s for s in summaries)
