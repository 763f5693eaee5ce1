"""Human output on a terminal of any width: nothing folds mid-word that need not, wrapped lines hang
under their text, and a terminal shows the same layout as a pipe."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from followup.output import plain as views
from followup.output import terminal as render
from tests.conftest import Invoke, as_json

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


def _contacts(invoke: Invoke) -> None:
    invoke("contact", "add", "Ann Reference-Smith", "--relation", "reference", "--company",
           "Umbrella Corporation", "--email", "ann.reference@umbrella.example", "--phone", "+1 555 0100",
           today=DAY)  # fmt: skip
    invoke("contact", "add", "Bob Networker", "--relation", "network", "--company", "Acme", today=DAY)
    invoke(
        "contact", "add", "Carol", "--relation", "recruiter", "--email", "carol@initech.example", today=DAY
    )


def test_contact_list_on_a_narrow_terminal_is_a_block_per_contact(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _contacts(invoke)
    monkeypatch.setenv("COLUMNS", "40")
    out = invoke("contact", "list", today=DAY).stdout.splitlines()
    assert out == [
        "Ann Reference-Smith — reference,",
        "  Umbrella Corporation",
        "  ann.reference@umbrella.example ·",
        "    +1 555 0100",
        "Bob Networker — network, Acme",
        "Carol — recruiter",
        "  carol@initech.example",
    ]


def test_contact_list_is_a_table_where_it_fits(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    _contacts(invoke)
    monkeypatch.setenv("COLUMNS", "100")
    out = invoke("contact", "list", today=DAY).stdout.splitlines()
    assert out == [
        "name                 relation   company               email                           phone",
        "Ann Reference-Smith  reference  Umbrella Corporation  ann.reference@umbrella.example  +1 555 0100",
        "Bob Networker        network    Acme",
        "Carol                recruiter                        carol@initech.example",
    ]


def test_a_contact_table_wraps_names_and_companies_at_spaces(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _contacts(invoke)
    monkeypatch.setenv("COLUMNS", "86")
    out = invoke("contact", "list", today=DAY).stdout.splitlines()
    assert out == [
        "name            relation   company         email                           phone",
        "Ann Reference-  reference  Umbrella        ann.reference@umbrella.example  +1 555 0100",
        "Smith                      Corporation",
        "Bob Networker   network    Acme",
        "Carol           recruiter                  carol@initech.example",
    ]


def _umbrella_for_why(invoke: Invoke) -> None:
    invoke("contact", "add", "Ann Reference-Smith", "--relation", "reference", today=DAY)
    invoke("add", "--company", "Umbrella Corp", "--role", "Senior Site Reliability Engineer",
           "--interview-at", "2026-03-03T10:00", "--stage", "onsite", "--interviewer", "Jane Doe",
           "--decision-by", "2026-03-17", today=DAY)  # fmt: skip
    invoke("snooze", "umbrella", "review", "--until", "2026-03-06", today=DAY)


@pytest.mark.parametrize("width", [40, 100])
def test_why_wraps_without_trailing_blanks_and_keeps_dates_whole(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    _umbrella_for_why(invoke)
    explained = as_json(invoke("why", "umbrella", "--json", today=DAY))
    monkeypatch.setenv("COLUMNS", str(width))
    out = invoke("why", "umbrella", today=DAY).stdout.splitlines()
    assert all(len(line) <= width and line == line.rstrip() for line in out), out
    text = "\n".join(out)
    facts = [f["value"] for rule in explained["rules"] for f in rule["facts"]]
    dates = {d for value in facts for d in re.findall(r"\w{3} \d{1,2} \w{3}(?: \d{4})?", value)}
    assert {"Tue 3 Mar", "Wed 4 Mar", "Tue 17 Mar", "Thu 19 Mar"} <= dates
    for day in dates:
        assert day in text, (day, text)
    # A wrapped paragraph hangs under its text: nothing under a verdict starts at the left edge.
    body = out[out.index("wait [waiting]") + 1 : out.index("Held back") - 1]
    assert all(line.startswith("  ") for line in body), body


def test_why_facts_sit_in_two_columns_where_they_fit(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    _umbrella_for_why(invoke)
    monkeypatch.setenv("COLUMNS", "100")
    out = invoke("why", "umbrella", today=DAY).stdout.splitlines()
    assert "  decision date                       Tue 17 Mar" in out
    assert "  first follow-up                     Thu 19 Mar: 2 business days after the decision date" in out
    assert "  round 1 (onsite)  Tue 3 Mar; thank-you due Wed 4 Mar (1 business day later)" in out
    assert "    Jane Doe        not thanked yet" in out


def test_why_facts_on_a_narrow_terminal_read_label_colon_value(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _umbrella_for_why(invoke)
    monkeypatch.setenv("COLUMNS", "40")
    out = invoke("why", "umbrella", today=DAY).stdout.splitlines()
    wait = out[out.index("wait [waiting]") :]
    assert "  decision date: Tue 17 Mar" in wait
    at = wait.index("  first follow-up: Thu 19 Mar: 2")
    assert wait[at + 1 : at + 3] == ["    business days after the decision", "    date"]
    assert "  follow-ups since their last answer:" in wait  # a long label: the value on the next line
    assert "    Jane Doe: not thanked yet" in out
    assert out[:3] == [
        "Umbrella Corp · Senior Site Reliability",
        "  Engineer (umbrella-corp) —",
        "  interviewing, as of Tue 3 Mar",
    ]


def test_why_facts_on_a_narrow_terminal_dim_the_label_only(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _umbrella_for_why(invoke)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich writes its styles to the captured output
    out = invoke("why", "umbrella", today=DAY).stdout.splitlines()
    assert "    \x1b[2mJane Doe:\x1b[0m not thanked yet" in out, out


def _a_small_search(invoke: Invoke) -> None:
    invoke("add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
           "--interviewer", "Jane Doe", today=DAY)  # fmt: skip
    invoke("log-contact", "acme", "--outcome", "offer", today="2026-03-13")
    invoke("add", "--company", "Initech", "--role", "QA", "--applied", today=DAY)
    invoke("log-contact", "initech", "--kind", "follow-up", today="2026-03-10")
    invoke("log-contact", "initech", "--kind", "follow-up", today="2026-03-17")
    invoke("status", "initech", "ghosted", today="2026-03-24")
    invoke("add", "--company", "Globex", "--role", "SRE", "--interview-at", "2026-03-05", today="2026-03-05")


@pytest.mark.parametrize("width", [30, 40, 80, 100])
def test_stats_never_splits_a_word_or_a_date(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    _a_small_search(invoke)
    monkeypatch.setenv("COLUMNS", str(width))
    out = invoke("stats", "--since", DAY, today="2026-03-31").stdout.splitlines()
    assert all(len(line) <= width and line == line.rstrip() for line in out), out
    words = "\n".join(out).split()
    for word in ("application", "processes", "interviewed", "decision", "business", "(50%)", "accepted)"):
        assert word in words, (word, out)
    text = "\n".join(out)
    assert "Tue 3 Mar" in text and "Tue 31 Mar" in text, out


def test_stats_on_a_narrow_terminal_reads_label_colon_value(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_small_search(invoke)
    monkeypatch.setenv("COLUMNS", "40")
    out = invoke("stats", today="2026-03-31").stdout.splitlines()
    assert out == [
        "Your search, all time (to Tue 31 Mar)",
        "funnel: 3 applied → 2 interviewed → 1",
        "  offer (0 accepted)",
        "heard back: 2 of 3 (67%)",
        "interview to decision: median 10 days (8",
        "  business days), over 1 decision",
        "went silent: 1 of 2 processes that ended",
        "  (50%)",
        "follow-ups: 0.7 per application (2 in",
        "  all)",
        "active applications: 2 now (aim for 3 or",
        "  more); 2.7 on an average day",
        "first follow-up: 7 business days when no",
        "  decision date is given",
    ]


def test_stats_sit_in_two_columns_where_they_fit(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    _a_small_search(invoke)
    monkeypatch.setenv("COLUMNS", "100")
    out = invoke("stats", today="2026-03-31").stdout.splitlines()
    assert out == [
        "Your search, all time (to Tue 31 Mar)",
        "funnel                 3 applied → 2 interviewed → 1 offer (0 accepted)",
        "heard back             2 of 3 (67%)",
        "interview to decision  median 10 days (8 business days), over 1 decision",
        "went silent            1 of 2 processes that ended (50%)",
        "follow-ups             0.7 per application (2 in all)",
        "active applications    2 now (aim for 3 or more); 2.7 on an average day",
        "first follow-up        7 business days when no decision date is given",
    ]


@pytest.fixture
def terminal_40(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout and stderr are a terminal 40 columns wide."""
    from followup.output import echo

    monkeypatch.setattr(echo, "terminal_width", lambda err=False: 40)


def test_a_message_wraps_at_spaces_and_keeps_dates_and_commands_whole() -> None:
    from followup.output.echo import wrap

    text = "Error: see it on Tuesday 3 March 2026 then run `followup log-contact acme --kind reply` now"
    assert wrap(text, 40).splitlines() == [
        "Error: see it on Tuesday 3 March 2026",
        "  then run",
        "  `followup log-contact acme --kind reply`",
        "  now",
    ]
    assert wrap("short\n\nlines stay", 40) == "short\n\nlines stay"


def test_a_draft_on_a_narrow_terminal_wraps_its_paragraphs_and_keeps_the_command_whole(
    invoke: Invoke, terminal_40: None
) -> None:
    _a_small_search(invoke)
    result = invoke("draft", "initech", "follow-up", today="2026-03-31")
    out = result.stdout.splitlines()
    assert all(len(line) <= 40 and line == line.rstrip() for line in out), out
    assert "Tuesday 3 March and wanted to check in." in out, out
    assert result.stderr.splitlines()[-2:] == [
        "After sending it, record it:",
        "  followup log-contact initech --kind follow-up",  # left whole, so it pastes whole
    ]


def test_a_draft_into_a_pipe_is_one_line_a_paragraph(invoke: Invoke) -> None:
    _a_small_search(invoke)
    out = invoke("draft", "initech", "follow-up", today="2026-03-31").stdout.splitlines()
    assert any(line.startswith("I hope you are well.") and line.endswith("would help.") for line in out), out


def test_import_messages_and_errors_wrap_on_a_narrow_terminal(invoke: Invoke, terminal_40: None) -> None:
    invoke("add", "--company", "Umbrella Corporation", "--role", "Senior Site Reliability Engineer",
           "--applied", today=DAY)  # fmt: skip
    exported = invoke("export", "--format", "json", today=DAY).stdout
    result = invoke("import", "--dry-run", "--format", "json", "-", input=exported, today=DAY)
    assert result.stderr.splitlines() == [
        "Skipped umbrella-corporation (Umbrella",
        "  Corporation · Senior Site Reliability",
        "  Engineer): already there.",
        "Dry run: nothing was written (0",
        "  changes).",
    ]
    failed = invoke("done", "umbrella", "follow-up", today=DAY, ok=False)
    assert failed.exit_code == 2
    assert failed.stderr.splitlines() == [
        "Error: follow-up is not ticked off with",
        "  `done`: log the follow-up with",
        "  `followup log-contact ID --kind follow-up`",
    ]


def test_config_show_on_a_narrow_terminal_wraps_comments_into_comment_lines(
    invoke: Invoke, terminal_40: None
) -> None:
    out = invoke("config", "show").stdout.splitlines()
    at = out.index("# Follow-ups in a row without an answer")
    assert out[at : at + 4] == [
        "# Follow-ups in a row without an answer",
        "# before it is time to move on (two on",
        "# one day count once).",
        "follow_up_budget = 2  # default",
    ]
    assert all(len(line) <= 40 for line in out if line.startswith("#") and "/" not in line), out


def test_add_on_a_narrow_terminal_wraps_its_message_and_keeps_the_date_whole(
    invoke: Invoke, terminal_40: None
) -> None:
    result = invoke("add", "--company", "Umbrella Corp", "--role", "SRE", "--applied", today=DAY)
    assert result.stdout == "umbrella-corp\n"
    assert result.stderr.splitlines() == [
        "Recorded Umbrella Corp · SRE as",
        "  umbrella-corp. Next: Wait, by",
        "  Thu 12 Mar.",
    ]


def test_the_agenda_is_one_line_an_action_and_long_adds_the_reasons(invoke: Invoke) -> None:
    """Eight active applications fit a laptop screen: one line per action, the reason on --long."""
    for n in range(8):
        invoke("add", "--company", f"Company {n}", "--role", "Dev", "--interview-at", "2026-03-02T10:00",
               "--interviewer", f"Person {n}", "--decision-by", "2026-03-20", today="2026-03-02")  # fmt: skip
    short = invoke("today", today="2026-03-03").stdout.splitlines()
    assert all(line.startswith(("followup · ", "  • ", "")) for line in short)
    items = [line for line in short if line.startswith("  • ")]
    assert len(items) == 16 and len(short) <= 24  # a thank-you and a review for each, on one line each
    assert "  • Thank Person 0 — Company 0 · Dev (company-0) — today" in short
    assert not any("“" in line for line in short)  # no advice quoted
    long = invoke("today", "--long", today="2026-03-03").stdout
    assert "Thank Person 0 for the interview on Mon 2 Mar 2026" in long and "“Sending a thank you" in long
    assert len(long.splitlines()) >= 2 * len(items) + 3  # each item has its reason below it
