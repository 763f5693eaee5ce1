"""Calendar export: RFC 5545 as the icalendar package and a real calendar client (khal) read it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import Invoke

TODAY = "2026-03-03"  # a Tuesday


def _seed(invoke: Invoke) -> None:
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Backend Engineer",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--decision-by",
        "2026-03-17",
        today=TODAY,
    )
    invoke(
        "add",
        "--company",
        "Globex",
        "--role",
        "Data Engineer, Platform",
        "--interview-at",
        "2026-03-10T14:30",
        "--stage",
        "onsite",
        "--interviewer",
        "Bob Stone",
        today=TODAY,
    )


def _export(invoke: Invoke, *extra: str, today: str = TODAY) -> bytes:
    result = invoke("export", "--format", "ics", *extra, today=today)
    assert result.stderr == ""
    return result.stdout_bytes


def _events(raw: bytes) -> list:
    calendar = Calendar.from_ical(raw)
    return list(calendar.walk("VEVENT"))


def _by_summary(raw: bytes) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in _events(raw)}


def test_ics_parses_with_icalendar(invoke: Invoke) -> None:
    _seed(invoke)
    raw = _export(invoke)
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//followup//")
    events = _by_summary(raw)
    thank = events["Thank Jane Doe (Acme)"]
    # All-day, on its due date: the next business day after the interview.
    assert thank["DTSTART"].dt == date(2026, 3, 4)
    assert thank["DTEND"].dt == date(2026, 3, 5)
    assert "Sending a thank you note" in str(thank["DESCRIPTION"])
    assert isinstance(thank["DTSTAMP"].dt, datetime) and thank["DTSTAMP"].dt.utcoffset().total_seconds() == 0
    assert "Thank Bob Stone (Globex)" in events
    # The waiting game: one event on the day a follow-up becomes fair (decision + 2 business days).
    waits = [e for s, e in events.items() if s.startswith("Check for an answer") and "(Acme)" in s]
    assert [w["DTSTART"].dt for w in waits] == [date(2026, 3, 19)]


def test_ics_scheduled_interviews_are_timed_events(invoke: Invoke) -> None:
    _seed(invoke)
    events = _by_summary(_export(invoke))
    onsite = events["Interview at Globex (onsite)"]
    assert onsite["DTSTART"].dt == datetime(2026, 3, 10, 14, 30)
    assert onsite["DTEND"].dt == datetime(2026, 3, 10, 15, 30)
    assert "Bob Stone" in str(onsite["DESCRIPTION"])


def test_ics_summaries_name_the_employer_within_a_month_view_cell(invoke: Invoke) -> None:
    _seed(invoke)
    summaries = set(_by_summary(_export(invoke)))
    # A month view shows about 25 characters: the employer's name must start inside them.
    for summary in summaries - {"Keep applying elsewhere"}:
        company = "Acme" if "Acme" in summary else "Globex"
        assert summary.find(company) in range(25), summary
    assert "Review the interview (Acme)" in summaries
    globex = _by_summary(_export(invoke))["Interview at Globex (onsite)"]
    assert "Data Engineer, Platform" in str(globex["DESCRIPTION"])


def test_ics_days_limits_the_window(invoke: Invoke) -> None:
    _seed(invoke)
    summaries = set(_by_summary(_export(invoke, "--days", "2")))
    assert "Thank Jane Doe (Acme)" in summaries
    assert not any("Globex" in s for s in summaries)  # interview on the 10th, thank-you on the 11th
    assert not any(s.startswith("Check for an answer") for s in summaries)


def test_ics_uids_are_unique_and_stable(invoke: Invoke) -> None:
    _seed(invoke)
    first = _events(_export(invoke))
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids))
    again = [str(e["UID"]) for e in _events(_export(invoke))]
    assert again == uids


def test_ics_uid_survives_a_moved_due_date(invoke: Invoke) -> None:
    _seed(invoke)
    before = {str(e["SUMMARY"]): str(e["UID"]) for e in _events(_export(invoke))}
    # Acme writes back with a later decision date: the follow-up moves, its event must not multiply.
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", "--decision-by", "2026-03-24", today=TODAY)
    after = _events(_export(invoke))
    waits = [
        e
        for e in after
        if str(e["SUMMARY"]).startswith("Check for an answer") and "Acme" in str(e["SUMMARY"])
    ]
    assert len(waits) == 1
    assert waits[0]["DTSTART"].dt == date(2026, 3, 26)
    assert str(waits[0]["UID"]) == before["Check for an answer (Acme)"]


def test_ics_wire_format_crlf_and_folding(invoke: Invoke) -> None:
    invoke(
        "add",
        "--company",
        "Ünïcödé Gesellschaft mit beschränkter Haftung",
        "--role",
        "Senior Platform Engineer (Distributed Systems, Observability and Reliability)",
        "--interview-at",
        "2026-03-03T09:00",
        "--interviewer",
        "Zoë Ångström",
        today=TODAY,
    )
    raw = _export(invoke)
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded
    summaries = set(_by_summary(raw))
    assert "Thank Zoë Ångström (Ünïcödé Gesellschaft mit beschränkter Haftung)" in summaries


def test_ics_empty_store_holds_only_the_pipeline_reminder(invoke: Invoke) -> None:
    raw = _export(invoke)
    assert [str(e["SUMMARY"]) for e in _events(raw)] == ["Keep applying elsewhere"]
    assert Calendar.from_ical(raw)["VERSION"] == "2.0"


def test_ics_to_file_is_private(invoke: Invoke, tmp_path: Path) -> None:
    _seed(invoke)
    target = tmp_path / "out.ics"
    result = invoke("export", "-o", str(target), today=TODAY)  # format from the suffix
    assert result.stdout == ""
    assert "Wrote" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _events(target.read_bytes())


def test_export_usage_errors(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", ok=False)
    assert result.exit_code == 2
    assert "--format" in result.stderr
    result = invoke("export", "--format", "csv", "--days", "3", ok=False)
    assert result.exit_code == 2
    assert "--days applies to --format ics only" in result.stderr
    result = invoke("export", "--format", "ics", "-o", str(tmp_path / "missing" / "x.ics"), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write")


# A real calendar client ------------------------------------------------------------------------------


def _khal(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    khal = shutil.which("khal")
    if khal is None:
        # CI installs khal and sets KHAL_REQUIRED, so there this is a failure, never a silent skip.
        if os.environ.get("KHAL_REQUIRED"):
            pytest.fail("khal is not installed: apt-get install khal (.ci/run installs it)")
        pytest.skip("khal is not installed (apt-get install khal); CI runs this test")
    calendar_dir = tmp_path / "khal" / "calendar"
    calendar_dir.mkdir(parents=True)
    config = tmp_path / "khal" / "config"
    config.write_text(
        f"""[calendars]
[[followup]]
path = {calendar_dir}
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[default]
default_calendar = followup
""",
        encoding="utf-8",
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "khal" / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "khal" / "xdg-config"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
    }
    return [khal, "-c", str(config)], env


def _khal_import(khal: list[str], env: dict[str, str], ics: Path) -> None:
    done = subprocess.run([*khal, "import", "--batch", str(ics)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _khal_list(khal: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [*khal, "list", "--format", "{start}|{end}|{title}", "2026-03-01", "60d"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # Day headings have no `|`; an event lasting several days repeats under each day.
    return sorted({line for line in done.stdout.splitlines() if "|" in line})


def test_khal_imports_and_lists_the_events(invoke: Invoke, tmp_path: Path) -> None:
    khal, env = _khal(tmp_path)
    _seed(invoke)
    ics = tmp_path / "followup.ics"
    ics.write_bytes(_export(invoke))
    _khal_import(khal, env, ics)
    listed = _khal_list(khal, env)
    assert "2026-03-04|2026-03-04|Thank Jane Doe (Acme)" in listed
    assert "2026-03-10 14:30|2026-03-10 15:30|Interview at Globex (onsite)" in listed
    assert "2026-03-19|2026-03-19|Check for an answer (Acme)" in listed
    assert len(listed) == len(_events(ics.read_bytes()))


def test_khal_reimport_updates_instead_of_duplicating(invoke: Invoke, tmp_path: Path) -> None:
    khal, env = _khal(tmp_path)
    _seed(invoke)
    ics = tmp_path / "followup.ics"
    ics.write_bytes(_export(invoke))
    _khal_import(khal, env, ics)
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", "--decision-by", "2026-03-24", today=TODAY)
    ics.write_bytes(_export(invoke))
    _khal_import(khal, env, ics)
    acme_waits = [
        line for line in _khal_list(khal, env) if "Check for an answer" in line and "(Acme)" in line
    ]
    assert acme_waits == ["2026-03-26|2026-03-26|Check for an answer (Acme)"]


def test_default_window_is_the_same_in_help_and_export() -> None:
    from followup import formats as interop
    from followup.cli import transfer as cli_interop

    assert cli_interop.DEFAULT_ICS_DAYS == interop.DEFAULT_ICS_DAYS == 30
