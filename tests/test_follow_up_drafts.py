"""Follow-up drafts: too early says so first (and the day to wait for) and still drafts; a second
follow-up is not the first word for word and takes their last answer into account; a date given later
in a message is not put in the interviewer's mouth. On fixed dates at their boundary days, then the
story through the command line. March 2026: Tue 3 (the interview), Tue 17 (the decision date given
at the interview), Thu 19 (the first follow-up allowed)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from followup.app.follow_up_text import follow_up_context, too_early
from followup.kinds import EventKind
from followup.models import Application, Interview, Settings
from tests.conftest import Invoke
from tests.test_rules import app, event

S = Settings()
D = date
TUE_17, WED_18, THU_19, FRI_20 = D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 19), D(2026, 3, 20)
NONE: frozenset[str] = frozenset()


def acme(*events: Any, decision_at_interview: date | None = TUE_17, **extra: Any) -> Application:
    at = Interview(round=1, at=datetime(2026, 3, 3, 10), decision_by=decision_at_interview)
    decision_by = extra.pop("decision_by", decision_at_interview)
    return app(at, decision_by=decision_by, events=list(events), **extra)


def context(application: Application, today: date) -> str:
    return follow_up_context(application, application.last_interview(), today, S, NONE)


def test_too_early_names_the_day_to_wait_for_until_that_day() -> None:
    waiting = acme()
    assert "give them until Thu 19 Mar" in (too_early(waiting, WED_18, S, NONE) or "")
    assert too_early(waiting, THU_19, S, NONE) is None
    followed = acme(event(THU_19))
    assert "wait until Thu 26 Mar" in (too_early(followed, D(2026, 3, 25), S, NONE) or "")
    assert too_early(followed, D(2026, 3, 26), S, NONE) is None


def test_too_early_while_a_round_is_booked() -> None:
    booked = acme()
    booked.interviews.append(Interview(round=2, at=datetime(2026, 3, 24, 10)))
    assert (
        too_early(booked, THU_19, S, NONE)
        == "an interview with Acme is booked for Tue 24 Mar: nothing to chase"
    )


def test_the_first_follow_up_quotes_the_date_said_at_the_interview() -> None:
    assert context(acme(), THU_19) == (
        "When we spoke on Tuesday 3 March, you mentioned a decision by Tuesday 17 March,"
        " so I wanted to check in."
    )


def test_the_second_follow_up_is_not_the_first_word_for_word() -> None:
    first = context(acme(), THU_19)
    second = context(acme(event(THU_19)), D(2026, 3, 26))
    assert second != first
    assert (
        second == "I am following up on my note of Thursday 19 March about my interview on Tuesday 3 March."
    )
    # On the day of the follow-up itself, the draft is still the first one.
    assert context(acme(event(THU_19)), THU_19) == first


def test_a_new_date_they_wrote_is_theirs_in_a_message_not_at_the_interview() -> None:
    answered = acme(
        event(THU_19),
        event(FRI_20, EventKind.REPLY, inbound=True, decision_by=D(2026, 3, 31), note="need more time"),
        decision_by=D(2026, 3, 31),
    )
    text = context(answered, D(2026, 4, 2))
    assert text == (
        "When you wrote on Friday 20 March, you said you needed more time and expected to decide by"
        " Tuesday 31 March, so I wanted to check in."
    )
    assert "When we spoke" not in text
    again = context(
        answered.model_copy(update={"events": [*answered.events, event(D(2026, 4, 2))]}), D(2026, 4, 9)
    )
    assert again == (
        "I am following up on my note of Thursday 2 April: when you wrote on Friday 20 March, you said you"
        " needed more time and expected to decide by Tuesday 31 March."
    )


def test_their_answer_without_a_date() -> None:
    more_time = acme(event(FRI_20, EventKind.REPLY, inbound=True, note="They need more time"))
    assert context(more_time, D(2026, 3, 30)) == (
        "When you wrote on Friday 20 March, you said you needed more time, so I wanted to check in."
    )
    plain = acme(event(FRI_20, EventKind.REPLY, inbound=True, note="thanks for the note"))
    assert (
        context(plain, D(2026, 3, 30))
        == "Thank you for your message of Friday 20 March; I wanted to check in."
    )


def test_a_date_set_by_hand_is_not_said_to_be_theirs_at_the_interview() -> None:
    by_hand = acme(decision_at_interview=None, decision_by=TUE_17)
    assert context(by_hand, THU_19) == (
        "I am writing about my interview on Tuesday 3 March; I understood a decision was expected by"
        " Tuesday 17 March."
    )


# the command line --------------------------------------------------------------------------------------


def draft(invoke: Invoke, today: str) -> Any:
    return invoke("draft", "acme", "follow-up", today=today)


def test_follow_up_drafts_through_the_command_line(invoke: Invoke, config_file: Any) -> None:
    config_file.write_text('signature = "Sam Seeker"\n', encoding="utf-8")
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        "--interviewer", "Jane Doe <jane@acme.example>", "--decision-by", "2026-03-17", today="2026-03-03",
    )  # fmt: skip
    early = draft(invoke, "2026-03-18")
    assert early.stderr.splitlines()[0] == (
        "Too early to send: Acme said they would decide by Tue 17 Mar; give them until Thu 19 Mar before"
        " following up. The draft follows."
    )
    assert early.stdout.startswith("To: Jane Doe <jane@acme.example>\nSubject: Following up")
    on_time = draft(invoke, "2026-03-19")
    assert (
        "Too early" not in on_time.stderr and "you mentioned a decision by Tuesday 17 March" in on_time.stdout
    )
    invoke("log-contact", "acme", "--kind", "follow-up", today="2026-03-19")
    # They answer: they need more time, until Tue 31, in an email.
    invoke("log-contact", "acme", "--inbound", "--kind", "reply", "--note", "need more time",
           "--decision-by", "2026-03-31", today="2026-03-20")  # fmt: skip
    assert "give them until Thu 2 Apr" in draft(invoke, "2026-04-01").stderr.splitlines()[0]
    first = draft(invoke, "2026-04-02")
    assert "When you wrote on Friday 20 March, you said you needed more time" in first.stdout
    assert "When we spoke" not in first.stdout and "Too early" not in first.stderr
    invoke("log-contact", "acme", "--kind", "follow-up", today="2026-04-02")
    second = draft(invoke, "2026-04-09")
    assert second.stdout != first.stdout
    assert "I am following up on my note of Thursday 2 April" in second.stdout
    # Beyond the budget, the draft still prints, after saying to stop.
    invoke("log-contact", "acme", "--kind", "follow-up", today="2026-04-09")
    beyond = draft(invoke, "2026-04-10")
    assert beyond.exit_code == 0 and "stop chasing Acme" in beyond.stderr.splitlines()[0]
    assert beyond.stdout.startswith("To: Jane Doe")
