"""The commands beyond tracking, driven through the CLI on fixed dates: snooze, unsnooze, dismiss,
why, stats, `status --reapply-after`, and the prepare / reapply / thank-references actions."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup.dates import add_business_days
from tests.conftest import Invoke, as_json, without_id

DAY = "2026-03-03"  # a Tuesday
CONTRACT_KEYS = {"app", "company", "role", "action", "state", "start", "due", "person", "reason"}


def add_acme(invoke: Invoke, *extra: str) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        "--interviewer", "Jane Doe <jane@acme.example>", *extra, today=DAY,
    )  # fmt: skip


def agenda(invoke: Invoke, today: str, app: str = "acme", days: int | None = None) -> list[dict[str, Any]]:
    args = ["today", "--json"] + (["--days", str(days)] if days is not None else [])
    data = as_json(invoke(*args, today=today))
    assert data["date"] == today
    for item in data["actions"]:
        assert set(item) == CONTRACT_KEYS, item  # the today --json contract is unchanged
    return [a for a in data["actions"] if a["app"] == app]


def of_kind(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [a for a in items if a["action"] == kind]


# snooze, unsnooze ------------------------------------------------------------------------------------------


def test_snoozed_thank_you_leaves_the_agenda_and_returns_due(invoke: Invoke, store_file: Path) -> None:
    add_acme(invoke)
    result = invoke("snooze", "acme", "thank-you", "--until", "2026-03-09", today=DAY)
    assert result.stdout == "Snoozed thank-you (Jane Doe) for Acme (acme) until 2026-03-09.\n"
    for day in ("2026-03-03", "2026-03-05", "2026-03-08"):
        assert of_kind(agenda(invoke, day, days=30), "thank-you") == [], day
    (back,) = of_kind(agenda(invoke, "2026-03-09"), "thank-you")
    assert (back["state"], back["start"], back["due"]) == ("due", "2026-03-09", "2026-03-10")
    assert back["reason"].startswith("Snoozed until Mon 9 Mar 2026, now due by Tue 10 Mar 2026.")
    assert of_kind(agenda(invoke, "2026-03-11"), "thank-you")[0]["state"] == "overdue"
    stored = json.loads(store_file.read_text(encoding="utf-8"))["applications"][0]["snoozes"]
    expected = {"action": "thank-you", "until": "2026-03-09", "on": "2026-03-03", "person": "Jane Doe"}
    assert [without_id(s) for s in stored] == [expected]


def test_show_lists_snoozed_and_unsnooze_restores(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("snooze", "acme", "review", "--until", "next friday", today=DAY)
    shown = invoke("show", "acme", today=DAY).stdout
    assert "Snoozed" in shown and "review — back on Fri 6 Mar" in shown
    assert of_kind(agenda(invoke, DAY), "review") == []
    assert invoke("unsnooze", "acme", "review", today=DAY).stdout == (
        "Unsnoozed review; it is back on the agenda.\n"
    )
    (review,) = of_kind(agenda(invoke, DAY), "review")
    assert (review["state"], review["due"]) == ("due", "2026-03-04")
    assert "Snoozed" not in invoke("show", "acme", today=DAY).stdout


def test_snoozing_again_replaces_the_date(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("snooze", "acme", "review", "--until", "2026-03-20", today=DAY)
    invoke("snooze", "acme", "review", "--until", "2026-03-06", today=DAY)
    assert of_kind(agenda(invoke, "2026-03-06"), "review")[0]["start"] == "2026-03-06"


def test_snoozed_follow_up_moves_and_is_not_overdue(invoke: Invoke) -> None:
    add_acme(invoke, "--decision-by", "2026-03-17")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    (follow,) = of_kind(agenda(invoke, "2026-03-19"), "follow-up")
    assert follow["due"] == "2026-03-19"
    invoke("snooze", "acme", "follow-up", "--until", "2026-03-26", today="2026-03-19")
    assert of_kind(agenda(invoke, "2026-03-25"), "follow-up") == []
    (back,) = of_kind(agenda(invoke, "2026-03-26"), "follow-up")
    assert (back["state"], back["due"]) == ("due", "2026-03-26")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("snooze", "acme", "thank-you", "--until", DAY), 2, "is not after today"),
        (("snooze", "acme", "thank-you", "--until", "2026-03-02"), 2, "is not after today"),
        (("snooze", "acme", "thank-you"), 2, "Missing option '--until'"),
        (("snooze", "acme", "wait", "--until", "friday"), 2, "Invalid value"),
        (("snooze", "acme", "follow-up", "--until", "friday"), 1, "acme has no open follow-up"),
        (("snooze", "acme", "thank-you", "--until", "friday", "--with", "Zed"), 1, "open for: Jane Doe"),
        (("snooze", "nope", "thank-you", "--until", "friday"), 1, "no application 'nope'"),
        (("unsnooze", "acme", "thank-you"), 1, "acme has no snoozed thank-you"),
        (("dismiss", "acme", "keep-applying"), 2, "Invalid value"),
        (("dismiss", "acme", "reapply"), 1, "acme has no open reapply"),
    ],
)
def test_bad_snooze_and_dismiss_change_nothing(
    invoke: Invoke, store_file: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    add_acme(invoke)
    before = store_file.read_bytes()
    result = invoke(*args, today=DAY, ok=False)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and not result.stdout
    assert store_file.read_bytes() == before


# dismiss ---------------------------------------------------------------------------------------------------


def test_dismissed_action_is_gone_for_good_and_listed_by_show(invoke: Invoke) -> None:
    add_acme(invoke)
    assert invoke("dismiss", "acme", "thank-you", "--with", "Jane", today=DAY).stdout == (
        "Dismissed thank-you (Jane Doe) for Acme (acme).\n"
    )
    for day in (DAY, "2026-03-10", "2026-06-01"):
        assert of_kind(agenda(invoke, day), "thank-you") == [], day
    shown = invoke("show", "acme", today=DAY).stdout
    assert "Dismissed" in shown and "thank-you (Jane Doe) from Tue 3 Mar — dismissed Tue 3 Mar" in shown
    assert invoke("dismiss", "acme", "thank-you", today=DAY, ok=False).exit_code == 1


def test_dismissal_leaves_the_next_rounds_action(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("dismiss", "acme", "thank-you", today=DAY)
    invoke("add", "--app", "acme", "--interview-at", "2026-03-10T10:00", "--interviewer", "Jane Doe",
           today="2026-03-10")  # fmt: skip
    (thanks,) = of_kind(agenda(invoke, "2026-03-10"), "thank-you")
    assert thanks["start"] == "2026-03-10"


# status --reapply-after, reapply ---------------------------------------------------------------------------


def test_reapply_after_a_rejection(invoke: Invoke) -> None:
    add_acme(invoke)
    result = invoke("status", "acme", "rejected", "--reapply-after", "2026-09-01", today="2026-03-20")
    assert result.stdout == "Acme (acme) is now rejected; apply again from 2026-09-01.\n"
    assert of_kind(agenda(invoke, "2026-08-31", days=0), "reapply") == []
    (item,) = of_kind(agenda(invoke, "2026-09-01"), "reapply")
    assert (item["state"], item["due"]) == ("due", "2026-09-15")
    assert "Acme" in invoke("today", today="2026-09-01").stdout
    invoke("done", "acme", "reapply", today="2026-09-02")
    assert of_kind(agenda(invoke, "2026-09-03"), "reapply") == []


def test_reapply_date_can_be_added_to_an_already_rejected_application(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("log-contact", "acme", "--outcome", "rejected", today="2026-03-20")
    result = invoke("status", "acme", "rejected", "--reapply-after", "in 6 months", today="2026-03-20")
    assert "apply again from 2026-09-20" in result.stdout
    assert invoke("status", "acme", "rejected", today="2026-03-21").stdout.endswith("nothing changed.\n")


def test_reapply_after_needs_a_closed_status(invoke: Invoke, store_file: Path) -> None:
    add_acme(invoke)
    before = store_file.read_bytes()
    result = invoke("status", "acme", "offer", "--reapply-after", "2026-09-01", today=DAY, ok=False)
    assert result.exit_code == 2 and "--reapply-after goes with rejected" in result.stderr
    assert store_file.read_bytes() == before


# prepare, thank-references ---------------------------------------------------------------------------------


def test_prepare_before_a_further_round(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("review", "acme", "--improve", "give numbers for the billing work", today="2026-03-04")
    invoke("add", "--app", "acme", "--interview-at", "2026-03-12T10:00", "--stage", "final",
           today="2026-03-05")  # fmt: skip
    (prep,) = of_kind(agenda(invoke, "2026-03-05"), "prepare")
    assert (prep["state"], prep["start"], prep["due"]) == ("upcoming", "2026-03-11", "2026-03-12")
    assert "give numbers for the billing work" in prep["reason"]
    assert of_kind(agenda(invoke, "2026-03-11"), "prepare")[0]["state"] == "due"
    text = invoke("today", "--long", today="2026-03-11").stdout
    assert "Prepare: go over your last review" in text and "give numbers for the billing work" in text
    assert of_kind(agenda(invoke, "2026-03-13"), "prepare") == []


def test_thank_references_after_accepting(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("contact", "add", "Ann Ref", "--relation", "reference", today=DAY)
    invoke("contact", "add", "Ben Ref", "--relation", "reference", today=DAY)
    invoke("log-contact", "acme", "--kind", "reference", "--with", "Ann Ref", today="2026-03-04")
    invoke("done", "acme", "notify-references", "--with", "Ben", today="2026-03-04")
    invoke("status", "acme", "accepted", today="2026-03-30")
    items = of_kind(agenda(invoke, "2026-03-30"), "thank-references")
    assert sorted(a["person"] for a in items) == ["Ann Ref", "Ben Ref"]
    assert {a["due"] for a in items} == {"2026-04-06"}
    invoke("log-contact", "acme", "--kind", "reference", "--with", "Ann Ref", today="2026-03-31")
    invoke("done", "acme", "thank-references", "--with", "Ben Ref", today="2026-03-31")
    assert of_kind(agenda(invoke, "2026-04-01"), "thank-references") == []


# why -------------------------------------------------------------------------------------------------------


def test_why_explains_the_waiting_game(invoke: Invoke) -> None:
    add_acme(invoke, "--decision-by", "2026-03-17")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    invoke("log-contact", "acme", "--kind", "follow-up", today="2026-03-19")
    data = as_json(invoke("why", "acme", "--json", today="2026-03-20"))
    assert data["app"] == "acme" and data["date"] == "2026-03-20"
    rules_by_name = {r["rule"]: r for r in data["rules"]}
    wait = rules_by_name["wait"]
    assert wait["applies"] and "don't chase them before Thu 26 Mar 2026" in wait["decision"]
    facts = {f["what"]: f["value"] for f in wait["facts"]}
    assert facts["decision date"] == "Tue 17 Mar"
    assert facts["first follow-up"] == "Thu 19 Mar: 2 business days after the decision date"
    assert facts["budget used"] == "1 of 2"
    assert facts["last contact from you"] == "Thu 19 Mar"
    assert facts["next follow-up"] == "Thu 26 Mar"
    thanks = rules_by_name["thank-you"]
    assert thanks["decision"] == "Every interviewer has been thanked."
    assert {"what": "  Jane Doe", "value": "thanked Tue 3 Mar"} in thanks["facts"]
    assert not rules_by_name["reapply"]["applies"]

    text = invoke("why", "acme", today="2026-03-20").stdout
    for part in ("wait [waiting]", "budget used", "1 of 2", "Not applying", "“You shouldn't be contacting"):
        assert part in text, part


def test_two_follow_ups_on_one_day_spend_one_of_the_budget(invoke: Invoke) -> None:
    add_acme(invoke, "--decision-by", "2026-03-17")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    assert invoke("log-contact", "acme", "--kind", "follow-up", today="2026-03-19").stderr == ""
    # A call the same day as the email is the same follow-up: no warning, one day of the budget.
    call = invoke("log-contact", "acme", "--kind", "follow-up", "--channel", "phone", today="2026-03-19")
    assert call.stderr == ""
    facts = {
        f["what"]: f["value"]
        for r in as_json(invoke("why", "acme", "--json", today="2026-03-20"))["rules"]
        if r["rule"] == "wait"
        for f in r["facts"]
    }
    assert facts["follow-ups since their last answer"] == "Thu 19 Mar"
    assert facts["budget used"] == "1 of 2"
    (follow_up,) = of_kind(agenda(invoke, "2026-03-26"), "follow-up")
    assert "(2 of 2)" in follow_up["reason"]
    # The stats still count messages.
    assert (
        "follow-ups             2.0 per application (2 in all)" in invoke("stats", today="2026-03-26").stdout
    )


def test_why_says_a_decision_date_before_a_later_round_no_longer_holds(invoke: Invoke) -> None:
    add_acme(invoke, "--decision-by", "2026-03-10")
    invoke("add", "--app", "acme", "--interview-at", "2026-03-20T10:00", today="2026-03-09")
    data = as_json(invoke("why", "acme", "--json", today="2026-03-23"))
    wait = next(r for r in data["rules"] if r["rule"] == "wait")
    facts = {f["what"]: f["value"] for f in wait["facts"]}
    assert facts["decision date"] == "Tue 10 Mar: before round 2 on Fri 20 Mar, so it no longer holds"
    assert facts["first follow-up"].startswith("Tue 31 Mar: 7 business days after Fri 20 Mar")
    assert of_kind(agenda(invoke, "2026-03-23"), "wait")[0]["due"] == "2026-03-31"


def test_why_counts_what_today_counts_as_done(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "jane@acme.example", today=DAY)
    data = as_json(invoke("why", "acme", "--json", today=DAY))
    thanks = next(r for r in data["rules"] if r["rule"] == "thank-you")
    assert thanks["decision"] == "Every interviewer has been thanked."
    assert {"what": "  Jane Doe", "value": "thanked Tue 3 Mar"} in thanks["facts"]
    invoke("log-contact", "acme", "--outcome", "rejected", today="2026-03-20")
    invoke("done", "acme", "reply-to-decision", today="2026-03-21")
    data = as_json(invoke("why", "acme", "--json", today="2026-03-21"))
    reply = next(r for r in data["rules"] if r["rule"] == "reply-to-decision")
    assert reply["decision"] == "Answered."
    assert {"what": "answered", "value": "Sat 21 Mar"} in reply["facts"]


def test_why_says_when_their_answer_sets_the_first_follow_up(invoke: Invoke) -> None:
    add_acme(invoke, "--decision-by", "2026-03-10")
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", today="2026-03-13")
    data = as_json(invoke("why", "acme", "--json", today="2026-03-14"))
    wait = next(r for r in data["rules"] if r["rule"] == "wait")
    facts = {f["what"]: f["value"] for f in wait["facts"]}
    assert facts["first follow-up"] == "Fri 20 Mar: 7 days after their answer of Fri 13 Mar"
    assert facts["next follow-up"] == "Fri 20 Mar"


def test_why_says_when_the_wait_is_learned(invoke: Invoke) -> None:
    # Five past applications, each decided 10 business days after its interview.
    for i in range(5):
        monday = date(2026, 1, 5) + timedelta(weeks=i)
        invoke("add", "--company", f"Past {i}", "--role", "Dev", "--interview-at", monday.isoformat(),
               today=monday.isoformat())  # fmt: skip
        decided = add_business_days(monday, 10).isoformat()
        invoke("status", f"past-{i}", "rejected", "--on", decided, today=decided)
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-02", today="2026-03-02")
    data = as_json(invoke("why", "acme", "--json", today="2026-03-03"))
    wait = next(r for r in data["rules"] if r["rule"] == "wait")
    first = next(f["value"] for f in wait["facts"] if f["what"] == "first follow-up")
    assert first.startswith("Mon 16 Mar: 10 business days after Mon 2 Mar (learned:")
    assert "median time to an answer is 10 business days over 5 decided applications" in first
    assert of_kind(agenda(invoke, "2026-03-16"), "follow-up")[0]["due"] == "2026-03-16"
    assert of_kind(agenda(invoke, "2026-03-13"), "follow-up") == []


def test_why_lists_held_actions_and_unknown_app_is_an_error(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("snooze", "acme", "review", "--until", "2026-03-10", today=DAY)
    data = as_json(invoke("why", "acme", "--json", today=DAY))
    assert data["held"] == [{"what": "snoozed review", "value": "until Tue 10 Mar"}]
    result = invoke("why", "nope", today=DAY, ok=False)
    assert result.exit_code == 1 and "no application 'nope'" in result.stderr


# stats -----------------------------------------------------------------------------------------------------


def test_stats_over_a_small_search(invoke: Invoke) -> None:
    add_acme(invoke)  # interviewed Tue 3 Mar, offer Fri 13 Mar (10 days, 8 business days)
    invoke("log-contact", "acme", "--outcome", "offer", today="2026-03-13")
    invoke("add", "--company", "Initech", "--role", "QA", "--applied", today=DAY)
    invoke("log-contact", "initech", "--kind", "follow-up", today="2026-03-10")
    invoke("log-contact", "initech", "--kind", "follow-up", today="2026-03-17")
    invoke("status", "initech", "ghosted", today="2026-03-24")
    invoke("add", "--company", "Globex", "--role", "SRE", "--interview-at", "2026-03-05", today="2026-03-05")
    invoke("add", "--company", "Umbrella", "--role", "Dev", "--applied", today="2026-03-20")
    data = as_json(invoke("stats", "--json", today="2026-03-31"))
    assert data["funnel"] == {"applied": 4, "interviewed": 2, "offer": 1, "accepted": 0}
    assert data["answered"] == 2 and data["response_rate"] == 0.5
    assert data["median_days_to_decision"] == 10 and data["median_business_days_to_decision"] == 8
    assert (data["ended"], data["silent"], data["silent_share"]) == (2, 1, 0.5)
    assert data["follow_ups"] == 2 and data["follow_ups_per_application"] == 0.5
    assert data["active_now"] == 3 and data["min_active"] == 3
    assert data["follow_up_wait"] == {"business_days": 7, "learned": False, "configured": 7, "decisions": 1}

    since = as_json(invoke("stats", "--json", "--since", "2026-03-04", today="2026-03-31"))
    assert since["funnel"]["applied"] == 2 and since["since"] == "2026-03-04"

    text = invoke("stats", today="2026-03-31").stdout
    assert "4 applied → 2 interviewed → 1 offer (0 accepted)" in text
    assert "2 of 4 (50%)" in text and "median 10 days (8 business days), over 1 decision" in text


def test_stats_count_how_each_process_stands_not_every_status_it_passed(invoke: Invoke) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-02", today="2026-03-02")
    invoke("status", "acme", "ghosted", today="2026-03-20")
    invoke(
        "log-contact", "acme", "--inbound", "--outcome", "rejected", today="2026-03-25"
    )  # answered after all
    invoke("add", "--company", "Globex", "--role", "SRE", "--interview-at", "2026-03-02", today="2026-03-02")
    invoke("status", "globex", "ghosted", today="2026-03-10")
    invoke("status", "globex", "interviewing", today="2026-03-12")  # came back to life: still open
    data = as_json(invoke("stats", "--json", today="2026-03-31"))
    assert (data["ended"], data["silent"], data["silent_share"]) == (1, 0, 0.0)
    looking_back = as_json(invoke("stats", "--json", today="2026-03-21"))
    assert (looking_back["ended"], looking_back["silent"]) == (1, 1)  # then, only Acme had gone quiet


def test_stats_on_an_empty_store(invoke: Invoke) -> None:
    data = as_json(invoke("stats", "--json", today=DAY))
    assert data["funnel"]["applied"] == 0 and data["response_rate"] is None and data["active_average"] is None
    text = invoke("stats", today=DAY).stdout
    for part in ("no decisions yet", "no applications yet", "none has ended yet"):
        assert part in text, part


def test_stats_since_in_the_future_is_an_error(invoke: Invoke) -> None:
    result = invoke("stats", "--since", "2026-04-01", today=DAY, ok=False)
    assert result.exit_code == 2 and "in the future" in result.stderr


def test_new_commands_have_help(invoke: Invoke) -> None:
    for command in ("draft", "why", "snooze", "unsnooze", "dismiss", "stats"):
        assert "Usage: " in invoke(command, "--help").stdout
    assert "--reapply-after" in invoke("status", "--help").stdout


# a dismissal names one follow-up ---------------------------------------------------------------------------


def _decided_history(waits: list[int]) -> list[dict[str, Any]]:
    """One application per wait, rejected that many business days after its Monday interview."""
    apps = []
    for i, business_days in enumerate(waits):
        interview = date(2026, 1, 5) + timedelta(weeks=i)
        decided = add_business_days(interview, business_days)
        apps.append(
            {
                "id": f"old-{i}", "company": f"Old {i}", "role": "Engineer", "status": "rejected",
                "created_on": interview.isoformat(),
                "interviews": [{"round": 1, "at": f"{interview.isoformat()}T10:00:00", "interviewers": []}],
                "status_history": [{"status": "rejected", "on": decided.isoformat()}],
            }
        )  # fmt: skip
    return apps


def _store_with_learned_wait(store_file: Path, invoke: Invoke) -> None:
    """Five decided applications (median: 12 business days to an answer), and Acme waiting since Mon 4 May."""
    store_file.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": 2, "applications": _decided_history([12, 12, 12, 10, 10]), "contacts": []}
    store_file.write_text(json.dumps(data), encoding="utf-8")
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-05-04T10:00",
        "--interviewer", "Jane Doe", today="2026-05-04",
    )  # fmt: skip
    invoke("done", "acme", "thank-you", today="2026-05-04")
    invoke("review", "acme", "--went-well", "ok", "--improve", "less", today="2026-05-04")


def test_dismissed_follow_up_stays_dismissed_when_the_learned_wait_changes(
    invoke: Invoke, store_file: Path
) -> None:
    _store_with_learned_wait(store_file, invoke)
    (follow_up,) = of_kind(agenda(invoke, "2026-05-20"), "follow-up")  # 12 business days after Mon 4 May
    assert follow_up["start"] == "2026-05-20"
    invoke("dismiss", "acme", "follow-up", today="2026-05-20")
    # Two more employers answer in 5 business days: the median falls to 10, and the wait with it.
    for i in (5, 6):
        interview = date(2026, 5, 11) + timedelta(days=i - 5)
        invoke("add", "--company", f"New {i}", "--role", "Engineer", "--interview-at",
               f"{interview.isoformat()}T10:00", today=interview.isoformat())  # fmt: skip
        invoke("status", f"new-{i}", "rejected", today=add_business_days(interview, 5).isoformat())
    why = invoke("why", "acme", today="2026-06-01").stdout
    assert "10 business days" in why
    for day in ("2026-05-21", "2026-05-25", "2026-06-01", "2026-07-01"):
        assert of_kind(agenda(invoke, day), "follow-up") == [], day


def test_dismissed_follow_up_stays_dismissed_when_holidays_change(
    invoke: Invoke, config_file: Path, store_file: Path
) -> None:
    add_acme(invoke)  # Tue 3 Mar, no decision date: first follow-up 7 business days later, Thu 12 Mar
    invoke("done", "acme", "thank-you", today=DAY)
    invoke("review", "acme", "--went-well", "ok", "--improve", "less", today=DAY)
    (follow_up,) = of_kind(agenda(invoke, "2026-03-12"), "follow-up")
    assert follow_up["start"] == "2026-03-12"
    invoke("dismiss", "acme", "follow-up", today="2026-03-12")
    (stored,) = json.loads(store_file.read_text(encoding="utf-8"))["applications"][0]["dismissals"]
    assert without_id(stored) == {
        "action": "follow-up",
        "start": "2026-03-12",
        "on": "2026-03-12",
        "counts_from": DAY,
    }
    config_file.write_text("holidays = [2026-03-05]\n", encoding="utf-8")  # now due Fri 13 Mar
    for day in ("2026-03-13", "2026-03-20", "2026-05-01"):
        assert of_kind(agenda(invoke, day), "follow-up") == [], day


def test_dismissal_leaves_the_follow_up_after_a_new_reply_or_follow_up(invoke: Invoke) -> None:
    add_acme(invoke)
    invoke("done", "acme", "thank-you", today=DAY)
    invoke("review", "acme", "--went-well", "ok", "--improve", "less", today=DAY)
    invoke("dismiss", "acme", "follow-up", today="2026-03-12")
    assert of_kind(agenda(invoke, "2026-03-20"), "follow-up") == []
    # They write again: the follow-up a week after their message is a new one.
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", today="2026-03-20")
    (after_reply,) = of_kind(agenda(invoke, "2026-03-27"), "follow-up")
    assert after_reply["start"] == "2026-03-27"
    invoke("dismiss", "acme", "follow-up", today="2026-03-27")
    assert of_kind(agenda(invoke, "2026-04-02"), "follow-up") == []
    # You follow up anyway: the next one, a week later, is new too.
    invoke("log-contact", "acme", "--kind", "follow-up", today="2026-04-02")
    (after_yours,) = of_kind(agenda(invoke, "2026-04-09"), "follow-up")
    assert after_yours["start"] == "2026-04-09"


def test_a_dismissed_follow_up_stays_dismissed_after_a_message_from_your_own_contact(invoke: Invoke) -> None:
    """A networking contact's message is not the employer's: it starts no new follow-up, and so it
    does not bring back the one dismissed."""
    add_acme(invoke)
    invoke("done", "acme", "thank-you", today=DAY)
    invoke("review", "acme", "--went-well", "ok", "--improve", "less", today=DAY)
    invoke("contact", "add", "Pat Lee", "--company", "Acme", "--relation", "network", today=DAY)
    invoke("dismiss", "acme", "follow-up", today="2026-03-12")
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", "--with", "Pat Lee", today="2026-03-16")
    for day in ("2026-03-16", "2026-03-20", "2026-04-01"):
        assert of_kind(agenda(invoke, day), "follow-up") == [], day
    # The employer's own message still starts a new one.
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", today="2026-03-20")
    (after_reply,) = of_kind(agenda(invoke, "2026-03-27"), "follow-up")
    assert after_reply["start"] == "2026-03-27"
