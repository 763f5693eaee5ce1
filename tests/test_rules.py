"""The rules on fixed dates, at every boundary day. March 2026: Tue 3, Fri 6, Mon 9, Tue 17, Thu 19."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.dates import add_business_days, human_date
from followup.kinds import ActionKind, ActionState, Channel, Direction, EventKind, Relation, Status
from followup.models import (
    Application,
    Contact,
    DoneMark,
    Event,
    Interview,
    Person,
    Review,
    Settings,
    StatusChange,
    StoreData,
)
from followup.rules.base import Action
from tests import rule_calls as rules

S = Settings()
D = date
TUE_3 = date(2026, 3, 3)


def interview(day: date, *names: str, round: int = 1, decision_by: date | None = None) -> Interview:
    return Interview(
        round=round,
        at=datetime.combine(day, datetime.min.time()).replace(hour=10),
        interviewers=[Person(name=n, email=f"{n.split()[0].lower()}@acme.example") for n in names],
        decision_by=decision_by,
    )


def app(
    *interviews: Interview,
    status: Status = Status.INTERVIEWING,
    decision_by: date | None = None,
    events: list[Event] | None = None,
    company: str = "Acme",
    created_on: date = TUE_3,
    **extra: Any,
) -> Application:
    return Application(
        id=company.lower(),
        company=company,
        role="Backend Engineer",
        status=status,
        created_on=created_on,
        decision_by=decision_by,
        interviews=list(interviews),
        events=events or [],
        **extra,
    )


def event(day: date, kind: EventKind = EventKind.FOLLOW_UP, inbound: bool = False, **extra: Any) -> Event:
    return Event(on=day, kind=kind, direction=Direction.INBOUND if inbound else Direction.OUTBOUND, **extra)


def kinds(actions: list[Action]) -> list[str]:
    return [str(a.action) for a in actions]


# 1. thank-you -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (D(2026, 3, 3), D(2026, 3, 4)),  # Tue -> Wed
        (D(2026, 3, 6), D(2026, 3, 9)),  # Fri -> Mon
        (D(2026, 3, 7), D(2026, 3, 9)),  # a Saturday interview -> Mon
    ],
)
def test_thank_you_is_due_the_next_business_day(day: date, due: date) -> None:
    [action] = rules.thank_you_due(app(interview(day, "Jane Doe")), S)
    assert (action.start, action.due, action.person) == (day, due, "Jane Doe")
    assert action.email == "jane@acme.example"


def test_thank_you_respects_holidays() -> None:
    settings = Settings(holidays=[D(2026, 3, 9)])
    [action] = rules.thank_you_due(app(interview(D(2026, 3, 6), "Jane Doe")), settings)
    assert action.due == D(2026, 3, 10)


def test_thank_you_state_across_its_days() -> None:
    [action] = rules.thank_you_due(app(interview(D(2026, 3, 6), "Jane Doe")), S)
    assert action.state(D(2026, 3, 5)) is ActionState.UPCOMING
    assert action.state(D(2026, 3, 6)) is ActionState.DUE  # the day of the interview
    assert action.state(D(2026, 3, 9)) is ActionState.DUE
    assert action.state(D(2026, 3, 10)) is ActionState.OVERDUE


def test_one_thank_you_per_interviewer_and_one_unnamed_when_none_given() -> None:
    assert [
        a.person for a in rules.thank_you_due(app(interview(D(2026, 3, 3), "Jane Doe", "Bob Lee")), S)
    ] == [
        "Jane Doe",
        "Bob Lee",
    ]
    [unnamed] = rules.thank_you_due(app(interview(D(2026, 3, 3))), S)
    assert unnamed.person is None


def test_thank_you_done_by_a_contact_with_that_person_or_with_everyone() -> None:
    first = interview(D(2026, 3, 3), "Jane Doe", "Bob Lee")
    jane = event(D(2026, 3, 3), EventKind.THANK_YOU, with_="jane doe")
    assert [a.person for a in rules.thank_you_due(app(first, events=[jane]), S)] == ["Bob Lee"]
    by_first_name = event(D(2026, 3, 4), EventKind.THANK_YOU, with_="Bob")
    assert rules.thank_you_due(app(first, events=[jane, by_first_name]), S) == []
    everyone = event(D(2026, 3, 4), EventKind.THANK_YOU)
    assert rules.thank_you_due(app(first, events=[everyone]), S) == []


def test_thank_you_before_the_interview_does_not_count() -> None:
    second = interview(D(2026, 3, 10), "Jane Doe", round=2)
    early = event(D(2026, 3, 3), EventKind.THANK_YOU, with_="Jane Doe")
    [action] = rules.thank_you_due(app(interview(D(2026, 3, 3), "Jane Doe"), second, events=[early]), S)
    assert action.start == D(2026, 3, 10)


def test_thank_you_done_mark_and_inbound_do_not_mix_up() -> None:
    first = interview(D(2026, 3, 3), "Jane Doe")
    inbound = event(D(2026, 3, 3), EventKind.THANK_YOU, inbound=True)
    assert len(rules.thank_you_due(app(first, events=[inbound]), S)) == 1
    mark = DoneMark(action="thank-you", on=D(2026, 3, 3), person="Jane Doe")
    assert rules.thank_you_due(app(first, done=[mark]), S) == []


def test_no_thank_you_for_a_closed_application() -> None:
    assert rules.thank_you_due(app(interview(D(2026, 3, 3), "Jane"), status=Status.WITHDRAWN), S) == []


# 2, 3. references and network -----------------------------------------------------------------------

REF = Contact(name="Rita Ref", relation=Relation.REFERENCE, email="rita@example.com")
NET = Contact(name="Nico Net", relation=Relation.NETWORK, company="  ACME ")
OTHER_NET = Contact(name="Olga", relation=Relation.NETWORK, company="Initech")


def test_notify_references_after_the_first_interview() -> None:
    a = app(interview(D(2026, 3, 6), "Jane"), interview(D(2026, 3, 12), "Bob", round=2))
    [action] = rules.notify_references_due(a, [REF, NET], S)
    assert (action.person, action.start, action.due) == ("Rita Ref", D(2026, 3, 6), D(2026, 3, 9))


def test_notify_references_done_by_a_reference_contact() -> None:
    a = app(interview(D(2026, 3, 3)), events=[event(D(2026, 3, 4), EventKind.REFERENCE, with_="Rita Ref")])
    assert rules.notify_references_due(a, [REF], S) == []
    other = app(interview(D(2026, 3, 3)), events=[event(D(2026, 3, 4), EventKind.REFERENCE, with_="Someone")])
    assert len(rules.notify_references_due(other, [REF], S)) == 1


def test_no_reference_action_without_an_interview() -> None:
    assert rules.notify_references_due(app(status=Status.APPLIED), [REF], S) == []


def test_ask_network_only_at_the_same_company() -> None:
    a = app(interview(D(2026, 3, 3)))
    [action] = rules.ask_network_due(a, [NET, OTHER_NET, REF], S)
    assert (action.person, action.due) == ("Nico Net", D(2026, 3, 5))
    done = app(interview(D(2026, 3, 3)), events=[event(D(2026, 3, 3), EventKind.NETWORK)])
    assert rules.ask_network_due(done, [NET], S) == []


# 4. review ------------------------------------------------------------------------------------------


def test_review_due_the_day_after_each_interview_until_recorded() -> None:
    a = app(interview(D(2026, 3, 6)))
    [action] = rules.review_due(a, S)
    assert (action.start, action.due) == (D(2026, 3, 6), D(2026, 3, 7))
    assert rules.review_due(app(interview(D(2026, 3, 6)), reviews=[Review(on=D(2026, 3, 6))]), S) == []
    old_review = app(interview(D(2026, 3, 6)), reviews=[Review(on=D(2026, 3, 5))])
    assert len(rules.review_due(old_review, S)) == 1


def test_review_after_a_rejection_covers_the_interviews() -> None:
    a = app(
        interview(D(2026, 3, 3)),
        status=Status.REJECTED,
        status_history=[StatusChange(status=Status.REJECTED, on=D(2026, 3, 10))],
    )
    [action] = rules.review_due(a, S)
    assert (action.start, action.due) == (D(2026, 3, 10), D(2026, 3, 11))


# 5, 6, 7. the waiting game -------------------------------------------------------------------------


def waiting(a: Application, today: date) -> list[Action]:
    return rules.waiting_game(a, today, S)


def test_wait_until_the_decision_date_then_two_business_days() -> None:
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17))
    for today in (D(2026, 3, 3), D(2026, 3, 17), D(2026, 3, 18)):
        [action] = waiting(a, today)
        assert action.action is ActionKind.WAIT and action.due == D(2026, 3, 19)
        assert action.state(today) is ActionState.WAITING
    [follow] = waiting(a, D(2026, 3, 19))
    assert (follow.action, follow.start, follow.due) == (ActionKind.FOLLOW_UP, D(2026, 3, 19), D(2026, 3, 19))
    assert follow.state(D(2026, 3, 19)) is ActionState.DUE
    assert waiting(a, D(2026, 3, 20))[0].state(D(2026, 3, 20)) is ActionState.OVERDUE


def test_without_a_decision_date_follow_up_seven_business_days_after_the_last_interview() -> None:
    a = app(interview(D(2026, 3, 3)), interview(D(2026, 3, 6), round=2))
    assert waiting(a, D(2026, 3, 16))[0].action is ActionKind.WAIT
    [follow] = waiting(a, D(2026, 3, 17))
    assert (follow.action, follow.due) == (ActionKind.FOLLOW_UP, D(2026, 3, 17))


def test_an_application_without_interview_counts_from_the_day_it_was_added() -> None:
    a = app(status=Status.APPLIED, applied_on=D(2026, 3, 2))
    assert waiting(a, D(2026, 3, 10))[0].action is ActionKind.WAIT
    assert waiting(a, D(2026, 3, 11))[0].action is ActionKind.FOLLOW_UP


def test_next_follow_up_a_week_after_an_unanswered_one_then_move_on() -> None:
    first = event(D(2026, 3, 19))
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=[first])
    assert waiting(a, D(2026, 3, 25))[0].action is ActionKind.WAIT
    assert waiting(a, D(2026, 3, 26))[0].action is ActionKind.FOLLOW_UP
    second = event(D(2026, 3, 26))
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=[first, second])
    [wait] = waiting(a, D(2026, 4, 1))
    assert (wait.action, wait.due) == (ActionKind.WAIT, D(2026, 4, 2))
    [move_on] = waiting(a, D(2026, 4, 2))
    assert (move_on.action, move_on.start, move_on.due) == (ActionKind.MOVE_ON, D(2026, 4, 2), D(2026, 4, 2))


def test_a_reply_resets_the_count_and_can_move_the_decision_date() -> None:
    events = [
        event(D(2026, 3, 19)),
        event(D(2026, 3, 26)),
        event(D(2026, 3, 27), EventKind.REPLY, inbound=True, decision_by=D(2026, 4, 7)),
    ]
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 4, 7), events=events)
    plan = rules.follow_up_plan(a, S)
    assert plan.unanswered == () and plan.last_answer == D(2026, 3, 27)
    assert plan.next_due == D(2026, 4, 9)
    assert waiting(a, D(2026, 4, 8))[0].action is ActionKind.WAIT
    assert waiting(a, D(2026, 4, 9))[0].action is ActionKind.FOLLOW_UP


def test_a_reply_without_a_new_date_waits_a_week_from_the_reply() -> None:
    events = [event(D(2026, 3, 19)), event(D(2026, 3, 20), EventKind.REPLY, inbound=True)]
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=events)
    assert rules.follow_up_plan(a, S).next_due == D(2026, 3, 27)


def test_a_decision_date_before_a_later_round_no_longer_holds() -> None:
    # Round 1 on Tue 3 Mar with a decision by Tue 10 Mar; then they invite you to round 2 on Fri 20 Mar.
    a = app(interview(D(2026, 3, 3)), interview(D(2026, 3, 20), round=2), decision_by=D(2026, 3, 10))
    plan = rules.follow_up_plan(a, S)
    assert plan.decision_by is None and plan.anchor == D(2026, 3, 20)
    assert plan.next_due == D(2026, 3, 31)  # 7 business days after round 2, not Thu 12 Mar
    [wait] = waiting(a, D(2026, 3, 21))
    assert (wait.action, wait.due) == (ActionKind.WAIT, D(2026, 3, 31))
    assert rules.harassment_warning(a, D(2026, 3, 23), D(2026, 3, 23), S) is not None
    # A decision date on the day of the last round, or after it, still holds.
    same_day = app(interview(D(2026, 3, 3)), interview(D(2026, 3, 20), round=2), decision_by=D(2026, 3, 20))
    assert rules.follow_up_plan(same_day, S).next_due == D(2026, 3, 24)


def test_the_follow_up_reason_names_the_date_its_due_date_counts_from() -> None:
    # Their invitation (Fri 27 Feb) came before the interview (Tue 3 Mar): the wait counts from the interview.
    invited = app(interview(D(2026, 3, 3)), events=[event(D(2026, 2, 27), EventKind.OTHER, inbound=True)])
    [follow] = waiting(invited, D(2026, 3, 12))
    assert follow.due == D(2026, 3, 12)
    assert "7 business days after Tue 3 Mar" in follow.reason and "27 Feb" not in follow.reason
    # An early follow-up (Thu 5 Mar) before the decision date (Tue 17 Mar): the next counts from that date.
    early = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=[event(D(2026, 3, 5))])
    [follow] = waiting(early, D(2026, 3, 19))
    assert follow.due == D(2026, 3, 19)
    assert "decide by Tue 17 Mar" in follow.reason and "(2 of 2)" in follow.reason
    # Their answer (Fri 20 Mar, after the decision date) sets the date: a week later.
    answered = app(
        interview(D(2026, 3, 3)),
        decision_by=D(2026, 3, 17),
        events=[event(D(2026, 3, 19)), event(D(2026, 3, 20), EventKind.REPLY, inbound=True)],
    )
    [follow] = waiting(answered, D(2026, 3, 27))
    assert follow.due == D(2026, 3, 27) and "last wrote on Fri 20 Mar" in follow.reason


def test_the_move_on_reason_counts_the_follow_ups_sent() -> None:
    sent = [event(D(2026, 3, 19)), event(D(2026, 3, 26)), event(D(2026, 4, 2))]
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=sent)
    [move_on] = waiting(a, D(2026, 4, 9))
    assert (move_on.action, move_on.due) == (ActionKind.MOVE_ON, D(2026, 4, 9))
    assert "3 follow-ups" in move_on.reason and "Thu 2 Apr" in move_on.reason


def test_follow_ups_before_an_interview_do_not_spend_the_budget() -> None:
    events = [event(D(2026, 2, 20)), event(D(2026, 2, 27))]
    a = app(interview(D(2026, 3, 3)), events=events)
    assert rules.follow_up_plan(a, S).unanswered == ()


@pytest.mark.parametrize(
    "status", [Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED, Status.OFFER]
)
def test_no_waiting_game_once_decided(status: Status) -> None:
    a = app(interview(D(2026, 3, 3)), status=status, decision_by=D(2026, 3, 17))
    assert waiting(a, D(2026, 4, 30)) == []


def test_no_waiting_game_while_an_interview_is_still_to_come() -> None:
    a = app(interview(D(2026, 3, 3)), interview(D(2026, 3, 20), round=2))
    assert waiting(a, D(2026, 3, 19)) == []
    assert waiting(a, D(2026, 3, 20))[0].action is ActionKind.WAIT


def test_the_budget_counts_follow_up_days_not_messages() -> None:
    # Budget 2: an email and a call on Thu 19 Mar are one follow-up; Thu 26 Mar is the second.
    same_day = [event(D(2026, 3, 19)), event(D(2026, 3, 19), channel=Channel.PHONE)]
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=same_day)
    plan = rules.follow_up_plan(a, S)
    assert plan.unanswered == (D(2026, 3, 19),) and plan.next_due == D(2026, 3, 26)
    assert [(x.action, x.due) for x in waiting(a, D(2026, 3, 26))] == [(ActionKind.FOLLOW_UP, D(2026, 3, 26))]
    assert "(2 of 2)" in waiting(a, D(2026, 3, 26))[0].reason
    # The call on the same day is judged as the email was: no warning.
    assert rules.harassment_warning(a, D(2026, 3, 19), D(2026, 3, 19), S) is None
    a.events.append(event(D(2026, 3, 26)))  # the second day: the budget is spent
    plan = rules.follow_up_plan(a, S)
    assert plan.unanswered == (D(2026, 3, 19), D(2026, 3, 26)) and plan.next_due is None
    [move_on] = waiting(a, D(2026, 4, 2))
    assert (move_on.action, move_on.due) == (ActionKind.MOVE_ON, D(2026, 4, 2))
    assert "2 follow-ups" in move_on.reason and "since Thu 19 Mar" in move_on.reason
    assert "twice" in waiting(a, D(2026, 3, 27))[0].reason
    # Another message on the second day is still the second follow-up; a third day is beyond the budget.
    assert rules.harassment_warning(a, D(2026, 3, 26), D(2026, 3, 26), S) is None
    beyond = rules.harassment_warning(a, D(2026, 3, 27), D(2026, 3, 27), S)
    assert beyond is not None and "more than 2 follow-ups" in beyond


def test_a_second_message_on_a_day_gets_the_warning_the_first_got() -> None:
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=[event(D(2026, 3, 10))])
    first = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17))
    assert rules.harassment_warning(a, D(2026, 3, 10), D(2026, 3, 10), S) == rules.harassment_warning(
        first, D(2026, 3, 10), D(2026, 3, 10), S
    )
    assert rules.harassment_warning(a, D(2026, 3, 10), D(2026, 3, 10), S) is not None


def test_budget_and_intervals_come_from_settings() -> None:
    custom = Settings(follow_up_budget=1, move_on_days=3, follow_up_after_decision_business_days=0)
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17))
    assert rules.waiting_game(a, D(2026, 3, 17), custom)[0].action is ActionKind.FOLLOW_UP
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=[event(D(2026, 3, 17))])
    assert rules.waiting_game(a, D(2026, 3, 19), custom)[0].action is ActionKind.WAIT
    assert rules.waiting_game(a, D(2026, 3, 20), custom)[0].action is ActionKind.MOVE_ON


# don't-harass warnings -------------------------------------------------------------------------------


def test_harassment_warnings() -> None:
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17))
    early = rules.harassment_warning(a, D(2026, 3, 10), D(2026, 3, 10), S)
    assert early is not None and "Tue 17 Mar" in early and "Thu 19 Mar" in early
    on_the_day = rules.harassment_warning(a, D(2026, 3, 17), D(2026, 3, 17), S)  # the agenda: wait
    assert on_the_day is not None and "give them until Thu 19 Mar" in on_the_day
    assert rules.harassment_warning(a, D(2026, 3, 19), D(2026, 3, 19), S) is None
    once = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17), events=[event(D(2026, 3, 19))])
    soon = rules.harassment_warning(once, D(2026, 3, 25), D(2026, 3, 25), S)
    assert soon is not None and "less than 7 days" in soon and "Thu 26 Mar" in soon
    assert rules.harassment_warning(once, D(2026, 3, 26), D(2026, 3, 26), S) is None
    twice = app(
        interview(D(2026, 3, 3)),
        decision_by=D(2026, 3, 17),
        events=[event(D(2026, 3, 19)), event(D(2026, 3, 26))],
    )
    beyond = rules.harassment_warning(twice, D(2026, 4, 10), D(2026, 4, 10), S)
    assert beyond is not None and "move on" in beyond


def test_harassment_warning_right_after_their_answer() -> None:
    # The decision date (Tue 10 Mar) has passed; they answer on Fri 13 Mar that they need more time.
    events = [event(D(2026, 3, 12)), event(D(2026, 3, 13), EventKind.REPLY, inbound=True)]
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 10), events=events)
    soon = rules.harassment_warning(a, D(2026, 3, 14), D(2026, 3, 14), S)
    assert soon is not None and "Fri 13 Mar" in soon and "wait until Fri 20 Mar" in soon
    assert rules.harassment_warning(a, D(2026, 3, 20), D(2026, 3, 20), S) is None


def test_harassment_without_a_decision_date_counts_from_the_interview() -> None:
    a = app(interview(D(2026, 3, 3)))
    assert rules.harassment_warning(a, D(2026, 3, 11), D(2026, 3, 11), S) is not None
    assert rules.harassment_warning(a, D(2026, 3, 12), D(2026, 3, 12), S) is None


# 8. reply to the decision ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.OFFER, Status.REJECTED])
def test_reply_to_decision_within_two_days(status: Status) -> None:
    history = [StatusChange(status=status, on=D(2026, 3, 20))]
    a = app(interview(D(2026, 3, 3)), status=status, status_history=history)
    [action] = rules.reply_to_decision_due(a, S)
    assert (action.start, action.due) == (D(2026, 3, 20), D(2026, 3, 22))
    replied = app(
        interview(D(2026, 3, 3)),
        status=status,
        status_history=history,
        events=[event(D(2026, 3, 20), EventKind.REPLY)],
    )
    assert rules.reply_to_decision_due(replied, S) == []
    earlier = app(
        interview(D(2026, 3, 3)),
        status=status,
        status_history=history,
        events=[event(D(2026, 3, 19), EventKind.REPLY)],
    )
    assert len(rules.reply_to_decision_due(earlier, S)) == 1


def test_no_reply_to_decision_while_waiting_or_after_accepting() -> None:
    assert rules.reply_to_decision_due(app(interview(D(2026, 3, 3))), S) == []
    accepted = app(
        interview(D(2026, 3, 3)),
        status=Status.ACCEPTED,
        status_history=[StatusChange(status=Status.OFFER, on=D(2026, 3, 20))],
    )
    assert rules.reply_to_decision_due(accepted, S) == []


# 9. keep applying -----------------------------------------------------------------------------------


def apps_added(*days: date, status: Status = Status.APPLIED) -> list[Application]:
    return [app(company=f"Co{i}", created_on=d, status=status) for i, d in enumerate(days)]


def test_keep_applying_with_fewer_than_three_active() -> None:
    [action] = rules.keep_applying_due(apps_added(D(2026, 3, 3), D(2026, 3, 3)), D(2026, 3, 4), S)
    assert action.app is None and action.start == action.due == D(2026, 3, 4)
    assert len(rules.keep_applying_due([], D(2026, 3, 4), S)) == 1


def test_keep_applying_when_nothing_was_added_for_a_week() -> None:
    three = apps_added(D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 3))
    assert rules.keep_applying_due(three, D(2026, 3, 9), S) == []  # 6 days
    assert len(rules.keep_applying_due(three, D(2026, 3, 10), S)) == 1  # 7 days


def test_keep_applying_looking_back_counts_only_what_was_added_by_then() -> None:
    three = apps_added(D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 10))
    [action] = rules.keep_applying_due(three, D(2026, 3, 4), S)  # `--today` before two were added
    assert "Only 1 active application" in action.reason
    assert rules.keep_applying_due(three, D(2026, 3, 10), S) == []


def test_closed_applications_do_not_count_and_an_accepted_offer_ends_it() -> None:
    closed = apps_added(D(2026, 3, 3), D(2026, 3, 3), D(2026, 3, 3), status=Status.GHOSTED)
    assert len(rules.keep_applying_due(closed, D(2026, 3, 4), S)) == 1
    accepted = apps_added(D(2026, 3, 3), status=Status.ACCEPTED)
    assert rules.keep_applying_due(accepted, D(2026, 3, 4), S) == []


# the agenda as a whole --------------------------------------------------------------------------------


def test_agenda_is_sorted_by_due_date() -> None:
    data = StoreData(
        applications=[
            app(interview(D(2026, 3, 6), "Jane"), company="Later"),
            app(interview(D(2026, 3, 3), "Bob"), company="Sooner"),
        ]
    )
    actions = rules.agenda(data, D(2026, 3, 6), S)
    dues = [a.due for a in actions]
    assert dues == sorted(dues)
    assert "keep-applying" in kinds(actions)


def test_person_matches() -> None:
    assert rules.person_matches(None, "Jane Doe")
    assert rules.person_matches("jane doe", "Jane Doe")
    assert rules.person_matches("Jane", "Jane Doe")
    assert rules.person_matches("jane@acme.example", "Jane Doe", "jane@acme.example")
    assert not rules.person_matches("Jan", "Jane Doe")
    assert not rules.person_matches("Jane", None)


# properties ---------------------------------------------------------------------------------------------

days = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31))
event_strategy = st.builds(
    event,
    days,
    st.sampled_from(list(EventKind)),
    st.booleans(),
    decision_by=st.none() | days,
)


@st.composite
def applications(draw: st.DrawFn) -> Application:
    interview_days = draw(st.lists(days, max_size=3))
    interviews = [
        interview(
            d, *draw(st.lists(st.sampled_from(["Jane Doe", "Bob Lee"]), max_size=2, unique=True)), round=i + 1
        )
        for i, d in enumerate(sorted(interview_days))
    ]
    status = draw(st.sampled_from(list(Status)))
    history = [StatusChange(status=status, on=draw(days))]
    return app(
        *interviews,
        status=status,
        decision_by=draw(st.none() | days),
        events=draw(st.lists(event_strategy, max_size=8)),
        created_on=draw(days),
        status_history=history,
        reviews=[Review(on=d) for d in draw(st.lists(days, max_size=2))],
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(applications(), max_size=4), days, st.integers(0, 5))
def test_no_action_is_due_before_it_starts(apps: list[Application], today: date, budget_extra: int) -> None:
    for i, a in enumerate(apps):
        a.id = f"app-{i}"
    settings_ = Settings(follow_up_budget=1 + budget_extra)
    data = StoreData(applications=apps, contacts=[REF, NET])
    for action in rules.agenda(data, today, settings_):
        assert action.start <= action.due
        assert action.state(today) in set(ActionState)


@settings(max_examples=200, deadline=None)
@given(applications(), days)
def test_closed_applications_are_never_chased(a: Application, today: date) -> None:
    actions = rules.application_actions(a, [], today, S)
    if not a.status.awaits_decision:
        assert not {ActionKind.FOLLOW_UP, ActionKind.WAIT, ActionKind.MOVE_ON} & {x.action for x in actions}


@settings(max_examples=200, deadline=None)
@given(applications(), st.integers(0, 60))
def test_a_follow_up_on_its_due_day_draws_no_warning(a: Application, offset: int) -> None:
    if not a.status.awaits_decision:
        return
    plan = rules.follow_up_plan(a, S)
    if plan.next_due is None:
        return
    day = plan.next_due + timedelta(days=offset)
    assert rules.harassment_warning(a, day, day, S) is None


def test_an_empty_search_is_told_how_to_start() -> None:
    [action] = rules.keep_applying_due([], D(2026, 3, 4), S)
    assert "followup add" in action.reason and "Only" not in action.reason


@st.composite
def waiting_apps(draw: st.DrawFn) -> tuple[Application, date]:
    """An application in the waiting game, with follow-ups and answers around its interviews, and a day."""
    base = draw(days)
    offsets = sorted(draw(st.lists(st.integers(-10, 30), max_size=3)))
    interviews = [interview(base + timedelta(days=o), round=i + 1) for i, o in enumerate(offsets)]
    log = draw(
        st.lists(
            st.tuples(st.integers(-10, 90), st.sampled_from([EventKind.FOLLOW_UP] * 4 + [EventKind.REPLY])),
            max_size=6,
        )
    )
    events = [event(base + timedelta(days=o), kind, inbound=kind is EventKind.REPLY) for o, kind in log]
    decision = draw(st.none() | st.integers(-5, 40).map(lambda o: base + timedelta(days=o)))
    today = base + timedelta(days=draw(st.integers(0, 150)))
    return app(*interviews, decision_by=decision, events=events, created_on=base - timedelta(days=10)), today


@settings(max_examples=500, deadline=None)
@given(waiting_apps())
def test_every_waiting_game_reason_names_the_dates_it_uses(case: tuple[Application, date]) -> None:
    a, today = case
    interval, move_on = timedelta(days=S.follow_up_interval_days), timedelta(days=S.move_on_days)

    def follows_from(due: date, day: date) -> bool:
        return due in {
            day + interval,
            day + move_on,
            add_business_days(day, S.follow_up_after_decision_business_days),
            add_business_days(day, S.follow_up_without_decision_business_days),
        }

    for action in waiting(a, today):
        named = [
            day
            for day in (action.due - timedelta(days=n) for n in range(120))
            if human_date(day) in action.reason
        ]
        if action.action is ActionKind.WAIT:
            assert human_date(action.due) in action.reason
        else:  # a follow-up or move-on names the day its due date counts from
            assert any(follows_from(action.due, day) for day in named), action.reason


@settings(max_examples=200, deadline=None)
@given(applications(), st.integers(0, 5), st.lists(days, max_size=20))
def test_a_thank_you_is_never_due_later_than_its_business_days(
    a: Application, business_days: int, holidays: list[date]
) -> None:
    custom = Settings(thank_you_business_days=business_days, holidays=holidays)
    for action in rules.thank_you_due(a, custom):
        assert action.start in {i.day for i in a.interviews}
        assert action.due == add_business_days(action.start, business_days, holidays)
        assert action.due.weekday() < 5 or business_days == 0
        assert action.due not in holidays or business_days == 0


@settings(max_examples=300, deadline=None)
@given(waiting_apps(), st.integers(1, 4))
def test_no_follow_up_is_suggested_once_the_budget_is_spent(
    case: tuple[Application, date], budget: int
) -> None:
    a, today = case
    custom = Settings(follow_up_budget=budget)
    plan = rules.follow_up_plan(a, custom)
    kinds_now = {x.action for x in rules.waiting_game(a, today, custom)}
    if len(plan.unanswered) >= budget:
        assert ActionKind.FOLLOW_UP not in kinds_now
        # One more message on a day you already followed up is not one more follow-up.
        if today not in plan.unanswered:
            assert rules.harassment_warning(a, today, today, custom) is not None
    else:
        assert ActionKind.MOVE_ON not in kinds_now


@pytest.mark.parametrize(
    ("sent", "warned"),
    [
        (D(2026, 3, 16), "Acme said they would decide by Tue 17 Mar; wait until Thu 19 Mar"),
        (D(2026, 3, 17), "Acme said they would decide by Tue 17 Mar; give them until Thu 19 Mar"),
        (D(2026, 3, 18), "Acme said they would decide by Tue 17 Mar; give them until Thu 19 Mar"),
        (D(2026, 3, 19), None),
    ],
)
def test_a_follow_up_in_the_days_the_agenda_still_says_wait_is_warned_about(
    sent: date, warned: str | None
) -> None:
    # Decision by Tue 17 Mar: the agenda says wait until Thu 19 Mar (two business days after it).
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17))
    assert [x.action for x in waiting(a, D(2026, 3, 18))] == [ActionKind.WAIT]
    warning = rules.harassment_warning(a, sent, sent, S)
    assert (warning is None) if warned is None else (warning is not None and warning.startswith(warned))


@pytest.mark.parametrize("today", [D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 10), D(2026, 3, 18)])
def test_the_wait_is_on_the_agenda_from_the_interview_day(today: date) -> None:
    """Decision by Tue 17 Mar: "don't chase" is shown from the interview (Tue 3 Mar), not only once
    the date comes within the agenda's days."""
    a = app(interview(D(2026, 3, 3)), decision_by=D(2026, 3, 17))
    [wait] = waiting(a, today)
    assert (wait.action, wait.start, wait.due) == (ActionKind.WAIT, D(2026, 3, 3), D(2026, 3, 19))
    assert wait.state(today) is ActionState.WAITING
