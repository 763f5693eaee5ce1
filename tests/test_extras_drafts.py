"""`followup draft`: golden files for every template, and the options around them.

The expected drafts are tests/golden/draft-*.txt. After changing a template on purpose, regenerate them
with `FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_extras_drafts.py` and review the diff.
"""

from __future__ import annotations

import os
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import click
import pytest

from followup.app.compose import TEMPLATE_NAMES, recipient
from followup.kinds import Relation
from followup.models import Application, Contact
from tests import rule_calls as rules
from tests.conftest import Invoke

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"
DAY = "2026-03-03"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with FOLLOWUP_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


def add_acme(invoke: Invoke, *extra: str) -> None:
    invoke(
        "add",
        "--company", "Acme",
        "--role", "Backend Engineer",
        "--interview-at", "2026-03-03T10:00",
        "--stage", "onsite",
        "--interviewer", "Jane Doe <jane@acme.example>",
        "--interviewer", "Bob Roe",
        "--weak-answer", "scaling the billing service",
        *extra,
        today=DAY,
    )  # fmt: skip


@pytest.fixture
def acme(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text('signature = "Sam Seeker"\n', encoding="utf-8")
    add_acme(invoke, "--decision-by", "2026-03-17")
    invoke("contact", "add", "Ann Ref", "--relation", "reference", "--email", "ann@ref.example", today=DAY)
    invoke("contact", "add", "Nina Net", "--relation", "network", "--company", "acme", today=DAY)


def test_thank_you(invoke: Invoke, acme: None) -> None:
    result = invoke("draft", "acme", "thank-you", "--with", "Jane", today=DAY)
    check_golden("draft-thank-you", result.stdout)
    assert "followup log-contact acme --kind thank-you --with 'Jane Doe'" in result.stderr


def test_thank_you_after_a_further_round_mentions_its_notes(invoke: Invoke, acme: None) -> None:
    invoke(
        "add", "--app", "acme", "--interview-at", "2026-03-10T14:00", "--stage", "final round",
        "--interviewer", "Jane Doe <jane@acme.example>", "--notes", "their move to event sourcing",
        today="2026-03-10",
    )  # fmt: skip
    result = invoke("draft", "acme", "thank-you", "--with", "jane@acme.example", today="2026-03-10")
    check_golden("draft-thank-you-round-2", result.stdout)


def test_follow_up_after_the_decision_date(invoke: Invoke, acme: None) -> None:
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    invoke("log-contact", "acme", "--kind", "reference", today="2026-03-04")
    invoke("log-contact", "acme", "--kind", "network", today="2026-03-04")
    invoke("review", "acme", "--went-well", "rapport", today="2026-03-04")
    result = invoke("draft", "acme", today="2026-03-19")  # the follow-up is the open action
    check_golden("draft-follow-up", result.stdout)
    assert "--kind follow-up --with 'Jane Doe'" in result.stderr


def test_follow_up_after_a_later_round_does_not_quote_the_old_decision_date(
    invoke: Invoke, acme: None
) -> None:
    invoke(
        "add", "--app", "acme", "--interview-at", "2026-03-20T10:00", "--stage", "final", today="2026-03-16"
    )
    result = invoke("draft", "acme", "follow-up", "--with", "Jane", today="2026-04-01")
    assert "decision by" not in result.stdout
    assert "I am writing about my" in result.stdout


def test_decision_date_placeholder_is_empty_once_a_later_round_overtakes_it(
    invoke: Invoke, acme: None, config_file: Path
) -> None:
    templates = config_file.parent / "templates"
    templates.mkdir()
    (templates / "follow-up.txt").write_text(
        "Subject: Checking in\n\nDecision: [$decision_date]\n", encoding="utf-8"
    )
    before = invoke("draft", "acme", "follow-up", "--with", "Jane", today="2026-03-16")
    assert "Decision: [Tuesday 17 March]" in before.stdout
    invoke(
        "add", "--app", "acme", "--interview-at", "2026-03-20T10:00", "--stage", "final", today="2026-03-16"
    )
    after = invoke("draft", "acme", "follow-up", "--with", "Jane", today="2026-04-01")
    assert "Decision: []" in after.stdout  # as when no date was given
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", "--decision-by", "2026-04-10",
           today="2026-04-01")  # fmt: skip
    again = invoke("draft", "acme", "follow-up", "--with", "Jane", today="2026-04-02")
    assert "Decision: [Friday 10 April]" in again.stdout  # a date given after the round stands


def test_follow_up_without_an_interview(invoke: Invoke) -> None:
    invoke("add", "--company", "Initech", "--role", "QA Lead", "--applied", today=DAY)
    result = invoke("draft", "initech", "follow-up", today="2026-03-20")
    check_golden("draft-follow-up-applied", result.stdout)


def test_reference_heads_up(invoke: Invoke, acme: None) -> None:
    result = invoke("draft", "acme", "reference", today=DAY)
    check_golden("draft-reference", result.stdout)
    assert "--kind reference --with 'Ann Ref'" in result.stderr


def test_reference_thanks_after_accepting(invoke: Invoke, acme: None) -> None:
    invoke("log-contact", "acme", "--kind", "reference", "--with", "Ann Ref", today="2026-03-04")
    invoke("status", "acme", "accepted", today="2026-03-30")
    result = invoke("draft", "acme", today="2026-03-30")  # thank-references is the open action
    check_golden("draft-reference-thanks", result.stdout)


def test_network(invoke: Invoke, acme: None) -> None:
    result = invoke("draft", "acme", "network", today=DAY)
    check_golden("draft-network", result.stdout)


def test_reply_to_an_offer(invoke: Invoke, acme: None) -> None:
    invoke("log-contact", "acme", "--outcome", "offer", "--with", "Priya Patel", "--new", today="2026-03-16")
    result = invoke("draft", "acme", "reply", today="2026-03-16")
    check_golden("draft-reply-offer", result.stdout)
    assert "--kind reply --with 'Priya Patel'" in result.stderr


def test_reply_to_a_rejection_asks_for_feedback(invoke: Invoke, acme: None) -> None:
    invoke("log-contact", "acme", "--outcome", "rejected", today="2026-03-16")
    result = invoke("draft", "acme", today="2026-03-16")
    check_golden("draft-reply-rejected", result.stdout)
    assert "feedback" in result.stdout


# mailto, edit, overrides -------------------------------------------------------------------------------


def test_mailto_is_rfc_6068(invoke: Invoke, acme: None) -> None:
    plain = invoke("draft", "acme", "thank-you", "--with", "Jane", today=DAY).stdout
    link = invoke("draft", "acme", "thank-you", "--with", "Jane", "--mailto", today=DAY).stdout.strip()
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "jane@acme.example"
    assert " " not in link and "\n" not in link and "+" not in link
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    subject_line, _, body = plain.split("\n", 1)[1].partition("\n\n")
    assert query["subject"] == subject_line.removeprefix("Subject: ")
    assert query["body"] == body.replace("\n", "\r\n")
    assert "%0D%0A" in link


def test_mailto_without_an_email_is_an_error(invoke: Invoke, acme: None) -> None:
    result = invoke("draft", "acme", "thank-you", "--with", "Bob", "--mailto", today=DAY, ok=False)
    assert result.exit_code == 1
    assert "no email address for Bob Roe" in result.stderr and not result.stdout


def test_edit_prints_what_was_saved(invoke: Invoke, acme: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake_edit(text: str, **_: object) -> str:
        seen.append(text)
        return text.replace("Dear Jane", "Hello Jane").replace("Subject: Thank you", "Subject: Thanks")

    monkeypatch.setattr(click, "edit", fake_edit)
    result = invoke("draft", "acme", "thank-you", "--with", "Jane", "--edit", today=DAY)
    assert seen and seen[0].startswith("To: Jane Doe <jane@acme.example>")
    assert "Hello Jane," in result.stdout and "Subject: Thanks for the onsite" in result.stdout


def test_edit_not_saved_prints_the_draft(invoke: Invoke, acme: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(click, "edit", lambda text, **_: None)
    result = invoke("draft", "acme", "thank-you", "--with", "Jane", "--edit", today=DAY)
    assert "Dear Jane," in result.stdout and "not saved" in result.stderr


def test_own_template_in_the_config_folder(invoke: Invoke, acme: None, config_file: Path) -> None:
    folder = config_file.parent / "templates"
    folder.mkdir()
    (folder / "thank-you.txt").write_text(
        "Subject: Thanks, $first_name\n\nCheers for the $stage about $role ($$0 cost).\n$signature\n",
        encoding="utf-8",
    )
    result = invoke("draft", "acme", "thank-you", "--with", "Jane", today=DAY)
    assert result.stdout == (
        "To: Jane Doe <jane@acme.example>\nSubject: Thanks, Jane\n\n"
        "Cheers for the onsite about Backend Engineer ($0 cost).\nSam Seeker\n"
    )
    assert "from your template" in result.stderr


def test_own_template_with_an_unknown_placeholder(invoke: Invoke, acme: None, config_file: Path) -> None:
    folder = config_file.parent / "templates"
    folder.mkdir()
    (folder / "network.txt").write_text("Hi $nickname\n", encoding="utf-8")
    result = invoke("draft", "acme", "network", today=DAY, ok=False)
    assert result.exit_code == 1 and "$nickname" in result.stderr and "$first_name" in result.stderr


# choosing what and whom ----------------------------------------------------------------------------------


def test_default_kind_follows_the_next_open_action(invoke: Invoke, acme: None) -> None:
    result = invoke("draft", "acme", today=DAY)
    assert result.stdout.startswith("To: Bob Roe\nSubject: Thank you for the onsite")
    assert "Also due for Jane Doe: followup draft acme thank-you --with 'Jane Doe'" in result.stderr


def test_nothing_to_draft(invoke: Invoke, acme: None) -> None:
    invoke("status", "acme", "withdrawn", today=DAY)
    assert invoke("draft", "acme", today=DAY).stdout.startswith("To: Jane Doe")  # the withdrawal note
    invoke("log-contact", "acme", "--kind", "other", "--with", "Jane Doe", today=DAY)
    result = invoke("draft", "acme", today=DAY, ok=False)
    assert result.exit_code == 2 and "nothing to write to Acme" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("reply",), 2, "a reply drafts an answer to an offer or a rejection"),
        (("thank-you", "--with", "Zed"), 1, "no one called 'Zed'"),
        (("poem",), 2, "Invalid value"),
    ],
)
def test_draft_errors(invoke: Invoke, acme: None, args: tuple[str, ...], code: int, message: str) -> None:
    result = invoke("draft", "acme", *args, today=DAY, ok=False)
    assert result.exit_code == code and message in result.stderr and not result.stdout


def test_network_draft_needs_a_contact_there(invoke: Invoke) -> None:
    add_acme(invoke)
    result = invoke("draft", "acme", "network", today=DAY, ok=False)
    assert result.exit_code == 1 and "--relation network --company Acme" in result.stderr


def test_every_template_ships_with_the_package() -> None:
    folder = resources.files("followup") / "templates"
    for name in TEMPLATE_NAMES:
        text = (folder / f"{name}.txt").read_text("utf-8")
        assert text.startswith("Subject: ") and len(text.splitlines()) <= 15, name


# no empty placeholders -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["network", "reference"])
def test_notes_before_any_interview_say_when_you_applied(invoke: Invoke, kind: str) -> None:
    invoke("add", "--company", "Initech", "--role", "QA Lead", "--applied", today="2026-03-01")
    invoke("contact", "add", "Nina Net", "--relation", "network", "--company", "Initech", today=DAY)
    invoke("contact", "add", "Ann Ref", "--relation", "reference", today=DAY)
    result = invoke("draft", "initech", kind, today=DAY)
    assert "I applied for the QA Lead role at Initech on Sunday 1 March" in result.stdout
    assert " on  " not in result.stdout and "  and" not in result.stdout


def test_thank_you_without_notes_asks_for_something_specific(invoke: Invoke, acme: None) -> None:
    result = invoke("draft", "acme", "thank-you", "--with", "Bob", today=DAY)
    assert "at Acme. [Mention one thing from the conversation that stayed with you.]" in result.stdout


def test_draft_recipients_are_the_contacts_the_rules_ask_about() -> None:
    app = Application(id="acme", company="Acme  Corp", role="Dev", created_on=date(2026, 3, 2))
    contacts = [
        Contact(name="Nico Net", relation=Relation.NETWORK, company=" acme corp "),
        Contact(name="Olga Other", relation=Relation.NETWORK, company="Globex"),
        Contact(name="Rita Ref", relation=Relation.REFERENCE, company="Globex"),
    ]
    for relation, kind in ((Relation.NETWORK, "network"), (Relation.REFERENCE, "reference")):
        [wanted] = rules.contacts_for(app, contacts, relation)
        person, others = recipient(app, kind, contacts, [], None)
        assert (person.name, others) == (wanted.name, ())


def test_draft_with_names_one_person_as_log_contact_does(invoke: Invoke) -> None:
    """`--with` is matched exactly, by email or by a unique beginning; two people sharing a first name
    and a name nobody has are errors that say who is meant or known, and print no draft."""
    invoke(
        "add", "--company", "Acme", "--role", "Dev", "--interview-at", f"{DAY}T10:00",
        "--interviewer", "Jane Doe <jane@acme.example>", "--interviewer", "Jane Roe <roe@acme.example>",
        "--interviewer", "Bill Lumbergh", today=DAY,
    )  # fmt: skip
    roe = invoke("draft", "acme", "thank-you", "--with", "roe@acme.example", today=DAY).stdout
    assert "Dear Jane," in roe and "To: Jane Roe <roe@acme.example>" in roe
    assert "Dear Bill," in invoke("draft", "acme", "thank-you", "--with", "bill", today=DAY).stdout
    both = invoke("draft", "acme", "thank-you", "--with", "Jane", today=DAY, ok=False)
    assert both.exit_code == 1 and both.stdout == ""
    assert "'Jane' could be Jane Doe (at Acme), Jane Roe (at Acme)" in both.stderr
    typo = invoke("draft", "acme", "thank-you", "--with", "Bil Lumberg", today=DAY, ok=False)
    assert typo.exit_code == 1 and typo.stdout == "" and typo.stderr.count("\n") == 1
    assert "no one called 'Bil Lumberg' at Acme (acme) for a thank-you draft; known: Jane Doe" in typo.stderr
    assert "--new" not in typo.stderr
