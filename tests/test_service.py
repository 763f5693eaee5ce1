"""Names, ids and people, and the questions `add` asks at a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup import ids, people
from followup.cli import state as cli_state
from followup.cli import track as cli_track
from followup.errors import UsageError
from tests.conftest import Invoke, as_json, without_id


@pytest.mark.parametrize(
    ("company", "slug"),
    [
        ("Acme", "acme"),
        ("Acme Corp.", "acme-corp"),
        ("  Ünïcödé GmbH ", "unicode-gmbh"),
        ("!!!", "app"),
        ("x" * 100, "x" * 40),
    ],
)
def test_slugify(company: str, slug: str) -> None:
    assert ids.slugify(company) == slug


@pytest.mark.parametrize(
    ("text", "name", "email"),
    [
        ("Jane Doe <jane@acme.example>", "Jane Doe", "jane@acme.example"),
        ('"Doe, Jane" <jane@acme.example>', "Doe, Jane", "jane@acme.example"),
        ("<jane@acme.example>", "jane@acme.example", "jane@acme.example"),
        ("jane@acme.example", "jane@acme.example", "jane@acme.example"),
        ("Jane Doe", "Jane Doe", None),
    ],
)
def test_parse_person(text: str, name: str, email: str | None) -> None:
    person = people.parse_person(text)
    assert (person.name, person.email) == (name, email)


@pytest.mark.parametrize("text", ["Jane <jane", "  ", "a > b"])
def test_parse_person_rejects(text: str) -> None:
    with pytest.raises(UsageError):
        people.parse_person(text)


def test_add_asks_for_each_field_at_a_terminal(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_state, "interactive", lambda: True)
    answers = "\n".join(
        [
            "Acme",
            "Backend Engineer",
            "2026-03-03 10:00",
            "Jane Doe <jane@acme.example>; Bob Lee",
            "2026-03-17",
            "system design",
            "",
        ]
    )
    result = invoke("add", today="2026-03-03", input=answers)
    assert result.stdout.splitlines()[-1] == "acme"
    shown = as_json(invoke("show", "acme", "--json", today="2026-03-03"))
    assert shown["decision_by"] == "2026-03-17"
    assert [p["name"] for p in shown["interviews"][0]["interviewers"]] == ["Jane Doe", "Bob Lee"]
    assert shown["interviews"][0]["weak_answers"] == ["system design"]


def test_review_opens_the_editor_at_a_terminal(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03", today="2026-03-03")
    monkeypatch.setattr(cli_state, "interactive", lambda: True)
    edited = cli_track.REVIEW_TEMPLATE.replace(
        "Write below this line.\n\n# What", "Write below this line.\nclear answers\n# What"
    ).replace("Write below this line.\n\n# Lines", "Write below this line.\nask about the team\n# Lines")
    monkeypatch.setattr("click.edit", lambda *a, **k: edited)
    invoke("review", "acme", today="2026-03-04")
    [review] = as_json(invoke("show", "acme", "--json", today="2026-03-04"))["reviews"]
    assert without_id(review) == {
        "on": "2026-03-04",
        "went_well": "clear answers",
        "improve": "ask about the team",
    }
    monkeypatch.setattr("click.edit", lambda *a, **k: None)
    aborted = invoke("review", "acme", today="2026-03-04", ok=False)
    assert aborted.exit_code == 1 and "nothing was recorded" in aborted.stderr


def test_an_editor_that_cannot_be_started_is_one_line(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03", today="2026-03-03")
    before = store_file.read_bytes()
    monkeypatch.setattr(cli_state, "interactive", lambda: True)
    monkeypatch.setenv("EDITOR", "vim '")
    result = invoke("review", "acme", today="2026-03-04", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the editor could not be started ($EDITOR: No closing quotation); nothing was recorded\n"
    )
    assert store_file.read_bytes() == before


def test_business_days_typed_skip_the_configured_holidays(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("holidays = [2026-03-04]\n", encoding="utf-8")
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00",
           "--decision-by", "+1bd", today="2026-03-03")  # fmt: skip
    assert as_json(invoke("show", "acme", "--json", today="2026-03-03"))["decision_by"] == "2026-03-05"
