"""Human output on a terminal of any width: nothing folds mid-word that need not, wrapped lines hang
under their text, and a terminal shows the same layout as a pipe."""

from __future__ import annotations

import io
from typing import Any

import pytest

from followup import render, views
from tests.conftest import Invoke

DAY = "2026-03-03"


def _item(**changes: Any) -> dict[str, Any]:
    item = {
        "app": "umbrella-corp",
        "company": "Umbrella Corporation",
        "role": "Senior Site Reliability Engineer",
        "action": "review",
        "state": "overdue",
        "start": "2026-02-23",
        "due": "2026-02-24",
        "person": None,
        "reason": "Note what went well and what to do better after the interview on Mon 23 Feb 2026.",
    }
    return {**item, **changes}


def _console(width: int) -> tuple[Any, io.StringIO]:
    buffer = io.StringIO()
    console = render.make_console(file=buffer, no_color=True)
    console.width = width
    return console, buffer


@pytest.mark.parametrize("width", [30, 40, 57, 80, 100])
def test_a_terminal_wraps_the_agenda_as_a_pipe_does(width: int) -> None:
    document = {"date": DAY, "actions": [_item(), _item(action="thank-you", person="Jane\tDoe")]}
    lines = views.agenda_lines(document, 7)
    console, buffer = _console(width)
    render.render_agenda(console, lines)
    assert buffer.getvalue() == views.agenda_text(lines, width)


def test_a_wrapped_agenda_item_hangs_under_its_text_and_keeps_its_date_whole() -> None:
    lines = views.agenda_lines({"date": DAY, "actions": [_item()]}, 7)
    console, buffer = _console(40)
    render.render_agenda(console, lines)
    out = buffer.getvalue().splitlines()
    item = out[out.index("Overdue") + 1 :]
    assert item[0].startswith("  • Review")
    assert all(line.startswith("    ") for line in item[1:])
    assert "    was due Tue 24 Feb (7 days late)" in item


def test_show_on_a_narrow_terminal_hangs_wrapped_lines_and_keeps_dates_whole(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(
        "add", "--company", "Umbrella Corp", "--role", "SRE", "--interview-at", "2026-03-05T10:00",
        "--stage", "phone screen", "--weak-answer", "Kubernetes networking", today="2026-03-05",
    )  # fmt: skip
    monkeypatch.setenv("COLUMNS", "40")
    out = invoke("show", "umbrella", today="2026-03-05").stdout.splitlines()
    timeline = out[out.index("Timeline") + 1 : out.index("Open actions") - 1]
    assert timeline[1].startswith("  Thu 5 Mar    interview, round 1")
    assert all(line.startswith(" " * 17) for line in timeline[2:]), timeline
    actions = out[out.index("Open actions") + 1 :]
    assert all(line.startswith(("  • ", "    ")) for line in actions), actions
    assert all("Fri 6 Mar" in line for line in actions if "Fri" in line), actions
    assert any(line.endswith("by Fri 6 Mar [due]") for line in actions), actions
    assert out[:2] == ["Umbrella Corp · SRE (umbrella-corp) —", "  interviewing"]
    assert all(len(line) <= 40 for line in out), out


def _three_applications(invoke: Invoke) -> None:
    for company, role in (
        ("Umbrella Corp", "Senior Site Reliability Engineer"),
        ("Acme", "Backend Engineer"),
        ("Initech", "Platform Engineer"),
    ):
        invoke(
            "add", "--company", company, "--role", role, "--interview-at", "2026-03-03", today="2026-03-03"
        )


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_list_never_splits_an_id_a_status_or_a_date(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    _three_applications(invoke)
    monkeypatch.setenv("COLUMNS", str(width))
    out = invoke("list", today="2026-03-03").stdout.splitlines()
    assert all(len(line) <= width and line == line.rstrip() for line in out), out
    text = "\n".join(out)
    for whole in ("umbrella-corp", "interviewing", "Tue 3 Mar", "Wed 4 Mar"):
        assert whole in text, (whole, text)
    assert all("Wed 4 Mar" in line for line in out if "Wed" in line), out


def test_list_on_a_narrow_terminal_is_a_block_per_application(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three_applications(invoke)
    monkeypatch.setenv("COLUMNS", "40")
    out = invoke("list", today="2026-03-03").stdout.splitlines()
    assert out[0] == "umbrella-corp — Umbrella Corp · Senior"
    assert out[1:4] == [
        "  Site Reliability Engineer",
        "  interviewing, last interview Tue 3 Mar",
        "  next: Thank your interviewer,",
    ]
    assert out[4] == "    Wed 4 Mar"
