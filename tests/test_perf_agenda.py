"""The human agenda stays short at any size of store, and plain output stays literal."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.output import plain as views
from followup.output import terminal as render
from tests.conftest import Invoke, as_json

DAY = "2026-03-03"


def add(invoke: Invoke, company: str, interview_at: str, decision_by: str | None = None) -> None:
    args = ["add", "--company", company, "--role", "Dev", "--interview-at", interview_at]
    args += ["--interviewer", "Jane Doe <jane@example.com>"]
    if decision_by:
        args += ["--decision-by", decision_by]
    invoke(*args, today=interview_at[:10])


def test_many_waiting_applications_are_summed_up_in_one_line(invoke: Invoke) -> None:
    for n in range(8):
        add(invoke, f"Company {n}", "2026-03-02T10:00", "2026-03-12")
    for n in range(8):
        invoke("log-contact", f"company-{n}", "--kind", "thank-you", today="2026-03-02")
        invoke("review", f"company-{n}", "--went-well", "ok", today="2026-03-02")
    short = invoke("today", today="2026-03-10").stdout
    assert "8 applications waiting on employers, next check-in" in short
    assert "`followup today --all` lists them" in short
    assert short.count("Company ") == 1  # only the summary line names one, the next to check in
    full = invoke("today", "--all", today="2026-03-10").stdout
    assert all(f"Company {n}" in full for n in range(8))
    waiting = [
        a
        for a in as_json(invoke("today", "--json", today="2026-03-10"))["actions"]
        if a["state"] == "waiting"
    ]
    assert len(waiting) == 8  # --json stays complete


def test_many_upcoming_actions_are_summed_up_in_one_line(invoke: Invoke) -> None:
    for n in range(7):
        add(invoke, f"Future {n}", f"2026-03-0{n + 1}T10:00")
    # On 1 March the later interviews' thank-yous and reviews are upcoming.
    agenda = as_json(invoke("today", "--json", today="2026-03-01"))
    upcoming = [a for a in agenda["actions"] if a["state"] == "upcoming"]
    assert len(upcoming) > views.UPCOMING_SUMMARY_AFTER
    short = invoke("today", today="2026-03-01").stdout
    assert f"{len(upcoming)} actions in the next 7 days, the first by" in short
    full = invoke("today", "--all", today="2026-03-01").stdout
    assert "Future 6" in full and "Future 6" not in short.split("Coming up")[1]


def test_plain_output_is_literal_and_has_no_escape_codes(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    add(invoke, "Evil\x1b[31mCorp\u202e", "2026-03-03T10:00")
    out = invoke("today", today=DAY).stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert "Evil\\x1b[31mCorp\\u202e" in out


def test_plain_text_wraps_within_its_indent() -> None:
    document = {
        "date": DAY,
        "actions": [
            {
                "app": "acme",
                "company": "Acme",
                "role": "Dev",
                "action": "thank-you",
                "state": "due",
                "start": DAY,
                "due": "2026-03-04",
                "person": "Jane Doe",
                "reason": "word " * 60,
            }
        ],
    }
    text = views.agenda_text(views.agenda_lines(document, 7), width=40)
    lines = text.splitlines()
    assert lines[0] == "followup · Tuesday 3 March 2026"
    assert "Due today" in lines
    assert all(len(line) <= 40 for line in lines)
    assert [line for line in lines if line.startswith("  • Thank Jane Doe")]
    assert all(line.startswith("    ") for line in lines[lines.index("Due today") + 3 :])


def test_rich_and_plain_show_the_same_words() -> None:
    document = {
        "date": DAY,
        "actions": [
            {
                "app": None,
                "company": None,
                "role": None,
                "action": "keep-applying",
                "state": "due",
                "start": DAY,
                "due": DAY,
                "person": None,
                "reason": "Apply somewhere new.",
            }
        ],
    }
    lines = views.agenda_lines(document, 7)
    buffer = io.StringIO()
    render.render_agenda(render.make_console(file=buffer, no_color=True), lines)
    plain = views.agenda_text(lines, 80)
    assert [line.rstrip() for line in buffer.getvalue().splitlines()] == plain.splitlines()


def test_nothing_to_do() -> None:
    lines = views.agenda_lines({"date": date(2026, 3, 3).isoformat(), "actions": []}, 7)
    assert views.agenda_text(lines).splitlines()[-1] == "Nothing to do today."


def test_plain_text_never_splits_the_date_of_an_item() -> None:
    document = {
        "date": DAY,
        "actions": [
            {
                "app": "acme",
                "company": "Acme Corporation",
                "role": "Senior Backend Engineer",
                "action": "review",
                "state": "due",
                "start": DAY,
                "due": "2026-03-04",
                "person": None,
                "reason": "Note what went well.",
            }
        ],
    }
    for width in range(40, 100):
        lines = views.agenda_text(views.agenda_lines(document, 7), width=width).splitlines()
        assert all(len(line) <= width for line in lines), width
        assert [line for line in lines if line.endswith("by Wed 4 Mar")], width


def test_plain_text_keeps_the_data_s_own_no_break_spaces() -> None:
    company = "Acme\u00a0Corp\u00a0Europe"
    document = {
        "date": DAY,
        "actions": [
            {
                "app": "acme",
                "company": company,
                "role": "Dev",
                "action": "review",
                "state": "due",
                "start": DAY,
                "due": "2026-03-04",
                "person": None,
                "reason": "Note what went well.",
            }
        ],
    }
    for width in (40, 60, 100):
        text = views.agenda_text(views.agenda_lines(document, 7), width=width)
        assert company in text.replace("\n    ", " "), width
        assert "\x00" not in text


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(" ab-\t\n\u00a0\u2009é—"), max_size=160),
    width=st.integers(min_value=8, max_value=100),
    first=st.sampled_from(["", "  ", "    "]),
    rest=st.sampled_from(["", "  ", "    "]),
)
def test_fill_keeps_every_word_in_order_within_the_width(
    text: str, width: int, first: str, rest: str
) -> None:
    filled = views.fill(text, width, first, rest)
    lines = filled.split("\n") if filled else []
    assert all(len(line) <= width for line in lines)
    assert [line.startswith(first if n == 0 else rest) for n, line in enumerate(lines)] == [True] * len(lines)
    assert not any(line.endswith(" ") for line in lines)
    squeeze = "".join(text.replace("\t", " ").replace("\n", " ").split(" "))
    assert "".join(line.strip(" ") for line in lines).replace(" ", "") == squeeze
    if len(first) + len(text.strip(" ")) <= width and not any(ch in text for ch in "\t\n"):
        assert filled == (first + text.strip(" ") if text.strip(" ") else "")  # what fits is kept as it is


def test_fill_wraps_as_textwrap_does_where_words_are_plain() -> None:
    import textwrap

    text = "Follow up — Black Mesa 5 · QA Engineer (app-00122) — was due Tue 24 Mar (21 days late)"
    for width in range(30, 90):
        expected = textwrap.fill(
            text, width, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
        )
        assert views.fill(text, width, "  ", "    ") == expected
