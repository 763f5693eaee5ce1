"""The rules at the turns of a search, on fixed dates at their boundary days: an offer with a date to
answer by, accepting one offer (and withdrawing from the rest), a reply that is not a follow-up, a
thread that comes back, the thank-you after an interview. March 2026: Tue 3, Thu 12, Fri 13."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from followup.kinds import ActionKind, ActionState, EventKind, Outcome, Status
from followup.models import DoneMark, Review, Settings, StatusChange
from followup.rules.answer_offer import RULE as ANSWER_OFFER_RULE
from tests import rule_calls as rules
from tests.test_rules import TUE_3, app, event, interview, kinds

S = Settings()
D = date
THU_12 = D(2026, 3, 12)


def offer(offered_on: date = TUE_3, respond_by: date | None = THU_12, **extra: Any) -> Any:
    """An application at offer since `offered_on`, with the date they want an answer by."""
    extra.setdefault("events", [event(offered_on, EventKind.REPLY, inbound=True, outcome=Outcome.OFFER)])
    return app(
        interview(D(2026, 2, 24), "Jane Doe"),
        status=Status.OFFER,
        status_history=[StatusChange(status=Status.OFFER, on=offered_on)],
        respond_by=respond_by,
        **extra,
    )


def answer_offer(application: Any, settings: Settings = S) -> list[rules.Action]:
    where = rules.where([application], (), D(2000, 1, 1), settings)
    return list(ANSWER_OFFER_RULE.evaluate(application, where, False).actions)


# 1. an offer has a deadline -----------------------------------------------------------------------------


def test_answer_offer_is_due_the_day_before_the_date_they_gave() -> None:
    [action] = answer_offer(offer())
    assert (action.action, action.start, action.due) == (ActionKind.ANSWER_OFFER, TUE_3, D(2026, 3, 11))
    assert action.state(D(2026, 3, 10)) is ActionState.DUE
    assert action.state(D(2026, 3, 11)) is ActionState.DUE
    assert action.state(D(2026, 3, 12)) is ActionState.OVERDUE
    assert "by Thu 12 Mar 2026" in action.reason and "“So don't do anything" in action.reason


@pytest.mark.parametrize(("days_before", "due"), [(0, D(2026, 3, 12)), (3, D(2026, 3, 9))])
def test_answer_offer_days_before_is_a_setting(days_before: int, due: date) -> None:
    [action] = answer_offer(offer(), Settings(answer_offer_days_before=days_before))
    assert action.due == due


def test_an_answer_wanted_on_the_day_of_the_offer_is_due_that_day() -> None:
    [action] = answer_offer(offer(respond_by=TUE_3))
    assert (action.start, action.due) == (TUE_3, TUE_3)


def test_no_date_to_answer_by_no_answer_offer_action() -> None:
    assert answer_offer(offer(respond_by=None)) == []


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.WITHDRAWN, Status.REJECTED])
def test_accepting_or_declining_ends_the_answer_offer(status: Status) -> None:
    answered = offer().model_copy(update={"status": status})
    answered.status_history.append(StatusChange(status=status, on=D(2026, 3, 6)))
    assert answer_offer(answered) == []


def test_the_first_reply_acknowledges_the_offer_a_later_one_answers_it() -> None:
    inbound = event(TUE_3, EventKind.REPLY, inbound=True, outcome=Outcome.OFFER)
    acknowledged = offer(events=[inbound, event(D(2026, 3, 4), EventKind.REPLY)])
    assert kinds(answer_offer(acknowledged)) == ["answer-offer"]
    # ... and reply-to-decision, the first answer, is closed by it.
    assert rules.reply_to_decision_due(acknowledged, S) == []
    same_day = offer(
        events=[inbound, event(D(2026, 3, 4), EventKind.REPLY), event(D(2026, 3, 4), EventKind.REPLY)]
    )
    assert kinds(answer_offer(same_day)) == ["answer-offer"]
    answered = offer(
        events=[inbound, event(D(2026, 3, 4), EventKind.REPLY), event(D(2026, 3, 9), EventKind.REPLY)]
    )
    assert answer_offer(answered) == []


def test_done_answer_offer_closes_it() -> None:
    marked = offer(done=[DoneMark(action="answer-offer", on=D(2026, 3, 5))])
    assert answer_offer(marked) == []
    before_the_offer = offer(done=[DoneMark(action="answer-offer", on=D(2026, 3, 2))])
    assert kinds(answer_offer(before_the_offer)) == ["answer-offer"]


def test_answer_offer_sits_beside_reply_to_decision_on_the_agenda() -> None:
    found = rules.application_actions(offer(), (), D(2026, 3, 4), S)
    assert {"answer-offer", "reply-to-decision"} <= set(kinds(found))


# 2. accepting ends the search, politely ------------------------------------------------------------------


def accepted(on: date = THU_12) -> Any:
    return app(
        interview(D(2026, 2, 24), "Ann Boss"),
        company="Initech",
        status=Status.ACCEPTED,
        created_on=D(2026, 2, 20),
        status_history=[StatusChange(status=Status.ACCEPTED, on=on)],
    )


def open_actions(application: Any, *others: Any, today: date = THU_12, settings: Settings = S) -> list[str]:
    from followup import rules as registry

    where = rules.where([application, *others], (), today, settings)
    return kinds(registry.application_actions(application, where))


def test_after_accepting_the_others_get_only_a_withdrawal() -> None:
    waiting = app(interview(TUE_3, "Jane Doe"), decision_by=D(2026, 3, 6))
    assert "follow-up" in open_actions(waiting, today=THU_12)  # before the acceptance: chase them
    assert open_actions(waiting, accepted(), today=THU_12) == ["withdraw"]
    from followup import rules as registry

    where = rules.where([waiting, accepted()], (), THU_12, S)
    [action] = registry.application_actions(waiting, where)
    assert (action.start, action.due) == (THU_12, D(2026, 3, 14))
    assert action.state(D(2026, 3, 14)) is ActionState.DUE
    assert action.state(D(2026, 3, 15)) is ActionState.OVERDUE
    assert "You accepted the offer of Initech on Thu 12 Mar 2026" in action.reason
    assert "“You can always turn down any interview or job offers" in action.reason


@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING, Status.OFFER])
def test_every_active_application_is_withdrawn_from(status: Status) -> None:
    other = app(interview(TUE_3, "Jane Doe"), status=status)
    assert open_actions(other, accepted()) == ["withdraw"]


def test_withdraw_days_is_a_setting() -> None:
    from followup import rules as registry

    other = app(interview(TUE_3, "Jane Doe"))
    where = rules.where([other, accepted()], (), THU_12, Settings(withdraw_days=0))
    [action] = registry.application_actions(other, where)
    assert action.due == THU_12


def test_an_application_made_after_accepting_is_a_new_search() -> None:
    later = app(interview(D(2026, 3, 13), "Jane Doe"), created_on=D(2026, 3, 13))
    assert "withdraw" not in open_actions(later, accepted(), today=D(2026, 3, 13))
    same_day = app(interview(THU_12, "Jane Doe"), created_on=THU_12)
    assert open_actions(same_day, accepted()) == ["withdraw"]


def test_the_withdrawal_is_done_by_the_status_or_done() -> None:
    other = app(interview(TUE_3, "Jane Doe"), reviews=[Review(on=TUE_3, went_well="the design round")])
    withdrawn = other.model_copy(update={"status": Status.WITHDRAWN})
    withdrawn.status_history.append(StatusChange(status=Status.WITHDRAWN, on=D(2026, 3, 13)))
    assert open_actions(withdrawn, accepted(), today=D(2026, 3, 13)) == []
    marked = app(interview(TUE_3, "Jane Doe"), done=[DoneMark(action="withdraw", on=D(2026, 3, 13))])
    assert open_actions(marked, accepted(), today=D(2026, 3, 13)) == []
    # A follow-up logged after accepting is not the withdrawal.
    chased = app(interview(TUE_3, "Jane Doe"), events=[event(D(2026, 3, 13))])
    assert open_actions(chased, accepted(), today=D(2026, 3, 13)) == ["withdraw"]


def test_why_says_the_other_rules_gave_way_to_the_withdrawal() -> None:
    other = app(interview(TUE_3, "Jane Doe"))
    explanation = rules.explain(
        type("Data", (), {"applications": [other, accepted()], "contacts": []})(), other, THU_12, S
    )
    by_rule = {v.rule: v for v in explanation.verdicts}
    assert by_rule["withdraw"].applies
    assert not by_rule["wait"].applies
    assert by_rule["wait"].decision.startswith("You accepted the offer of Initech on Thu 12 Mar 2026")


def withdrawn_on(day: date, events: list[Any] | None = None, **extra: Any) -> Any:
    return app(
        interview(TUE_3, "Jane Doe"),
        status=Status.WITHDRAWN,
        status_history=[StatusChange(status=Status.WITHDRAWN, on=day)],
        events=events,
        reviews=[Review(on=TUE_3, went_well="the design round")],
        **extra,
    )


def test_withdrawing_on_your_own_offers_the_note_once() -> None:
    from followup import rules as registry

    alone = withdrawn_on(D(2026, 3, 5))
    [action] = registry.application_actions(alone, rules.where([alone], (), D(2026, 3, 5), S))
    assert (action.action, action.start, action.due) == (ActionKind.WITHDRAW, D(2026, 3, 5), D(2026, 3, 7))
    assert "You withdrew from Acme on Thu 5 Mar 2026" in action.reason
    assert "“So don't do anything that can hurt" in action.reason
    told = withdrawn_on(D(2026, 3, 5), [event(D(2026, 3, 6), EventKind.OTHER)])
    assert open_actions(told, today=D(2026, 3, 6)) == []
    replied = withdrawn_on(D(2026, 3, 5), [event(D(2026, 3, 5), EventKind.REPLY)])
    assert open_actions(replied, today=D(2026, 3, 5)) == []
    # A note to a reference, or a message sent before withdrawing, is not the note.
    to_a_reference = withdrawn_on(D(2026, 3, 5), [event(D(2026, 3, 6), EventKind.REFERENCE)])
    assert open_actions(to_a_reference, today=D(2026, 3, 6)) == ["withdraw"]
    before = withdrawn_on(D(2026, 3, 5), [event(D(2026, 3, 4), EventKind.FOLLOW_UP)])
    assert open_actions(before, today=D(2026, 3, 6)) == ["withdraw"]
    marked = withdrawn_on(D(2026, 3, 5), done=[DoneMark(action="withdraw", on=D(2026, 3, 6))])
    assert open_actions(marked, today=D(2026, 3, 6)) == []


def test_withdrawing_after_accepting_needs_no_second_note() -> None:
    after = withdrawn_on(D(2026, 3, 13))
    assert open_actions(after, accepted(), today=D(2026, 3, 13)) == []
    # Withdrawn before you accepted elsewhere: that withdrawal still deserves its note.
    before = withdrawn_on(D(2026, 3, 10))
    assert open_actions(before, accepted(), today=D(2026, 3, 13)) == ["withdraw"]


def test_withdrawn_after_accepting_keeps_only_the_reminder_to_apply_again() -> None:
    kept = withdrawn_on(D(2026, 3, 13), reapply_after=D(2026, 9, 1))
    kept.reviews.clear()  # no review written: it is not asked for once the search is over
    from followup import rules as registry

    where = rules.where([kept, accepted()], (), D(2026, 3, 13), S)
    [reapply] = registry.application_actions(kept, where)
    assert (reapply.action, reapply.start) == (ActionKind.REAPPLY, D(2026, 9, 1))


# 3. answering their request is not chasing them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "answers"),
    [
        (TUE_3, TUE_3),  # the same day
        (D(2026, 3, 6), TUE_3),  # reply_window_days (3) later
        (D(2026, 3, 7), None),  # a day more: a follow-up
    ],
)
def test_a_message_soon_after_theirs_answers_it(sent: date, answers: date | None) -> None:
    asked = app(interview(D(2026, 2, 24), "Jane Doe"), events=[event(TUE_3, EventKind.OTHER, inbound=True)])
    assert rules.message_answered(asked, sent, S) == answers


def test_reply_window_days_is_a_setting() -> None:
    asked = app(interview(D(2026, 2, 24), "Jane Doe"), events=[event(TUE_3, EventKind.OTHER, inbound=True)])
    assert rules.message_answered(asked, D(2026, 3, 4), Settings(reply_window_days=0)) is None
    assert rules.message_answered(asked, TUE_3, Settings(reply_window_days=0)) == TUE_3
    assert rules.message_answered(asked, D(2026, 3, 10), Settings(reply_window_days=7)) == TUE_3


def test_a_message_answered_once_is_not_answered_again() -> None:
    inbound = event(TUE_3, EventKind.OTHER, inbound=True)
    replied = app(events=[inbound, event(D(2026, 3, 4), EventKind.REPLY)])
    assert rules.message_answered(replied, D(2026, 3, 5), S) is None
    again = app(events=[inbound, event(D(2026, 3, 4), EventKind.REPLY), event(D(2026, 3, 5), inbound=True)])
    assert rules.message_answered(again, D(2026, 3, 5), S) == D(2026, 3, 5)
    # Nothing from them yet, or only a message dated after the one you send: not a reply.
    assert rules.message_answered(app(), TUE_3, S) is None
    later = app(events=[event(D(2026, 3, 5), EventKind.OTHER, inbound=True)])
    assert rules.message_answered(later, D(2026, 3, 4), S) is None


def test_a_message_from_a_reference_is_not_one_to_answer_the_employer_for() -> None:
    from_a_reference = app(events=[event(TUE_3, EventKind.REFERENCE, inbound=True)])
    assert rules.message_answered(from_a_reference, TUE_3, S) is None
    # Nor does a note to a reference answer the employer's message.
    asked = app(events=[event(TUE_3, EventKind.OTHER, inbound=True), event(TUE_3, EventKind.REFERENCE)])
    assert rules.message_answered(asked, D(2026, 3, 4), S) == TUE_3


def test_a_reply_spends_no_follow_up_and_draws_no_warning() -> None:
    first = interview(TUE_3, "Jane Doe", decision_by=D(2026, 3, 17))
    asked = app(first, events=[event(D(2026, 3, 5), EventKind.OTHER, inbound=True)])
    assert rules.harassment_warning(asked, D(2026, 3, 6), D(2026, 3, 6), S) is not None  # as a follow-up
    replied = asked.model_copy(update={"events": [*asked.events, event(D(2026, 3, 6), EventKind.REPLY)]})
    assert rules.follow_up_plan(replied, S).unanswered == ()


# 4. a ghosted or closed thread that comes back -------------------------------------------------------------


FRI_20 = D(2026, 3, 20)


def closed(status: Status, on: date = FRI_20, events: list[Any] | None = None) -> Any:
    return app(
        interview(TUE_3, "Jane Doe"),
        status=status,
        status_history=[
            StatusChange(status=Status.INTERVIEWING, on=TUE_3),
            StatusChange(status=status, on=on),
        ],
        events=events,
    )


@pytest.mark.parametrize("status", [Status.GHOSTED, Status.WITHDRAWN, Status.REJECTED])
def test_a_message_from_them_reopens_what_you_closed_for_want_of_an_answer(status: Status) -> None:
    back = rules.reopening(closed(status), D(2026, 3, 20), [])
    assert back is not None and back.reopens and back.to is Status.INTERVIEWING
    # A message dated before you closed it is old news.
    old = rules.reopening(closed(status), D(2026, 3, 19), [])
    assert old is not None and not old.reopens and "from before you marked it" in old.why


def test_without_an_interview_it_goes_back_to_applied() -> None:
    ghosted = app(status=Status.GHOSTED, status_history=[StatusChange(status=Status.GHOSTED, on=TUE_3)])
    back = rules.reopening(ghosted, TUE_3, [])
    assert back is not None and back.to is Status.APPLIED


def test_their_own_rejection_is_not_reopened_by_a_later_message() -> None:
    told = closed(
        Status.REJECTED,
        events=[event(D(2026, 3, 20), EventKind.REPLY, inbound=True, outcome=Outcome.REJECTED)],
    )
    back = rules.reopening(told, D(2026, 3, 25), [])
    assert back is not None and not back.reopens and back.why == "they told you their decision"


def test_an_answer_to_your_withdrawal_does_not_reopen_it() -> None:
    noted = closed(Status.WITHDRAWN, events=[event(D(2026, 3, 20), EventKind.OTHER)])
    back = rules.reopening(noted, D(2026, 3, 23), [])
    assert back is not None and not back.reopens and back.why == "their message answers your withdrawal"
    after_accepting = rules.reopening(closed(Status.WITHDRAWN), D(2026, 3, 23), [accepted(D(2026, 3, 20))])
    assert after_accepting is not None and not after_accepting.reopens
    assert after_accepting.why == "you withdrew after accepting the offer of Initech"


@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED])
def test_open_or_accepted_applications_are_left_as_they_are(status: Status) -> None:
    assert rules.reopening(closed(status), D(2026, 3, 20), []) is None


def test_a_reopened_application_is_back_in_the_waiting_game() -> None:
    reopened = closed(Status.GHOSTED, events=[event(D(2026, 3, 23), EventKind.OTHER, inbound=True)])
    reopened.status = Status.INTERVIEWING
    reopened.status_history.append(StatusChange(status=Status.INTERVIEWING, on=D(2026, 3, 23)))
    [wait] = rules.waiting_game(reopened, D(2026, 3, 24), S)
    assert (wait.action, wait.due) == (ActionKind.WAIT, D(2026, 3, 30))  # follow_up_interval_days later


# 5. a thank-you comes after its interview ---------------------------------------------------------------


def test_a_thank_you_is_due_from_the_day_of_the_interview() -> None:
    """The day's agenda cannot tell the morning of an afternoon interview from its evening, and the
    command-line contract has the thank-you due on the day of the interview."""
    [action] = rules.thank_you_due(app(interview(TUE_3, "Jane Doe")), S)
    assert (action.start, action.due) == (TUE_3, D(2026, 3, 4))
    assert action.state(D(2026, 3, 2)) is ActionState.UPCOMING
    assert action.state(TUE_3) is ActionState.DUE
    assert action.state(D(2026, 3, 4)) is ActionState.DUE
    assert action.state(D(2026, 3, 5)) is ActionState.OVERDUE


def test_a_thank_you_dated_before_its_interview_is_refused() -> None:
    second = interview(D(2026, 3, 10), "Bob Lee", round=2)
    two_rounds = app(interview(TUE_3, "Jane Doe"), second)
    assert rules.thanked_too_soon(two_rounds, TUE_3, None) is None  # the day of the interview
    assert rules.thanked_too_soon(two_rounds, TUE_3, "Jane") is None
    assert rules.thanked_too_soon(two_rounds, D(2026, 3, 10), "Bob") is None
    assert rules.thanked_too_soon(two_rounds, D(2026, 3, 9), "Bob") == (
        "the interview with Bob at Acme is on 2026-03-10: a thank-you cannot be dated 2026-03-09, before it"
    )
    assert rules.thanked_too_soon(two_rounds, D(2026, 3, 2), None) == (
        "the interview at Acme is on 2026-03-03: a thank-you cannot be dated 2026-03-02, before it"
    )
    # Someone who was on no interview: judged against every interview.
    assert rules.thanked_too_soon(two_rounds, D(2026, 3, 4), "Zed") is None
    assert rules.thanked_too_soon(app(), TUE_3, None) is None  # no interview recorded: nothing to judge by


# 6. actions expire ----------------------------------------------------------------------------------------


def visible(application: Any, today: date, settings: Settings = S, *others: Any) -> list[rules.Action]:
    from followup import rules as registry

    return registry.application_actions(application, rules.where([application, *others], (), today, settings))


def test_a_thank_you_missed_by_more_than_ten_business_days_leaves_the_agenda() -> None:
    interviewed = app(interview(TUE_3, "Jane Doe"), reviews=[Review(on=TUE_3, went_well="the design round")])
    # Due Wed 4 Mar; ten business days later is Wed 18 Mar.
    assert "thank-you" in kinds(visible(interviewed, D(2026, 3, 18)))
    assert "thank-you" not in kinds(visible(interviewed, D(2026, 3, 19)))
    assert "thank-you" in kinds(visible(interviewed, D(2026, 3, 19), Settings(stale_after_business_days=20)))
    # Holidays count as they do everywhere: one in between gives it one more day.
    assert "thank-you" in kinds(visible(interviewed, D(2026, 3, 19), Settings(holidays=[D(2026, 3, 10)])))


@pytest.mark.parametrize(
    ("status", "kind"),
    [(Status.REJECTED, "reply-to-decision"), (Status.REJECTED, "review"), (Status.WITHDRAWN, "withdraw")],
)
def test_old_answers_reviews_and_notes_expire(status: Status, kind: str) -> None:
    old = app(
        interview(D(2024, 2, 20), "Jane Doe"),
        status=status,
        created_on=D(2024, 2, 1),
        status_history=[StatusChange(status=status, on=D(2024, 3, 1))],
    )
    assert kind in kinds(visible(old, D(2024, 3, 2)))
    assert kind not in kinds(visible(old, D(2026, 3, 3)))


def test_the_waiting_game_and_an_offer_deadline_do_not_expire() -> None:
    waiting = app(interview(TUE_3, "Jane Doe"), decision_by=D(2026, 3, 6))
    assert "follow-up" in kinds(visible(waiting, D(2026, 6, 1)))
    assert "answer-offer" in kinds(visible(offer(), D(2026, 6, 1)))


def test_a_snoozed_action_comes_back_due_and_does_not_expire_at_once() -> None:
    from followup.models import Snooze

    snoozed = app(
        interview(TUE_3, "Jane Doe"),
        snoozes=[Snooze(action="thank-you", until=D(2026, 4, 1), on=TUE_3, person="Jane Doe")],
    )
    [thanks] = [a for a in visible(snoozed, D(2026, 4, 1)) if a.action is ActionKind.THANK_YOU]
    assert thanks.state(D(2026, 4, 1)) is ActionState.DUE


def test_why_shows_the_missed_action() -> None:
    interviewed = app(interview(TUE_3, "Jane Doe"))
    data = type("Data", (), {"applications": [interviewed], "contacts": []})()
    explanation = rules.explain(data, interviewed, D(2026, 3, 19), S)
    assert (
        "missed thank-you (Jane Doe)",
        "was due Wed 4 Mar, more than 10 business days ago",
    ) in explanation.held
    by_rule = {v.rule: v for v in explanation.verdicts}
    assert by_rule["thank-you"].decision == "Missed: too late for it now."
