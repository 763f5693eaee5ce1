"""Correcting what was recorded: edit and remove applications, contacts, log entries and interviews,
each validated like the command that recorded it, each in the history and undone exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, as_json
from tests.test_undo import DAY, export, setup_acme


def app(invoke: Invoke, ref: str = "acme") -> dict:
    return as_json(invoke("show", ref, "--json", today=DAY))


def contacts(invoke: Invoke) -> list[dict]:
    return as_json(invoke("contact", "list", "--json", today=DAY))


def log_two(invoke: Invoke) -> None:
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane Doe", today=DAY)
    invoke("log-contact", "acme", "--kind", "other", "--note", "called", "--on", "2026-03-02", today=DAY)


# Success, and undo brings back the exact bytes ----------------------------------------------------

CORRECTIONS = {
    "edit": (
        [
            "edit",
            "acme",
            "--company",
            "Acme Corp",
            "--role",
            "Lead",
            "--notes",
            "n",
            "--decision-by",
            "2026-03-20",
            "--applied-on",
            "2026-02-20",
        ],
        "Changed acme: company, role, decision-by, notes, applied-on.\n",
    ),
    "remove": (
        ["remove", "acme"],
        "Removed acme (Acme · Dev, interviewing; 1 interview, 2 log entries);"
        " `followup undo` brings it back.\n",
    ),
    "contact edit": (
        [
            "contact",
            "edit",
            "ann net",
            "--email",
            "ann@x.example",
            "--phone",
            "123",
            "--relation",
            "reference",
            "--company",
            "",
            "--notes",
            "met at a fair",
        ],
        "Changed contact Ann Net: email, phone, company, notes, relation.\n",
    ),
    "contact remove": (
        ["contact", "remove", "ANN NET"],
        "Removed contact Ann Net (network); `followup undo` brings it back.\n",
    ),
    "log edit": (
        [
            "log",
            "edit",
            "acme",
            "2",
            "--on",
            "yesterday",
            "--kind",
            "reply",
            "--with",
            "Bo",
            "--new",
            "--note",
            "",
        ],
        "Changed log entry 2 of acme: kind, with, note.\n",
    ),
    "log remove": (
        ["log", "remove", "acme", "1"],
        "Removed log entry 1 of acme (thank-you on 2026-03-03); `followup undo` brings it back.\n",
    ),
    "interview edit": (
        [
            "interview",
            "edit",
            "acme",
            "1",
            "--at",
            "2026-03-02T15:30",
            "--stage",
            "onsite",
            "--interviewer",
            "Bob Roe <bob@acme.example>",
            "--interviewer",
            "Jane Doe <jane@acme.example>",
        ],
        "Changed interview round 1 of acme: at, stage, interviewer.\n",
    ),
    "interview remove": (
        ["interview", "remove", "acme", "1"],
        "Removed interview round 1 of acme (2026-03-02 10:00); `followup undo` brings it back.\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
def test_each_correction_is_made_listed_and_undone_exactly(
    name: str, invoke: Invoke, store_file: Path
) -> None:
    setup_acme(invoke)
    log_two(invoke)
    command, message = CORRECTIONS[name]
    before, raw = export(invoke), store_file.read_bytes()

    assert invoke(*command, today=DAY).stdout == message

    assert export(invoke) != before
    assert invoke("undo", "--list", today=DAY).stdout.splitlines()[0].split()[0] == "6"
    invoke("undo", today=DAY)
    assert export(invoke) == before
    assert store_file.read_bytes() == raw


def test_edited_fields_are_stored_as_given(invoke: Invoke) -> None:
    setup_acme(invoke)
    log_two(invoke)
    invoke(*CORRECTIONS["edit"][0], today=DAY)
    edited = app(invoke)
    assert (edited["id"], edited["company"], edited["role"], edited["notes"]) == (
        "acme",
        "Acme Corp",
        "Lead",
        "n",
    )
    assert (edited["decision_by"], edited["applied_on"]) == ("2026-03-20", "2026-02-20")
    invoke("edit", "acme", "--notes", "", today=DAY)
    assert app(invoke)["notes"] is None
    assert (
        invoke("edit", "acme", "--role", "Lead", today=DAY).stdout
        == "Acme was already so; nothing changed.\n"
    )

    invoke(*CORRECTIONS["log edit"][0], today=DAY)
    entry = app(invoke)["events"][1]
    assert (entry["on"], entry["kind"], entry["with"], entry["note"]) == ("2026-03-02", "reply", "Bo", None)

    invoke(*CORRECTIONS["interview edit"][0], today=DAY)
    round1 = app(invoke)["interviews"][0]
    assert (round1["at"], round1["stage"]) == ("2026-03-02T15:30:00", "onsite")
    assert [p["name"] for p in round1["interviewers"]] == ["Bob Roe", "Jane Doe"]

    invoke(*CORRECTIONS["contact edit"][0], today=DAY)
    (ann,) = contacts(invoke)
    assert (ann["email"], ann["phone"], ann["company"], ann["relation"], ann["notes"]) == (
        "ann@x.example",
        "123",
        None,
        "reference",
        "met at a fair",
    )


def test_log_edit_names_a_person_as_log_contact_does(invoke: Invoke) -> None:
    setup_acme(invoke)
    log_two(invoke)
    invoke("log", "edit", "acme", "2", "--with", "jane@acme.example", today=DAY)
    assert app(invoke)["events"][1]["with"] == "Jane Doe"
    invoke("log", "edit", "acme", "2", "--with", "ann", today=DAY)  # a contact, by first name
    assert app(invoke)["events"][1]["with"] == "Ann Net"
    invoke("log", "edit", "acme", "2", "--with", "", today=DAY)
    assert "with" not in app(invoke)["events"][1] or app(invoke)["events"][1]["with"] is None


def test_show_numbers_the_log_entries_as_log_edit_takes_them(invoke: Invoke) -> None:
    setup_acme(invoke)
    log_two(invoke)
    text = invoke("show", "acme", today=DAY).stdout
    assert "log 1: → thank-you (email) with Jane Doe" in text
    assert "log 2: → other (email): called" in text


def test_removing_a_round_numbers_the_later_ones_down(invoke: Invoke) -> None:
    setup_acme(invoke)
    invoke("add", "--app", "acme", "--interview-at", "2026-03-03T09:00", "--stage", "final", today=DAY)
    invoke("interview", "remove", "acme", "1", today=DAY)
    assert [(i["round"], i["stage"]) for i in app(invoke)["interviews"]] == [(1, "final")]


def test_undo_names_a_correction_in_the_way(invoke: Invoke) -> None:
    setup_acme(invoke)
    log_two(invoke)  # 4, 5
    invoke("log", "remove", "acme", "1", today=DAY)  # 6
    result = invoke("undo", "4", today=DAY, ok=False)
    assert result.stderr == (
        "Error: cannot undo 4 (log-contact acme): change 6 (log remove acme) changed acme since;"
        " undo 6 first\n"
    )
    listed = invoke("undo", "--list", today=DAY).stdout.splitlines()[0]
    assert listed.endswith("log remove acme 1  (acme: log entry 1 removed)")


# Failures: one line, nothing changed --------------------------------------------------------------

FAILURES = {
    "edit unknown": (["edit", "zzz", "--role", "x"], 1, "Error: no application 'zzz'; known: "),
    "edit nothing": (["edit", "acme"], 2, "Error: nothing to change: give --company, --role, "),
    "edit empty company": (["edit", "acme", "--company", " "], 2, "Error: --company must not be empty"),
    "edit bad date": (
        ["edit", "acme", "--decision-by", "someday"],
        2,
        "Error: Invalid value for '--decision-by'",
    ),
    "edit future applied": (
        ["edit", "acme", "--applied-on", "2026-04-01"],
        2,
        "Error: --applied-on 2026-04-01 is in the future",
    ),
    "remove unknown": (["remove", "zzz"], 1, "Error: no application 'zzz'; known: "),
    "contact edit unknown": (
        ["contact", "edit", "Zed", "--email", "z"],
        1,
        "Error: no contact named 'Zed'; known: Ann Net",
    ),
    "contact edit nothing": (["contact", "edit", "Ann Net"], 2, "Error: nothing to change: give --email"),
    "contact edit bad relation": (
        ["contact", "edit", "Ann Net", "--relation", "boss"],
        2,
        "Error: Invalid value for '--relation'",
    ),
    "contact remove unknown": (
        ["contact", "remove", "Zed"],
        1,
        "Error: no contact named 'Zed'; known: Ann Net",
    ),
    "log edit unknown app": (["log", "edit", "zzz", "1", "--note", "x"], 1, "Error: no application 'zzz'"),
    "log edit no entry": (
        ["log", "edit", "acme", "3", "--note", "x"],
        1,
        "Error: acme has no log entry 3 (it has 2; `followup show acme` numbers them)",
    ),
    "log edit zero": (["log", "edit", "acme", "0", "--note", "x"], 2, "Error: Invalid value for 'N'"),
    "log edit nothing": (["log", "edit", "acme", "1"], 2, "Error: nothing to change: give --on, --kind"),
    "log edit future": (
        ["log", "edit", "acme", "1", "--on", "2026-03-09"],
        2,
        "Error: --on 2026-03-09 is in the future",
    ),
    "log edit bad date": (
        ["log", "edit", "acme", "1", "--on", "the 45th"],
        2,
        "Error: Invalid value for '--on'",
    ),
    "log edit unknown person": (
        ["log", "edit", "acme", "1", "--with", "Zed"],
        1,
        "Error: no one called 'Zed' at Acme (acme); known: Jane Doe (interviewer at Acme)",
    ),
    "log edit bad kind": (
        ["log", "edit", "acme", "1", "--kind", "fax"],
        2,
        "Error: Invalid value for '--kind'",
    ),
    "log remove no entry": (
        ["log", "remove", "initech", "1"],
        1,
        "Error: initech has no log entry 1 (its log is empty",
    ),
    "interview edit no round": (
        ["interview", "edit", "acme", "2", "--stage", "x"],
        1,
        "Error: acme has no interview round 2 (rounds: 1)",
    ),
    "interview edit bad time": (
        ["interview", "edit", "acme", "1", "--at", "soonish"],
        2,
        "Error: Invalid value for '--at'",
    ),
    "interview edit bad person": (
        ["interview", "edit", "acme", "1", "--interviewer", "Bob <bob"],
        2,
        "Error: cannot read interviewer 'Bob <bob'",
    ),
    "interview remove no round": (
        ["interview", "remove", "initech", "1"],
        1,
        "Error: initech has no interview round 1 (rounds: none)",
    ),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_a_bad_correction_is_one_line_and_changes_nothing(
    name: str, invoke: Invoke, store_file: Path
) -> None:
    setup_acme(invoke)
    log_two(invoke)
    raw = store_file.read_bytes()
    command, code, message = FAILURES[name]

    result = invoke(*command, today=DAY, ok=False)

    assert result.exit_code == code, result.output
    # Click's own usage errors come after its two-line usage reminder, as for every command.
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(message), result.stderr
    assert result.stderr.count("Error:") == 1
    assert result.stdout == ""
    assert store_file.read_bytes() == raw
    assert invoke("undo", "--list", today=DAY).stdout.splitlines()[0].split()[0] == "5"


def test_contact_commands_on_an_empty_list_say_so(invoke: Invoke) -> None:
    result = invoke("contact", "remove", "Ann", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no contact named 'Ann': you have none (add one with `followup contact add`)\n"
    )
