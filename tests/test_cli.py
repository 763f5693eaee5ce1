"""Every command, on fixed dates: exit codes and messages, for success and failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke, as_json, without_id

TUE = "2026-03-03"


def add_acme(invoke: Invoke, *extra: str) -> str:
    result = invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Backend Engineer",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--interviewer",
        "Bob Lee",
        "--decision-by",
        "2026-03-17",
        *extra,
        today=TUE,
    )
    return result.stdout.strip()


def actions(invoke: Invoke, today: str, app: str | None = "acme") -> list[dict]:
    data = as_json(invoke("today", "--json", today=today))
    return [a for a in data["actions"] if a["app"] == app]


# add ----------------------------------------------------------------------------------------------


def test_add_prints_the_id_and_records_everything(invoke: Invoke) -> None:
    assert add_acme(invoke, "--stage", "onsite", "--weak-answer", "system design", "--notes", "n") == "acme"
    shown = as_json(invoke("show", "acme", "--json", today=TUE))
    assert shown["company"] == "Acme" and shown["status"] == "interviewing"
    [interview] = shown["interviews"]
    assert interview["at"] == "2026-03-03T10:00:00"
    assert interview["stage"] == "onsite"
    assert interview["weak_answers"] == ["system design"]
    assert interview["interviewers"][0] == {"name": "Jane Doe", "email": "jane@acme.example"}
    assert interview["interviewers"][1]["name"] == "Bob Lee"
    assert shown["decision_by"] == "2026-03-17"
    assert shown["events"] == []


def test_ids_are_slugs_made_unique(invoke: Invoke) -> None:
    assert add_acme(invoke) == "acme"
    assert add_acme(invoke) == "acme-2"
    out = invoke("add", "--company", "Café Zürich & Co.", "--role", "QA", "--applied", today=TUE).stdout
    assert out.strip() == "cafe-zurich-co"
    out = invoke("add", "--company", "東京", "--role", "QA", "--applied", today=TUE).stdout
    assert out.strip() == "app"


def test_add_json_and_applied(invoke: Invoke) -> None:
    data = as_json(invoke("add", "--company", "Initech", "--role", "QA", "--applied", "--json", today=TUE))
    assert data["id"] == "initech" and data["status"] == "applied" and data["interviews"] == []
    assert data["applied_on"] == TUE


def test_add_names_the_next_action_today_shows(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("thank_you_business_days = 3\n", encoding="utf-8")
    invoke("contact", "add", "Ann Ref", "--relation", "reference", today=TUE)
    result = invoke(
        "add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00", today=TUE
    )  # fmt: skip
    first = actions(invoke, TUE)[0]
    assert (first["action"], first["person"], first["due"]) == ("notify-references", "Ann Ref", "2026-03-04")
    assert "Next: Tell Ann Ref" in result.stderr and "by Wed 4 Mar" in result.stderr


def test_add_a_further_round(invoke: Invoke) -> None:
    add_acme(invoke)
    out = invoke(
        "add", "--app", "acme", "--interview-at", "2026-03-10T14:00", "--stage", "final", today="2026-03-05"
    )
    assert out.stdout.strip() == "acme"
    shown = as_json(invoke("show", "acme", "--json", today="2026-03-10"))
    assert [i["round"] for i in shown["interviews"]] == [1, 2]


def test_add_interview_defaults_to_now(invoke: Invoke) -> None:
    data = as_json(invoke("add", "--company", "Initech", "--role", "QA", "--json", today=TUE))
    assert data["interviews"][0]["at"].startswith(TUE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--company", "Initech", "--role", "QA", "--interview-at", "not a date"), "not a date"),
        (("--company", "Initech", "--role", "QA", "--decision-by", "2026-02-31"), "2026-02-31"),
        (("--company", "Initech"), "--role"),
        (("--role", "QA"), "--company"),
        (("--company", "Initech", "--role", "QA", "--applied", "--interviewer", "X"), "--applied"),
        (("--company", "Initech", "--role", "QA", "--interviewer", "Jane <not an email"), "Jane"),
        (("--company", "  ", "--role", "QA"), "company"),
    ],
)
def test_add_usage_errors_exit_2_and_write_nothing(invoke: Invoke, store_file: Path, args, message) -> None:
    result = invoke("add", *args, today=TUE, ok=False)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not store_file.exists()


def test_add_to_unknown_application_is_exit_1(invoke: Invoke) -> None:
    add_acme(invoke)
    result = invoke("add", "--app", "globex", "--interview-at", TUE, today=TUE, ok=False)
    assert result.exit_code == 1 and "no application 'globex'" in result.stderr


# today ----------------------------------------------------------------------------------------------


def test_today_json_contract(invoke: Invoke) -> None:
    add_acme(invoke)
    data = as_json(invoke("today", "--json", today=TUE))
    assert data["date"] == TUE
    for item in data["actions"]:
        assert set(item) == {"app", "company", "role", "action", "state", "start", "due", "person", "reason"}
    thanks = [a for a in data["actions"] if a["action"] == "thank-you"]
    assert sorted(t["person"] for t in thanks) == ["Bob Lee", "Jane Doe"]
    assert all(t["due"] == "2026-03-04" and t["state"] == "due" for t in thanks)
    assert "thank you note" in thanks[0]["reason"]


def test_today_days_limits_what_is_coming_up(invoke: Invoke) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-20T10:00", today=TUE)
    assert not [a for a in actions(invoke, TUE) if a["state"] == "upcoming"]
    far = as_json(invoke("today", "--json", "--days", "30", today=TUE))["actions"]
    assert {a["action"] for a in far if a["state"] == "upcoming"} >= {"thank-you", "review"}


def test_today_human_output_groups_and_names(invoke: Invoke) -> None:
    add_acme(invoke)
    out = invoke("today", today="2026-03-05").stdout
    assert "Overdue" in out and "Thank Jane Doe" in out and "Acme" in out
    assert "\x1b" not in out


def test_empty_store_suggests_applying_and_writes_nothing(invoke: Invoke, store_file: Path) -> None:
    out = invoke("today", today=TUE).stdout
    assert "Keep applying" in out
    assert not store_file.exists() and not store_file.parent.exists()


def test_today_rejects_a_bad_pretend_date(invoke: Invoke) -> None:
    result = invoke("today", today="2026-02-31", ok=False)
    assert result.exit_code == 2 and "2026-02-31" in result.stderr


def test_today_from_the_environment(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_TODAY", "2026-03-04")
    assert as_json(invoke("today", "--json"))["date"] == "2026-03-04"


# log-contact ------------------------------------------------------------------------------------------


def test_log_contact_records_and_closes_the_thank_you(invoke: Invoke) -> None:
    add_acme(invoke)
    out = invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane", today=TUE)
    assert "Logged thank-you" in out.stdout and out.stderr == ""
    assert [a["person"] for a in actions(invoke, TUE) if a["action"] == "thank-you"] == ["Bob Lee"]
    [event] = as_json(invoke("show", "acme", "--json", today=TUE))["events"]
    assert without_id(event) == {
        "on": TUE,
        "kind": "thank-you",
        "channel": "email",
        "direction": "outbound",
        "with": "Jane Doe",  # the one person the first name names
        "note": None,
        "decision_by": None,
        "outcome": None,
    }


def test_early_follow_up_is_recorded_with_a_warning(invoke: Invoke) -> None:
    add_acme(invoke)
    result = invoke("log-contact", "Acme", today="2026-03-10")
    assert "Warning:" in result.stderr and "Thu 19 Mar" in result.stderr
    assert len(as_json(invoke("show", "acme", "--json", today="2026-03-10"))["events"]) == 1


def test_follow_up_on_time_draws_no_warning(invoke: Invoke) -> None:
    add_acme(invoke)
    assert invoke("log-contact", "acme", today="2026-03-19").stderr == ""


def test_inbound_outcome_sets_the_status(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("log-contact", "acme", "--outcome", "rejected", "--note", "not this time", today="2026-03-12")
    shown = as_json(invoke("show", "acme", "--json", today="2026-03-12"))
    assert shown["status"] == "rejected"
    assert shown["events"][0]["direction"] == "inbound" and shown["events"][0]["kind"] == "reply"
    kinds = {a["action"] for a in shown["actions"]}
    assert "reply-to-decision" in kinds and "follow-up" not in kinds


def test_inbound_decision_date_moves_the_follow_up(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke(
        "log-contact",
        "acme",
        "--inbound",
        "--kind",
        "reply",
        "--decision-by",
        "2026-03-31",
        today="2026-03-20",
    )
    wait = [a for a in actions(invoke, "2026-03-25") if a["action"] == "wait"]
    assert wait and wait[0]["due"] == "2026-04-02"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("log-contact", "acme", "--on", "2026-02-31"), 2, "2026-02-31"),
        (("log-contact", "acme", "--on", "tomorrow"), 2, "future"),
        (("log-contact", "nope"), 1, "no application 'nope'"),
        (("log-contact", "acme", "--kind", "carrier-pigeon"), 2, "carrier-pigeon"),
        (("log-contact", "acme", "--channel", "fax"), 2, "fax"),
        (("log-contact", "acme", "--note", "a\x00b"), 2, "NUL"),
    ],
)
def test_log_contact_errors_change_nothing(invoke: Invoke, store_file: Path, args, code, message) -> None:
    add_acme(invoke)
    before = store_file.read_bytes()
    result = invoke(*args, today="2026-03-05", ok=False)
    assert result.exit_code == code
    assert message in result.stderr
    assert store_file.read_bytes() == before


def test_ambiguous_reference_lists_candidates(invoke: Invoke) -> None:
    add_acme(invoke)
    add_acme(invoke)
    result = invoke("log-contact", "Acme", today=TUE, ok=False)
    assert result.exit_code == 1
    assert "acme (" in result.stderr and "acme-2 (" in result.stderr
    assert invoke("log-contact", "acme-2", today=TUE).exit_code == 0  # exact id wins


def test_prefix_and_case_insensitive_company(invoke: Invoke) -> None:
    invoke("add", "--company", "Globex Corporation", "--role", "Dev", "--applied", today=TUE)
    assert invoke("show", "GLOBEX CORPORATION", "--json", today=TUE).exit_code == 0
    assert as_json(invoke("show", "glo", "--json", today=TUE))["id"] == "globex-corporation"


# status, done, review ---------------------------------------------------------------------------------------


def test_status_changes_and_closes_the_waiting_game(invoke: Invoke) -> None:
    add_acme(invoke)
    assert "now ghosted" in invoke("status", "acme", "ghosted", today="2026-04-16").stdout
    assert "already ghosted" in invoke("status", "acme", "ghosted", today="2026-04-16").stdout
    assert not {"wait", "follow-up", "move-on"} & {a["action"] for a in actions(invoke, "2026-04-20")}
    assert as_json(invoke("list", "--json", today="2026-04-20")) == []
    assert len(as_json(invoke("list", "--all", "--json", today="2026-04-20"))) == 1


def test_status_errors(invoke: Invoke, store_file: Path) -> None:
    add_acme(invoke)
    before = store_file.read_bytes()
    bad = invoke("status", "acme", "hired-by-martians", today=TUE, ok=False)
    assert bad.exit_code == 2 and "hired-by-martians" in bad.stderr
    future = invoke("status", "acme", "offer", "--on", "2026-04-01", today=TUE, ok=False)
    assert future.exit_code == 2
    assert store_file.read_bytes() == before


def test_done_ticks_off_one_person(invoke: Invoke) -> None:
    add_acme(invoke)
    out = invoke("done", "acme", "thank-you", "--with", "Bob", today=TUE).stdout
    assert "Bob Lee" in out
    assert [a["person"] for a in actions(invoke, TUE) if a["action"] == "thank-you"] == ["Jane Doe"]
    invoke("done", "acme", "thank-you", today=TUE)
    assert not [a for a in actions(invoke, TUE) if a["action"] == "thank-you"]


def test_done_errors(invoke: Invoke) -> None:
    add_acme(invoke)
    wrong = invoke("done", "acme", "thank-you", "--with", "Zed", today=TUE, ok=False)
    assert wrong.exit_code == 1 and "Jane Doe" in wrong.stderr
    nothing = invoke("done", "acme", "reply-to-decision", today=TUE, ok=False)
    assert nothing.exit_code == 1 and "no open reply-to-decision" in nothing.stderr
    follow = invoke("done", "acme", "follow-up", today=TUE, ok=False)
    assert follow.exit_code == 2 and "log-contact" in follow.stderr


def test_review_records_and_closes_the_review_action(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke(
        "review", "acme", "--went-well", "the system design", "--improve", "salary talk", today="2026-03-04"
    )
    assert not [a for a in actions(invoke, "2026-03-04") if a["action"] == "review"]
    shown = invoke("show", "acme", today="2026-03-04").stdout
    assert "went well: the system design" in shown and "to improve: salary talk" in shown


def test_review_without_text_and_no_terminal_is_a_usage_error(invoke: Invoke) -> None:
    add_acme(invoke)
    result = invoke("review", "acme", today=TUE, ok=False)
    assert result.exit_code == 2 and "--went-well" in result.stderr


# contacts ----------------------------------------------------------------------------------------------


def test_contacts_drive_reference_and_network_actions(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("contact", "add", "Rita Ref", "--relation", "reference", "--email", "rita@example.com", today=TUE)
    invoke("contact", "add", "Nico Net", "--relation", "network", "--company", "acme", today=TUE)
    listed = as_json(invoke("contact", "list", "--json", today=TUE))
    assert [c["name"] for c in listed] == ["Nico Net", "Rita Ref"]
    kinds = {(a["action"], a["person"]) for a in actions(invoke, TUE)}
    assert ("notify-references", "Rita Ref") in kinds
    assert ("ask-network", "Nico Net") in kinds
    invoke("log-contact", "acme", "--kind", "reference", today=TUE)
    assert "notify-references" not in {a["action"] for a in actions(invoke, TUE)}
    assert "Rita Ref" in invoke("contact", "list", today=TUE).stdout


def test_contact_errors(invoke: Invoke) -> None:
    invoke("contact", "add", "Rita", today=TUE)
    dup = invoke("contact", "add", "rita", today=TUE, ok=False)
    assert dup.exit_code == 1 and "already exists" in dup.stderr
    bad = invoke("contact", "add", "Zed", "--relation", "cousin", today=TUE, ok=False)
    assert bad.exit_code == 2


# list, show --------------------------------------------------------------------------------------------


def test_list_and_show_human(invoke: Invoke) -> None:
    add_acme(invoke)
    listing = invoke("list", today=TUE).stdout
    assert "acme" in listing and "Backend Engineer" in listing and "interviewing" in listing
    shown = invoke("show", "acme", today=TUE).stdout
    assert "Timeline" in shown and "Jane Doe" in shown and "Open actions" in shown


def test_list_json_has_next_action(invoke: Invoke) -> None:
    add_acme(invoke)
    [row] = as_json(invoke("list", "--json", today=TUE))
    assert row["id"] == "acme" and row["next_action"]["action"] == "thank-you"


def test_read_only_commands_never_write(invoke: Invoke, store_file: Path) -> None:
    add_acme(invoke)
    before = store_file.stat().st_mtime_ns, store_file.read_bytes()
    for args in (
        ("today",),
        ("today", "--json"),
        ("list",),
        ("list", "--all", "--json"),
        ("show", "acme"),
        ("contact", "list"),
    ):
        invoke(*args, today="2026-04-01")
    assert (store_file.stat().st_mtime_ns, store_file.read_bytes()) == before


def test_user_text_is_shown_literally(invoke: Invoke) -> None:
    invoke("add", "--company", "[red]x[/red]", "--role", "\x1b[2Jrole\u202e", "--applied", today=TUE)
    out = invoke("list", today=TUE).stdout
    assert "[red]x[/red]" in out and "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2Jrole" in out
    missing = invoke("show", "zzz", today=TUE, ok=False)
    assert "[red]x[/red]" in missing.stderr and "\x1b" not in missing.stderr
    data = as_json(invoke("show", "red", "--json", today=TUE))
    assert data["company"] == "[red]x[/red]" and data["role"] == "\x1b[2Jrole\u202e"


# errors and the store -----------------------------------------------------------------------------------


def test_corrupt_store_is_exit_1_naming_file_and_backup(invoke: Invoke, store_file: Path) -> None:
    add_acme(invoke)
    invoke("log-contact", "acme", today=TUE)  # a second write leaves a backup
    store_file.write_text("{", encoding="utf-8")
    for args in (("today",), ("list",), ("log-contact", "acme")):
        result = invoke(*args, today=TUE, ok=False)
        assert result.exit_code == 1
        assert str(store_file) in result.stderr and "followup.json.bak" in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert store_file.read_text(encoding="utf-8") == "{"


def test_newer_store_is_refused(invoke: Invoke, store_file: Path) -> None:
    add_acme(invoke)
    data = json.loads(store_file.read_text(encoding="utf-8"))
    data["version"] = 999
    store_file.write_text(json.dumps(data), encoding="utf-8")
    before = store_file.read_bytes()
    result = invoke("add", "--company", "X", "--role", "Y", today=TUE, ok=False)
    assert result.exit_code == 1 and "newer followup" in result.stderr
    assert store_file.read_bytes() == before


def test_store_option_overrides_the_environment(invoke: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "jobs.json"
    invoke("--store", str(other), "add", "--company", "Acme", "--role", "Dev", "--applied", today=TUE)
    assert other.exists() and oct(other.stat().st_mode & 0o777) == "0o600"
    assert oct(other.parent.stat().st_mode & 0o777) == "0o700"


def test_bad_config_is_exit_1_naming_key_and_file(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("follow_up_budget = 0\n", encoding="utf-8")
    result = invoke("today", today=TUE, ok=False)
    assert result.exit_code == 1 and "follow_up_budget" in result.stderr and str(config_file) in result.stderr
    config_file.write_text("no_such_rule = 3\n", encoding="utf-8")
    result = invoke("today", today=TUE, ok=False)
    assert result.exit_code == 1 and "no_such_rule" in result.stderr


def test_config_numbers_change_the_rules(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("follow_up_after_decision_business_days = 0\n", encoding="utf-8")
    add_acme(invoke)
    assert any(a["action"] == "follow-up" for a in actions(invoke, "2026-03-17"))


def test_version_and_help(invoke: Invoke) -> None:
    assert invoke("--version").stdout.startswith("followup ")
    assert "log-contact" in invoke("--help").stdout


def test_add_says_when_the_next_action_is_already_overdue(invoke: Invoke) -> None:
    add_acme(invoke)  # interviewed Tue 3 Mar: the thank-you was due Wed 4 Mar
    result = invoke(
        "add", "--app", "acme", "--interview-at", "2026-03-10T10:00", "--interviewer", "Cy Park",
        today="2026-03-10",
    )  # fmt: skip
    assert ", overdue since Wed 4 Mar." in result.stderr  # a round-1 thank-you, never sent


def test_the_wait_shows_from_the_interview_day_not_only_near_the_date(invoke: Invoke) -> None:
    add_acme(invoke)  # interviewed Tue 3 Mar; they decide by Tue 17 Mar, beyond the 7 days shown
    actions = as_json(invoke("today", "--json", today="2026-03-04"))["actions"]
    [wait] = [a for a in actions if a["app"] == "acme" and a["action"] == "wait"]
    assert (wait["state"], wait["start"], wait["due"]) == ("waiting", "2026-03-03", "2026-03-19")


def test_a_decision_date_before_the_interview_is_refused(invoke: Invoke, store_file: Path) -> None:
    result = invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-10T10:00",
                    "--decision-by", "2026-03-09", today="2026-03-03", ok=False)  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --decision-by 2026-03-09 is before the interview on 2026-03-10; they decide after it\n"
    )
    assert not store_file.exists()
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-10T10:00",
           "--decision-by", "2026-03-10", today="2026-03-03")  # fmt: skip
