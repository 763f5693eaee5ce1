"""A contact added twice becomes one, and an interviewer who is also a contact is one person."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, as_json

DAY = "2026-03-03"


def contacts(invoke: Invoke) -> list[dict]:
    return as_json(invoke("contact", "list", "--json", today=DAY))


def test_merging_keeps_one_contact_with_what_both_knew(invoke: Invoke, store_file: Path) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", f"{DAY}T10:00", today=DAY)
    invoke("contact", "add", "Bob Smith", "--relation", "reference", "--email", "bob@example.com", today=DAY)
    invoke("contact", "add", "Robert Smith", "--relation", "reference", "--phone", "555-0100", today=DAY)
    invoke("log-contact", "acme", "--kind", "reference", "--with", "Robert", today=DAY)
    before = store_file.read_bytes()
    merged = invoke("contact", "merge", "bob smith", "Robert Smith", today=DAY)
    assert merged.stdout == (
        "Merged contact Robert Smith into Bob Smith; 1 record now name Bob Smith; `followup undo` brings it"
        " back.\n"
    )
    [bob] = contacts(invoke)
    assert (bob["name"], bob["email"], bob["phone"]) == ("Bob Smith", "bob@example.com", "555-0100")
    events = as_json(invoke("show", "acme", "--json", today=DAY))["events"]
    assert [e["with"] for e in events] == ["Bob Smith"]
    # The reference was told: nothing left to do for either name.
    actions = as_json(invoke("today", "--json", today=DAY))["actions"]
    assert not [a for a in actions if a["action"] == "notify-references"]
    invoke("undo", today=DAY)
    assert store_file.read_bytes() == before


def test_merging_a_contact_with_itself_or_nobody_changes_nothing(invoke: Invoke, store_file: Path) -> None:
    invoke("contact", "add", "Bob Smith", "--relation", "reference", today=DAY)
    before = store_file.read_bytes()
    same = invoke("contact", "merge", "Bob Smith", "bob smith", today=DAY, ok=False)
    assert same.exit_code == 2 and same.stderr == "Error: 'Bob Smith' and 'bob smith' are the same contact\n"
    nobody = invoke("contact", "merge", "Bob Smith", "Zed", today=DAY, ok=False)
    assert nobody.exit_code == 1 and nobody.stderr.startswith("Error: no contact named 'Zed'")
    assert store_file.read_bytes() == before


def test_a_draft_finds_an_interviewer_s_email_in_the_contacts(invoke: Invoke) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", f"{DAY}T10:00",
           "--interviewer", "Jane Doe", today=DAY)  # fmt: skip
    no_email = invoke("draft", "acme", "thank-you", "--mailto", today=DAY, ok=False)
    assert no_email.exit_code == 1 and "no email address for Jane Doe" in no_email.stderr
    invoke("contact", "add", "Jane Doe", "--relation", "recruiter", "--company", "Acme",
           "--email", "jane@acme.example", today=DAY)  # fmt: skip
    link = invoke("draft", "acme", "thank-you", "--mailto", today=DAY).stdout
    assert link.startswith("mailto:jane@acme.example?subject=")
    assert invoke("draft", "acme", "thank-you", today=DAY).stdout.startswith(
        "To: Jane Doe <jane@acme.example>"
    )
