"""`--with` names one person exactly, or the command says who it could mean: nothing is recorded
for a name that matches several people or nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.people import Known, pick
from tests.conftest import Invoke, as_json

DAY = "2026-03-03"
PEOPLE = [
    Known("Jane Doe", "jane@initech.example", "interviewer at Initech"),
    Known("Jane Roe", None, "interviewer at Initech"),
    Known("Bill Lumbergh", "bill@initech.example", "interviewer at Initech"),
]


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Jane Doe", "Jane Doe"),
        ("  jane   DOE ", "Jane Doe"),
        ("jane@initech.example", "Jane Doe"),
        ("Bill", "Bill Lumbergh"),
        ("bill lum", "Bill Lumbergh"),
    ],
)
def test_a_full_name_an_email_or_a_unique_start_names_one_person(given: str, name: str) -> None:
    assert pick(given, PEOPLE, "Initech (initech)").name == name


def test_a_start_two_names_share_is_ambiguous() -> None:
    with pytest.raises(Exception, match=r"'Jane' could be Jane Doe \(interviewer at Initech\), Jane Roe"):
        pick("Jane", PEOPLE, "Initech (initech)")


def test_a_name_nobody_has_says_who_is_known() -> None:
    with pytest.raises(
        Exception, match=r"no one called 'Bil Lumberg' at Initech \(initech\); known: Jane Doe"
    ):
        pick("Bil Lumberg", PEOPLE, "Initech (initech)")


@pytest.fixture
def initech(invoke: Invoke) -> None:
    invoke("add", "--company", "Initech", "--role", "Dev", "--interview-at", f"{DAY}T10:00",
           "--interviewer", "Jane Doe <jane@initech.example>", "--interviewer", "Jane Roe",
           "--interviewer", "Bill Lumbergh", "--interviewer", "Peter Gibbons", today=DAY)  # fmt: skip


def test_an_ambiguous_name_records_nothing(invoke: Invoke, initech: None, store_file: Path) -> None:
    before = store_file.read_bytes()
    result = invoke("log-contact", "initech", "--kind", "thank-you", "--with", "Jane", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'Jane' could be Jane Doe (interviewer at Initech), Jane Roe")
    assert store_file.read_bytes() == before


def test_a_typo_records_nothing_unless_the_person_is_new(
    invoke: Invoke, initech: None, store_file: Path
) -> None:
    before = store_file.read_bytes()
    typo = invoke(
        "log-contact", "initech", "--kind", "thank-you", "--with", "Bil Lumberg", today=DAY, ok=False
    )
    assert typo.exit_code == 1 and "no one called 'Bil Lumberg'" in typo.stderr and "--new" in typo.stderr
    assert store_file.read_bytes() == before
    new = invoke(
        "log-contact", "initech", "--inbound", "--kind", "reply", "--with", "Milton W", "--new", today=DAY
    )
    assert new.stdout == "Logged reply from Milton W, Initech (initech), Tue 3 Mar.\n"


def test_with_twice_logs_each_person_and_the_confirmation_names_them(invoke: Invoke, initech: None) -> None:
    result = invoke(
        "log-contact", "initech", "--kind", "thank-you", "--with", "Bill", "--with", "Peter", today=DAY
    )
    assert (
        result.stdout
        == "Logged thank-you to Bill Lumbergh and Peter Gibbons, Initech (initech), Tue 3 Mar.\n"
    )
    events = as_json(invoke("show", "initech", "--json", today=DAY))["events"]
    assert [e["with"] for e in events] == ["Bill Lumbergh", "Peter Gibbons"]
    still = {
        a["person"]
        for a in as_json(invoke("today", "--json", today=DAY))["actions"]
        if a["action"] == "thank-you"
    }
    assert still == {"Jane Doe", "Jane Roe"}


def test_done_with_a_shared_first_name_closes_nothing(
    invoke: Invoke, initech: None, store_file: Path
) -> None:
    before = store_file.read_bytes()
    result = invoke("done", "initech", "thank-you", "--with", "Jane", today=DAY, ok=False)
    assert result.exit_code == 1 and "could be Jane Doe" in result.stderr
    assert store_file.read_bytes() == before
    closed = invoke("done", "initech", "thank-you", "--with", "jane@initech.example", today=DAY)
    assert closed.stdout == "Done: thank-you (Jane Doe) for Initech (initech).\n"


def test_a_contact_is_named_as_an_interviewer_is(invoke: Invoke, initech: None) -> None:
    invoke("contact", "add", "Bob Smith", "--relation", "reference", "--email", "bob@example.com", today=DAY)
    result = invoke("log-contact", "initech", "--kind", "reference", "--with", "bob", today=DAY)
    assert result.stdout == "Logged reference to Bob Smith, Initech (initech), Tue 3 Mar.\n"
    nobody = invoke("log-contact", "initech", "--kind", "follow-up", today=DAY)
    assert nobody.stdout.startswith("Logged follow-up to Initech (initech), Tue 3 Mar.")


def test_a_misspelled_application_says_what_was_meant(invoke: Invoke, initech: None) -> None:
    invoke("add", "--company", "Acme Corp", "--role", "Dev", today=DAY)
    typo = invoke("log-contact", "initek", today=DAY, ok=False)
    assert typo.exit_code == 1
    meant = "did you mean initech (Initech, Dev, interviewing)?"
    assert typo.stderr == f"Error: no application 'initek'; {meant}\n"
    far = invoke("log-contact", "globex", today=DAY, ok=False)
    assert far.stderr.startswith("Error: no application 'globex'; known: acme-corp (Acme Corp, Dev,")
