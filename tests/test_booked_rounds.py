"""Booked rounds on the agenda: the interview itself in the days before it, and a prepare item the day
before every round booked ahead, the first included. Rules on fixed dates at their boundary days, then
the story through the command line. March 2026: Tue 3, Mon 9, Tue 10, Wed 11."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from icalendar import Calendar

from followup import rules as registry
from followup.kinds import ActionKind, ActionState, Status
from followup.models import Application, DoneMark, Interview, Person, Review, Settings, StatusChange
from followup.rules.booked import RULE as INTERVIEW_RULE
from tests import rule_calls as rules
from tests.conftest import Invoke, as_json

S = Settings()
D = date
TUE_3, MON_9, TUE_10, WED_11 = D(2026, 3, 3), D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 11)


def booked(
    *rounds: tuple[datetime, date | None], status: Status = Status.INTERVIEWING, **extra: Any
) -> Application:
    """An application recorded on Tue 3 with rounds at the given times, each booked on the given day."""
    return Application(
        id="acme",
        company="Acme",
        role="Backend Engineer",
        status=status,
        created_on=TUE_3,
        interviews=[
            Interview(round=n + 1, at=at, booked_on=on, interviewers=[Person(name="Jane Doe")])
            for n, (at, on) in enumerate(rounds)
        ],
        status_history=[StatusChange(status=status, on=TUE_3)],
        **extra,
    )


def interviews(app: Application, today: date) -> list[rules.Action]:
    return list(INTERVIEW_RULE.evaluate(app, rules.where([app], (), today, S), False).actions)


def of_kind(actions: list[rules.Action], kind: ActionKind) -> list[rules.Action]:
    return [a for a in actions if a.action is kind]


# the rules ---------------------------------------------------------------------------------------------


def test_a_first_round_booked_ahead_is_on_its_day_until_it_is_over() -> None:
    app = booked((datetime(2026, 3, 10, 10), TUE_3))
    (item,) = interviews(app, TUE_3)
    assert (item.action, item.start, item.due) == (ActionKind.INTERVIEW, TUE_10, TUE_10)
    assert registry.title_of(item) == "Interview with Acme, Tue 10:00"
    assert "with Jane Doe is on Tue 10 Mar" in item.reason and "at 10:00" in item.reason
    assert item.state(MON_9) is ActionState.UPCOMING
    assert item.state(TUE_10) is ActionState.DUE
    assert [a.due for a in interviews(app, TUE_10)] == [TUE_10]  # on the day itself, still shown
    assert interviews(app, WED_11) == []  # the day after, it is over
    assert item.to_json(TUE_3)["action"] == "interview"


def test_a_round_recorded_on_its_own_day_is_taken_to_be_under_way() -> None:
    app = booked((datetime(2026, 3, 3, 15), TUE_3))
    assert interviews(app, TUE_3) == []
    assert rules.prepare_due(app, TUE_3, S) == []
    # ... and its thank-you and review are due from that day, as before.
    assert [a.due for a in rules.thank_you_due(app, S)] == [D(2026, 3, 4)]
    assert [a.start for a in rules.review_due(app, S)] == [TUE_3]


def test_without_a_time_the_title_names_the_day() -> None:
    (item,) = interviews(booked((datetime(2026, 3, 10), TUE_3)), TUE_3)
    assert registry.title_of(item) == "Interview with Acme, Tue"


def test_a_round_stored_without_its_booking_day_counts_from_the_round_before() -> None:
    app = booked((datetime(2026, 3, 3, 10), None), (datetime(2026, 3, 10, 10), None))
    assert [a.due for a in interviews(app, D(2026, 3, 4))] == [TUE_10]  # round 1 was on the record day


def test_prepare_the_day_before_every_round_the_first_included() -> None:
    app = booked((datetime(2026, 3, 10, 10), TUE_3))
    (prep,) = rules.prepare_due(app, TUE_3, S)
    assert (prep.start, prep.due) == (MON_9, TUE_10)  # from the day before until the round itself
    assert "Round 1 (interview) is on Tue 10 Mar" in prep.reason and "of Acme" in prep.reason
    assert registry.title_of(prep) == "Prepare for the interview"
    assert prep.state(D(2026, 3, 8)) is ActionState.UPCOMING
    assert prep.state(MON_9) is ActionState.DUE
    assert prep.state(TUE_10) is ActionState.DUE  # on the morning of the round, not late
    assert rules.prepare_due(app, WED_11, S) == []
    assert rules.prepare_due(app, TUE_3, Settings(prepare_days_before=3))[0].start == D(2026, 3, 7)


def test_prepare_quotes_the_last_review_when_there_is_one_and_done_closes_it() -> None:
    app = booked(
        (datetime(2026, 3, 3, 10), TUE_3),
        (datetime(2026, 3, 10, 10), D(2026, 3, 4)),
        reviews=[Review(on=D(2026, 3, 4), improve="shorter answers")],
    )
    (prep,) = rules.prepare_due(app, D(2026, 3, 5), S)
    assert "Round 2" in prep.reason and "shorter answers" in prep.reason
    assert registry.title_of(prep) == "Prepare: go over your last review"
    app.done.append(DoneMark(action="prepare", on=MON_9))
    assert rules.prepare_due(app, MON_9, S) == []


@pytest.mark.parametrize("status", [Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED])
def test_no_interview_item_for_a_closed_application(status: Status) -> None:
    assert interviews(booked((datetime(2026, 3, 10, 10), TUE_3), status=status), TUE_3) == []


def test_the_agenda_lists_the_interview_before_its_thank_you() -> None:
    app = booked((datetime(2026, 3, 10, 10), TUE_3))
    found = rules.application_actions(app, (), TUE_3, S)
    order = [str(a.action) for a in sorted(found, key=rules.sort_key)]
    assert order.index("prepare") < order.index("interview") < order.index("thank-you")


# the command line --------------------------------------------------------------------------------------


def agenda(invoke: Invoke, today: str, days: int = 7) -> list[dict[str, Any]]:
    return as_json(invoke("today", "--json", "--days", str(days), today=today))["actions"]


def kinds_on(invoke: Invoke, today: str) -> dict[str, str]:
    return {a["action"]: a["state"] for a in agenda(invoke, today)}


def test_a_booked_first_round_through_the_command_line(invoke: Invoke) -> None:
    result = invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-10T10:00",
        "--interviewer", "Jane Doe <jane@example.com>", today="2026-03-02",
    )  # fmt: skip
    assert "Next: Interview with Acme, Tue 10:00 (Tue 10 Mar)." in result.stderr
    # Outside the agenda window (7 days) it is not shown; within it, it is coming up.
    assert "interview" not in kinds_on(invoke, "2026-03-02")
    assert kinds_on(invoke, "2026-03-03")["interview"] == "upcoming"
    text = invoke("today", today="2026-03-03").stdout
    assert "Interview with Acme, Tue 10:00 — Acme · Backend Engineer (acme) — on Tue 10 Mar" in text
    assert (
        "Prepare for the interview — Acme · Backend Engineer (acme) — from Mon 9 Mar, by Tue 10 Mar" in text
    )
    day_before = kinds_on(invoke, "2026-03-09")
    assert (day_before["prepare"], day_before["interview"]) == ("due", "upcoming")
    on_the_day = kinds_on(invoke, "2026-03-10")
    assert on_the_day["interview"] == "due" and on_the_day["thank-you"] == "due"
    after = kinds_on(invoke, "2026-03-11")
    assert "interview" not in after and "prepare" not in after and after["thank-you"] == "due"
    # The keys of `today --json` are the same for the new kind.
    (item,) = [a for a in agenda(invoke, "2026-03-03") if a["action"] == "interview"]
    assert set(item) == {"app", "company", "role", "action", "state", "start", "due", "person", "reason"}
    # A calendar export has the interview once, as its timed event, not also as an all-day action.
    raw = invoke("export", "--format", "ics", today="2026-03-03").stdout_bytes
    events = list(Calendar.from_ical(raw).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events].count("Interview at Acme") == 1
    assert not [e for e in events if str(e["SUMMARY"]).startswith("Interview with")]
    # It is a date, not a task.
    failed = invoke("done", "acme", "interview", today="2026-03-10", ok=False)
    assert failed.exit_code == 2 and "an interview is a date, not a task" in failed.stderr


def test_a_further_round_names_the_interview_as_next(invoke: Invoke) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        today="2026-03-03",
    )  # fmt: skip
    invoke("review", "acme", "--improve", "give numbers", today="2026-03-04")
    result = invoke("add", "--app", "acme", "--interview-at", "2026-03-12T14:30", today="2026-03-05")
    assert "Next: Interview with Acme, Thu 14:30 (Thu 12 Mar)." in result.stderr
    why = as_json(invoke("why", "acme", "--json", today="2026-03-05"))
    [verdict] = [r for r in why["rules"] if r["rule"] == "interview"]
    assert (
        verdict["applies"]
        and {"what": "round 2 (interview)", "value": "Thu 12 Mar, booked Thu 5 Mar"} in (verdict["facts"])
    )
