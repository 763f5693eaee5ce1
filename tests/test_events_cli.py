"""The turns of a search told through the command line, on fixed dates: an offer with a date to
answer by, accepting one and withdrawing from the others, answering their message, a thread that
comes back, the thank-you after the interview. Exit codes and messages for success and failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from icalendar import Calendar

from tests.conftest import Invoke, as_json, without_id
from tests.test_extras_drafts import check_golden

DAY = "2026-03-03"  # a Tuesday


def add(invoke: Invoke, company: str, *extra: str, today: str = DAY) -> str:
    result = invoke(
        "add", "--company", company, "--role", "Backend Engineer", "--interview-at", f"{today}T10:00",
        "--interviewer", "Jane Doe <jane@example.com>", *extra, today=today,
    )  # fmt: skip
    return result.stdout.strip()


def agenda(invoke: Invoke, today: str, app: str | None = None, days: int = 7) -> list[dict[str, Any]]:
    data = as_json(invoke("today", "--json", "--days", str(days), today=today))
    return [a for a in data["actions"] if app is None or a["app"] == app]


def of_kind(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [a for a in items if a["action"] == kind]


def stored(store_file: Path) -> dict[str, Any]:
    return json.loads(store_file.read_text(encoding="utf-8"))


# 1. an offer has a deadline -----------------------------------------------------------------------------


def test_an_offer_with_a_date_to_answer_by(invoke: Invoke, store_file: Path) -> None:
    add(invoke, "Acme")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    invoke("review", "acme", "--went-well", "the design round", today=DAY)
    result = invoke(
        "log-contact", "acme", "--outcome", "offer", "--respond-by", "2026-03-12", "--on", "2026-03-05",
        today="2026-03-05",
    )  # fmt: skip
    assert result.stdout.splitlines()[-1] == "They want your answer to the offer by 2026-03-12."
    assert stored(store_file)["applications"][0]["respond_by"] == "2026-03-12"
    (answer,) = of_kind(agenda(invoke, "2026-03-05", "acme"), "answer-offer")
    assert (answer["state"], answer["start"], answer["due"]) == ("due", "2026-03-05", "2026-03-11")
    assert of_kind(agenda(invoke, "2026-03-05", "acme"), "reply-to-decision")  # the first answer, as before
    assert of_kind(agenda(invoke, "2026-03-12", "acme"), "answer-offer")[0]["state"] == "overdue"
    # The first reply acknowledges the offer; the answer-offer stays until you accept or decline.
    invoke("log-contact", "acme", "--kind", "reply", today="2026-03-06")
    items = agenda(invoke, "2026-03-06", "acme")
    assert of_kind(items, "reply-to-decision") == [] and of_kind(items, "answer-offer")
    [row] = as_json(invoke("list", "--json", today="2026-03-10"))
    assert row["next_action"]["action"] == "answer-offer"
    assert "Answer the offer, Wed 11 Mar" in invoke("list", today="2026-03-10").stdout
    raw = invoke("export", "--format", "ics", today="2026-03-10").stdout_bytes
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(raw).walk("VEVENT")]
    assert "Answer the offer (Acme)" in summaries
    assert invoke("status", "acme", "accepted", today="2026-03-09").stdout == "Acme (acme) is now accepted.\n"
    assert of_kind(agenda(invoke, "2026-03-09", "acme"), "answer-offer") == []


def test_status_offer_takes_a_date_to_answer_by(invoke: Invoke) -> None:
    add(invoke, "Acme")
    result = invoke("status", "acme", "offer", "--respond-by", "2026-03-12", today=DAY)
    assert result.stdout == "Acme (acme) is now offer; answer it by 2026-03-12.\n"
    (answer,) = of_kind(agenda(invoke, DAY, "acme"), "answer-offer")
    assert answer["due"] == "2026-03-11"
    # A new date they give moves it; the same one changes nothing.
    assert invoke("status", "acme", "offer", "--respond-by", "2026-03-19", today=DAY).stdout == (
        "Acme (acme) is now offer; answer it by 2026-03-19.\n"
    )
    assert of_kind(agenda(invoke, DAY, "acme"), "answer-offer")[0]["due"] == "2026-03-18"
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", "--respond-by", "2026-03-20", today=DAY)
    assert of_kind(agenda(invoke, DAY, "acme"), "answer-offer")[0]["due"] == "2026-03-19"


def test_a_new_date_to_answer_by_moves_the_calendar_event_without_duplicating_it(invoke: Invoke) -> None:
    add(invoke, "Acme")
    invoke("status", "acme", "offer", "--respond-by", "2026-03-12", today=DAY)

    def answer_event() -> Any:
        raw = invoke("export", "--format", "ics", "--days", "30", today=DAY).stdout_bytes
        [found] = [
            e
            for e in Calendar.from_ical(raw).walk("VEVENT")
            if str(e["SUMMARY"]) == "Answer the offer (Acme)"
        ]
        return found

    first = answer_event()
    invoke("status", "acme", "offer", "--respond-by", "2026-03-19", today=DAY)
    moved = answer_event()
    assert str(moved["UID"]) == str(first["UID"])
    assert (first.decoded("DTSTART").isoformat(), moved.decoded("DTSTART").isoformat()) == (
        "2026-03-11",
        "2026-03-18",
    )


def test_respond_by_errors_change_nothing(invoke: Invoke, store_file: Path) -> None:
    add(invoke, "Acme")
    before = store_file.read_bytes()
    by = ("--respond-by", "2026-03-12")
    cases = [
        (("log-contact", "acme", "--outcome", "rejected", *by), "not --outcome rejected"),
        (("log-contact", "acme", "--inbound", *by), "acme is interviewing (add --outcome offer)"),
        (("status", "acme", "accepted", *by), "goes with offer, not accepted"),
        (("status", "acme", "offer", "--respond-by", "last monday"), "is before 2026-03-03"),
    ]
    for args, message in cases:
        result = invoke(*args, today=DAY, ok=False)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error: --respond-by") and message in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert store_file.read_bytes() == before


# 2. accepting ends the search, politely -------------------------------------------------------------------


def test_accepting_an_offer_turns_the_others_into_withdrawals(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text('signature = "Sam Seeker"\n', encoding="utf-8")
    add(invoke, "Acme", "--decision-by", "2026-03-06")
    invoke("add", "--company", "Globex", "--role", "Data Engineer", "--applied", today=DAY)
    add(invoke, "Initech")
    invoke("log-contact", "initech", "--outcome", "offer", today="2026-03-09")
    assert of_kind(agenda(invoke, "2026-03-10", "acme"), "follow-up")  # the waiting game, until you accept
    invoke("status", "initech", "accepted", today="2026-03-10")
    for app in ("acme", "globex"):
        (withdraw,) = agenda(invoke, "2026-03-10", app)
        assert (withdraw["action"], withdraw["start"], withdraw["due"]) == (
            "withdraw",
            "2026-03-10",
            "2026-03-12",
        )
        assert "You accepted the offer of Initech on Tue 10 Mar 2026" in withdraw["reason"]
    assert "Withdraw politely — Acme · Backend Engineer (acme)" in invoke("today", today="2026-03-10").stdout
    result = invoke("draft", "acme", today="2026-03-10")
    check_golden("draft-withdraw", result.stdout)
    assert "To: Jane Doe <jane@example.com>" in result.stdout
    assert "After sending it, record it: followup status acme withdrawn" in result.stderr
    invoke("status", "acme", "withdrawn", today="2026-03-11")
    assert agenda(invoke, "2026-03-11", "acme") == []
    done = invoke("done", "globex", "withdraw", today="2026-03-11")
    assert done.stdout == "Done: withdraw for Globex (globex).\n"
    assert agenda(invoke, "2026-03-11", "globex") == []
    why = invoke("why", "globex", today="2026-03-11").stdout
    assert "You accepted the offer of Initech on Tue 10 Mar" in why


def test_withdrawing_on_your_own_offers_the_note_until_you_send_it(invoke: Invoke) -> None:
    add(invoke, "Acme")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    invoke("status", "acme", "withdrawn", today="2026-03-05")
    (withdraw,) = of_kind(agenda(invoke, "2026-03-05", "acme"), "withdraw")
    assert (withdraw["start"], withdraw["due"]) == ("2026-03-05", "2026-03-07")
    result = invoke("draft", "acme", "withdraw", today="2026-03-05")
    assert "I am withdrawing my application" in result.stdout
    assert "record it: followup log-contact acme --kind other --with 'Jane Doe'" in result.stderr
    invoke("log-contact", "acme", "--kind", "other", "--with", "Jane Doe", today="2026-03-06")
    assert of_kind(agenda(invoke, "2026-03-06", "acme"), "withdraw") == []


def test_nothing_to_withdraw_from_the_offer_you_accepted(invoke: Invoke) -> None:
    add(invoke, "Acme")
    invoke("status", "acme", "accepted", today=DAY)
    result = invoke("draft", "acme", "withdraw", today=DAY, ok=False)
    assert result.exit_code == 2
    assert result.stderr == "Error: you accepted the offer of Acme (acme): there is nothing to withdraw\n"


# 3. answering their request is not chasing them ----------------------------------------------------------


def test_answering_their_message_is_a_reply_not_a_follow_up(invoke: Invoke, store_file: Path) -> None:
    add(invoke, "Acme", "--decision-by", "2026-03-17")
    invoke(
        "log-contact",
        "acme",
        "--inbound",
        "--kind",
        "other",
        "--note",
        "send your references",
        today="2026-03-05",
    )
    result = invoke("log-contact", "acme", "--with", "Jane Doe", today="2026-03-06")
    assert result.stdout == (
        "Logged reply to Jane Doe, Acme (acme), Fri 6 Mar.\n"
        "Counted as a reply to their message of 2026-03-05, not a follow-up"
        " (give --kind follow-up if it was one).\n"
    )
    assert result.stderr == ""  # no "wait until" warning
    assert stored(store_file)["applications"][0]["events"][-1]["kind"] == "reply"
    # Both follow-ups are still to spend: the first is due two business days after the decision date.
    why = invoke("why", "acme", "--json", today="2026-03-06")
    facts = {f["what"]: f["value"] for r in as_json(why)["rules"] for f in r["facts"]}
    assert facts["budget used"] == "0 of 2"
    # --kind reply says so itself; a message long after theirs is a follow-up, warned about as before.
    assert invoke("log-contact", "acme", "--kind", "reply", today="2026-03-09").stdout == (
        "Logged reply to Acme (acme), Mon 9 Mar.\n"
    )
    late = invoke("log-contact", "acme", today="2026-03-10")
    assert late.stdout == "Logged follow-up to Acme (acme), Tue 10 Mar.\n"
    assert late.stderr.startswith("Warning: Acme said they would decide by Tue 17 Mar")


def test_an_explicit_follow_up_after_their_message_stays_a_follow_up(invoke: Invoke) -> None:
    add(invoke, "Acme", "--decision-by", "2026-03-17")
    invoke("log-contact", "acme", "--inbound", "--kind", "other", today="2026-03-05")
    result = invoke("log-contact", "acme", "--kind", "follow-up", today="2026-03-06")
    assert result.stdout == "Logged follow-up to Acme (acme), Fri 6 Mar.\n"
    assert result.stderr.startswith("Warning:")


# 4. a ghosted or closed thread that comes back -----------------------------------------------------------


def test_a_ghosted_thread_that_comes_back_is_reopened(invoke: Invoke, store_file: Path) -> None:
    add(invoke, "Acme")
    invoke("review", "acme", "--went-well", "the design round", today=DAY)
    invoke("status", "acme", "ghosted", today="2026-03-20")
    assert agenda(invoke, "2026-03-20", "acme", days=30) == []
    assert "acme" not in invoke("list", today="2026-03-20").stdout
    result = invoke("log-contact", "acme", "--inbound", "--kind", "other", today="2026-03-23")
    assert result.stdout == (
        "Logged other from Acme (acme), Mon 23 Mar.\n"
        "Reopened: Acme (acme) was ghosted; it is interviewing again.\n"
    )
    [application] = stored(store_file)["applications"]
    assert application["status"] == "interviewing"
    assert without_id(application["status_history"][-1]) == {"status": "interviewing", "on": "2026-03-23"}
    (wait,) = of_kind(agenda(invoke, "2026-03-23", "acme"), "wait")
    assert wait["due"] == "2026-03-30"
    assert "acme" in invoke("list", today="2026-03-23").stdout
    # Answering them is a reply, and the waiting game goes on from their message.
    answered = invoke("log-contact", "acme", today="2026-03-24")
    assert "Counted as a reply to their message of 2026-03-23" in answered.stdout


def test_a_message_from_a_reference_does_not_reopen_a_ghosted_application(invoke: Invoke) -> None:
    add(invoke, "Acme")
    invoke("status", "acme", "ghosted", today="2026-03-20")
    result = invoke(
        "log-contact",
        "acme",
        "--inbound",
        "--kind",
        "reference",
        "--with",
        "Ann",
        "--new",
        today="2026-03-23",
    )
    assert result.stdout == "Logged reference from Ann, Acme (acme), Mon 23 Mar.\n"
    assert as_json(invoke("show", "acme", "--json", today="2026-03-23"))["status"] == "ghosted"


def test_their_rejection_stays_closed_and_says_how_to_reopen(invoke: Invoke) -> None:
    add(invoke, "Acme")
    invoke("log-contact", "acme", "--outcome", "rejected", today="2026-03-10")
    result = invoke("log-contact", "acme", "--inbound", "--note", "feedback", today="2026-03-12")
    assert result.stdout.splitlines()[-1] == (
        "Acme (acme) stays rejected: they told you their decision"
        " (`followup status acme interviewing` reopens it)."
    )
    assert as_json(invoke("show", "acme", "--json", today="2026-03-12"))["status"] == "rejected"


# 5. a thank-you starts after the interview ---------------------------------------------------------------


def test_an_interview_booked_for_today_is_thanked_that_day(invoke: Invoke) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", today="2026-03-02")
    invoke(
        "add",
        "--app",
        "acme",
        "--interview-at",
        "2026-03-03T15:00",
        "--interviewer",
        "Jane Doe",
        today="2026-03-02",
    )
    (thanks,) = of_kind(agenda(invoke, DAY, "acme"), "thank-you")
    assert (thanks["state"], thanks["start"], thanks["due"]) == ("due", DAY, "2026-03-04")
    assert invoke("draft", "acme", today=DAY).stdout.startswith("To: Jane Doe\nSubject: Thank you")
    assert (
        invoke("done", "acme", "thank-you", today=DAY).stdout
        == "Done: thank-you (Jane Doe) for Acme (acme).\n"
    )


def test_a_thank_you_logged_before_its_interview_is_refused(invoke: Invoke, store_file: Path) -> None:
    add(invoke, "Acme", today="2026-03-05")
    before = store_file.read_bytes()
    result = invoke(
        "log-contact", "acme", "--kind", "thank-you", "--on", "2026-03-04", today="2026-03-05", ok=False
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the interview at Acme is on 2026-03-05: a thank-you cannot be dated 2026-03-04, before it\n"
    )
    assert store_file.read_bytes() == before
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane", today="2026-03-05")


# 6. actions expire, and imported history is quiet ---------------------------------------------------------


def test_importing_years_old_closed_applications_leaves_the_agenda_quiet(
    invoke: Invoke, tmp_path: Path
) -> None:
    sheet = tmp_path / "old.csv"
    sheet.write_text(
        "company,role,status,applied_on,interview_at,interviewers\n"
        "Oldco,Dev,rejected,2023-01-10,2023-01-20 10:00,Ann Lee\n"
        "Pastco,Ops,withdrawn,2023-05-02,2023-05-09 14:00,Bob Roe\n"
        "Gonecorp,SRE,ghosted,2023-09-01,2023-09-08 09:00,Cy Poe\n"
        "Doneinc,Dev,accepted,2024-02-01,2024-02-10 11:00,Di Fox\n",
        encoding="utf-8",
    )
    invoke("import", str(sheet), today=DAY)
    items = agenda(invoke, DAY, days=30)
    assert [a for a in items if a["app"] is not None] == []
    shown = invoke("today", today=DAY).stdout
    assert "days late" not in shown
    why = invoke("why", "oldco", today=DAY).stdout
    assert "missed review" in why


def test_a_missed_thank_you_leaves_today_instead_of_growing_late(invoke: Invoke) -> None:
    add(invoke, "Acme")
    invoke("review", "acme", "--went-well", "the design round", today=DAY)
    assert of_kind(agenda(invoke, "2026-03-18", "acme"), "thank-you")[0]["state"] == "overdue"
    assert of_kind(agenda(invoke, "2026-03-19", "acme"), "thank-you") == []
    assert "missed thank-you (Jane Doe)" in invoke("why", "acme", today="2026-03-19").stdout
